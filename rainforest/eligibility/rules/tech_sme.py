"""科技型中小企业评价, 国科发政〔2017〕115号.

Pass = TSME-1..4 ∧ (a direct route ∨ (score ≥ 60 ∧ staff score > 0)). The score is A + B + C with
B = max(B1, B2); when only one of B1, B2 is computable, B = [that, 50] (the firm may choose the other).
The figures are those of the last complete accounting year before `evaluated_on` (TEAM DESIGN, Q4).
"""

from __future__ import annotations

from rainforest.eligibility import gaps
from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.gaps import Cost, Gap
from rainforest.eligibility.result import Criterion, Result, add_points, item_passed, range_verdict
from rainforest.eligibility.rulebook import Points, Rulebook, Spec
from rainforest.eligibility.rules._common import (
    all3,
    any3,
    at_most,
    banded_item,
    field_of,
    flag,
    flags,
    needs_data,
    ratio,
)


def evaluate(facts: Facts, book: Rulebook) -> Result:
    result = Result(book, facts.evaluated_on, pass_mark=book.pass_mark)
    year = facts.evaluated_on.year - book.params.int("data_year_offset")
    record = facts.year(year) or YearFacts(year=year)

    result.add(flag(book["TSME-1"], facts.resident_enterprise, "resident_enterprise", required=True))
    result.add(_size(book["TSME-2"], record))
    result.add(flag(book["TSME-3"], facts.restricted_industry, "restricted_industry", required=False))
    result.add(
        flags(
            book["TSME-4"],
            {"major_incident_tsme": facts.major_incident_tsme, "dishonest_listed": facts.dishonest_listed},
            required=False,
        )
    )
    routes = [
        flag(book["TSME-R1"], facts.has_valid_hnte, "has_valid_hnte", required=True, role="route"),
        flag(
            book["TSME-R2"],
            facts.national_award_top3_5y,
            "national_award_top3_5y",
            required=True,
            role="route",
        ),
        flag(
            book["TSME-R3"],
            facts.provincial_rd_institution,
            "provincial_rd_institution",
            required=True,
            role="route",
        ),
        flag(book["TSME-R4"], facts.led_standard_5y, "led_standard_5y", required=True, role="route"),
    ]
    staff = _staff(book["TSME-A"], record)
    b1, b2, rd = _rd(book, record)
    ip = _ip(book["TSME-C"], facts)
    items = [staff, rd, ip]
    score = add_points(*(item.points or (0, 0) for item in items))
    result.score = score

    pass_mark = book.pass_mark or 0
    by_score = all3([range_verdict(score, pass_mark), staff.passed])  # staff score 0 is a veto
    by_route = any3(route.passed for route in routes)
    overall = any3([by_route, by_score])
    reason = f"直接入库条件: {_tri(by_route)}; 综合得分 {_range(score)} (≥ {pass_mark}), 科技人员得分 {_range(staff.points)}"
    verdict = Criterion.of(
        book["TSME-5"], overall, value=_range(score), threshold=str(pass_mark), points=score, reason=reason
    )
    if overall is not True:
        _score_gaps(book, record, facts, staff, b1, b2, rd, ip, verdict, score, pass_mark)
    for criterion in (verdict, staff, b1, b2, rd, ip, *routes):
        result.add(criterion)
    return result


def _tri(value: bool | None) -> str:
    return {True: "是", False: "否", None: "待补充"}[value]


def _range(points: Points | None) -> str:
    if points is None:
        return "?"
    return str(points[0]) if points[0] == points[1] else f"[{points[0]}, {points[1]}]"


