"""Helpers shared by the rule modules: three-valued logic, exact ratios, yearly lookups, "needs data"."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from rainforest.eligibility.facts import Award, Facts
from rainforest.eligibility.fmt import ratio_text
from rainforest.eligibility.result import Criterion, Role, item_passed
from rainforest.eligibility.rulebook import Bands, Points, Spec

Number = Decimal | int


def needs_data(
    spec: Spec, missing: Iterable[str], *, role: Role = "condition", points: Points | None = None
) -> Criterion:
    return Criterion.of(spec, None, reason="needs data: " + ", ".join(missing), role=role, points=points)


def all3(values: Iterable[bool | None]) -> bool | None:
    """Three-valued AND: false if any is false, else unknown if any is unknown."""
    seen = list(values)
    if any(value is False for value in seen):
        return False
    if any(value is None for value in seen):
        return None
    return True


def any3(values: Iterable[bool | None]) -> bool | None:
    """Three-valued OR: true if any is true, else unknown if any is unknown."""
    seen = list(values)
    if any(value is True for value in seen):
        return True
    if any(value is None for value in seen):
        return None
    return False


def ratio(numerator: Number | None, denominator: Number | None) -> Fraction | None:
    """An exact ratio; None when an input is missing or the denominator is not positive."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return Fraction(numerator) / Fraction(denominator)


def at_least(value: Fraction | Number, threshold: Decimal) -> bool:
    return Fraction(value) >= Fraction(threshold)


def at_most(value: Fraction | Number, threshold: Decimal) -> bool:
    return Fraction(value) <= Fraction(threshold)


def field_of(name: str, year: int) -> str:
    return f"years[{year}].{name}"


def yearly(facts: Facts, year: int, name: str) -> Number | None:
    record = facts.year(year)
    if record is None:
        return None
    value: Number | None = getattr(record, name)
    return value


def yearly_values(facts: Facts, years: Iterable[int], name: str) -> tuple[list[Number], list[str]]:
    """Values of one field over years, and the names of the missing ones."""
    values: list[Number] = []
    missing: list[str] = []
    for year in years:
        value = yearly(facts, year, name)
        if value is None:
            missing.append(field_of(name, year))
        else:
            values.append(value)
    return values, missing


def flag(spec: Spec, value: bool | None, name: str, *, required: bool, role: Role = "condition") -> Criterion:
    """A yes/no fact that must be `required` (True for "is resident", False for "was listed")."""
    if value is None:
        return needs_data(spec, [name], role=role)
    passed = value is required
    return Criterion.of(
        spec, passed, value=str(value).lower(), reason=f"{name} = {str(value).lower()}", role=role
    )


def flags(
    spec: Spec, values: dict[str, bool | None], *, required: bool, role: Role = "condition"
) -> Criterion:
    """Several yes/no facts that must all be `required`; a known failure decides even with others missing."""
    outcomes = {name: (None if value is None else value is required) for name, value in values.items()}
    failed = [name for name, ok in outcomes.items() if ok is False]
    missing = [name for name, ok in outcomes.items() if ok is None]
    reason = "; ".join(
        f"{name} = {'null' if value is None else str(value).lower()}" for name, value in values.items()
    )
    if failed:
        return Criterion.of(spec, False, reason=reason, role=role)
    if missing:
        return needs_data(spec, missing, role=role)
    return Criterion.of(spec, True, reason=reason, role=role)


def banded_item(
    spec: Spec,
    bands: Bands,
    value: Fraction | Number,
    *,
    reason: str,
    shown: str | None = None,
    percent: bool = False,
) -> Criterion:
    band = bands.find(value)
    points = band.points or (0, 0)
    passed = False if band.veto else item_passed(points)
    text = shown if shown is not None else ratio_text(Fraction(value))
    return Criterion.of(
        spec,
        passed,
        value=text,
        threshold=band.interval,
        points=points,
        reason=reason,
        role="item",
        percent=percent,
    )


def awards_within(
    facts: Facts, *, window_years: int, levels: frozenset[str], max_rank: int | None = None
) -> bool | None:
    """Whether an award of `levels`, ranked ≤ max_rank, was won in the window: evaluated_on.year − window_years ≤
    award.year ≤ evaluated_on.year (TEAM DESIGN reading of "近N年"). None when `awards` is missing."""
    if facts.awards is None:
        return None
    first = facts.evaluated_on.year - window_years
    return any(_counts(award, first, facts.evaluated_on.year, levels, max_rank) for award in facts.awards)


def _counts(award: Award, first: int, last: int, levels: frozenset[str], max_rank: int | None) -> bool:
    in_window = first <= award.year <= last
    return in_window and award.level in levels and (max_rank is None or award.rank <= max_rank)
