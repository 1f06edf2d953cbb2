"""Writes of the cultivation work: visits and their follow-ups, trainings, sessions, invitations and
attendance, and targets. Each is keyword-only, atomic, validated with full_clean() and attributed in the
change log (django-simple-history's `_history_user`). Who may write is decided here too, through
`may_log_visit` / `may_manage`, so the pages, the API and the imports refuse the same things."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from rainforest.core.choices import Role
from rainforest.core.models import Region, User
from rainforest.core.policy import Action, Rule, district_ids, may, rule_for
from rainforest.core.scope import Reach, scope_for
from rainforest.cultivation.choices import AttendanceStatus, FollowUpStatus, VisitTopic
from rainforest.cultivation.models import Attendance, FollowUp, Target, Training, TrainingSession, Visit
from rainforest.enterprises.models import Enterprise


class FollowUpInput(TypedDict, total=False):
    action: str
    owner: str
    due_on: date
    status: str
    done_on: date | None


def _attribute(instance: Model, user: Any, reason: str) -> None:
    instance._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]


# --- who may write -------------------------------------------------------------------------------------


def may_log_visit(user: Any, enterprise: Enterprise) -> bool:
    """Butlers log visits to the firms assigned to them; officers to the firms of their district (city
    officers everywhere): the policy's ADD on a visit of this enterprise (rainforest.core.policy)."""
    return may(user, Action.ADD, Visit(enterprise=enterprise))


def may_log_somewhere(user: Any) -> bool:
    """Whether the user logs visits at all: butlers, district and city officers."""
    return may(user, Action.ADD, Visit)


def may_manage(user: Any, *, district_id: int | None = None) -> bool:
    """Trainings and targets: city officers for the city (the policy's change on trainings), district
    officers for their own district (a target of that district within their scope)."""
    if district_id is None:
        return may(user, Action.CHANGE, Training)
    rule = rule_for(user, Target, Action.CHANGE)
    if rule is None:
        return False
    scope = scope_for(user)
    return rule is Rule.ALL or scope.reach is Reach.CITY or district_id in district_ids(scope)


# --- visits --------------------------------------------------------------------------------------------


def _check_topics(topics: Sequence[str]) -> list[str]:
    unknown = [topic for topic in topics if topic not in VisitTopic.values]
    if unknown:
        raise ValidationError({"topics": _("未知的走访事项：{codes}").format(codes="、".join(unknown))})
    if not topics:
        raise ValidationError({"topics": _("请至少选择一项走访事项")})
    return list(dict.fromkeys(topics))


def _visitor(user: Any, butler: User | None) -> User:
    """The person who visited: the butler given (officers may log for a butler), else the user."""
    if butler is None:
        if not getattr(user, "is_authenticated", False):
            raise PermissionDenied(_("需要登录"))
        visitor: User = user
        return visitor
    if butler.role != Role.BUTLER:
        raise ValidationError({"butler": _("只能选择角色为科技管家的用户")})
    if getattr(user, "role", None) == Role.BUTLER and butler.pk != user.pk:
        raise PermissionDenied(_("科技管家只能登记本人的走访"))
    return butler


def _follow_up(visit: Visit, values: FollowUpInput, index: int | None) -> FollowUp:
    follow_up = FollowUp(
        visit=visit,
        action=values.get("action", ""),
        owner=values.get("owner", ""),
        due_on=values.get("due_on"),  # type: ignore[misc]
        status=values.get("status") or FollowUpStatus.OPEN,
        done_on=values.get("done_on"),
    )
    _check_follow_up(follow_up, prefix="" if index is None else f"follow_ups[{index}].")
    return follow_up


def _check_follow_up(follow_up: FollowUp, *, prefix: str = "") -> None:
    try:
        # The model's clean() holds every rule (due date after the visit, done date only when done), so
        # Excel imports refuse the same rows.
        follow_up.full_clean(exclude=["visit"])
    except ValidationError as error:
        if not prefix:
            raise
        raise ValidationError(
            {f"{prefix}{name}": messages for name, messages in error.message_dict.items()}
        ) from None


