"""Models of the techmarket app."""
