"""The technology market: technology contracts, their registration and their statistics."""
