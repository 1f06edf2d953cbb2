"""专精特新中小企业认定: 2022 rules (工信部企业〔2022〕63号) and 2026 rules (工信部企业〔2026〕2号,
SECONDARY; the development-quality score formula is UNCONFIRMED and comes in as an officer's figure).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from rainforest.eligibility import gaps
from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.fmt import ratio_text, wan_text
from rainforest.eligibility.gaps import Cost
from rainforest.eligibility.result import Criterion, Result, Role, add_points, item_passed, range_verdict
from rainforest.eligibility.rulebook import Points, Rulebook, Spec
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
    band_move,
    banded_ratio,
    banded_value,
    debt_cap,
    equity_route,
    full_years,
    last_year,
    main_share,
    manual_condition,
    manual_item,
    manual_score,
    niche,
    prior_title,
    record_of,
    tiered,
    window,
)


def revenue_or_equity(spec: Spec, facts: Facts, book: Rulebook, record: YearFacts) -> Criterion:
    """Last year's operating revenue ≥ min_revenue_yuan, or Σ qualified equity in the window ≥ min_equity_yuan."""
    minimum = spec.dec("min_revenue_yuan")
    years = window(facts, book, book.params.int("equity_window_years"))
    equity = equity_route(spec, facts, years, "min_equity_yuan")
    by_revenue = None if record.operating_revenue is None else record.operating_revenue >= minimum
    passed = any3([by_revenue, equity.passed])
    if passed is None:
        missing = [field_of("operating_revenue", record.year)] if by_revenue is None else []
        if equity.passed is None:
            missing += equity.reason.removeprefix("needs data: ").split(", ")
        return needs_data(spec, missing)
    criterion = Criterion.of(
        spec,
        passed,
        value=str(record.operating_revenue),
        threshold=f"≥ {minimum}",
        reason=f"营业收入 {record.operating_revenue}; {equity.reason}",
    )
    if record.operating_revenue is not None:
        found = gaps.amount_to_minimum(
            spec.code, current=record.operating_revenue, minimum=minimum, what="上年度营业收入"
        )
        if found and not passed:
            criterion.gaps.append(found)
    return criterion


def rd_each_year(spec: Spec, facts: Facts, years: list[int], *, role: Role = "condition") -> Criterion:
    """Each year: R&D ≥ min_rd_yuan and R&D ÷ operating revenue ≥ min_rd_ratio."""
    floor, rate = spec.dec("min_rd_yuan"), spec.dec("min_rd_ratio")
    outcomes: list[bool | None] = []
    shown: list[str] = []
    missing: list[str] = []
    criterion_gaps: list[gaps.Gap] = []
    for year in years:
        record = record_of(facts, year)
        rd, revenue = record.rd_expense, record.operating_revenue
        if rd is None:
            missing.append(field_of("rd_expense", year))
            outcomes.append(None)
            continue
        share = ratio(rd, revenue)
        amount_ok = rd >= floor
        share_ok = None if share is None else at_least(share, rate)
        if share is None:
            missing.append(field_of("operating_revenue", year))
        outcomes.append(all3([amount_ok, share_ok]))
        shown.append(f"{year}: {wan_text(rd)}" + ("" if share is None else f", {ratio_text(share)}"))
        found = gaps.amount_to_minimum(
            spec.code, current=rd, minimum=floor, what=f"{year}年研发费用", cost=Cost.SPEND
        )
        if found:
            criterion_gaps.append(found)
        if revenue is not None and share is not None and not share_ok:
            ratio_gap = gaps.amount_for_ratio(
                spec.code,
                numerator=rd,
                denominator=revenue,
                threshold=rate,
                what="研发费用",
                period=f"{year}年",
            )
            if ratio_gap:
                criterion_gaps.append(ratio_gap)
    passed = all3(outcomes)
    if passed is None:
        return needs_data(spec, missing, role=role)
    criterion = Criterion.of(
        spec,
        passed,
        value="; ".join(shown),
        threshold=f"≥ {floor} 且 ≥ {rate}",
        reason="研发费用及占营业收入比重",
        role=role,
    )
    criterion.gaps = criterion_gaps
    return criterion


