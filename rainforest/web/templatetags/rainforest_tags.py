"""Display helpers: money in 万元 / 亿元 as Chinese statistics speak it, and static assets that may be absent."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django import template
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

from rainforest.core.money import WAN, YI, in_units

register = template.Library()

EMPTY = "—"


def _scaled(value: Any, divisor: Decimal, places: int) -> str:
    """`value` yuan divided by `divisor`, rounded half-up to `places` decimals (for display only)."""
    if value is None or value == "":
        return EMPTY
    try:
        amount = in_units(Decimal(str(value)), divisor, places)
    except (InvalidOperation, ValueError):
        return EMPTY
    return f"{amount:,.{places}f}"


@register.filter
def count(value: Any) -> str:
    """A count with thousands separators, whatever the language: 1460 → "1,460"."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return EMPTY


@register.filter
def wan(value: Any, places: int = 1) -> str:
    """Yuan shown in 万元: 48474000 → "4,847.4"."""
    return _scaled(value, WAN, int(places))


@register.filter
def yi(value: Any, places: int = 2) -> str:
    """Yuan shown in 亿元: 123456789 → "1.23"."""
    return _scaled(value, YI, int(places))


# An internal open-question code ("Q10：…", "（Q11）"): kept in the data for the team, not shown
# to the bureau.
_QUESTION_CODE = re.compile(r"^\s*Q\d+\s*[：:]\s*|\s*[（(]Q\d+[^）)]*[）)]")


@register.filter
def bureau_note(text: Any) -> str:
    """A note without its internal question code: "Q10：奖励金额计算公式未公开（待核实）" →
    "奖励金额计算公式未公开（待核实）"."""
    if text is None:
        return ""
    return _QUESTION_CODE.sub("", str(text)).strip()


@lru_cache(maxsize=64)
def _asset_url(path: str) -> str:
    try:
        url = staticfiles_storage.url(path)
    except ValueError:  # a manifest storage that never saw the file
        return ""
    if hasattr(staticfiles_storage, "manifest_name"):
        return url
    return url if finders.find(path) else ""


@register.filter
def move_reason(text: Any) -> str:
    """A forest move's stored (Chinese) reason in the reader's language (forest.reasons)."""
    from rainforest.forest.reasons import reason_text

    return reason_text(str(text or ""))


@register.simple_tag
def asset(path: str) -> str:
    """The URL of a static file, or "" when it is not there (front-end packages are built by npm, and may
    not be on a development machine): templates include a script only when its file exists."""
    return _asset_url(path)