@transaction.atomic
def visit_log(
    *,
    user: Any,
    enterprise: Enterprise,
    visited_on: date,
    topics: Sequence[str],
    findings: str = "",
    next_visit_on: date | None = None,
    butler: User | None = None,
    follow_ups: Iterable[FollowUpInput] = (),
) -> Visit:
    """Log a visit with the follow-up actions agreed at it. All or nothing: a bad follow-up refuses the
    whole visit, naming the field (`follow_ups[1].due_on`)."""
    if not may_log_visit(user, enterprise):
        raise PermissionDenied(_("无权登记该企业的走访记录"))
    visit = Visit(
        enterprise=enterprise,
        butler=_visitor(user, butler),
        visited_on=visited_on,
        topics=_check_topics(topics),
        findings=findings.strip(),
        next_visit_on=next_visit_on,
    )
    visit.full_clean()
    rows = [_follow_up(visit, values, index) for index, values in enumerate(follow_ups)]
    _attribute(visit, user, "登记走访")
    visit.save()
    for row in rows:
        row.visit = visit
        _attribute(row, user, "登记跟进事项")
        row.save()
    return visit


@transaction.atomic
def visit_update(
    *,
    visit: Visit,
    user: Any,
    visited_on: date,
    topics: Sequence[str],
    findings: str = "",
    next_visit_on: date | None = None,
) -> Visit:
    if not may_log_visit(user, visit.enterprise):
        raise PermissionDenied(_("无权修改该走访记录"))
    visit.visited_on = visited_on
    visit.topics = _check_topics(topics)
    visit.findings = findings.strip()
    visit.next_visit_on = next_visit_on
    visit.full_clean()
    for follow_up in visit.follow_ups.all():
        if follow_up.due_on < visited_on:
            raise ValidationError({"visited_on": _("走访日期不能晚于已有跟进事项的完成期限")})
    _attribute(visit, user, "修改走访")
    visit.save()
    return visit


@transaction.atomic
def visit_delete(*, visit: Visit, user: Any) -> None:
    if not may_log_visit(user, visit.enterprise):
        raise PermissionDenied(_("无权删除该走访记录"))
    for follow_up in visit.follow_ups.all():
        _attribute(follow_up, user, "删除走访")
        follow_up.delete()
    _attribute(visit, user, "删除走访")
    visit.delete()


@transaction.atomic
def follow_up_add(*, visit: Visit, user: Any, values: FollowUpInput) -> FollowUp:
    if not may_log_visit(user, visit.enterprise):
        raise PermissionDenied(_("无权修改该走访记录"))
    follow_up = _follow_up(visit, values, None)
    _attribute(follow_up, user, "登记跟进事项")
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_update(
    *, follow_up: FollowUp, user: Any, status: str, done_on: date | None = None, **values: Any
) -> FollowUp:
    """Change a follow-up's status (done needs the day it was done) and, optionally, its action, owner
    or due date."""
    if not may_log_visit(user, follow_up.visit.enterprise):
        raise PermissionDenied(_("无权修改该跟进事项"))
    for name in ("action", "owner", "due_on"):
        if name in values:
            setattr(follow_up, name, values.pop(name))
    if values:
        raise ValidationError({name: _("不可修改的字段") for name in values})
    follow_up.status = status
    follow_up.done_on = done_on
    _check_follow_up(follow_up)
    _attribute(follow_up, user, "更新跟进事项")
    follow_up.save()
    return follow_up


# --- trainings -----------------------------------------------------------------------------------------


@transaction.atomic
def training_create(*, user: Any, title: str, organiser: str = "", topic: str = "") -> Training:
    if not may_manage(user):
        raise PermissionDenied(_("只有市局工作人员可以创建培训"))
    training = Training(title=title.strip(), organiser=organiser.strip(), topic=topic.strip())
    training.full_clean()
    _attribute(training, user, "创建培训")
    training.save()
    return training


