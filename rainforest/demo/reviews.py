"""The demo city's reviews records (see rainforest.demo.areas)."""

from __future__ import annotations

from datetime import date
from random import Random

from django.db import models

ROOTS: tuple[type[models.Model], ...] = ()


def build(rng: Random, *, as_of: date) -> dict[str, int]:
    """Store the area's demo records; returns what was stored, by kind."""
    return {}