def ip_or_waiver(
    spec: Spec, facts: Facts, book: Rulebook, *, levels: frozenset[str], institution_waives: bool
) -> Criterion:
    count = facts.ip_class1_applied
    minimum = spec.int("min_count")
    by_ip = None if count is None else count >= minimum
    waived = awards_within(
        facts,
        window_years=book.params.int("award_window_years"),
        levels=levels,
        max_rank=spec.int("waiver_max_rank"),
    )
    options = [by_ip, waived] + ([facts.provincial_rd_institution] if institution_waives else [])
    passed = any3(options)
    if passed is None:
        names = [n for n, v in (("ip_class1_applied", by_ip), ("awards", waived)) if v is None]
        if institution_waives and facts.provincial_rd_institution is None:
            names.append("provincial_rd_institution")
        return needs_data(spec, names)
    criterion = Criterion.of(
        spec,
        passed,
        value=str(count),
        threshold=f"≥ {minimum}",
        reason=f"应用Ⅰ类知识产权 {count} 项; 豁免: {waived}",
    )
    if count is not None and not passed:
        found = gaps.items(
            spec.code,
            count=minimum - count,
            what="项应用于主导产品的Ⅰ类知识产权",
            effect="方可满足知识产权要求",
            cost=Cost.IP_CLASS1,
        )
        if found:
            criterion.gaps.append(found)
    return criterion


def evaluate_2022(facts: Facts, book: Rulebook) -> Result:
    result = Result(book, facts.evaluated_on, pass_mark=book.pass_mark)
    add_base(result, facts)
    year = last_year(facts, book)
    record = record_of(facts, year)
    result.add(niche(book["SRDI-1"], facts))
    result.add(revenue_or_equity(book["SRDI-2"], facts, book, record))
    result.add(rd_each_year(book["SRDI-3"], facts, [year]))

    items = [
        banded_ratio(
            book["SP-1"], record, "main_business_revenue", "operating_revenue", label="主营业务收入"
        ),
        _average_growth_item(book["SP-2"], facts, year),
        _niche_points(book["SP-3"], facts),
        manual_item(result, book["SP-4"], facts),
        manual_item(result, book["FP-1"], facts),
        manual_item(result, book["FP-2"], facts),
        banded_ratio(book["FP-3"], record, "net_profit", "operating_revenue", label="净利润"),
        _debt_points(book["FP-4"], record),
        manual_item(result, book["FS-1"], facts),
        tiered(book["IN-1"], facts),
        _rd_points(book["IN-2"], record),
        banded_ratio(book["IN-3"], record, "rd_staff", "employees", label="研发人员"),
        _institution(book["IN-4"], facts),
    ]
    total = add_points(*(item.points or (0, 0) for item in items))
    result.score = total
    routes = _routes_2022(book, facts, year)
    by_score = range_verdict(total, book.pass_mark or 0)
    passed = any3([any3(route.passed for route in routes), by_score])
    verdict = Criterion.of(
        book["SRDI-4"],
        passed,
        value=_text(total),
        threshold=f"≥ {book.pass_mark}",
        points=total,
        reason=f"评价得分 {_text(total)}",
    )
    if passed is not True:
        for item in items:
            if item.code == "SP-1":
                item.gaps += band_move(
                    book["SP-1"],
                    record.main_business_revenue,
                    record.operating_revenue,
                    what="主营业务收入",
                    part=True,
                )
            elif item.code == "IN-3":
                item.gaps += _staff_move(book["IN-3"], record)
    result.add(verdict)
    for criterion in (*items, *routes):
        result.add(criterion)
    return result


def _text(points: Points) -> str:
    return str(points[0]) if points[0] == points[1] else f"[{points[0]}, {points[1]}]"


def _average_growth_item(spec: Spec, facts: Facts, year: int) -> Criterion:
    values, missing = yearly_values(facts, [year - 2, year - 1, year], "main_business_revenue")
    growth = None if missing else average_growth(values)
    if not missing and growth is None:
        missing = ["main_business_revenue > 0 (base years)"]
    return banded_value(
        spec, spec.bands(), growth, missing, reason=f"主营业务收入 {' → '.join(str(v) for v in values)}"
    )