def _size(spec: Spec, record: YearFacts) -> Criterion:
    checks = {
        field_of("employees", record.year): (record.employees, spec.dec("max_employees")),
        field_of("sales_revenue", record.year): (record.sales_revenue, spec.dec("max_sales_yuan")),
        field_of("total_assets", record.year): (record.total_assets, spec.dec("max_total_assets_yuan")),
    }
    outcomes = {name: None if value is None else at_most(value, cap) for name, (value, cap) in checks.items()}
    value = f"职工 {record.employees} 人; 销售收入 {record.sales_revenue}; 资产总额 {record.total_assets}"
    threshold = "; ".join(f"≤ {cap}" for _, cap in checks.values())
    if any(ok is False for ok in outcomes.values()):
        over = [name for name, ok in outcomes.items() if ok is False]
        return Criterion.of(
            spec, False, value=value, threshold=threshold, reason="超过上限: " + ", ".join(over)
        )
    missing = [name for name, ok in outcomes.items() if ok is None]
    if missing:
        return needs_data(spec, missing)
    return Criterion.of(spec, True, value=value, threshold=threshold, reason="规模均在上限以内")


def _staff(spec: Spec, record: YearFacts) -> Criterion:
    bands = spec.bands()
    share = ratio(record.tech_staff, record.employees)
    if share is None:
        missing = [
            field_of(name, record.year)
            for name in ("tech_staff", "employees")
            if getattr(record, name) is None
        ]
        return needs_data(
            spec,
            missing or [field_of("employees", record.year) + " > 0"],
            role="item",
            points=(0, bands.max_points),
        )
    return banded_item(
        spec,
        bands,
        share,
        reason=f"科技人员 {record.tech_staff} ÷ 职工总数 {record.employees}",
        percent=True,
    )


def _rd(book: Rulebook, record: YearFacts) -> tuple[Criterion, Criterion, Criterion]:
    results = []
    for code, denominator_name in (("TSME-B1", "sales_revenue"), ("TSME-B2", "cost_expense")):
        spec = book[code]
        denominator = getattr(record, denominator_name)
        share = ratio(record.rd_expense, denominator)
        if share is None:
            missing = [
                field_of(name, record.year)
                for name in ("rd_expense", denominator_name)
                if getattr(record, name) is None
            ]
            results.append(
                needs_data(spec, missing or [field_of(denominator_name, record.year) + " > 0"], role="route")
            )
        else:
            item = banded_item(
                spec,
                spec.bands(),
                share,
                reason=f"研发费用 {record.rd_expense} ÷ {denominator_name} {denominator}",
                percent=True,
            )
            item.role = "route"
            results.append(item)
    b1, b2 = results
    top = max(book["TSME-B1"].bands().max_points, book["TSME-B2"].bands().max_points)
    known = [item.points[0] for item in (b1, b2) if item.points is not None]
    spec = book["TSME-B"]
    if len(known) == 2:
        best = max(known)
        points: Points = (best, best)
        reason = f"取 B1、B2 之高者: {best}"
    elif known:
        points = (known[0], top)
        reason = f"仅一项可计算 ({known[0]} 分)，企业可选另一项: [{known[0]}, {top}]"
    else:
        points = (0, top)
        reason = "needs data: " + ", ".join(
            b1.reason.removeprefix("needs data: ").split(", ")
            + b2.reason.removeprefix("needs data: ").split(", ")
        )
    passed = item_passed(points) if known else None
    rd = Criterion.of(spec, passed, value=_range(points), points=points, reason=reason, role="item")
    return b1, b2, rd


def _ip(spec: Spec, facts: Facts) -> Criterion:
    bands = spec.bands("class2_bands")
    class1_points = spec.int("class1_points")
    class1, class2 = facts.ip_class1, facts.ip_class2
    value = f"Ⅰ类 {class1}; Ⅱ类 {class2}"
    if class1 is not None and class1 >= spec.int("class1_min"):
        return Criterion.of(
            spec,
            True,
            value=value,
            threshold=f"Ⅰ类 ≥ {spec.int('class1_min')}",
            points=(class1_points, class1_points),
            reason="拥有Ⅰ类知识产权",
            role="item",
        )
    if class2 is None:
        top = class1_points if class1 is None else bands.max_points
        return needs_data(
            spec, ["ip_class2"] + (["ip_class1"] if class1 is None else []), role="item", points=(0, top)
        )
    band = bands.find(class2)
    low = band.points[0] if band.points else 0
    if class1 is None:  # one Class I would lift the item to its maximum
        return Criterion.of(
            spec,
            item_passed((low, class1_points)),
            value=value,
            points=(low, class1_points),
            reason="needs data: ip_class1",
            role="item",
        )
    return Criterion.of(
        spec,
        item_passed((low, low)),
        value=value,
        threshold=f"Ⅱ类 {band.interval}",
        points=(low, low),
        reason=f"无Ⅰ类；Ⅱ类 {class2} 件",
        role="item",
    )


