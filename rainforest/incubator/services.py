"""Writes to the incubator: parks, their zones, incubated teams and tenancies. Each takes the acting user,
is checked by the policy on every record it touches (before and after the change, rainforest.core.policy),
is atomic, validates with full_clean(), keeps the change log (who and why) and tells core.changes which enterprises and teams
changed, because a team's or tenant's incubation period moves its forest layer (seed, 微成长).
Default change reasons are stored in Chinese whatever the interface language, as the registry's are."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from rainforest.core import changes, policy
from rainforest.core.models import today
from rainforest.core.policy import Action
from rainforest.incubator.choices import PIPELINE, STAGE_DATE, TRANSITIONS, TenancyStatus
from rainforest.incubator.models import Park, Site, StageChange, Team, Tenancy, Zone, ZoneStay

M = TypeVar("M", bound=models.Model)
ENTERED_STATES = (TenancyStatus.RESIDENT, TenancyStatus.GRADUATED, TenancyStatus.LEFT)
STAGE_FIELDS = ("intended_on", "negotiating_on", "approved_on", "entered_on", "left_on", "withdrawn_on")


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
    previous_status = tenancy.status if tenancy is not None and tenancy.pk else ""
    status = fields.get("status", tenancy.status if tenancy is not None else TenancyStatus.RESIDENT)
    # An approved tenant may have a planned entry date; every other stage date records what happened.
    future = tuple(f for f in STAGE_FIELDS if status in ENTERED_STATES or f != "entered_on")
    tenancy = _save(user, tenancy or Tenancy(), fields, reason or "保存入驻记录", future=future)
    if tenancy.status != previous_status:
        # An edit that changes the stage is a step of the pipeline too: log it with the stage's date.
        day = getattr(tenancy, STAGE_DATE[tenancy.status]) or today()
        _log_step(user, tenancy, previous_status, tenancy.status, day, reason or "修改入驻记录")
    _keep_stays(tenancy)
    changes.records_changed(
        enterprise_ids=[pk for pk in (before[0], tenancy.enterprise_id) if pk],
        team_ids=[pk for pk in (before[1], tenancy.team_id) if pk],
    )
    return tenancy


def _keep_stays(tenancy: Tenancy) -> None:
    """After an edit on the form: an entered tenancy with a zone and no stay gets its first stay (from its
    entry date); a tenancy that left closes its open stay on its exit date. A zone changed on the form while
    stays exist is refused: a move between zones goes through `zone_move`, which keeps the history."""
    if tenancy.entered_on is None or tenancy.status not in ENTERED_STATES:
        return
    stays = list(tenancy.stays.order_by("started_on"))
    if not stays:
        if tenancy.zone is not None and (tenancy.left_on is None or tenancy.left_on > tenancy.entered_on):
            _open_stay(tenancy, tenancy.zone, tenancy.entered_on, None, "")
            if tenancy.left_on is not None:
                _close_stay(tenancy, tenancy.left_on)
        return
    if stays[-1].zone_id != tenancy.zone_id:
        raise ValidationError({"zone": _("换片区请用“调整片区”，以保留片区变更历史")})
    if tenancy.left_on is not None and stays[-1].ended_on is None and tenancy.left_on > stays[-1].started_on:
        _close_stay(tenancy, tenancy.left_on)


@transaction.atomic
def tenancy_delete(*, tenancy: Tenancy, user: Any, reason: str = "") -> None:
    """Delete a tenancy the user reaches (its park, its enterprise and its team all in scope)."""
    enterprise_id, team_id = tenancy.enterprise_id, tenancy.team_id
    _checked_delete(user, tenancy, reason or "删除入驻记录", _("无法删除该入驻记录"))
    changes.records_changed(
        enterprise_ids=[enterprise_id] if enterprise_id else [], team_ids=[team_id] if team_id else []
    )


# --- sites ---------------------------------------------------------------------------------------------


@transaction.atomic
def site_save(*, user: Any, site: Site | None = None, reason: str = "", **fields: Any) -> Site:
    """Create a site of a park (no `site`) or change one."""
    return _save(user, site or Site(), fields, reason or "保存孵化园区")


# --- the pipeline --------------------------------------------------------------------------------------


def _log_step(user: Any, tenancy: Tenancy, before: str, after: str, day: date, comment: str) -> StageChange:
    step = StageChange(
        tenancy=tenancy,
        from_status=before,
        to_status=after,
        on=day,
        comment=comment[:200],
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    step.full_clean()
    step.save()
    return step


def _open_stay(tenancy: Tenancy, zone: Zone, day: date, space_m2: int | None, comment: str) -> ZoneStay:
    stay = ZoneStay(tenancy=tenancy, zone=zone, started_on=day, space_m2=space_m2, comment=comment[:200])
    stay.full_clean()
    stay.save()
    return stay


def _close_stay(tenancy: Tenancy, day: date) -> ZoneStay | None:
    """End the tenancy's open stay on `day` (the last day in it is the day before)."""
    stay = tenancy.stays.filter(ended_on__isnull=True).select_related("zone").first()
    if stay is None:
        return None
    if day <= stay.started_on:
        raise ValidationError(
            {
                "on": _("日期须晚于进入片区“{zone}”的日期 {start}").format(
                    zone=stay.zone.name, start=stay.started_on
                )
            }
        )
    stay.ended_on = day
    stay.save(update_fields=["ended_on"])
    return stay


