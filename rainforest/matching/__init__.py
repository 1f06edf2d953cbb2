"""Achievements of universities and institutes, enterprises' technology demands, the matching engine between them and the deals that follow a match."""
