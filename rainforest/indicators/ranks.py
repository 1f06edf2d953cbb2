"""Ranks among peer cities, from the totals they published (`PeerFigure`), never from re-added rounded
parts.

Rules (stated once, used everywhere):

- **What is compared**: for an indicator and a period, each city's published figure, converted to the
  indicator's base unit (yuan, or one) so that 4,847.4万元 and 0.48亿元 compare correctly. A province's own
  total (a figure without a city) is never ranked.
- **One figure per city**: when two sources disagree, the most recently published one counts (then the
  later stored one); both stay stored and listed.
- **Order**: larger is better (rank 1 is the largest).
- **Ties**: equal values share the better rank and the next rank is skipped (1, 2, 2, 4: "competition"
  ranking), so a city is never ranked below a city with the same value.
- **Change**: the rank a year before (same indicator, the same period a year earlier) minus the rank now;
  positive means up ("前进一位"), negative down ("后退两位"), zero "持平".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from rainforest.indicators.choices import DEFAULT_PROVINCE
from rainforest.indicators.models import PeerFigure
from rainforest.indicators.periods import Period

_NUMERALS = "零一两三四五六七八九十"


def _chinese_count(n: int) -> str:
    if 0 <= n <= 10:
        return _NUMERALS[n]
    if n < 20:
        return "十" + (_NUMERALS[n - 10] if n > 10 else "").replace("两", "二")
    return str(n)


def rank_among(value: Decimal, others: Iterable[Decimal]) -> int:
    """The rank of `value` among `others` (which do not include it): one plus the number of larger values;
    equal values share the better rank."""
    return 1 + sum(1 for other in others if other > value)


def ranking(values: Mapping[str, Decimal]) -> list[tuple[str, Decimal, int]]:
    """Every city with its value and rank, best first (ties share the better rank; names break the order
    of equal values only for display)."""
    ordered = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    result: list[tuple[str, Decimal, int]] = []
    for city, value in ordered:
        result.append((city, value, rank_among(value, (v for c, v in values.items() if c != city))))
    return result


def published_values(
    indicator: str, period: Period | str, *, province: str = DEFAULT_PROVINCE, exclude: str = ""
) -> dict[str, Decimal]:
    """Each city's published figure (in the base unit) for the indicator and period, one per city (the most
    recently published source wins), without the city `exclude` and without the province's total."""
    code = period.code if isinstance(period, Period) else Period.parse(period).code
    figures = (
        PeerFigure.objects.filter(indicator=indicator, period=code, province=province)
        .exclude(city="")
        .order_by("city", "-published_on", "-pk")
    )
    values: dict[str, Decimal] = {}
    for figure in figures:
        if figure.city == exclude or figure.city in values:
            continue
        values[figure.city] = figure.base_value
    return values


def published_total(
    indicator: str, period: Period | str, *, province: str = DEFAULT_PROVINCE
) -> PeerFigure | None:
    """The province's own published total (a figure without a city), the most recently published one."""
    code = period.code if isinstance(period, Period) else Period.parse(period).code
    return (
        PeerFigure.objects.filter(indicator=indicator, period=code, province=province, city="")
        .order_by("-published_on", "-pk")
        .first()
    )


def change_label(change: int | None) -> str:
    """前进一位 / 后退两位 / 持平; empty when unknown."""
    if change is None:
        return ""
    if change == 0:
        return "持平"
    return f"{'前进' if change > 0 else '后退'}{_chinese_count(abs(change))}位"


@dataclass(frozen=True)
class Standing:
    """A city's rank for an indicator and period, among `of` cities, and the rank a year before."""

    indicator: str
    period: Period
    rank: int | None
    of: int
    previous_rank: int | None
    previous_of: int

    @property
    def change(self) -> int | None:
        """Places gained since a year before (positive: up)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def change_label(self) -> str:
        return change_label(self.change)

    @property
    def label(self) -> str:
        if self.rank is None:
            return ""
        return f"第{self.rank}位"


def standing(
    indicator: str,
    period: Period,
    value: Decimal | None,
    previous_value: Decimal | None = None,
    *,
    city: str,
    province: str = DEFAULT_PROVINCE,
) -> Standing:
    """The rank of our `value` (base unit) among the other cities' published figures for `period`, and of
    `previous_value` among theirs a year before. Without any other city's figure the rank is unknown."""
    others = published_values(indicator, period, province=province, exclude=city)
    before = period.previous_year()
    others_before = published_values(indicator, before, province=province, exclude=city)
    rank = rank_among(value, others.values()) if value is not None and others else None
    previous_rank = (
        rank_among(previous_value, others_before.values())
        if previous_value is not None and others_before
        else None
    )
    return Standing(
        indicator=indicator,
        period=period,
        rank=rank,
        of=len(others) + 1,
        previous_rank=previous_rank,
        previous_of=len(others_before) + 1,
    )
