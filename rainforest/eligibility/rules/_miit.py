"""Helpers shared by the MIIT quality-SME tiers (创新型, 专精特新, 小巨人).

Readings that the texts leave open are TEAM DESIGN, in the rulebook `params`: "last year" is
evaluated_on.year − 1; "in N years" sums the N accounting years up to it; an award counts when
evaluated_on.year − window ≤ award.year ≤ evaluated_on.year; the 2-year average growth is
½ × (Y2 ÷ Y1 + Y3 ÷ Y2) − 1 over the 3 years up to last year (undefined when Y1 or Y2 ≤ 0).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from rainforest.eligibility import gaps
from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.fmt import ratio_text, wan_text
from rainforest.eligibility.gaps import Cost
from rainforest.eligibility.result import Criterion, Result, Role, item_passed
from rainforest.eligibility.rulebook import Bands, Points, Rulebook, Spec, to_points
from rainforest.eligibility.rules._common import (
    Number,
    at_least,
    at_most,
    banded_item,
    field_of,
    flag,
    needs_data,
    ratio,
    yearly_values,
)

# The IP counts a tier list may name (data, not dispatch: each is a plain attribute of Facts).
IP_COUNTS: dict[str, Callable[[Facts], int | None]] = {
    "ip_class1_high_value": lambda facts: facts.ip_class1_high_value,
    "ip_class1_self_developed": lambda facts: facts.ip_class1_self_developed,
    "ip_class1": lambda facts: facts.ip_class1,
    "ip_class2": lambda facts: facts.ip_class2,
    "ip_class1_applied": lambda facts: facts.ip_class1_applied,
}


def last_year(facts: Facts, book: Rulebook) -> int:
    return facts.evaluated_on.year - book.params.int("data_year_offset")


def record_of(facts: Facts, year: int) -> YearFacts:
    return facts.year(year) or YearFacts(year=year)


def window(facts: Facts, book: Rulebook, years: int) -> list[int]:
    """The `years` accounting years up to last year, oldest first."""
    last = last_year(facts, book)
    return list(range(last - years + 1, last + 1))


def add_base(result: Result, facts: Facts) -> None:
    book = result.book
    result.add(flag(book["BASE-SME"], facts.is_sme, "is_sme", required=True))
    result.add(flag(book["BASE-CREDIT"], facts.dishonest_listed, "dishonest_listed", required=False))
    result.add(flag(book["BASE-INDUSTRY"], facts.restricted_industry, "restricted_industry", required=False))
    result.add(flag(book["BASE-INCIDENT"], facts.major_incident_3y, "major_incident_3y", required=False))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def full_years(start: date, end: date) -> int:
    years = end.year - start.year
    return years if add_years(start, years) <= end else years - 1


def niche(spec: Spec, facts: Facts, *, role: Role = "condition") -> Criterion:
    if facts.niche_market_since is None:
        return needs_data(spec, ["niche_market_since"], role=role)
    min_years = spec.int("min_years")
    held = full_years(facts.niche_market_since, facts.evaluated_on)
    criterion = Criterion.of(
        spec,
        held >= min_years,
        value=f"{held}年",
        threshold=f"≥ {min_years}年",
        reason=f"自 {facts.niche_market_since.isoformat()} 从事细分市场",
        role=role,
    )
    found = gaps.wait_until(
        spec.code,
        day=add_years(facts.niche_market_since, min_years),
        evaluated_on=facts.evaluated_on,
        what=f"从事细分市场满{min_years}年",
    )
    if found:
        criterion.gaps.append(found)
    return criterion


def _missing(record: YearFacts, *names: str) -> list[str]:
    return [field_of(name, record.year) for name in names if getattr(record, name) is None]


def main_share(spec: Spec, record: YearFacts, *, role: Role = "condition") -> Criterion:
    """Main-business revenue ÷ operating revenue ≥ min_ratio (last year)."""
    threshold = spec.dec("min_ratio")
    share = ratio(record.main_business_revenue, record.operating_revenue)
    if share is None or record.main_business_revenue is None or record.operating_revenue is None:
        return needs_data(
            spec,
            _missing(record, "main_business_revenue", "operating_revenue") or ["operating_revenue > 0"],
            role=role,
        )
    criterion = Criterion.of(
        spec,
        at_least(share, threshold),
        value=ratio_text(share),
        threshold=f"≥ {threshold}",
        percent=True,
        reason=f"主营业务收入 {record.main_business_revenue} ÷ 营业收入 {record.operating_revenue} ({record.year})",
        role=role,
    )
    found = gaps.amount_for_ratio(
        spec.code,
        numerator=record.main_business_revenue,
        denominator=record.operating_revenue,
        threshold=threshold,
        what="主营业务收入",
        period="上年度",
        part_of_denominator=True,
        cost=Cost.GROW,
    )
    if found:
        criterion.gaps.append(found)
    return criterion


def debt_cap(spec: Spec, record: YearFacts, *, role: Role = "condition") -> Criterion:
    """Total liabilities ÷ total assets ≤ max_ratio (last year, year-end)."""
    cap = spec.dec("max_ratio")
    share = ratio(record.total_liabilities, record.total_assets)
    if share is None or record.total_liabilities is None or record.total_assets is None:
        return needs_data(
            spec, _missing(record, "total_liabilities", "total_assets") or ["total_assets > 0"], role=role
        )
    criterion = Criterion.of(
        spec,
        at_most(share, cap),
        value=ratio_text(share),
        threshold=f"≤ {cap}",
        percent=True,
        reason=f"负债总额 {record.total_liabilities} ÷ 资产总额 {record.total_assets} ({record.year})",
        role=role,
    )
    found = gaps.amount_for_cap(
        spec.code,
        part=record.total_liabilities,
        whole=record.total_assets,
        cap=cap,
        what="负债总额",
        ratio="资产负债率",
    )
    if found:
        criterion.gaps.append(found)
    return criterion


def sum_reaches(values: Sequence[Number], missing: Sequence[str], threshold: Decimal) -> bool | None:
    """Σ known values ≥ threshold decides even with years missing (amounts are never negative here)."""
    total = sum(values, Decimal(0))
    if total >= threshold:
        return True
    return None if missing else False


def equity_route(
    spec: Spec, facts: Facts, years: Sequence[int], key: str, *, role: Role = "route"
) -> Criterion:
    threshold = spec.dec(key)
    values, missing = yearly_values(facts, years, "equity_qualified")
    passed = sum_reaches(values, missing, threshold)
    total = sum(values, Decimal(0))
    if passed is None:
        return needs_data(spec, missing, role=role)
    return Criterion.of(
        spec,
        passed,
        value=str(total),
        threshold=f"≥ {threshold}",
        reason=f"Σ 合格机构投资者实缴股权 {wan_text(total)}（{years[0]}–{years[-1]}）",
        role=role,
    )


def average_growth(values: Sequence[Number]) -> Fraction | None:
    """½ × (Y2 ÷ Y1 + Y3 ÷ Y2) − 1; None when a base year is not positive (undefined)."""
    y1, y2, y3 = (Fraction(value) for value in values)
    if y1 <= 0 or y2 <= 0:
        return None
    return (y2 / y1 + y3 / y2) / 2 - 1


def tiered(spec: Spec, facts: Facts) -> Criterion:
    """IP tiers, best first: the first tier met gives its points; unknown counts above it widen the range."""
    tiers = spec.values["tiers"]
    high: int | None = None
    missing: list[str] = []
    for tier in tiers:
        name = str(tier["count"])
        count = IP_COUNTS[name](facts)
        points = int(tier["points"])
        if count is None:
            missing.append(name)
            high = max(high or 0, points)
            continue
        if count >= int(tier["min"]):
            value: Points = (points, max(high or points, points))
            return _ip_item(spec, value, missing, f"{name} = {count}")
    return _ip_item(spec, (0, high or 0), missing, "无相关知识产权" if not missing else "")


def _ip_item(spec: Spec, points: Points, missing: list[str], reason: str) -> Criterion:
    if missing and points[0] != points[1]:
        return needs_data(spec, missing, role="item", points=points)
    return Criterion.of(spec, item_passed(points), points=points, reason=reason, role="item")


def banded_ratio(
    spec: Spec, record: YearFacts, numerator: str, denominator: str, *, key: str = "bands", label: str = ""
) -> Criterion:
    bands = spec.bands(key)
    top = bands.max_points
    num, den = getattr(record, numerator), getattr(record, denominator)
    share = ratio(num, den)
    if share is None:
        missing = _missing(record, numerator, denominator) or [field_of(denominator, record.year) + " > 0"]
        return needs_data(spec, missing, role="item", points=(0, top))
    return _with_boundary_note(
        spec,
        banded_item(
            spec, bands, share, reason=f"{label or numerator} {num} ÷ {denominator} {den}", percent=True
        ),
    )


def _with_boundary_note(spec: Spec, criterion: Criterion) -> Criterion:
    if spec.has("boundary_status"):
        criterion.reason += f"（区间边界归属 {spec.text('boundary_status')}）"
    return criterion


def banded_value(
    spec: Spec, bands: Bands, value: Fraction | Number | None, missing: list[str], *, reason: str
) -> Criterion:
    if value is None:
        return needs_data(spec, missing, role="item", points=(0, bands.max_points))
    return _with_boundary_note(spec, banded_item(spec, bands, value, reason=reason))


def manual_item(result: Result, spec: Spec, facts: Facts) -> Criterion:
    """A scored item no fact covers: an officer's `expert_points[code]`, else [0, max]."""
    top = spec.int("max")
    judged = facts.expert_points.get(spec.code)
    if judged is None:
        result.expert(f"expert_points.{spec.code}")
        return needs_data(spec, [f"expert_points.{spec.code}"], role="item", points=(0, top))
    points = (min(max(judged, 0), top),) * 2
    return Criterion.of(spec, item_passed(points), points=points, reason=f"人工评分 {judged}", role="item")