def _score_gaps(
    book: Rulebook,
    record: YearFacts,
    facts: Facts,
    staff: Criterion,
    b1: Criterion,
    b2: Criterion,
    rd: Criterion,
    ip: Criterion,
    verdict: Criterion,
    score: Points,
    pass_mark: int,
) -> None:
    """Band moves that raise the score, each with its points; the TSME-5 gap names the one worth most."""
    if record.employees and record.tech_staff is not None and staff.points is not None:
        bands = book["TSME-A"].bands()
        current = bands.find(ratio(record.tech_staff, record.employees) or 0)
        better = bands.better_than(current)
        if better is not None and better.lower is not None:
            gain = (better.points or (0, 0))[0] - (current.points or (0, 0))[0]
            staff.gaps += gaps.staff(
                "TSME-A",
                employees=record.employees,
                staff_count=record.tech_staff,
                threshold=better.lower,
                who="科技人员",
                points_gain=gain,
            )
    rd_now = rd.points[0] if rd.points and rd.points[0] == rd.points[1] else None
    if rd_now is not None and record.rd_expense is not None:
        for item, denominator, part in ((b1, record.sales_revenue, False), (b2, record.cost_expense, True)):
            bands = book[item.code].bands()
            share = ratio(record.rd_expense, denominator)
            if share is None or denominator is None:
                continue
            better = bands.better_than(bands.find(share))
            # the band just above the current B total, measured on this indicator
            while better is not None and (better.points or (0, 0))[0] <= rd_now:
                better = bands.better_than(better)
            if better is None or better.lower is None:
                continue
            gain = (better.points or (0, 0))[0] - rd_now
            found = gaps.amount_for_ratio(
                "TSME-B",
                numerator=record.rd_expense,
                denominator=denominator,
                threshold=better.lower,
                what=f"研发费用（按{'销售收入' if item.code == 'TSME-B1' else '成本费用'}计）",
                part_of_denominator=part,
                points_gain=gain,
            )
            if found:
                rd.gaps.append(found)
    _ip_gaps(book["TSME-C"], facts, ip)
    if staff.passed is False:
        verdict.gap_text = "科技人员指标得分为0（一票否决）：" + "；".join(gap.text for gap in staff.gaps)
        return
    needed = pass_mark - score[1]
    candidates: list[Gap] = [gap for item in (staff, rd, ip) for gap in item.gaps if gap.points_gain]
    if needed > 0 and candidates:
        best = max(candidates, key=lambda gap: (gap.points_gain or 0, -gap.cost))
        verdict.gap_text = f"综合得分至少还需{needed}分；得分最多的一步：{best.text}"


def _ip_gaps(spec: Spec, facts: Facts, ip: Criterion) -> None:
    if ip.points is None or ip.points[0] != ip.points[1]:
        return
    now = ip.points[0]
    top = spec.int("class1_points")
    if now >= top:
        return
    found = gaps.items(
        "TSME-C",
        count=1,
        what="件Ⅰ类知识产权",
        effect=f"科技成果得分可提高至{top}分",
        cost=Cost.IP_CLASS1,
        points_gain=top - now,
    )
    if found:
        ip.gaps.append(found)
    bands = spec.bands("class2_bands")
    if facts.ip_class2 is not None:
        better = bands.better_than(bands.find(facts.ip_class2))
        if better is not None and better.lower is not None and better.points is not None:
            more = int(better.lower) - facts.ip_class2
            extra = gaps.items(
                "TSME-C",
                count=more,
                what="件Ⅱ类知识产权",
                effect=f"科技成果得分可提高至{better.points[0]}分",
                cost=Cost.IP_CLASS2,
                points_gain=better.points[0] - now,
            )
            if extra:
                ip.gaps.append(extra)