def _niche_points(spec: Spec, facts: Facts) -> Criterion:
    top = spec.int("max")
    if facts.niche_market_since is None:
        return needs_data(spec, ["niche_market_since"], role="item", points=(0, top))
    held = full_years(facts.niche_market_since, facts.evaluated_on)
    points = min(held // spec.int("years_per_point"), top)
    return Criterion.of(
        spec,
        item_passed((points, points)),
        value=f"{held}年",
        points=(points, points),
        reason=f"每满{spec.int('years_per_point')}年1分",
        role="item",
    )


def _debt_points(spec: Spec, record: YearFacts) -> Criterion:
    return banded_ratio(spec, record, "total_liabilities", "total_assets", label="负债总额")


def _rd_points(spec: Spec, record: YearFacts) -> Criterion:
    """The higher of the amount band and the ratio band; one of them unknown → [known, max]."""
    amount_bands, ratio_bands = spec.bands("amount_bands"), spec.bands("ratio_bands")
    top = max(amount_bands.max_points, ratio_bands.max_points)
    if record.rd_expense is None:
        return needs_data(spec, [field_of("rd_expense", record.year)], role="item", points=(0, top))
    by_amount = (amount_bands.find(record.rd_expense).points or (0, 0))[0]
    share = ratio(record.rd_expense, record.operating_revenue)
    if share is None:
        points = (by_amount, top)
        return needs_data(spec, [field_of("operating_revenue", record.year)], role="item", points=points)
    best = max(by_amount, (ratio_bands.find(share).points or (0, 0))[0])
    return Criterion.of(
        spec,
        item_passed((best, best)),
        value=f"{wan_text(record.rd_expense)}; {ratio_text(share)}",
        points=(best, best),
        reason="金额与占比取高者",
        role="item",
    )


def _institution(spec: Spec, facts: Facts) -> Criterion:
    table = spec.values["level_points"]
    if facts.rd_institution_level is None:
        return needs_data(
            spec, ["rd_institution_level"], role="item", points=(0, max(int(v) for v in table.values()))
        )
    points = int(table[facts.rd_institution_level])
    return Criterion.of(
        spec,
        item_passed((points, points)),
        value=facts.rd_institution_level,
        points=(points, points),
        reason="研发机构级别",
        role="item",
    )


def _staff_move(spec: Spec, record: YearFacts) -> list[gaps.Gap]:
    share = ratio(record.rd_staff, record.employees)
    if share is None or record.rd_staff is None or record.employees is None:
        return []
    bands = spec.bands()
    current = bands.find(share)
    better = bands.better_than(current)
    if better is None or better.lower is None or better.points is None:
        return []
    gain = better.points[0] - (current.points or (0, 0))[0]
    return gaps.staff(
        spec.code,
        employees=record.employees,
        staff_count=record.rd_staff,
        threshold=better.lower,
        who="研发人员",
        points_gain=gain,
    )


def _routes_2022(book: Rulebook, facts: Facts, year: int) -> list[Criterion]:
    window_years = book.params.int("award_window_years")
    spec = book["SRDI-R1"]
    provincial = awards_within(
        facts,
        window_years=window_years,
        levels=frozenset({"provincial"}),
        max_rank=spec.int("provincial_max_rank"),
    )
    national = awards_within(
        facts,
        window_years=window_years,
        levels=frozenset({"national"}),
        max_rank=spec.int("national_max_rank"),
    )
    award = any3([provincial, national])
    r1 = (
        needs_data(spec, ["awards"], role="route")
        if award is None
        else Criterion.of(spec, award, reason="科技奖励", role="route")
    )

    spec = book["SRDI-R2"]
    values, missing = yearly_values(facts, [year - 1, year], "rd_expense")
    average = None if missing else Fraction(sum(values, Decimal(0))) / len(values)
    minimum = spec.dec("min_average_rd_yuan")
    if average is None:
        r2 = needs_data(spec, missing, role="route")
    else:
        r2 = Criterion.of(
            spec,
            at_least(average, minimum),
            value=ratio_text(average),
            threshold=f"≥ {minimum}",
            reason="近2年研发费用均值",
            role="route",
        )

    r3 = equity_route(
        book["SRDI-R3"], facts, window(facts, book, book.params.int("equity_window_years")), "min_equity_yuan"
    )

    spec = book["SRDI-R4"]
    rank = facts.chuangke_rank_3y
    r4 = (
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
    return [r1, r2, r3, r4]


def evaluate_2026(facts: Facts, book: Rulebook) -> Result:
    result = Result(book, facts.evaluated_on, pass_mark=book.pass_mark)
    add_base(result, facts)
    year = last_year(facts, book)
    record = record_of(facts, year)
    result.add(prior_title(book["S26-1"], facts))
    result.add(niche(book["S26-2"], facts))
    result.add(revenue_or_equity(book["S26-3"], facts, book, record))
    result.add(main_share(book["S26-4"], record))
    result.add(debt_cap(book["S26-5"], record))
    result.add(rd_each_year(book["S26-6"], facts, [year - 1, year]))
    result.add(
        ip_or_waiver(
            book["S26-7"], facts, book, levels=frozenset({"national", "provincial"}), institution_waives=True
        )
    )
    result.add(manual_score(result, book["S26-8"], facts, book.pass_mark or 0))
    result.add(manual_condition(result, book["S26-9"], facts))
    return result
