"""Reads of the matching app. The matching engine reads achievements and demands only through
`achievement_documents` and `demand_documents` (plain dicts), never through the models."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from rainforest.core.policy import Action, restrict
from rainforest.matching.choices import AchievementStatus, DemandStatus
from rainforest.matching.models import Achievement, Demand

CHUNK = 2000

ACHIEVEMENT_FIELDS = ("id", "title", "abstract", "keywords", "discipline", "field", "industry")
DEMAND_FIELDS = ("id", "title", "description", "field", "industry")


def achievement_documents(
    *, ids: Iterable[int] | None = None, include_withdrawn: bool = False
) -> Iterator[dict[str, Any]]:
    """Every achievement as {"id", "title", "abstract", "keywords" (list of str), "discipline" (its
    Chinese name, "" when unknown), "field" (a TechField value), "industry" (a CityIndustry value or
    "")}, in id order. `ids` limits them to those ids (an index update after a change); withdrawn
    achievements are left out unless `include_withdrawn`. Not limited by any user's scope: the index
    holds every achievement, and pages restrict what they show."""
    queryset = Achievement.objects.order_by("id")
    if not include_withdrawn:
        queryset = queryset.filter(status=AchievementStatus.ACTIVE)
    if ids is not None:
        queryset = queryset.filter(id__in=list(ids))
    for row in queryset.values(*ACHIEVEMENT_FIELDS).iterator(chunk_size=CHUNK):
        row["keywords"] = [str(word) for word in row["keywords"] or []]
        yield row


def demand_documents(
    *, ids: Iterable[int] | None = None, include_closed: bool = False
) -> Iterator[dict[str, Any]]:
    """Every demand as {"id", "title", "description", "field" (a TechField value or ""), "industry"},
    in id order; closed demands are left out unless `include_closed`. Not limited by scope (see
    `achievement_documents`)."""
    queryset = Demand.objects.order_by("id")
    if not include_closed:
        queryset = queryset.exclude(status=DemandStatus.CLOSED)
    if ids is not None:
        queryset = queryset.filter(id__in=list(ids))
    yield from queryset.values(*DEMAND_FIELDS).iterator(chunk_size=CHUNK)


def achievements_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Achievement]:
    """The achievements this user may act on this way, with their owner."""
    return restrict(Achievement.objects.select_related("owner"), user, action)


def demands_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Demand]:
    """The demands this user may act on this way, with their enterprise."""
    return restrict(Demand.objects.select_related("enterprise"), user, action)


def visible_achievements(user: Any, ids: Iterable[int]) -> dict[int, Achievement]:
    """Of these achievement ids (an engine's ranking), the ones this user may see, by id."""
    return {a.id: a for a in achievements_for(user).filter(id__in=list(ids))}


def visible_demands(user: Any, ids: Iterable[int]) -> dict[int, Demand]:
    """Of these demand ids, the ones this user may see, by id."""
    return {d.id: d for d in demands_for(user).filter(id__in=list(ids))}