def manual_condition(result: Result, spec: Spec, facts: Facts, *, role: Role = "condition") -> Criterion:
    """A yes/no condition no fact covers: `expert_points[code]` 1 (met) or 0 (not met)."""
    judged = facts.expert_points.get(spec.code)
    if judged is None:
        result.expert(f"expert_points.{spec.code}")
        return needs_data(spec, [f"expert_points.{spec.code}"], role=role)
    return Criterion.of(spec, judged > 0, value=str(judged), reason=f"人工判断 {judged}", role=role)


def manual_score(result: Result, spec: Spec, facts: Facts, pass_mark: int) -> Criterion:
    """A score whose formula is unpublished: an officer enters it in `expert_points[code]`."""
    judged = facts.expert_points.get(spec.code)
    if judged is None:
        result.expert(f"expert_points.{spec.code}")
        return needs_data(spec, [f"expert_points.{spec.code} (formula unpublished)"])
    result.score = (judged, judged)
    return Criterion.of(
        spec,
        judged >= pass_mark,
        value=str(judged),
        threshold=f"≥ {pass_mark}",
        points=(judged, judged),
        reason=f"人工录入得分 {judged}",
    )


def prior_title(spec: Spec, facts: Facts) -> Criterion:
    titles = frozenset(spec.values["prior_titles"])
    if facts.valid_titles is None:
        return needs_data(spec, ["valid_titles"])
    held = sorted(titles & facts.valid_titles)
    return Criterion.of(
        spec, bool(held), value=", ".join(held) or None, reason=f"需持有: {', '.join(sorted(titles))}"
    )


