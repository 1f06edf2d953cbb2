"""Data scope: what a user may see, decided in this one place for pages, API and exports alike.

`scope_for(user)` is THE function computing a user's `Scope`; rainforest.core.policy turns a scope into a
filter on each model's rows (`Enterprise.objects.restrict(user, Action.VIEW)`) and decides which roles may
do what, so no view, endpoint or export decides visibility on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rainforest.core.choices import DataScope, Role


class Reach(StrEnum):
    CITY = "city"  # the whole city
    DISTRICT = "district"  # the organisation's district (or park's host district and the park)
    ASSIGNED = "assigned"  # the enterprises assigned to the user (tech butler)
    OWN = "own"  # the user's own enterprise or institution
    NOTHING = "nothing"


@dataclass(frozen=True)
class Scope:
    reach: Reach
    user_id: int | None = None
    region_id: int | None = None
    zone_id: int | None = None
    credit_code: str = ""
    organisation_id: int | None = None
    # a custom list of districts (a DISTRICT scope), honoured beside region_id by every district filter
    region_ids: frozenset[int] = frozenset()

    @property
    def sees_everything(self) -> bool:
        return self.reach is Reach.CITY


ROLE_REACH = {
    Role.CITY_OFFICER: Reach.CITY,
    Role.SYSTEM_ADMIN: Reach.CITY,
    Role.DISTRICT_OFFICER: Reach.DISTRICT,
    Role.BUTLER: Reach.ASSIGNED,
    Role.ENTERPRISE_USER: Reach.OWN,
    Role.UNIVERSITY_USER: Reach.OWN,
    Role.BANK_USER: Reach.OWN,
}


REACH_OF_SCOPE = {
    DataScope.CITY: Reach.CITY,
    DataScope.DISTRICT: Reach.DISTRICT,
    DataScope.ASSIGNED: Reach.ASSIGNED,
    DataScope.OWN: Reach.OWN,
}


def _data_scope(user: Any) -> str:
    """The user's data scope: their own (`User.data_scope`, which also holds a scope the system administrator
    set on their role, see administration.services.role_update), else the role's built-in reach. Read from
    the user row alone: computing a scope costs no query beyond the user's organisation."""
    if user.data_scope:
        return str(user.data_scope)
    return str(ROLE_REACH.get(user.role, Reach.NOTHING))  # type: ignore[call-overload]


def scope_for(user: Any) -> Scope:
    """The scope of a (possibly anonymous) user. Anything unexpected sees nothing.

    The data scope is the user's (`User.data_scope`, set on the user or through their role's setting) when
    set, else the role's built-in reach. A district scope is the organisation's district or
    zone; a custom scope is the user's list of districts (`User.scope_regions`)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(Reach.NOTHING)
    if user.is_superuser:
        return Scope(Reach.CITY, user_id=user.pk)
    data_scope = _data_scope(user)
    organisation = user.organisation
    if organisation is not None and not organisation.is_active:
        return Scope(Reach.NOTHING, user_id=user.pk)
    if data_scope == DataScope.CUSTOM:
        region_ids = frozenset(user.scope_regions.values_list("pk", flat=True))
        if not region_ids:
            return Scope(Reach.NOTHING, user_id=user.pk)
        return Scope(
            Reach.DISTRICT,
            user_id=user.pk,
            region_ids=region_ids,
            organisation_id=organisation.pk if organisation is not None else None,
        )
    reach = REACH_OF_SCOPE.get(data_scope, Reach.NOTHING)  # type: ignore[call-overload]
    if reach is Reach.DISTRICT:
        if organisation is None or (organisation.region_id is None and organisation.zone_id is None):
            return Scope(Reach.NOTHING, user_id=user.pk)
        return Scope(
            Reach.DISTRICT,
            user_id=user.pk,
            region_id=organisation.region_id,
            zone_id=organisation.zone_id,
            organisation_id=organisation.pk,
        )
    if reach is Reach.OWN:
        if organisation is None:
            return Scope(Reach.NOTHING, user_id=user.pk)
        return Scope(
            Reach.OWN, user_id=user.pk, credit_code=organisation.credit_code, organisation_id=organisation.pk
        )
    return Scope(reach, user_id=user.pk)


def sees_personal_data(user: Any) -> bool:
    """Contacts are shown in clear only to users given that right (others see them masked)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.sees_personal_data)


def mask_name(value: str) -> str:
    if not value:
        return value
    return value[0] + "*" * max(1, len(value) - 1)


def mask_phone(value: str) -> str:
    digits = value.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_email(value: str) -> str:
    if "@" not in value:
        return "*" * len(value)
    local, domain = value.split("@", 1)
    return (local[:1] + "***@" + domain) if local else "***@" + domain
