"""Helpers shared by the fast rules: exact Decimal arithmetic, bands as tuples, three-valued logic."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import cast

from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.rulebook import Bands, Rulebook
from rainforest.eligibility.rules import RULES
from rainforest.eligibility.rules._common import awards_within
from rainforest.eligibility.rules._miit import full_years

# Products and sums of Decimals are exact in this context (no rounding at any size).
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)

TRUE, FALSE, UNDETERMINED = "true", "false", "undetermined"
# (eligible, score low, score high); the score is (None, None) for rulebooks without one.
Outcome = tuple[str, int | None, int | None]
Years = dict[int, YearFacts]
FastRule = Callable[[Facts, Years], Outcome]
Number = Decimal | int
# (lower, lower inclusive, upper, upper inclusive, points low, points high, veto, rate)
FastBand = tuple[Decimal | None, bool, Decimal | None, bool, int, int, bool, Decimal | None]


def _bands(bands: Bands) -> tuple[FastBand, ...]:
    return tuple(
        (
            band.lower,
            band.lower_inclusive,
            band.upper,
            band.upper_inclusive,
            band.points[0] if band.points else 0,
            band.points[1] if band.points else 0,
            band.veto,
            band.rate,
        )
        for band in bands
    )


def _find(bands: tuple[FastBand, ...], n: Number, d: Number = 1) -> FastBand:
    """The band holding n ÷ d (d > 0), by cross-multiplication: exact, no division."""
    for band in bands:
        lower = band[0]
        if lower is not None:
            bound = lower * d
            if n < bound or (n == bound and not band[1]):
                continue
        upper = band[2]
        if upper is not None:
            bound = upper * d
            if n > bound or (n == bound and not band[3]):
                continue
        return band
    raise ValueError(f"no band holds {n} / {d}")  # the rulebook loader checks the bands tile the line


def _max_points(bands: tuple[FastBand, ...]) -> int:
    return max(band[5] for band in bands)


def all3(values: list[bool | None]) -> bool | None:
    """Three-valued AND over a list of True / False / None (`in` compares in C; 0 and 1 never occur)."""
    if False in values:
        return False
    return None if None in values else True


def any3(values: list[bool | None]) -> bool | None:
    """Three-valued OR over a list of True / False / None."""
    if True in values:
        return True
    return None if None in values else False


def _verdict(conditions: list[bool | None]) -> str:
    if False in conditions:
        return FALSE
    return UNDETERMINED if None in conditions else TRUE


def _range(points: tuple[int, int], mark: int) -> bool | None:
    if points[0] >= mark:
        return True
    if points[1] < mark:
        return False
    return None


def _flag(value: bool | None, required: bool) -> bool | None:
    return None if value is None else value is required


def _record(years: Years, year: int) -> YearFacts:
    return years.get(year) or YearFacts(year=year)


def _values(years: Years, wanted: Sequence[int], name: str) -> tuple[list[Number], bool]:
    """Values of one field over years, and whether any is missing."""
    values: list[Number | None] = [
        getattr(record, name) if (record := years.get(year)) is not None else None for year in wanted
    ]
    if None in values:
        return [value for value in values if value is not None], True
    return cast("list[Number]", values), False


def _at_least(n: Number | None, d: Number | None, t: Decimal) -> bool | None:
    """n ÷ d ≥ t; None when an input is missing or d ≤ 0 (as `ratio` gives None)."""
    if n is None or d is None or d <= 0:
        return None
    return n >= t * d


def _at_most(n: Number | None, d: Number | None, t: Decimal) -> bool | None:
    if n is None or d is None or d <= 0:
        return None
    return n <= t * d


def _ratio_points(
    bands: tuple[FastBand, ...], top: int, n: Number | None, d: Number | None
) -> tuple[int, int]:
    if n is None or d is None or d <= 0:
        return (0, top)
    band = _find(bands, n, d)
    return (band[4], band[5])


def _sum_reaches(values: Sequence[Number], missing: bool, threshold: Decimal) -> bool | None:
    if sum(values, Decimal(0)) >= threshold:
        return True
    return None if missing else False


def _growth_fraction(y1: Number, y2: Number, y3: Number) -> tuple[Number, Number]:
    """½ × (Y2 ÷ Y1 + Y3 ÷ Y2) − 1 as n ÷ d with d > 0 (Y1, Y2 > 0)."""
    return (y2 * y2 + y1 * y3 - 2 * y1 * y2, 2 * y1 * y2)


def _tiered(spec_tiers: Sequence[tuple[str, int, int]], facts: Facts) -> tuple[int, int]:
    high: int | None = None
    for name, minimum, points in spec_tiers:
        count = getattr(facts, name)
        if count is None:
            high = max(high or 0, points)
            continue
        if count >= minimum:
            return (points, max(high or points, points))
    return (0, high or 0)


def _tiers(book: Rulebook, code: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((str(t["count"]), int(t["min"]), int(t["points"])) for t in book[code].values["tiers"])


def _base(facts: Facts) -> list[bool | None]:
    return [
        _flag(facts.is_sme, True),
        _flag(facts.dishonest_listed, False),
        _flag(facts.restricted_industry, False),
        _flag(facts.major_incident_3y, False),
    ]


def _add(*items: tuple[int, int]) -> tuple[int, int]:
    return (sum(item[0] for item in items), sum(item[1] for item in items))


def _growth_points(values: Sequence[Number], bands: tuple[FastBand, ...]) -> tuple[int, int]:
    """HNTE growth g (the edge cases of `hnte_score.growth`) → the band's points."""
    if len(values) >= 3:
        y1, y2, y3 = values[-3:]
        if y2 == 0:
            return (0, 0)
        if y1 == 0:
            n, d = y3 - y2, y2
        else:
            n, d = _growth_fraction(y1, y2, y3)
    elif len(values) == 2:
        y1, y2 = values
        if y1 == 0:
            return (0, 0)
        n, d = y2 - y1, y1
    else:
        return (0, 0)
    if d < 0:  # Y1 or Y2 negative is handled before; keep the sign in the numerator all the same
        n, d = -n, -d
    band = _find(bands, n, d)
    return (band[4], band[5])


