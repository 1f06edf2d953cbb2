"""Filters shared by the record lists: a year is a whole number between bounds, never any number.

A plain number filter takes any decimal: "0" or "7e19793067838045329" as a year made the year lookup
fail (year 0 is out of range) or made `int()` build an integer of billions of digits, which held a worker
for as long as it ran. A year filter takes only a whole year the platform can hold records for."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

# The years a record can carry: from the first recognitions the registry tracks to far beyond any plan.
YEAR_MIN = 1900
YEAR_MAX = 2100


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number between the bounds given as `min_value` and `max_value` (a maturity level: 1 to 9)."""

    field_class = forms.IntegerField


class YearFilter(WholeNumberFilter):
    """A year: a whole number from YEAR_MIN to YEAR_MAX; anything else is refused with the field's name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)
