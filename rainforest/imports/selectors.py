"""Reads for imports and exports: who may import, which rows a user may export, which jobs a user sees."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from rainforest.core.policy import Action, district_ids, may
from rainforest.core.scope import Reach, Scope, scope_for
from rainforest.enterprises.filters import EnterpriseFilter
from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.selectors import enterprises_for
from rainforest.imports.models import ImportJob


def may_import(user: Any) -> bool:
    """Whoever the policy table lets import enterprises (city officers, district officers and admins); a
    district officer only rows of their district."""
    return may(user, Action.IMPORT, Enterprise)


def import_scope(user: Any) -> Scope:
    """The scope rows are checked against; None (a command run without --user) imports city-wide."""
    if user is None:
        return Scope(Reach.CITY)
    return scope_for(user)


def filtered_enterprises(user: Any, params: dict[str, Any]) -> QuerySet[Enterprise]:
    """The enterprises of the list page for these filters, within the user's data scope (None: everything,
    for commands run by the operator)."""
    base = (
        Enterprise.objects.select_related("district", "development_zone", "industry")
        if user is None
        else enterprises_for(user)
    )
    return EnterpriseFilter(params, queryset=base).qs


def region_condition(user: Any, district_field: str, zone_field: str | None = None) -> Q | None:
    """A filter on records that belong to a district (teams, parks, tenancies): None means everything,
    an impossible Q means nothing."""
    scope = import_scope(user)
    if scope.reach is Reach.CITY:
        return None
    if scope.reach is Reach.DISTRICT:
        condition = Q(pk__in=[])
        if regions := district_ids(scope):
            condition |= Q(**{f"{district_field}__in": sorted(regions)})
        if scope.zone_id and zone_field:
            condition |= Q(**{zone_field: scope.zone_id})
        return condition
    return Q(pk__in=[])


def scoped(
    queryset: QuerySet[Any], user: Any, district_field: str, zone_field: str | None = None
) -> QuerySet[Any]:
    condition = region_condition(user, district_field, zone_field)
    return queryset if condition is None else queryset.filter(condition)


def jobs_for(user: Any) -> QuerySet[ImportJob]:
    """Import jobs a user may watch: their own; city-wide users see everyone's."""
    jobs = ImportJob.objects.select_related("user").order_by("-created_at")
    if import_scope(user).sees_everything:
        return jobs
    return jobs.filter(user_id=user.pk)
