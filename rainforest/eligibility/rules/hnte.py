"""高新技术企业认定, 国科发火〔2016〕32号 第十一条 and 工作指引 国科发火〔2016〕195号.

Conditions HNTE-1..8 (with HNTE-5b, domestic R&D) are all required. Years = the accounting years before
the application year (evaluated_on.year), at most `window_years`, and none before the registration year
(fewer operating years). HNTE-4 and HNTE-6 use the latest of them; HNTE-5's band follows its sales.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from rainforest.eligibility import gaps
from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.fmt import ratio_text, wan_text
from rainforest.eligibility.gaps import Cost
from rainforest.eligibility.result import Criterion, Result, range_verdict
from rainforest.eligibility.rulebook import Points, Rulebook, Spec
from rainforest.eligibility.rules import hnte_score
from rainforest.eligibility.rules._common import at_least, field_of, flag, needs_data, ratio, yearly_values


def hnte_years(facts: Facts, window_years: int) -> list[int]:
    """The accounting years the HNTE ratios and growth use, oldest first."""
    application_year = facts.evaluated_on.year
    first = application_year - window_years
    if facts.registered_on is not None:
        first = max(first, facts.registered_on.year)
    return list(range(first, application_year))


def evaluate(facts: Facts, book: Rulebook) -> Result:
    result = Result(book, facts.evaluated_on, pass_mark=book.pass_mark)
    years = hnte_years(facts, book.params.int("window_years"))
    latest = facts.year(years[-1]) if years else None
    latest = latest or YearFacts(year=years[-1] if years else facts.evaluated_on.year - 1)

    result.add(_age(book["HNTE-1"], facts))
    result.add(flag(book["HNTE-2"], facts.owns_core_ip, "owns_core_ip", required=True))
    result.add(_field(book["HNTE-3"], facts))
    result.add(_staff(book["HNTE-4"], latest))
    result.add(_rd_share(book["HNTE-5"], facts, years))
    result.add(_domestic(book["HNTE-5b"], facts, years))
    result.add(_hitech(book["HNTE-6"], latest))
    total, items = hnte_score.score(result, facts, years)
    result.score = total
    result.add(_capability(book["HNTE-7"], total, book.pass_mark or 0, items))
    result.add(flag(book["HNTE-8"], facts.major_incident_12m, "major_incident_12m", required=False))
    for item in items:
        result.add(item)
    return result


def _age(spec: Spec, facts: Facts) -> Criterion:
    if facts.registered_on is None:
        return needs_data(spec, ["registered_on"])
    min_days = spec.int("min_days")
    days = (facts.evaluated_on - facts.registered_on).days
    criterion = Criterion.of(
        spec,
        days >= min_days,
        value=f"{days}天",
        threshold=f"≥ {min_days}天",
        reason=f"注册于 {facts.registered_on.isoformat()}",
    )
    found = gaps.wait_until(
        spec.code,
        day=facts.registered_on + timedelta(days=min_days),
        evaluated_on=facts.evaluated_on,
        what="注册满一年",
    )
    if found:
        criterion.gaps.append(found)
    return criterion


def _field(spec: Spec, facts: Facts) -> Criterion:
    if facts.tech_field is None:
        return needs_data(spec, ["tech_field"])
    fields = frozenset(spec.values["fields"])
    return Criterion.of(
        spec, facts.tech_field in fields, value=facts.tech_field, reason=f"tech_field = {facts.tech_field}"
    )


def _staff(spec: Spec, record: YearFacts) -> Criterion:
    threshold = spec.dec("min_ratio")
    share = ratio(record.tech_staff, record.employees)
    if share is None or record.tech_staff is None or record.employees is None:
        missing = [
            field_of(name, record.year)
            for name in ("tech_staff", "employees")
            if getattr(record, name) is None
        ]
        return needs_data(spec, missing or [field_of("employees", record.year) + " > 0"])
    passed = at_least(share, threshold)
    criterion = Criterion.of(
        spec,
        passed,
        value=ratio_text(share),
        threshold=str(threshold),
        percent=True,
        reason=f"科技人员 {record.tech_staff} ÷ 职工总数 {record.employees} ({record.year})",
    )
    criterion.gaps += gaps.staff(
        spec.code,
        employees=record.employees,
        staff_count=record.tech_staff,
        threshold=threshold,
        who="科技人员",
    )
    return criterion


def _period(years: list[int]) -> str:
    return "近三年" if len(years) == 3 else f"近{len(years)}年"


def _rd_share(spec: Spec, facts: Facts, years: list[int]) -> Criterion:
    if not years:
        return needs_data(spec, ["years (no complete accounting year)"])
    rd, missing_rd = yearly_values(facts, years, "rd_expense")
    sales, missing_sales = yearly_values(facts, years, "sales_revenue")
    if missing_rd or missing_sales:
        return needs_data(spec, missing_rd + missing_sales)
    latest_sales = sales[-1]
    band = spec.bands("sales_bands").find(latest_sales)
    rate = band.rate or Decimal(0)
    total_rd, total_sales = Decimal(sum(rd)), Decimal(sum(sales))
    share = ratio(total_rd, total_sales)
    if share is None:
        return needs_data(spec, [f"{field_of('sales_revenue', years[-1])} (Σ sales > 0)"])
    criterion = Criterion.of(
        spec,
        at_least(share, rate),
        value=ratio_text(share),
        threshold=str(rate),
        percent=True,
        reason=f"Σ 研发费用 {total_rd} ÷ Σ 销售收入 {total_sales}（{years[0]}–{years[-1]}）；最近一年销售收入 {wan_text(latest_sales)}：{band.label}",
    )
    found = gaps.amount_for_ratio(
        spec.code,
        numerator=total_rd,
        denominator=total_sales,
        threshold=rate,
        what="研发费用",
        period=_period(years),
    )
    if found:
        criterion.gaps.append(found)
    return criterion


def _domestic(spec: Spec, facts: Facts, years: list[int]) -> Criterion:
    threshold = spec.dec("min_ratio")
    domestic, missing_domestic = yearly_values(facts, years, "rd_expense_domestic")
    rd, missing_rd = yearly_values(facts, years, "rd_expense")
    if not years or missing_domestic or missing_rd:
        return needs_data(spec, missing_domestic + missing_rd or ["years (no complete accounting year)"])
    total_domestic, total_rd = Decimal(sum(domestic)), Decimal(sum(rd))
    share = ratio(total_domestic, total_rd)
    if share is None:
        return needs_data(spec, ["rd_expense (Σ R&D > 0)"])
    criterion = Criterion.of(
        spec,
        at_least(share, threshold),
        value=ratio_text(share),
        threshold=str(threshold),
        percent=True,
        reason=f"Σ 境内研发费用 {total_domestic} ÷ Σ 研发费用 {total_rd}",
    )
    found = gaps.amount_for_ratio(
        spec.code,
        numerator=total_domestic,
        denominator=total_rd,
        threshold=threshold,
        what="境内研发费用",
        period=_period(years),
        part_of_denominator=True,
    )
    if found:
        criterion.gaps.append(found)
    return criterion


def _hitech(spec: Spec, record: YearFacts) -> Criterion:
    threshold = spec.dec("min_ratio")
    share = ratio(record.hitech_income, record.total_income)
    if share is None or record.hitech_income is None or record.total_income is None:
        missing = [
            field_of(name, record.year)
            for name in ("hitech_income", "total_income")
            if getattr(record, name) is None
        ]
        return needs_data(spec, missing or [field_of("total_income", record.year) + " > 0"])
    criterion = Criterion.of(
        spec,
        at_least(share, threshold),
        value=ratio_text(share),
        threshold=str(threshold),
        percent=True,
        reason=f"高新技术产品（服务）收入 {record.hitech_income} ÷ 总收入 {record.total_income} ({record.year})",
    )
    found = gaps.amount_for_ratio(
        spec.code,
        numerator=record.hitech_income,
        denominator=record.total_income,
        threshold=threshold,
        what="高新技术产品（服务）收入",
        period="最近一年",
        part_of_denominator=True,
        cost=Cost.GROW,
    )
    if found:
        criterion.gaps.append(found)
    return criterion


def _capability(spec: Spec, total: Points, pass_mark: int, items: list[Criterion]) -> Criterion:
    low, high = total
    passed = range_verdict(total, pass_mark)
    shown = str(low) if low == high else f"[{low}, {high}]"
    criterion = Criterion.of(
        spec,
        passed,
        value=shown,
        threshold=f"≥ {pass_mark}",
        points=total,
        reason=f"创新能力评价得分 {shown}（整数分，> {pass_mark - 1}）",
    )
    if passed is False:
        criterion.gap_text = f"得分上限{high}分，至少还需{pass_mark - high}分方可达到{pass_mark}分"
    elif passed is None:
        criterion.gap_text = (
            f"得分区间[{low}, {high}]跨越{pass_mark}分，取决于专家评分；提高下限{pass_mark - low}分可确保通过"
        )
    if passed is not True:
        moves = [gap for item in items for gap in item.gaps if gap.points_gain]
        if moves:
            best = max(moves, key=lambda gap: (gap.points_gain or 0, -gap.cost))
            criterion.gap_text = f"{criterion.gap_text}；得分最多的一步：{best.text}"
    else:
        for item in items:
            item.gaps.clear()  # passed: band moves are not needed
    return criterion
