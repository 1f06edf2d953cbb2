"""Money: Decimal yuan in the database, 万元 and 亿元 when shown, as Chinese statistics speak it
. Rounding happens here, for display only; comparisons always use the exact yuan."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

WAN = Decimal(10_000)  # 1万元
YI = Decimal(100_000_000)  # 1亿元


def in_units(
    yuan: Decimal | Fraction | int, unit: Decimal, places: int, rounding: str = ROUND_HALF_UP
) -> Decimal:
    """`yuan` in `unit` (WAN or YI), rounded to `places` decimals (half-up unless told otherwise)."""
    exact = Fraction(yuan) / Fraction(unit)
    quotient = Decimal(exact.numerator) / Decimal(exact.denominator)
    return quotient.quantize(Decimal(1).scaleb(-places), rounding=rounding)
