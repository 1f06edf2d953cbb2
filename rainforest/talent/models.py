"""Models of the talent app."""
