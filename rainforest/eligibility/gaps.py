"""Gap analysis (issue 3 item 3): for a failed or near criterion, what closes it in the firm's own numbers.

A gap is the smallest change of one input, the others held. Amounts are exact; the text
rounds money up to 0.01万元 (100 yuan), so that meeting the shown figure closes the gap.

**Cost order** (how cheap a gap is to close; gaps sort by tier, then by size within the tier, then by the
points they bring, most first):

1. `reassign` — reassign existing staff (no new money, no outside party);
2. `spend` — spend more on R&D or in-house items (yuan);
3. `hire` — hire new staff (persons);
4. `ip_class2` — obtain Class II IP (utility models, designs, software copyrights: months);
5. `ip_class1` — obtain Class I IP (invention patents …: usually more than a year);
6. `grow` — grow revenue, income, assets, conversions or market position (depends on the market);
7. `wait` — only time closes it (registration age, years in the niche market).

Missing data is not a gap: those criteria say "needs data: <field>" instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from enum import IntEnum
from fractions import Fraction
from typing import Any

from rainforest.eligibility.fmt import percent_text, wan_text

CENT = Decimal("0.01")
Number = Decimal | int


class Cost(IntEnum):
    REASSIGN = 1
    SPEND = 2
    HIRE = 3
    IP_CLASS2 = 4
    IP_CLASS1 = 5
    GROW = 6
    WAIT = 7


@dataclass(frozen=True, slots=True)
class Gap:
    code: str  # the criterion it closes (or raises)
    text: str  # Chinese, in the firm's own numbers
    cost: Cost
    size: Decimal  # in `unit`: yuan, persons, items, days
    unit: str
    points_gain: int | None = None  # for a band move of a scored item

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "text": self.text,
            "cost": self.cost.name.lower(),
            "size": str(self.size),
            "unit": self.unit,
            "points_gain": self.points_gain,
        }


def sort_gaps(gaps: list[Gap]) -> list[Gap]:
    return sorted(gaps, key=lambda gap: (gap.cost, gap.size, -(gap.points_gain or 0), gap.code))


def yuan_up(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(CENT, rounding=ROUND_CEILING)


def _gain_text(points_gain: int | None) -> str:
    return f"（+{points_gain}分）" if points_gain else ""


def amount_for_ratio(
    code: str,
    *,
    numerator: Decimal,
    denominator: Decimal,
    threshold: Decimal,
    what: str,
    period: str = "",
    part_of_denominator: bool = False,
    cost: Cost = Cost.SPEND,
    points_gain: int | None = None,
) -> Gap | None:
    """Raise the numerator until numerator ÷ denominator ≥ threshold.

    With `part_of_denominator` (high-tech income within total income, domestic R&D within all R&D, main
    business within operating revenue) the denominator grows with it: x = (t·D − N) ÷ (1 − t).
    R&D against sales or cost is not part of it: x = t·D − N (H-1: 0.05 × 9,724万 − 400万 = 86.2万).
    """
    t = Fraction(threshold)
    shortfall = t * Fraction(denominator) - Fraction(numerator)
    if shortfall <= 0:
        return None
    needed = shortfall / (1 - t) if part_of_denominator else shortfall
    amount = yuan_up(needed)
    text = f"{period}{what}需增加{wan_text(amount, round_up=True)}，方可达到{percent_text(threshold)}{_gain_text(points_gain)}"
    return Gap(code, text, cost, amount, "yuan", points_gain)


def amount_to_minimum(
    code: str,
    *,
    current: Decimal,
    minimum: Decimal,
    what: str,
    cost: Cost = Cost.GROW,
    points_gain: int | None = None,
) -> Gap | None:
    """Raise an amount to a floor (revenue ≥ 1,000万 …)."""
    if current >= minimum:
        return None
    amount = minimum - current
    text = (
        f"{what}需增加{wan_text(amount, round_up=True)}，方可达到{wan_text(minimum)}{_gain_text(points_gain)}"
    )
    return Gap(code, text, cost, amount, "yuan", points_gain)


def amount_for_cap(
    code: str, *, part: Decimal, whole: Decimal, cap: Decimal, what: str, ratio: str
) -> Gap | None:
    """Lower the part until part ÷ whole ≤ cap, the whole held (debt ratio: liabilities − cap × assets)."""
    excess = Fraction(part) - Fraction(cap) * Fraction(whole)
    if excess <= 0:
        return None
    amount = yuan_up(excess)
    text = f"{what}需减少{wan_text(amount, round_up=True)}，{ratio}方可降至{percent_text(cap)}"
    return Gap(code, text, Cost.GROW, amount, "yuan")


def staff(
    code: str,
    *,
    employees: int,
    staff_count: int,
    threshold: Decimal,
    who: str,
    points_gain: int | None = None,
) -> list[Gap]:
    """Two ways to reach staff ÷ employees ≥ t: reassign ⌈t·E⌉ − T existing employees, or hire
    ⌈(t·E − T) ÷ (1 − t)⌉ new staff (150 employees, 12 S&T staff, 10%: 3 reassigned or 4 hired)."""
    t = Fraction(threshold)
    shortfall = t * employees - staff_count
    if shortfall <= 0:
        return []
    reassign = math.ceil(t * employees) - staff_count
    hire = math.ceil(shortfall / (1 - t))
    gain = _gain_text(points_gain)
    reach = percent_text(threshold)
    return [
        Gap(
            code,
            f"需将{reassign}名职工调整为{who}，方可达到{reach}{gain}",
            Cost.REASSIGN,
            Decimal(reassign),
            "persons",
            points_gain,
        ),
        Gap(
            code,
            f"新聘{hire}名{who}，方可达到{reach}{gain}",
            Cost.HIRE,
            Decimal(hire),
            "persons",
            points_gain,
        ),
    ]


def items(
    code: str, *, count: int, what: str, effect: str, cost: Cost, points_gain: int | None = None
) -> Gap | None:
    """Obtain `count` more items (IP, conversions …): "再取得1件Ⅰ类知识产权，知识产权得分可提高至30分"."""
    if count <= 0:
        return None
    return Gap(
        code,
        f"再取得{count}{what}，{effect}{_gain_text(points_gain)}",
        cost,
        Decimal(count),
        "items",
        points_gain,
    )


def wait_until(code: str, *, day: date, evaluated_on: date, what: str) -> Gap | None:
    if day <= evaluated_on:
        return None
    days = (day - evaluated_on).days
    return Gap(code, f"{day.isoformat()}起方可满足（{what}，还需{days}天）", Cost.WAIT, Decimal(days), "days")


def latest_for_growth(
    code: str,
    *,
    y1: Number,
    y2: Number,
    y3: Number,
    target: Decimal,
    what: str,
    inclusive: bool = True,
    points_gain: int | None = None,
) -> Gap | None:
    """Latest-year value that lifts g = ½(Y2/Y1 + Y3/Y2) − 1 to `target`: Y3 ≥ Y2 × (2(1 + t) − Y2/Y1)."""
    if y1 <= 0 or y2 <= 0:
        return None
    f1, f2 = Fraction(y1), Fraction(y2)
    needed = f2 * (2 * (1 + Fraction(target)) - f2 / f1)
    increase = needed - Fraction(y3)
    if increase < 0 or (increase == 0 and inclusive):
        return None
    amount = yuan_up(increase) if inclusive or yuan_up(increase) > increase else yuan_up(increase) + CENT
    verb = "达到" if inclusive else "超过"
    text = f"最近一年{what}需增加{wan_text(amount, round_up=True)}，增长率方可{verb}{percent_text(target)}{_gain_text(points_gain)}"
    return Gap(code, text, Cost.GROW, amount, "yuan", points_gain)