def mapped_points(spec: Spec, key: str, choice: str | None, name: str) -> Criterion:
    table = spec.values[key]
    top = max(to_points(raw, spec.where(key))[1] for raw in table.values())
    if choice is None:
        return needs_data(spec, [name], role="item", points=(0, top))
    points = to_points(table[choice], spec.where(f"{key}.{choice}"))
    return Criterion.of(
        spec, item_passed(points), value=choice, points=points, reason=f"{name} = {choice}", role="item"
    )


def yes_no_points(spec: Spec, value: bool | None, name: str) -> Criterion:
    yes, no = spec.points("yes_points"), spec.points("no_points")
    if value is None:
        return needs_data(spec, [name], role="item", points=(min(yes[0], no[0]), max(yes[1], no[1])))
    points = yes if value else no
    return Criterion.of(
        spec,
        item_passed(points),
        value=str(value).lower(),
        points=points,
        reason=f"{name} = {str(value).lower()}",
        role="item",
    )


def band_move(
    spec: Spec,
    numerator: Number | None,
    denominator: Number | None,
    *,
    what: str,
    part: bool = False,
    key: str = "bands",
) -> list[gaps.Gap]:
    """The spend or growth that lifts numerator ÷ denominator into the next band up (with its points)."""
    share = ratio(numerator, denominator)
    if share is None or numerator is None or denominator is None:
        return []
    bands = spec.bands(key)
    current = bands.find(share)
    better = bands.better_than(current)
    if better is None or better.lower is None or better.points is None:
        return []
    found = gaps.amount_for_ratio(
        spec.code,
        numerator=Decimal(numerator),
        denominator=Decimal(denominator),
        threshold=better.lower,
        what=what,
        period="上年度",
        part_of_denominator=part,
        cost=Cost.GROW if part else Cost.SPEND,
        points_gain=better.points[0] - (current.points or (0, 0))[0],
    )
    return [found] if found else []
