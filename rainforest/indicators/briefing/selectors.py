"""Reads of the briefing: the kept briefings a user may read, and the place a briefing speaks for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from rainforest.core.models import Region
from rainforest.core.policy import Action, district_ids, restrict
from rainforest.core.scope import Reach, scope_for
from rainforest.indicators import selectors as indicator_selectors
from rainforest.indicators.models import Briefing
from rainforest.indicators.selectors import resolve_district

CITY = "全市"


@dataclass(frozen=True)
class Place:
    """Whom a briefing or the cockpit speaks for: the whole city (`region` None) or one district."""

    region: Region | None

    @property
    def name(self) -> str:
        """全市, or the district's name (榆次区): how sentences open."""
        return self.region.name if self.region is not None else CITY

    @property
    def code(self) -> str | None:
        return self.region.code if self.region is not None else None


def place_for(user: Any, district: str | None = None) -> Place:
    """The place a user's figures cover, as the figures themselves decide it
    (`indicators.selectors.resolve_district`): the district asked for (by region code), else a district
    officer's own, else the whole city. ScopeError (a ValueError, in Chinese) for an unknown district or
    one outside the user's reach."""
    return Place(resolve_district(user, district))


def city_name() -> str:
    """The city's own name (晋中市), for the title of a whole city's briefing."""
    return indicator_selectors.city_name()


def districts_of(user: Any) -> list[Region]:
    """The districts a user's cockpit map shows: every district of the city for the city's reach, a
    district officer's own otherwise (nothing for the other roles)."""
    from rainforest.techmarket.selectors import city_code  # above indicators: read when called, as figures do

    scope = scope_for(user)
    city = city_code()
    districts = Region.objects.districts().filter(parent__code=city).order_by("sort_order", "code")
    if scope.reach is Reach.CITY:
        return list(districts)
    if scope.reach is Reach.DISTRICT:
        return list(districts.filter(pk__in=sorted(district_ids(scope))))
    return []


def briefings_for(user: Any) -> QuerySet[Briefing]:
    """The kept briefings a user may read, newest first, without their documents (the list needs none)."""
    return (
        restrict(Briefing.objects.all(), user, Action.VIEW)
        .select_related("district", "created_by")
        .defer("html", "docx", "figures")
    )


def briefing_for(user: Any, pk: int) -> Briefing:
    """One briefing the user may read (Briefing.DoesNotExist otherwise: a 404, nothing revealed)."""
    return restrict(Briefing.objects.all(), user, Action.VIEW).select_related("district").get(pk=pk)
