"""专精特新“小巨人”企业认定: 2022 rules (工信部企业〔2022〕63号) and 2026 rules (工信部企业〔2026〕2号,
SECONDARY; development score UNCONFIRMED, entered by an officer).

2022: base conditions ∧ a valid provincial 专精特新中小企业 title ∧ the groups 专, 精, 特, 链, 品 ∧ 新, where
新 is the innovation conditions (R&D, an R&D institution, 2 applied Class I IP) or a direct route (national
S&T award top 3, 创客中国 national top 50). The direct route replaces the innovation conditions only.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from rainforest.eligibility import gaps
from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.fmt import ratio_text, wan_text
from rainforest.eligibility.gaps import Cost
from rainforest.eligibility.result import Criterion, Result, Role
from rainforest.eligibility.rulebook import Rulebook, Spec
from rainforest.eligibility.rules._common import (
    all3,
    any3,
    at_least,
    awards_within,
    field_of,
    needs_data,
    ratio,
    yearly_values,
)
from rainforest.eligibility.rules._miit import (
    add_base,
    average_growth,
    debt_cap,
    full_years,
    last_year,
    main_share,
    manual_condition,
    manual_score,
    niche,
    prior_title,
    record_of,
    sum_reaches,
    window,
)
from rainforest.eligibility.rules.srdi import ip_or_waiver


def evaluate_2022(facts: Facts, book: Rulebook) -> Result:
    """Base conditions ∧ prior provincial title ∧ 专, 精, 特, 链, 品 ∧ 新 (innovation conditions or a direct
    route). Every group is a condition of its own; the direct route stands in for 新 only."""
    result = Result(book, facts.evaluated_on, pass_mark=book.pass_mark)
    add_base(result, facts)
    year = last_year(facts, book)
    record = record_of(facts, year)
    result.add(prior_title(book["LG-0"], facts))
    result.add(_in_operation(book["LG-AGE"], facts))
    result.add(niche(book["LG-1"], facts))
    result.add(main_share(book["LG-2"], record))
    result.add(_growth(book["LG-3"], facts, year))
    result.add(debt_cap(book["LG-4"], record))
    result.add(_share(book["LG-8"], facts, role="condition"))
    for code in ("LG-9", "LG-10", "LG-11", "LG-12", "LG-13"):
        result.add(_declared(result, book[code], facts))
    innovation = [_rd(book["LG-5"], facts, book, record), _institution(book["LG-6"], facts)]
    innovation.append(_applied_ip(book["LG-7"], facts))
    routes = _routes(book, facts)
    by_conditions = all3(item.passed for item in innovation)
    by_route = any3(route.passed for route in routes)
    result.add(
        Criterion.of(
            book["LG-NEW"],
            any3([by_conditions, by_route]),
            reason=f"研发投入、研发机构和应用Ⅰ类知识产权: {by_conditions}; 直通条件: {by_route}",
        )
    )
    for criterion in (*innovation, *routes):
        result.add(criterion)
    return result


# The declared or judged yes/no facts a 2022 criterion names in its `fact` key (data, not dispatch).
DECLARED: dict[str, Callable[[Facts], bool | None]] = {
    "own_brand": lambda facts: facts.own_brand,
    "information_system": lambda facts: facts.information_system,
    "management_certification": lambda facts: facts.management_certification,
    "key_chain_role": lambda facts: facts.key_chain_role,
    "key_field_product": lambda facts: facts.key_field_product,
}


def _declared(result: Result, spec: Spec, facts: Facts) -> Criterion:
    """A yes/no fact declared by the firm or judged by the department; unknown until given. An officer's
    `expert_points[code]` (1 met, 0 not) stands in while the fact is missing."""
    name = spec.text("fact")
    value = DECLARED[name](facts)
    if value is None:
        if spec.code in facts.expert_points:
            return manual_condition(result, spec, facts)
        return needs_data(spec, [name])
    text = str(value).lower()
    return Criterion.of(spec, value, value=text, reason=f"{name} = {text}")


def _in_operation(spec: Spec, facts: Facts) -> Criterion:
    if facts.registered_on is None:
        return needs_data(spec, ["registered_on"])
    minimum = spec.int("min_years")
    held = full_years(facts.registered_on, facts.evaluated_on)
    return Criterion.of(
        spec,
        held >= minimum,
        value=f"{held}年",
        threshold=f"≥ {minimum}年",
        reason=f"自 {facts.registered_on.isoformat()} 成立",
    )


def _growth(spec: Spec, facts: Facts, year: int) -> Criterion:
    minimum = spec.dec("min_growth")
    values, missing = yearly_values(facts, [year - 2, year - 1, year], "main_business_revenue")
    if missing:
        return needs_data(spec, missing)
    growth = average_growth(values)
    if growth is None:
        return needs_data(spec, ["main_business_revenue > 0 (base years)"])
    return Criterion.of(
        spec,
        at_least(growth, minimum),
        value=ratio_text(growth),
        threshold=f"≥ {minimum}",
        percent=True,
        reason=f"主营业务收入 {' → '.join(str(v) for v in values)}",
    )


def _rd(spec: Spec, facts: Facts, book: Rulebook, record: YearFacts) -> Criterion:
    """R&D by revenue band (last year's operating revenue): a rate each of 2 years, or the small-firm test."""
    if record.operating_revenue is None:
        return needs_data(spec, [field_of("operating_revenue", record.year)], role="route")
    band = spec.bands("revenue_bands").find(record.operating_revenue)
    years = window(facts, book, book.params.int("equity_window_years"))
    if band.rate is not None:
        outcomes: list[bool | None] = []
        missing: list[str] = []
        shown = []
        for year in years:
            rec = record_of(facts, year)
            share = ratio(rec.rd_expense, rec.operating_revenue)
            if share is None:
                missing += [
                    field_of(n, year) for n in ("rd_expense", "operating_revenue") if getattr(rec, n) is None
                ]
                outcomes.append(None)
            else:
                outcomes.append(at_least(share, band.rate))
                shown.append(f"{year}: {ratio_text(share)}")
        passed = all3(outcomes)
        if passed is None:
            return needs_data(spec, missing or ["operating_revenue > 0"], role="route")
        criterion = Criterion.of(
            spec,
            passed,
            value="; ".join(shown),
            threshold=f"每年 ≥ {band.rate}",
            reason=band.label,
            role="route",
        )
        if record.rd_expense is not None and not passed:
            found = gaps.amount_for_ratio(
                spec.code,
                numerator=record.rd_expense,
                denominator=record.operating_revenue,
                threshold=band.rate,
                what="研发费用",
                period=f"{record.year}年",
            )
            if found:
                criterion.gaps.append(found)
        return criterion
    equity, missing_equity = yearly_values(facts, years, "equity_qualified")
    rd, missing_rd = yearly_values(facts, years, "rd_expense")
    staff = ratio(record.rd_staff, record.employees)
    checks = [
        sum_reaches(equity, missing_equity, spec.dec("small_min_equity_yuan")),
        sum_reaches(rd, missing_rd, spec.dec("small_min_rd_yuan")),
        None if staff is None else at_least(staff, spec.dec("small_min_rd_staff_ratio")),
    ]
    passed = all3(checks)
    if passed is None:
        staff_missing = [
            field_of(n, record.year) for n in ("rd_staff", "employees") if getattr(record, n) is None
        ]
        return needs_data(spec, missing_equity + missing_rd + staff_missing, role="route")
    summary = (
        f"股权融资 {wan_text(sum(equity, Decimal(0)))}; 研发费用 {wan_text(sum(rd, Decimal(0)))}; "
        f"研发人员占比 {ratio_text(staff or Fraction(0))}"
    )
    return Criterion.of(spec, passed, value=summary, reason=band.label, role="route")


def _institution(spec: Spec, facts: Facts) -> Criterion:
    level = facts.rd_institution_level
    if level is None:
        if facts.provincial_rd_institution:
            return Criterion.of(
                spec, True, value="provincial", reason="provincial_rd_institution = true", role="route"
            )
        return needs_data(spec, ["rd_institution_level"], role="route")
    return Criterion.of(
        spec, level != "none", value=level, reason=f"rd_institution_level = {level}", role="route"
    )


def _applied_ip(spec: Spec, facts: Facts) -> Criterion:
    count, minimum = facts.ip_class1_applied, spec.int("min_count")
    if count is None:
        return needs_data(spec, ["ip_class1_applied"], role="route")
    criterion = Criterion.of(
        spec,
        count >= minimum,
        value=str(count),
        threshold=f"≥ {minimum}",
        reason="应用Ⅰ类知识产权",
        role="route",
    )
    found = gaps.items(
        spec.code,
        count=minimum - count,
        what="项应用于主导产品的Ⅰ类知识产权",
        effect="方可满足要求",
        cost=Cost.IP_CLASS1,
    )
    if found:
        criterion.gaps.append(found)
    return criterion


def _share(spec: Spec, facts: Facts, *, role: Role = "route") -> Criterion:
    minimum = spec.dec("min_share")
    by_share = None if facts.market_share is None else at_least(facts.market_share, minimum)
    by_rank = None
    if spec.has("max_rank"):
        by_rank = (
            None if facts.market_rank_national is None else facts.market_rank_national <= spec.int("max_rank")
        )
        passed = any3([by_share, by_rank])
    else:
        passed = by_share
    if passed is None:
        names = ["market_share"] + (["market_rank_national"] if spec.has("max_rank") else [])
        return needs_data(spec, names, role=role)
    return Criterion.of(
        spec,
        passed,
        value=str(facts.market_share),
        threshold=f"≥ {minimum}",
        reason=f"全国细分市场占有率 {facts.market_share}; 排名 {facts.market_rank_national}",
        role=role,
    )


def _routes(book: Rulebook, facts: Facts) -> list[Criterion]:
    spec = book["LG-R1"]
    award = awards_within(
        facts,
        window_years=book.params.int("award_window_years"),
        levels=frozenset({"national"}),
        max_rank=spec.int("national_max_rank"),
    )
    r1 = (
        needs_data(spec, ["awards"], role="route")
        if award is None
        else Criterion.of(spec, award, reason="国家级科技奖励前三", role="route")
    )
    spec = book["LG-R2"]
    rank = facts.chuangke_rank_3y
    r2 = (
        needs_data(spec, ["chuangke_rank_3y"], role="route")
        if rank is None
        else Criterion.of(
            spec,
            0 < rank <= spec.int("max_rank"),
            value=str(rank),
            threshold=f"≤ {spec.int('max_rank')}",
            reason="创客中国名次",
            role="route",
        )
    )
    return [r1, r2]


def evaluate_2026(facts: Facts, book: Rulebook) -> Result:
    result = Result(book, facts.evaluated_on, pass_mark=book.pass_mark)
    add_base(result, facts)
    year = last_year(facts, book)
    record = record_of(facts, year)
    result.add(prior_title(book["L26-1"], facts))
    result.add(niche(book["L26-2"], facts))
    result.add(_revenue(book["L26-3"], record))
    result.add(main_share(book["L26-4"], record))
    result.add(_cagr(book["L26-5"], facts, year))
    result.add(debt_cap(book["L26-6"], record))
    result.add(_rd_2026(book["L26-7"], facts, book))
    result.add(
        ip_or_waiver(book["L26-8"], facts, book, levels=frozenset({"national"}), institution_waives=False)
    )
    result.add(_share(book["L26-9"], facts, role="condition"))
    result.add(manual_condition(result, book["L26-10"], facts))
    result.add(manual_score(result, book["L26-11"], facts, book.pass_mark or 0))
    return result


def _revenue(spec: Spec, record: YearFacts) -> Criterion:
    minimum = spec.dec("min_revenue_yuan")
    if record.operating_revenue is None:
        return needs_data(spec, [field_of("operating_revenue", record.year)])
    criterion = Criterion.of(
        spec,
        record.operating_revenue >= minimum,
        value=str(record.operating_revenue),
        threshold=f"≥ {minimum}",
        reason="上年度营业收入",
    )
    found = gaps.amount_to_minimum(
        spec.code, current=record.operating_revenue, minimum=minimum, what="上年度营业收入"
    )
    if found:
        criterion.gaps.append(found)
    return criterion


def _cagr(spec: Spec, facts: Facts, year: int) -> Criterion:
    """(Y3 ÷ Y1)^(1/2) − 1 ≥ t, compared exactly as Y3 ≥ Y1 × (1 + t)²."""
    minimum = spec.dec("min_cagr")
    values, missing = yearly_values(facts, [year - 2, year], "main_business_revenue")
    if missing:
        return needs_data(spec, missing)
    first, last = (Fraction(v) for v in values)
    if first <= 0:
        return needs_data(spec, [field_of("main_business_revenue", year - 2) + " > 0"])
    factor = (1 + Fraction(minimum)) ** 2
    return Criterion.of(
        spec,
        last >= first * factor,
        value=ratio_text(last / first),
        threshold=f"Y3 ÷ Y1 ≥ {ratio_text(factor)}",
        reason=f"主营业务收入 {values[0]} → {values[1]}（两年）",
    )


def _rd_2026(spec: Spec, facts: Facts, book: Rulebook) -> Criterion:
    years = window(facts, book, book.params.int("equity_window_years"))
    total_min, rate = spec.dec("min_rd_total_yuan"), spec.dec("min_rd_ratio")
    rd, missing = yearly_values(facts, years, "rd_expense")
    checks: list[bool | None] = [sum_reaches(rd, missing, total_min)]
    for year in years:
        rec = record_of(facts, year)
        share = ratio(rec.rd_expense, rec.operating_revenue)
        checks.append(None if share is None else at_least(share, rate))
        if share is None and rec.operating_revenue is None:
            missing.append(field_of("operating_revenue", year))
    passed = all3(checks)
    if passed is None:
        return needs_data(spec, sorted(set(missing)) or ["operating_revenue > 0"])
    total = Decimal(sum(rd, Decimal(0)))
    criterion = Criterion.of(
        spec, passed, value=str(total), threshold=f"Σ ≥ {total_min}; 每年 ≥ {rate}", reason="近2年研发费用"
    )
    found = gaps.amount_to_minimum(
        spec.code, current=total, minimum=total_min, what="近2年研发费用总额", cost=Cost.SPEND
    )
    if found:
        criterion.gaps.append(found)
    return criterion
