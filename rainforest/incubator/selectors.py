"""Reads of the incubator, scoped by user through the policy (rainforest.core.policy): city-wide users see
every park and team, district and park staff those of their own district (or development zone); nobody else
manages incubators. A tenancy is shown only when its park, its enterprise and its team are all in scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from rainforest.core.policy import Action, may
from rainforest.incubator.models import Park, Team, Tenancy


def manages_incubators(user: Any) -> bool:
    return may(user, Action.VIEW, Park)


def parks_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Park]:
    return Park.objects.restrict(user, action).select_related("district", "development_zone")


def parks_with_counts(user: Any) -> QuerySet[Park]:
    """Parks with their zone count and the count of residents the user may see."""
    visible = Tenancy.objects.restrict(user, Action.VIEW).values("pk")
    return (
        parks_for(user)
        .annotate(
            zone_count=Count("zones", distinct=True),
            resident_count=Count(
                "tenancies",
                filter=Q(tenancies__status="resident", tenancies__in=visible),
                distinct=True,
            ),
        )
        .order_by("name")
    )  # Meta.ordering does not apply to grouped queries


def teams_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Team]:
    return Team.objects.restrict(user, action).select_related("district", "enterprise")


def tenancies_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Tenancy]:
    return Tenancy.objects.restrict(user, action).select_related("park", "zone", "enterprise", "team")


def tenancies_of(park: Park, user: Any) -> QuerySet[Tenancy]:
    """The tenancies of a park the user may see (a firm or team outside their scope is left out)."""
    return tenancies_for(user).filter(park=park).order_by("status", "-entered_on", "pk")
