"""创新型中小企业评价, 工信部企业〔2022〕63号.

Pass = base conditions ∧ (a direct route ∨ (total ≥ 60 ∧ 创新能力 ≥ 20 ∧ 成长性 ≥ 15 ∧ 专业化 ≥ 15)).
"""

from __future__ import annotations

from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.result import Criterion, Result, add_points, range_verdict
from rainforest.eligibility.rulebook import Points, Rulebook
from rainforest.eligibility.rules._common import (
    all3,
    any3,
    awards_within,
    field_of,
    flag,
    needs_data,
    ratio,
    yearly_values,
)
from rainforest.eligibility.rules._miit import (
    add_base,
    band_move,
    banded_ratio,
    banded_value,
    equity_route,
    last_year,
    record_of,
    tiered,
    window,
    yes_no_points,
)


def evaluate(facts: Facts, book: Rulebook) -> Result:
    result = Result(book, facts.evaluated_on, pass_mark=book.pass_mark)
    add_base(result, facts)
    year = last_year(facts, book)
    record = record_of(facts, year)

    routes = [
        _award(book, facts),
        _honour(book, facts),
        flag(
            book["INN-R3"],
            facts.provincial_rd_institution,
            "provincial_rd_institution",
            required=True,
            role="route",
        ),
        equity_route(
            book["INN-R4"],
            facts,
            window(facts, book, book.params.int("equity_window_years")),
            "min_equity_yuan",
        ),
    ]
    innovation = [
        tiered(book["I-1"], facts),
        banded_ratio(book["I-2"], record, "rd_expense", "operating_revenue", label="研发费用"),
    ]
    growth = [
        _growth(book, facts, year),
        banded_ratio(book["G-2"], record, "total_liabilities", "total_assets", label="负债总额"),
    ]
    specialisation = [
        yes_no_points(book["P-1"], facts.strategic_emerging_field, "strategic_emerging_field"),
        banded_ratio(book["P-2"], record, "main_business_revenue", "operating_revenue", label="主营业务收入"),
    ]
    items = innovation + growth + specialisation
    total = add_points(*(item.points or (0, 0) for item in items))
    result.score = total

    spec = book["INN-PASS"]
    groups = {
        "创新能力": (_sum(innovation), spec.int("innovation_min")),
        "成长性": (_sum(growth), spec.int("growth_min")),
        "专业化": (_sum(specialisation), spec.int("specialisation_min")),
    }
    by_score = all3(
        [
            range_verdict(total, book.pass_mark or 0),
            *(range_verdict(points, floor) for points, floor in groups.values()),
        ]
    )
    by_route = any3(route.passed for route in routes)
    passed = any3([by_route, by_score])
    shown = "; ".join(f"{name} {_text(points)} (≥ {floor})" for name, (points, floor) in groups.items())
    verdict = Criterion.of(
        spec,
        passed,
        value=_text(total),
        threshold=f"≥ {book.pass_mark}",
        points=total,
        reason=f"直通条件: {by_route}; 总分 {_text(total)}; {shown}",
    )
    if passed is not True:
        _gaps(book, record, items)
    result.add(verdict)
    for criterion in (*items, *routes):
        result.add(criterion)
    return result


def _sum(items: list[Criterion]) -> Points:
    return add_points(*(item.points or (0, 0) for item in items))


def _text(points: Points) -> str:
    return str(points[0]) if points[0] == points[1] else f"[{points[0]}, {points[1]}]"


def _award(book: Rulebook, facts: Facts) -> Criterion:
    spec = book["INN-R1"]
    won = awards_within(
        facts,
        window_years=book.params.int("award_window_years"),
        levels=frozenset({"national", "provincial"}),
    )
    if won is None:
        return needs_data(spec, ["awards"], role="route")
    return Criterion.of(
        spec, won, reason="近三年国家级或省级科技奖励" + ("" if won else "：无"), role="route"
    )


def _honour(book: Rulebook, facts: Facts) -> Criterion:
    spec = book["INN-R2"]
    honours = frozenset(spec.values["honours"])
    held = sorted(honours & facts.honours_valid) if facts.honours_valid is not None else []
    hnte = facts.has_valid_hnte
    passed = any3([hnte, bool(held) if facts.honours_valid is not None else None])
    if passed is None:
        missing = [
            name
            for name, value in (("has_valid_hnte", hnte), ("honours_valid", facts.honours_valid))
            if value is None
        ]
        return needs_data(spec, missing, role="route")
    value = ", ".join((["hnte"] if hnte else []) + held) or None
    return Criterion.of(spec, passed, value=value, reason="有效期内荣誉", role="route")


def _growth(book: Rulebook, facts: Facts, year: int) -> Criterion:
    spec = book["G-1"]
    bands = spec.bands()
    values, missing = yearly_values(facts, [year - 1, year], "main_business_revenue")
    growth = None
    if not missing:
        base = ratio(values[1], values[0])
        growth = None if base is None else base - 1
        if growth is None:
            missing = [field_of("main_business_revenue", year - 1) + " > 0"]
    reason = f"主营业务收入 {' → '.join(str(value) for value in values)}"
    return banded_value(spec, bands, growth, missing, reason=reason)


def _gaps(book: Rulebook, record: YearFacts, items: list[Criterion]) -> None:
    """Band moves that raise the score: R&D share (I-2) and main-business share (P-2)."""
    for item in items:
        if item.code == "I-2":
            item.gaps += band_move(book["I-2"], record.rd_expense, record.operating_revenue, what="研发费用")
        elif item.code == "P-2":
            item.gaps += band_move(
                book["P-2"],
                record.main_business_revenue,
                record.operating_revenue,
                what="主营业务收入",
                part=True,
            )
