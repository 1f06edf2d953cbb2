"""Figures of the cockpit and the briefing: each indicator's value for a period and scope, with the same
period a year before, the change, and the city's rank among the province's cities where peer figures exist.

The indicators themselves are declared once in `rainforest.indicators.definitions`; this module is what
the cockpit, the briefing, the CLI (`rainforest indicators`) and the API (`/api/v1/indicators`) call."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from rainforest.indicators.periods import Period


@dataclass(frozen=True)
class Figure:
    """One indicator's figure for a period and scope (the city, or one district)."""

    code: str  # e.g. "contracts.turnover"
    name: str  # Chinese name (translated via gettext when shown)
    unit: str  # "元" for money (values in yuan), else "份", "家", "个", "人", "项", "次"
    value: Decimal | None
    previous: Decimal | None  # the same period a year before
    change: Decimal | None  # percent change, e.g. Decimal("27.0"); None if previous is 0 or None
    rank: int | None  # among the province's cities, when peer figures exist
    previous_rank: int | None
    period: Period
    area: str  # "core", "cultivation", "platforms", "conversion", "finance", "incubator", "census"
    records_url: str | None  # a page listing the records behind the figure, filtered to the period/scope
    estimate: bool = False  # True when the value includes an estimate (预计)

    def as_json(self) -> dict[str, Any]:
        """The object the CLI and the API print: numbers as JSON numbers (money in yuan)."""
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "value": _number(self.value),
            "previous": _number(self.previous),
            "change": _number(self.change),
            "rank": self.rank,
            "previous_rank": self.previous_rank,
        }


@dataclass(frozen=True)
class TargetProgress:
    """A year's target of an indicator and how far the year has come towards it."""

    code: str
    name: str
    unit: str
    target: Decimal
    actual: Decimal | None  # the year so far (1–N月 up to the last whole month)
    progress_percent: Decimal | None  # actual ÷ target × 100, one decimal
    forecast: Decimal | None  # the year's value at the pace so far
    probability: Decimal | None  # chance of reaching the target (percent) where a model gives one
    source: str  # where the target comes from (a plan's 文号, a meeting)


def change_percent(value: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Percent change on a year before, one decimal; None when there is nothing to compare with."""
    if value is None or previous is None or previous == 0:
        return None
    return ((value - previous) / previous * 100).quantize(Decimal("0.1"))


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def figures(
    period: Period,
    *,
    user: Any,
    district: str | None = None,
    codes: Iterable[str] | None = None,
    as_of: date | None = None,
) -> list[Figure]:
    """The figures of `period` for `user` (within their scope; a district officer's district only), for
    the whole city or one district (its region code), in the order the definitions are declared. Stocks
    are counted on the period's last day or on `as_of` (the data's as-of date by default), if earlier."""
    from rainforest.indicators import selectors

    return selectors.figures(period, user=user, district=district, codes=codes, as_of=as_of)


def target_progress(
    year: int, *, user: Any, district: str | None = None, as_of: date | None = None
) -> list[TargetProgress]:
    """The year's targets (the city's, or one district's) with the progress so far and a forecast."""
    from rainforest.indicators import selectors

    return selectors.target_progress(year, user=user, district=district, as_of=as_of)
