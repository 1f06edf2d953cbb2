"""Display of calculator results: amounts in 万元 (exact amounts or ranges) and fact values by their unit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from rainforest.policies.calculator import Amount, format_wan
from rainforest.policies.facts import FACT_BY_NAME

register = template.Library()


@register.filter
def amount(value: Amount | None) -> str:
    """ "10万元", "0–20万元", or "—" when there is no computable amount."""
    if value is None or value.low is None or value.high is None:
        return "—"
    if value.low == value.high:
        return _("{amount}万元").format(amount=format_wan(value.high))
    return _("{low}–{high}万元").format(low=format_wan(value.low), high=format_wan(value.high))


@register.filter
def fact_label(name: str) -> str:
    spec = FACT_BY_NAME.get(name)
    return str(spec.label) if spec else name


@register.filter
def fact_value(value: Any, name: str) -> str:
    """A fact's value as a reader wants it: money in 万元, yes/no, "缺失" when missing."""
    if value is None:
        return _("缺失")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    spec = FACT_BY_NAME.get(name)
    if spec is not None and spec.unit == "yuan":
        return _("{amount}万元").format(amount=format_wan(Decimal(str(value))))
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value) or "—"
    if value == "":
        return "—"
    return str(value)


@register.filter
def status_of(statuses: tuple[str, ...], index: int) -> str:
    return statuses[index] if 0 <= index < len(statuses) else ""


@register.filter
def wan_amount(value: Decimal | None) -> str:
    """Decimal yuan as "20万元"."""
    if value is None:
        return "—"
    return _("{amount}万元").format(amount=format_wan(Decimal(value)))
