"""Reads of the incubator, scoped by user in one place: city-wide users see every park and team, district
and park staff those of their own district (or development zone); nobody else manages incubators."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from rainforest.core.scope import Reach, scope_for
from rainforest.incubator.models import Park, Team, Tenancy


def manages_incubators(user: Any) -> bool:
    return scope_for(user).reach in (Reach.CITY, Reach.DISTRICT)


def parks_for(user: Any) -> QuerySet[Park]:
    scope = scope_for(user)
    parks = Park.objects.select_related("district", "development_zone")
    if scope.reach is Reach.CITY:
        return parks
    if scope.reach is Reach.DISTRICT:
        condition = Q(pk__in=[])
        if scope.region_id:
            condition |= Q(district_id=scope.region_id)
        if scope.zone_id:
            condition |= Q(development_zone_id=scope.zone_id)
        return parks.filter(condition)
    return parks.none()


def parks_with_counts(user: Any) -> QuerySet[Park]:
    return (
        parks_for(user)
        .annotate(
            zone_count=Count("zones", distinct=True),
            resident_count=Count("tenancies", filter=Q(tenancies__status="resident"), distinct=True),
        )
        .order_by("name")
    )  # Meta.ordering does not apply to grouped queries


def teams_for(user: Any) -> QuerySet[Team]:
    scope = scope_for(user)
    teams = Team.objects.select_related("district", "enterprise")
    if scope.reach is Reach.CITY:
        return teams
    if scope.reach is Reach.DISTRICT and scope.region_id:
        return teams.filter(district_id=scope.region_id)
    return teams.none()


def tenancies_of(park: Park) -> QuerySet[Tenancy]:
    return park.tenancies.select_related("zone", "enterprise", "team").order_by("status", "-entered_on", "pk")
