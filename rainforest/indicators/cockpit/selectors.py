"""Reads of the cockpit. Every number comes from `indicators.figures` with the user, which applies their
data scope (a district officer's figures are their district's); nothing here decides a scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from rainforest.indicators.briefing.selectors import Place, districts_of
from rainforest.indicators.figures import Figure, TargetProgress, figures, target_progress
from rainforest.indicators.periods import Period

# The seed's headlines, shown as tiles in this order; the other figures follow in their sections' tables.
HEADLINES = (
    "contracts.count",
    "contracts.turnover",
    "sci_service.enterprises",
    "sci_service.revenue",
    "hnte.count",
    "tech_sme.count",
    "platforms.provincial_key",
    "finance.loans",
    "incubator.enterprises",
)
DEFAULT_MAP_INDICATOR = "contracts.turnover"


@dataclass(frozen=True)
class CountyValue:
    code: str
    name: str
    value: Decimal | None


@dataclass(frozen=True)
class Board:
    """The cockpit of one period for one user: the figures (headlines first), the year's targets."""

    period: Period
    place: Place
    headlines: list[Figure]
    others: list[Figure]
    targets: list[TargetProgress]

    @property
    def empty(self) -> bool:
        return not any(figure.value for figure in [*self.headlines, *self.others])


def default_period(as_of: date) -> Period:
    """The latest quarter that has ended by the as-of date (2025Q1 on 2025-06-01)."""
    before = Period.containing(as_of, "quarter")
    if before.end <= as_of:
        return before
    day = before.start - timedelta(days=1)
    return Period.containing(day, "quarter")


def board(period: Period, *, user: Any, place: Place) -> Board:
    """The figures of `period` in the user's scope (`place`: the city or one district) and the targets."""
    every = figures(period, user=user, district=place.code)
    by_code = {figure.code: figure for figure in every}
    headlines = [by_code[code] for code in HEADLINES if code in by_code]
    others = [figure for figure in every if figure.code not in HEADLINES]
    targets = target_progress(period.year, user=user, district=place.code)
    return Board(period=period, place=place, headlines=headlines, others=others, targets=targets)


def county_values(period: Period, code: str, *, user: Any) -> list[CountyValue]:
    """One indicator's value in each district the user reaches, for the map."""
    result = []
    for region in districts_of(user):
        found = figures(period, user=user, district=region.code, codes=[code])
        value = found[0].value if found else None
        result.append(CountyValue(code=region.code, name=region.name, value=value))
    return result