# --- MIIT helpers -----------------------------------------------------------------------------------------


def _window(last: int, count: int) -> list[int]:
    return list(range(last - count + 1, last + 1))


def _average_growth(values: Sequence[Number]) -> tuple[Number, Number] | None:
    y1, y2, y3 = values
    if y1 <= 0 or y2 <= 0:
        return None
    return _growth_fraction(y1, y2, y3)


def _rd_each_year(years: Years, wanted: Sequence[int], floor: Decimal, rate: Decimal) -> bool | None:
    outcomes: list[bool | None] = []
    for year in wanted:
        record = _record(years, year)
        rd = record.rd_expense
        if rd is None:
            outcomes.append(None)
            continue
        outcomes.append(all3([rd >= floor, _at_least(rd, record.operating_revenue, rate)]))
    return all3(outcomes)


def _revenue_or_equity(
    record: YearFacts, years: Years, equity_years: Sequence[int], minimum: Decimal, equity_min: Decimal
) -> bool | None:
    values, missing = _values(years, equity_years, "equity_qualified")
    revenue = record.operating_revenue
    return any3([None if revenue is None else revenue >= minimum, _sum_reaches(values, missing, equity_min)])


def _ip_or_waiver(
    facts: Facts, minimum: int, window_years: int, levels: frozenset[str], max_rank: int, institution: bool
) -> bool | None:
    count = facts.ip_class1_applied
    options = [
        None if count is None else count >= minimum,
        awards_within(facts, window_years=window_years, levels=levels, max_rank=max_rank),
    ]
    if institution:
        options.append(facts.provincial_rd_institution)
    return any3(options)


def _manual(facts: Facts, code: str) -> int | None:
    return facts.expert_points.get(code) if facts.expert_points else None


def _niche(facts: Facts, min_years: int) -> bool | None:
    since = facts.niche_market_since
    return None if since is None else full_years(since, facts.evaluated_on) >= min_years


def _prior(facts: Facts, titles: frozenset[str]) -> bool | None:
    return None if facts.valid_titles is None else bool(titles & facts.valid_titles)


def _reference(facts: Facts, book: Rulebook) -> Outcome:
    result = RULES[book.name](facts, book)
    score = result.score
    return result.eligible, score[0] if score else None, score[1] if score else None