@transaction.atomic
def tenancy_start(
    *,
    user: Any,
    park: Park,
    on: date,
    enterprise: Any = None,
    team: Team | None = None,
    status: str = TenancyStatus.INTENTION,
    comment: str = "",
) -> Tenancy:
    """Open a tenancy at a stage before entry (意向, 在谈 or 拟入驻) and log its first step. Enter it with
    `tenancy_advance`."""
    if status not in (TenancyStatus.INTENTION, TenancyStatus.NEGOTIATING, TenancyStatus.ABOUT_TO_ENTER):
        raise ValidationError({"status": _("新的入驻记录只能从意向、在谈或拟入驻开始")})
    tenancy = Tenancy(park=park, enterprise=enterprise, team=team, status=status)
    setattr(tenancy, STAGE_DATE[status], on)
    with policy.checked(user, Action.ADD) as guard:
        guard.check(tenancy)
        tenancy.full_clean()
        _refuse_future(tenancy, STAGE_DATE[status])
        _attribute(tenancy, user, comment or "登记入驻意向")
        tenancy.save()
        _log_step(user, tenancy, "", status, on, comment)
    return tenancy


@transaction.atomic
def tenancy_advance(
    *,
    user: Any,
    tenancy: Tenancy,
    to_status: str,
    on: date,
    comment: str = "",
    zone: Zone | None = None,
    space_m2: int | None = None,
) -> Tenancy:
    """Move a tenancy one step along its pipeline (intention → negotiating → approved to enter → entered
    → graduated or left; withdrawn from any stage before entry), stamping the stage's date and logging
    who, when and why. Entering with a `zone` opens its first zone stay; graduating or leaving closes the
    open stay on that day. Checked by the policy on the tenancy (and the zone) before and after."""
    before = tenancy.status
    if to_status not in TRANSITIONS.get(before, ()):
        allowed = "、".join(str(TenancyStatus(s).label) for s in TRANSITIONS.get(before, ()))
        raise ValidationError(
            {
                "to_status": _("“{before}”之后只能是：{allowed}").format(
                    before=TenancyStatus(before).label, allowed=allowed or _("（已结束）")
                )
            }
        )
    previous_days = [getattr(tenancy, STAGE_DATE[s]) for s in PIPELINE[: PIPELINE.index(before) + 1]]
    latest = max((d for d in previous_days if d is not None), default=None)
    if latest is not None and on < latest:
        raise ValidationError({"on": _("日期不能早于上一阶段的日期 {day}").format(day=latest.isoformat())})
    if zone is not None and to_status != TenancyStatus.RESIDENT:
        raise ValidationError({"zone": _("只有入驻时才指定片区；换片区请用“调整片区”")})
    with policy.checked(user, Action.CHANGE, tenancy) as guard:
        if zone is not None:
            guard.check(zone, Action.VIEW)
        tenancy.status = to_status
        setattr(tenancy, STAGE_DATE[to_status], on)
        if zone is not None:
            tenancy.zone = zone
        tenancy.full_clean()
        _refuse_future(tenancy, STAGE_DATE[to_status])
        _attribute(tenancy, user, comment or "入驻阶段变更")
        tenancy.save()
        if zone is not None:
            _open_stay(tenancy, zone, on, space_m2, comment)
        if to_status in (TenancyStatus.GRADUATED, TenancyStatus.LEFT):
            _close_stay(tenancy, on)
        _log_step(user, tenancy, before, to_status, on, comment)
    changes.records_changed(
        enterprise_ids=[tenancy.enterprise_id] if tenancy.enterprise_id else [],
        team_ids=[tenancy.team_id] if tenancy.team_id else [],
    )
    return tenancy


@transaction.atomic
def zone_move(
    *,
    user: Any,
    tenancy: Tenancy,
    zone: Zone,
    on: date,
    comment: str = "",
    space_m2: int | None = None,
) -> ZoneStay:
    """Move an entered tenant to another zone of its park on `on` (a promotion 孵化型 → 初创型 → 成长型, or
    any other move): the open stay ends that day and the new one starts, so the history is kept. The
    tenant's first zone is opened the same way when it entered without one."""
    if tenancy.status != TenancyStatus.RESIDENT:
        raise ValidationError({"zone": _("只有已入驻的主体才能调整片区")})
    if tenancy.zone_id == zone.pk and tenancy.stays.filter(ended_on__isnull=True).exists():
        raise ValidationError({"zone": _("该主体已在片区“{zone}”").format(zone=zone.name)})
    with policy.checked(user, Action.CHANGE, tenancy) as guard:
        guard.check(zone, Action.VIEW)
        day = today()
        if on > day:
            raise ValidationError({"on": _("日期不能晚于今天")})
        _close_stay(tenancy, on)
        stay = _open_stay(tenancy, zone, on, space_m2, comment)
        tenancy.zone = zone
        tenancy.full_clean()
        _attribute(tenancy, user, comment or "调整片区")
        tenancy.save()
    return stay
