"""The evaluation result as the panel shows it to people (view-model helpers; display only).

The result's JSON keeps its machine values (field names, ratios to four decimals, yuan); the panel reads:
* fact names in Chinese (`facts.FACT_LABELS`): "needs data: owns_core_ip" → "需补数据：是否拥有核心自主知识产权",
  "tech_field = resources_environment" → "技术领域：资源与环境", true/false → 是/否;
* the values and thresholds of ratio criteria (`Criterion.percent`) as percentages with one decimal:
  0.4000 → "40.0%", "[0.15, 0.25)" → "[15.0%, 25.0%)" (rounded for display only: the verdict compares the
  exact ratio, so 9.996% shows as 10.0% and still fails a 10% threshold);
* money in 万元 with its unit: a yuan amount (a number with two decimals, or an integer of six digits or
  more) → "2,172.35万元".
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rainforest.core.choices import TechField
from rainforest.eligibility.facts import FACT_LABELS, fact_label, fact_labels
from rainforest.eligibility.fmt import wan_text
from rainforest.eligibility.result import Criterion, Result

EMPTY = "—"
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
# A yuan amount: 100 or more with two decimals (Decimal yuan from the registry), or six digits or more
# before any decimals. Ratios ("0.10") and counts ("≤ 500") are left alone.
_MONEY = re.compile(r"(?<![\w.,])(?:[1-9]\d{5,}(?:\.\d+)?|[1-9]\d{2,}\.\d{2})(?![\w.])")
_NEEDS = re.compile(r"needs data: (?P<names>[^;；]+)")
_WORD = re.compile(r"\b[a-z][a-z0-9_]*\b")
_ASSIGNMENT = re.compile(r"(?P<name>\b[a-z][a-z0-9_]*(?:\[\d+\]\.[a-z0-9_]+)?) = (?P<value>[\w.-]+)")
_VALUES: dict[str, Any] = {
    "true": gettext_lazy("是"),
    "false": gettext_lazy("否"),
    "null": gettext_lazy("缺失"),
    "none": gettext_lazy("不属于重点领域"),
    "absent": gettext_lazy("无"),
    "present": gettext_lazy("有"),
    "self": gettext_lazy("自主研发"),
    "acquired_only": gettext_lazy("仅受让、受赠或并购"),
    **{code: label for code, label in TechField.choices},
}


def percent_one(value: Decimal | str) -> str:
    """0.4 → "40.0%", 0.0665 → "6.7%" (half-up, one decimal; display only)."""
    shown = (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown}%"


def percents(text: str) -> str:
    """Every number of a ratio's value or threshold as a percentage: "[0.15, 0.25)" → "[15.0%, 25.0%)"."""
    return _NUMBER.sub(lambda match: percent_one(match.group()), text)


def _wan(match: re.Match[str]) -> str:
    try:
        return wan_text(Decimal(match.group()))
    except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
        return match.group()


def money(text: str) -> str:
    """Yuan amounts in a text shown in 万元: "Σ 研发费用 21723503.00" → "Σ 研发费用 2,172.35万元"."""
    return _MONEY.sub(_wan, text)


def value_label(value: str) -> str:
    """A coded value in Chinese (true → 是, resources_environment → 资源与环境); other values unchanged."""
    label = _VALUES.get(value)
    return str(label) if label is not None else value


def _assignment(match: re.Match[str]) -> str:
    name = match["name"]
    if fact_label(name) == name and name not in FACT_LABELS:
        return match.group()
    return _("{fact}：{value}").format(fact=fact_label(name), value=value_label(match["value"]))


def _needs(match: re.Match[str]) -> str:
    names = [name.strip() for name in match["names"].split(", ") if name.strip()]
    return _("需补数据：{facts}").format(facts=fact_labels(names))


def _word(match: re.Match[str]) -> str:
    word = match.group()
    return str(FACT_LABELS[word]) if word in FACT_LABELS else word


def reason_text(criterion: Criterion) -> str:
    """The reason for people: missing facts, `name = value` pairs and field names in Chinese, yuan in
    万元."""
    text = _NEEDS.sub(_needs, criterion.reason)
    return money(_WORD.sub(_word, _ASSIGNMENT.sub(_assignment, text)))


def value_text(criterion: Criterion) -> str:
    if criterion.value is None:
        return EMPTY
    if criterion.percent:
        return percents(criterion.value)
    return money(value_label(criterion.value))


def threshold_text(criterion: Criterion) -> str:
    if criterion.threshold is None:
        return EMPTY
    if criterion.percent:
        return percents(criterion.threshold)
    return money(criterion.threshold)


def expert_inputs_text(result: Result) -> str:
    """The inputs an expert still has to judge, in Chinese ("技术的先进程度（专家评价）、…")."""
    return fact_labels(result.expert_inputs)
