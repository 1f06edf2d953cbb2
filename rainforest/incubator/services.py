"""Writes to the incubator: parks, their zones, incubated teams and tenancies. Each takes the acting user,
is checked by the policy on every record it touches (before and after the change, rainforest.core.policy),
is atomic, validates with full_clean(), keeps the change log (who and why) and tells core.changes which enterprises and teams
changed, because a team's or tenant's incubation period moves its forest layer (seed, 微成长).
Default change reasons are stored in Chinese whatever the interface language, as the registry's are."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from rainforest.core import changes, policy
from rainforest.core.models import today
from rainforest.core.policy import Action
from rainforest.incubator.choices import TenancyStatus
from rainforest.incubator.models import Park, Team, Tenancy, Zone

M = TypeVar("M", bound=models.Model)


def _attribute(instance: models.Model, user: Any, reason: str) -> None:
    instance._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]


def _assign(instance: M, fields: dict[str, Any]) -> M:
    for name, value in fields.items():
        setattr(instance, name, value)
    return instance


def _refuse_future(instance: models.Model, *names: str) -> None:
    """Dates that record what already happened cannot lie after today."""
    day = today()
    errors = {
        name: _("日期不能晚于今天")
        for name in names
        if (value := getattr(instance, name)) is not None and value > day
    }
    if errors:
        raise ValidationError(errors)


def _delete(instance: models.Model, user: Any, reason: str, refusal: str) -> None:
    _attribute(instance, user, reason)
    try:
        instance.delete()
    except ProtectedError as error:
        raise ValidationError(refusal) from error


def _save(user: Any, instance: M, fields: dict[str, Any], reason: str, *, future: tuple[str, ...] = ()) -> M:
    """Assign, check and save one record inside `policy.checked`: the user must reach it before the change
    (an existing record as stored; a new one through the parents it names) and still reach it after."""
    action = Action.CHANGE if instance.pk else Action.ADD
    with policy.checked(user, action) as guard:
        if instance.pk:
            guard.check(instance)  # as stored, before the change
        instance = _assign(instance, fields)
        if not instance.pk:
            guard.check(instance)  # the parents it names
        instance.full_clean()
        if future:
            _refuse_future(instance, *future)
        _attribute(instance, user, reason)
        instance.save()
    return instance


def _checked_delete(user: Any, instance: models.Model, reason: str, refusal: str) -> None:
    with policy.checked(user, Action.DELETE, instance):
        _delete(instance, user, reason, refusal)


@transaction.atomic
def park_save(*, user: Any, park: Park | None = None, reason: str = "", **fields: Any) -> Park:
    """Create a park (no `park`) or change one."""
    return _save(user, park or Park(), fields, reason or "保存孵化载体")


@transaction.atomic
def park_delete(*, park: Park, user: Any, reason: str = "") -> None:
    _checked_delete(user, park, reason or "删除孵化载体", _("该孵化载体仍有入驻记录，请先删除入驻记录"))


@transaction.atomic
def zone_save(*, user: Any, zone: Zone | None = None, reason: str = "", **fields: Any) -> Zone:
    return _save(user, zone or Zone(), fields, reason or "保存片区")


@transaction.atomic
def zone_delete(*, zone: Zone, user: Any, reason: str = "") -> None:
    _checked_delete(user, zone, reason or "删除片区", _("该片区仍有入驻记录，请先修改或删除入驻记录"))


@transaction.atomic
def team_save(*, user: Any, team: Team | None = None, reason: str = "", **fields: Any) -> Team:
    """Create or change an incubated team. Linking it to the enterprise it became moves both histories."""
    previous_enterprise = team.enterprise_id if team is not None and team.pk else None
    team = _save(
        user, team or Team(), fields, reason or "保存孵化团队", future=("formed_on", "incorporated_on")
    )
    linked = [pk for pk in (previous_enterprise, team.enterprise_id) if pk]
    changes.records_changed(enterprise_ids=linked, team_ids=[team.pk])
    return team


@transaction.atomic
def team_delete(*, team: Team, user: Any, reason: str = "") -> None:
    enterprise_id = team.enterprise_id
    _checked_delete(user, team, reason or "删除孵化团队", _("该团队仍有关联记录，无法删除"))
    changes.records_changed(enterprise_ids=[enterprise_id] if enterprise_id else [])


@transaction.atomic
def tenancy_save(*, user: Any, tenancy: Tenancy | None = None, reason: str = "", **fields: Any) -> Tenancy:
    """Create or change a tenancy of an enterprise or a team in a park. The user must reach the park, the
    enterprise and the team it names, before and after the change. The tenancy's history (with the acting
    user) is part of its enterprise's change log."""
    before = (tenancy.enterprise_id, tenancy.team_id) if tenancy is not None and tenancy.pk else (None, None)
    status = fields.get("status", tenancy.status if tenancy is not None else TenancyStatus.RESIDENT)
    future = (
        ("entered_on", "left_on") if status in (TenancyStatus.RESIDENT, TenancyStatus.LEFT) else ("left_on",)
    )
    tenancy = _save(user, tenancy or Tenancy(), fields, reason or "保存入驻记录", future=future)
    changes.records_changed(
        enterprise_ids=[pk for pk in (before[0], tenancy.enterprise_id) if pk],
        team_ids=[pk for pk in (before[1], tenancy.team_id) if pk],
    )
    return tenancy


@transaction.atomic
def tenancy_delete(*, tenancy: Tenancy, user: Any, reason: str = "") -> None:
    """Delete a tenancy the user reaches (its park, its enterprise and its team all in scope)."""
    enterprise_id, team_id = tenancy.enterprise_id, tenancy.team_id
    _checked_delete(user, tenancy, reason or "删除入驻记录", _("无法删除该入驻记录"))
    changes.records_changed(
        enterprise_ids=[enterprise_id] if enterprise_id else [], team_ids=[team_id] if team_id else []
    )
