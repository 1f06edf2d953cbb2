"""雨林 Rainforest: the platform a city science-and-technology bureau runs its innovation ecosystem on."""

__version__ = "0.1.0"