@transaction.atomic
def training_update(*, training: Training, user: Any, **values: Any) -> Training:
    if not may_manage(user):
        raise PermissionDenied(_("只有市局工作人员可以修改培训"))
    for name, value in values.items():
        if name not in ("title", "organiser", "topic"):
            raise ValidationError({name: _("不可修改的字段")})
        setattr(training, name, value.strip())
    training.full_clean()
    _attribute(training, user, "修改培训")
    training.save()
    return training


@transaction.atomic
def training_delete(*, training: Training, user: Any) -> None:
    if not may_manage(user):
        raise PermissionDenied(_("只有市局工作人员可以删除培训"))
    _attribute(training, user, "删除培训")
    training.delete()


@transaction.atomic
def session_add(
    *, training: Training, user: Any, held_on: date, venue: str = "", capacity: int | None = None
) -> TrainingSession:
    if not may_manage(user):
        raise PermissionDenied(_("只有市局工作人员可以安排培训场次"))
    session = TrainingSession(training=training, held_on=held_on, venue=venue.strip(), capacity=capacity)
    session.full_clean()
    _attribute(session, user, "安排培训场次")
    session.save()
    return session


@transaction.atomic
def invite(*, session: TrainingSession, user: Any, enterprises: Iterable[Enterprise]) -> list[Attendance]:
    """Invite firms to a session (an invited firm is not invited twice); refuses beyond the capacity."""
    if not may_manage(user):
        raise PermissionDenied(_("只有市局工作人员可以邀请企业参训"))
    already = set(session.attendances.values_list("enterprise_id", flat=True))
    new = [e for e in dict.fromkeys(enterprises) if e.pk not in already]
    if session.capacity is not None and len(already) + len(new) > session.capacity:
        raise ValidationError(
            {
                "enterprises": _("超出名额：已邀请{invited}家，本次{new}家，名额{capacity}家").format(
                    invited=len(already), new=len(new), capacity=session.capacity
                )
            }
        )
    rows = []
    for enterprise in new:
        attendance = Attendance(session=session, enterprise=enterprise, status=AttendanceStatus.INVITED)
        attendance.full_clean()
        _attribute(attendance, user, "邀请参训")
        attendance.save()
        rows.append(attendance)
    return rows


@transaction.atomic
def attendance_record(*, attendance: Attendance, user: Any, status: str, attendees: int = 0) -> Attendance:
    if not may_manage(user):
        raise PermissionDenied(_("只有市局工作人员可以登记出席情况"))
    attendance.status = status
    attendance.attendees = attendees
    attendance.full_clean()
    _attribute(attendance, user, "登记出席情况")
    attendance.save()
    return attendance


# --- targets -------------------------------------------------------------------------------------------


@transaction.atomic
def target_save(
    *,
    user: Any,
    indicator: str,
    year: int,
    value: int,
    district: Region | None = None,
    source: str = "",
    target: Target | None = None,
) -> Target:
    """Create a target, or change `target`. City targets are set by city officers, a district's by its
    officers (or city officers)."""
    district_id = district.pk if district is not None else None
    if not may_manage(user, district_id=district_id) or (
        target is not None and not may_manage(user, district_id=target.district_id)
    ):
        raise PermissionDenied(_("无权设置该目标"))
    target = target or Target()
    target.indicator = indicator
    target.year = year
    target.value = value
    target.district = district
    target.source = source.strip()
    target.full_clean()
    _attribute(target, user, "设置年度目标")
    target.save()
    return target


@transaction.atomic
def target_delete(*, target: Target, user: Any) -> None:
    if not may_manage(user, district_id=target.district_id):
        raise PermissionDenied(_("无权删除该目标"))
    _attribute(target, user, "删除年度目标")
    target.delete()
