"""Display helpers: ratios, percentages and 万元 amounts. Display only: comparisons use exact values."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

from rainforest.core.money import WAN, in_units
from rainforest.eligibility.rulebook import Points

RATIO_PLACES = Decimal("0.0001")


def ratio_text(value: Fraction) -> str:
    """A ratio for display: 4 decimals, half-up (display only; comparisons use the exact Fraction)."""
    quotient = Decimal(value.numerator) / Decimal(value.denominator)
    return str(quotient.quantize(RATIO_PLACES, rounding=ROUND_HALF_UP))


def percent_text(value: Decimal | Fraction) -> str:
    """0.05 → "5%", 0.035 → "3.5%", 0.0411… → "4.11%" (half-up, display only)."""
    exact = Fraction(value) * 100
    shown = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return f"{shown.normalize():f}%"


def wan_text(yuan: Decimal | Fraction | int, *, round_up: bool = False) -> str:
    """Yuan shown in 万元 with up to 2 decimals: 862000 → "86.2万元". Gaps round up (`round_up`), so that
    meeting the shown figure closes the gap; other figures round half-up."""
    shown = in_units(yuan, WAN, 2, ROUND_CEILING if round_up else ROUND_HALF_UP)
    text = f"{shown:,.2f}".rstrip("0").rstrip(".")
    return f"{text}万元"


def points_json(points: Points | None) -> int | list[int] | None:
    if points is None:
        return None
    low, high = points
    return low if low == high else [low, high]
