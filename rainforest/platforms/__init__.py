"""Innovation platforms, their yearly input and output, scorecards and the year's plan."""
