"""What waits for a user: the calls app's own items and those of the apps that register a provider.

A provider is a function `fn(user) -> list[Item]`; the reviews app registers the expert's score sheets:

    from rainforest.calls import pending
    pending.register(expert_sheets)

`items_for(user)` calls every provider (the calls app's first) and returns what they give, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rainforest.core.models import today


@dataclass(frozen=True)
class Item:
    """One thing waiting: a heading (e.g. "待县区审核"), what it is about, where to act, and a detail line
    (a deadline, a status)."""

    group: str
    title: str
    url: str
    detail: str = ""
    overdue: bool = False


Provider = Callable[[Any], list[Item]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (usable as a decorator); registering the same function twice adds it once."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def providers() -> list[Provider]:
    return list(_PROVIDERS)


def items_for(user: Any) -> list[Item]:
    items: list[Item] = []
    for provider in providers():
        items.extend(provider(user))
    return items


def is_overdue(deadline: Any) -> bool:
    return deadline is not None and deadline < today()
