"""The briefing's sentences, generated from the figures in the bureau's register:

    一季度，全市登记技术合同24份，成交额4847.4万元，较去年同期前进一位跃居全省第四。

A sentence opens with the period (一季度, 1–4月) and the scope (全市, or the district's name), then gives
one clause per figure of an indicator family (contracts, sci-tech services, …), each clause its value, its
change on the same period a year before and its rank among the province's cities. The data choose the
verbs:

- change: 同比上升 x% (above zero), 同比下降 x% (below), 与去年同期持平 (zero); nothing when there is no
  figure a year before to compare with;
- rank: 较去年同期前进N位跃居全省第K (better than a year before), 保持全省第K (the same),
  较去年同期后退N位回落至全省第K (worse), 居全省第K (no rank a year before), nothing without a rank;
- an estimate: 预计 before the clause;
- a target: 已完成全年目标 at 100 % or more, else the progress and the forecast at the pace so far
  (预计全年可完成…，可超额完成目标 / 距目标尚差…).

Pure functions over duck-typed figures (anything with the attributes of `indicators.figures.Figure` and
`TargetProgress`): no database, so every verb choice is unit-tested on crafted figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from rainforest.indicators.briefing.numbers import (
    amount,
    chinese_number,
    ordinal,
    percent,
    period_phrase,
    places,
)
from rainforest.indicators.periods import Period


class FigureLike(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def unit(self) -> str: ...

    @property
    def value(self) -> Decimal | None: ...

    @property
    def previous(self) -> Decimal | None: ...

    @property
    def change(self) -> Decimal | None: ...

    @property
    def rank(self) -> int | None: ...

    @property
    def previous_rank(self) -> int | None: ...

    @property
    def area(self) -> str: ...

    @property
    def estimate(self) -> bool: ...


class TargetLike(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def unit(self) -> str: ...

    @property
    def target(self) -> Decimal: ...

    @property
    def actual(self) -> Decimal | None: ...

    @property
    def progress_percent(self) -> Decimal | None: ...

    @property
    def forecast(self) -> Decimal | None: ...


# The sections in the order the bureau writes them (areas of `Figure.area`); the census closes.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("core", "核心指标"),
    ("cultivation", "企业培育"),
    ("platforms", "平台建设"),
    ("conversion", "成果转化"),
    ("finance", "科技金融"),
    ("incubator", "孵化载体"),
    ("census", "高校科创资源"),
)
TARGETS_TITLE = "年度目标进展"

# How a figure is told in a sentence, by code; "{value}" is the value with its unit. An indicator not
# listed is told by its name.
PHRASES: dict[str, str] = {
    "contracts.count": "登记技术合同{value}",
    "contracts.turnover": "成交额{value}",
    "contracts.transaction": "技术交易额{value}",
    "sci_service.enterprises": "纳入统计的科技服务业企业{value}",
    "sci_service.revenue": "实现营收{value}",
    "hnte.count": "有效期内高新技术企业{value}",
    "hnte.new": "新认定高新技术企业{value}",
    "tech_sme.count": "入库科技型中小企业{value}",
    "platforms.provincial_key": "拥有省级重点创新平台{value}",
    "platforms.rd_input": "平台研发投入{value}",
    "platforms.benefit": "直接经济效益{value}",
    "managers.trained": "培训技术经理人{value}",
    "finance.events": "举办银企对接活动{value}",
    "finance.visits": "走访企业{value}",
    "finance.loans": "促成贷款{value}",
    "finance.loan_enterprises": "惠及企业{value}",
    "finance.subsidy_applications": "申报科技金融贷款贴息{value}",
    "finance.insurance_premium": "科技保险保费{value}",
    "incubator.enterprises": "入驻企业{value}",
    "incubator.teams": "入驻团队{value}",
    "incubator.approved": "即将入驻{value}",
    "incubator.negotiating": "洽谈中{value}",
    "census.universities": "高校{value}",
    "census.disciplines": "重点学科{value}",
    "census.platforms": "科研平台{value}",
    "census.teams": "科研团队{value}",
    "census.achievements": "科技成果{value}",
}


@dataclass(frozen=True)
class Section:
    """One section of the briefing: its number and title, its sentences and the figures they tell."""

    key: str
    title: str
    sentences: list[str]
    figures: list[Any] = field(default_factory=list)


def change_clause(change: Decimal | None) -> str:
    """同比上升27.0% / 同比下降8.1% / 与去年同期持平 / "" (nothing to compare with)."""
    if change is None:
        return ""
    if change > 0:
        return "同比上升" + percent(change)
    if change < 0:
        return "同比下降" + percent(change)
    return "与去年同期持平"


def rank_clause(rank: int | None, previous_rank: int | None) -> str:
    """较去年同期前进一位跃居全省第四 / 保持全省第四 / 较去年同期后退两位回落至全省第六 / 居全省第四 / ""."""
    if rank is None:
        return ""
    if previous_rank is None:
        return "居全省" + ordinal(rank)
    if rank < previous_rank:
        return f"较去年同期前进{places(previous_rank - rank)}跃居全省{ordinal(rank)}"
    if rank > previous_rank:
        return f"较去年同期后退{places(rank - previous_rank)}回落至全省{ordinal(rank)}"
    return "保持全省" + ordinal(rank)


def figure_clause(figure: FigureLike) -> str:
    """One figure told: its phrase with the value, then its change and rank ("" without a value)."""
    if figure.value is None:
        return ""
    phrase = PHRASES.get(figure.code, figure.name + "{value}")
    parts = [("预计" if figure.estimate else "") + phrase.format(value=amount(figure.value, figure.unit))]
    parts += [
        part
        for part in (change_clause(figure.change), rank_clause(figure.rank, figure.previous_rank))
        if part
    ]
    return "，".join(parts)


def family(code: str) -> str:
    """The indicator family a code belongs to ("contracts" of "contracts.turnover"): one sentence each."""
    return code.split(".", 1)[0]


def sentence(period: Period, scope: str, figures: Sequence[FigureLike]) -> str:
    """一季度，全市登记技术合同24份，成交额4847.4万元，较去年同期前进一位跃居全省第四。 ("" if none has a value)."""
    clauses = [clause for clause in (figure_clause(figure) for figure in figures) if clause]
    if not clauses:
        return ""
    return f"{period_phrase(period)}，{scope}" + "，".join(clauses) + "。"


def target_sentence(target: TargetLike, *, year: int, months: int) -> str:
    """全年新认定高新技术企业目标109家，1–5月已完成46家，完成进度42.2%，按当前进度预计全年可完成110家，可超额完成目标。"""
    head = f"{year}年{target.name}目标{amount(target.target, target.unit)}"
    if target.actual is None:
        return head + "，暂无完成数据。"
    so_far = "年初以来" if months < 1 else "1月" if months == 1 else f"1–{months}月"
    parts = [head, f"{so_far}已完成{amount(target.actual, target.unit)}"]
    if target.actual >= target.target:
        parts.append("已完成全年目标")
        return "，".join(parts) + "。"
    if target.progress_percent is not None:
        parts.append(f"完成进度{percent(target.progress_percent)}")
    if target.forecast is not None:
        parts.append(f"按当前进度预计全年可完成{amount(target.forecast, target.unit)}")
        if target.forecast >= target.target:
            parts.append("可超额完成目标")
        else:
            parts.append(f"距目标尚差{amount(target.target - target.forecast, target.unit)}")
    return "，".join(parts) + "。"


def sections(
    period: Period,
    scope: str,
    figures: Iterable[FigureLike],
    *,
    estimates: Iterable[tuple[Period, FigureLike]] = (),
) -> list[Section]:
    """The briefing's sections in the bureau's order, each with one sentence per indicator family (in the
    order the figures come) and, after them, the estimates of a later period (预计1–4月…). A section
    without a figure is left out."""
    by_area: dict[str, list[FigureLike]] = {}
    for figure in figures:
        by_area.setdefault(figure.area, []).append(figure)
    later_groups: dict[tuple[str, Period, str], list[FigureLike]] = {}
    for estimate_period, figure in estimates:
        later_groups.setdefault((figure.area, estimate_period, family(figure.code)), []).append(figure)
    later: dict[str, list[str]] = {}
    for (area, estimate_period, _family), group in later_groups.items():
        text = sentence(estimate_period, scope, group)
        if text:
            later.setdefault(area, []).append(text)
    result: list[Section] = []
    known = [key for key, _title in SECTIONS]
    ordered = [*SECTIONS, *((area, area) for area in by_area if area not in known)]
    for key, title in ordered:
        area_figures = by_area.get(key, [])
        families: dict[str, list[FigureLike]] = {}
        for figure in area_figures:
            families.setdefault(family(figure.code), []).append(figure)
        texts = [text for text in (sentence(period, scope, group) for group in families.values()) if text]
        texts += later.get(key, [])
        if texts or area_figures:
            result.append(Section(key=key, title=title, sentences=texts, figures=area_figures))
    return result


def numbered(index: int, title: str) -> str:
    """一、核心指标."""
    return f"{chinese_number(index)}、{title}"
