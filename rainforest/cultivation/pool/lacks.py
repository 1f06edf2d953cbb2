"""What a candidate lacks, in Chinese: the gaps of its failing conditions (cheapest first), its margins
(a score straddling the pass mark, an HNTE ratio that passes narrowly) and the facts still to verify."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from rainforest.cultivation.pool.common import HNTE, NEAR, NO_KNOWN_FIX, SCORE_LABELS, Shortfall
from rainforest.eligibility import gaps as gap_kit
from rainforest.eligibility.facts import Facts
from rainforest.eligibility.fmt import percent_text, wan_text
from rainforest.eligibility.gaps import Cost, Gap, sort_gaps
from rainforest.eligibility.result import Criterion, Result
from rainforest.eligibility.rules._common import ratio
from rainforest.eligibility.rules.hnte import hnte_years


def _of_gap(criterion: Criterion, gap: Gap, text: str | None = None) -> Shortfall:
    return Shortfall(
        code=criterion.code,
        label=criterion.label,
        text=gap.text if text is None else text,
        cost=int(gap.cost),
        yuan=gap.size if gap.unit == "yuan" else Decimal(0),
        persons=int(gap.size) if gap.unit == "persons" else 0,
    )


def _shortfall(criterion: Criterion) -> Shortfall:
    if criterion.gaps:
        return _of_gap(criterion, sort_gaps(criterion.gaps)[0])
    text = criterion.gap or _("不满足：{label}").format(label=criterion.label)
    return Shortfall(code=criterion.code, label=criterion.label, text=text, cost=NO_KNOWN_FIX)


def shortfalls_of(result: Result) -> list[Shortfall]:
    """One line per failing condition, cheapest first: what the firm lacks, in its own yuan and people."""
    found = [
        _shortfall(item) for item in result.criteria if item.role == "condition" and item.passed is False
    ]
    return sorted(found, key=lambda item: (item.cost, item.yuan, item.persons, item.code))


def to_verify_of(result: Result) -> list[str]:
    """The facts the undetermined conditions need, by field name, each once, in rule order (an either/or
    route or a scored item is not a condition: its missing facts only widen a range or close a route)."""
    names = [
        name
        for item in result.criteria
        if item.role == "condition" and item.passed is None
        for name in item.missing
    ]
    return list(dict.fromkeys(names))


def _straddling(result: Result, criterion: Criterion) -> list[Shortfall]:
    """A score whose range straddles the pass mark: the points still open, and the cheapest quantified
    step of its scored items (a band move in the firm's own numbers)."""
    assert criterion.points is not None and result.pass_mark is not None
    low, high = criterion.points
    what = SCORE_LABELS.get(criterion.code, "综合得分")
    lines = [
        Shortfall(
            code=criterion.code,
            label=criterion.label,
            text=f"{what}{low}–{high}分，跨越{result.pass_mark}分及格线：尚有{high - low}分待专家评定或补充数据",
            cost=NO_KNOWN_FIX,
        )
    ]
    steps = [gap for item in result.criteria if item.role == "item" for gap in item.gaps if gap.points_gain]
    if steps:
        step = sort_gaps(steps)[0]
        lines.append(_of_gap(criterion, step, f"可先争取加分：{step.text}"))
    return lines


def _near(share: Fraction, threshold: Decimal) -> bool:
    return share < Fraction(threshold) * (1 + NEAR)


def _safe_line(threshold: Decimal) -> Decimal:
    return threshold * (1 + Decimal(NEAR.numerator) / Decimal(NEAR.denominator))


def _narrow_text(what: str, share: Fraction, threshold: Decimal, step: str) -> str:
    text = (
        "{what}{share}，接近{threshold}的门槛：{step}"
        if _near(share, threshold)
        else "{what}{share}（门槛{threshold}）：{step}"
    )
    return text.format(what=what, share=percent_text(share), threshold=percent_text(threshold), step=step)


def _rd_next_year(result: Result, criterion: Criterion, facts: Facts, years: list[int]) -> Shortfall | None:
    """HNTE-5 next year: the window drops its oldest year and adds the next one. With that year's sales held
    at the latest year's (so its rate band too), the R&D it needs is rate × Σ sales − Σ R&D of the years
    kept (exact). Said when the ratio passes narrowly or when that R&D is more than the latest year's."""
    records = [facts.year(year) for year in years]
    rd = [r.rd_expense for r in records if r is not None and r.rd_expense is not None]
    sales = [r.sales_revenue for r in records if r is not None and r.sales_revenue is not None]
    if len(years) < 3 or len(rd) != len(years) or len(sales) != len(years):
        return None
    rate = result.book["HNTE-5"].bands("sales_bands").find(sales[-1]).rate or Decimal(0)
    share = ratio(sum(rd, Decimal(0)), sum(sales, Decimal(0)))
    needed = Fraction(rate) * Fraction(sum(sales[1:], sales[-1])) - Fraction(sum(rd[1:], Decimal(0)))
    rise = needed - Fraction(rd[-1])
    if share is None or (not _near(share, rate) and rise <= 0):
        return None
    step = "{first}–{last}年度销售收入按{latest}年水平计，{last}年研发费用不低于{amount}（{latest}年为{now}）方可保持{rate}".format(
        first=years[1],
        last=years[-1] + 1,
        latest=years[-1],
        amount=wan_text(gap_kit.yuan_up(max(needed, Fraction(0))), round_up=True),
        now=wan_text(rd[-1]),
        rate=percent_text(rate),
    )
    return Shortfall(
        code=criterion.code,
        label=criterion.label,
        text=_narrow_text("研发费用占比", share, rate, step),
        cost=int(Cost.SPEND),
        yuan=gap_kit.yuan_up(rise) if rise > 0 else Decimal(0),
    )


def _hnte_margin(result: Result, criterion: Criterion, facts: Facts) -> Shortfall | None:
    """What keeps a passing HNTE ratio safe (HNTE-4, -5, -5b, -6); None when it passes with room."""
    years = hnte_years(facts, result.book.params.int("window_years"))
    if not years:
        return None
    if criterion.code == "HNTE-5":
        return _rd_next_year(result, criterion, facts, years)
    record = facts.year(years[-1])
    if record is None or criterion.code not in ("HNTE-4", "HNTE-5b", "HNTE-6"):
        return None
    threshold = result.book[criterion.code].dec("min_ratio")
    safe = _safe_line(threshold)
    if criterion.code == "HNTE-4":
        share = ratio(record.tech_staff, record.employees)
        if share is None or not _near(share, threshold) or record.employees is None:
            return None
        found = gap_kit.staff(
            criterion.code,
            employees=record.employees,
            staff_count=record.tech_staff or 0,
            threshold=safe,
            who="科技人员",  # inside the Chinese gap sentence of eligibility.gaps
        )
        what = "科技人员占比"
    else:
        domestic = criterion.code == "HNTE-5b"
        rows = [facts.year(year) for year in years] if domestic else [record]
        part = sum(
            ((r.rd_expense_domestic if domestic else r.hitech_income) or Decimal(0) for r in rows if r),
            Decimal(0),
        )
        whole = sum(
            ((r.rd_expense if domestic else r.total_income) or Decimal(0) for r in rows if r), Decimal(0)
        )
        share = ratio(part, whole)
        if share is None or not _near(share, threshold):
            return None
        gap = gap_kit.amount_for_ratio(
            criterion.code,
            numerator=part,
            denominator=whole,
            threshold=safe,
            what="境内研发费用" if domestic else "高新技术产品（服务）收入",
            period="近三年" if domestic else "最近一年",
            part_of_denominator=True,
            cost=Cost.SPEND if domestic else Cost.GROW,
        )
        found = [gap] if gap else []
        what = "境内研发费用占比" if domestic else "高新技术产品（服务）收入占比"
    if not found:
        return None
    step = sort_gaps(found)[0]
    return _of_gap(criterion, step, _narrow_text(what, share, threshold, step.text))


def margins_of(result: Result, facts: Facts) -> list[Shortfall]:
    """What would make the conditions that are not failing safe: a straddling score, a narrow HNTE ratio."""
    found: list[Shortfall] = []
    for item in result.criteria:
        if item.role != "condition" or item.passed is False:
            continue
        if item.passed is None and item.points is not None and result.pass_mark is not None:
            low, high = item.points
            if low < result.pass_mark <= high:
                found += _straddling(result, item)
        elif item.passed is True and result.book.family == HNTE:
            margin = _hnte_margin(result, item, facts)
            if margin is not None:
                found.append(margin)
    return found
