"""Checks of a published table before its figures are stored: is the growth column a ratio or a percent,
and what a total's growth is, from totals.

Sources differ: one writes +4,502.1% as 4502.1, another as the ratio 45.021. Reading a ratio as a percent
(or the reverse) gives figures that look plausible one by one, so the scale is decided from the table
itself: the parts' values a year before (value ÷ (1 + growth)) must add up to the total's value a year
before (total ÷ (1 + total growth)). Whichever reading reconciles the table is the right one; a table
neither reading reconciles is refused."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

PERCENT = "percent"
RATIO = "ratio"
TOLERANCE = Decimal("0.01")  # 1%: published parts are rounded


def prior(value: Decimal, growth_ratio: Decimal) -> Decimal:
    """The value a year before implied by `value` and its growth (a ratio)."""
    return value / (1 + growth_ratio)


def total_growth(parts: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """The growth of a total from the parts' values and growths (ratios): Σ now ÷ Σ before − 1, never
    an average of the rates."""
    rows = list(parts)
    now = sum((value for value, _g in rows), Decimal(0))
    before = sum((prior(value, g) for value, g in rows), Decimal(0))
    return now / before - 1


def growth_scale(parts: Iterable[tuple[Decimal, Decimal]], total: Decimal, total_growth_raw: Decimal) -> str:
    """ "ratio" or "percent": how the growth column of a table (parts as (value, raw growth), the total as
    value and raw growth) is written. ValueError (Chinese) if neither reading reconciles the table."""
    rows = list(parts)
    errors: dict[str, Decimal] = {}
    for scale, divisor in ((RATIO, Decimal(1)), (PERCENT, Decimal(100))):
        total_ratio = total_growth_raw / divisor
        if total_ratio <= -1 or any(raw / divisor <= -1 for _v, raw in rows):
            continue
        expected = prior(total, total_ratio)
        implied = sum((prior(value, raw / divisor) for value, raw in rows), Decimal(0))
        errors[scale] = abs(implied - expected) / expected if expected else Decimal("Infinity")
    fitting = sorted((error, scale) for scale, error in errors.items() if error <= TOLERANCE)
    if not fitting:
        raise ValueError("同比增长列无法与合计对应：既不是比值也不是百分数，请核对来源")
    return fitting[0][1]
