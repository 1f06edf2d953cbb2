"""/api/v1/cultivation/trainings: trainings with their sessions, invitations and attendance. Everyone in
cultivation reads them (attendance rows only of the firms they may see); city officers and admins write,
as `cultivation.services` decides."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.vocabulary import Day
from rainforest.core import credit_code as uscc
from rainforest.core.pagination import Page, PageQuery, paginate
from rainforest.core.policy import Action, access
from rainforest.cultivation import selectors, services
from rainforest.cultivation.api.pool import require_cultivation
from rainforest.cultivation.choices import AttendanceStatus
from rainforest.cultivation.models import Attendance, Training, TrainingSession
from rainforest.enterprises.models import Enterprise

router = Router(tags=["cultivation"])


class TrainingIn(Schema):
    title: str = Field(min_length=1, max_length=120)
    organiser: str = ""
    topic: str = ""


class TrainingOut(Schema):
    id: int
    title: str
    organiser: str
    topic: str
    sessions: int = Field(description="场次数")


class TrainingPage(Page[TrainingOut]):
    pass


class SessionIn(Schema):
    held_on: Day
    venue: str = ""
    capacity: int | None = Field(None, ge=0, description="可邀请的企业数；空为不限")


class AttendanceOut(Schema):
    id: int
    credit_code: str
    enterprise: str
    status: str
    attendees: int


class SessionOut(Schema):
    id: int
    held_on: date
    venue: str
    capacity: int | None
    invited: int = Field(description="受邀企业总数（全部，不限数据范围）")
    attended: int = Field(description="出席企业总数（全部）")
    attendance: list[AttendanceOut] = Field(description="您可查看的企业的参训记录")


class TrainingDetailOut(Schema):
    id: int
    title: str
    organiser: str
    topic: str
    sessions: list[SessionOut]


class InviteIn(Schema):
    credit_codes: list[str] = Field(min_length=1, description="受邀企业的统一社会信用代码")


class AttendanceIn(Schema):
    status: Literal["invited", "confirmed", "attended", "absent"]
    attendees: int = Field(0, ge=0)


def _training(training: Training, sessions: int) -> dict[str, Any]:
    return {
        "id": training.pk,
        "title": training.title,
        "organiser": training.organiser,
        "topic": training.topic,
        "sessions": sessions,
    }


def _attendance(row: Attendance) -> dict[str, Any]:
    return {
        "id": row.pk,
        "credit_code": row.enterprise.credit_code,
        "enterprise": row.enterprise.name,
        "status": row.status,
        "attendees": row.attendees,
    }


def _session(session: TrainingSession, viewer: Any) -> dict[str, Any]:
    visible = Enterprise.objects.visible_to(viewer).values("pk")
    rows = (
        session.attendances.filter(enterprise__in=visible)
        .select_related("enterprise")
        .order_by("enterprise__credit_code")
    )
    return {
        "id": session.pk,
        "held_on": session.held_on,
        "venue": session.venue,
        "capacity": session.capacity,
        "invited": session.attendances.count(),
        "attended": session.attendances.filter(status=AttendanceStatus.ATTENDED).count(),
        "attendance": [_attendance(row) for row in rows],
    }


def _visible_training(request: AuthenticatedRequest, training_id: int) -> Training:
    require_cultivation(request.auth)
    return get_object_or_404(selectors.trainings_for(request.auth), pk=training_id)


@router.get("", response=TrainingPage, summary="培训列表")
@access.model(Training, Action.VIEW)
def training_list(request: AuthenticatedRequest, query: Query[PageQuery]) -> dict[str, Any]:
    require_cultivation(request.auth)
    trainings = selectors.trainings_for(request.auth)
    return paginate(trainings, query, lambda t: _training(t, t.session_count))


@router.post("", response={201: TrainingOut}, summary="创建培训（市局工作人员）")
@access.model(Training, Action.ADD)
def training_create(request: AuthenticatedRequest, payload: TrainingIn) -> Status[dict[str, Any]]:
    require_cultivation(request.auth)
    training = services.training_create(user=request.auth, **payload.model_dump())
    return Status(201, _training(training, 0))


@router.get("/{training_id}", response=TrainingDetailOut, summary="培训详情：场次、邀请与出席")
@access.model(Training, Action.VIEW)
def training_detail(request: AuthenticatedRequest, training_id: int) -> dict[str, Any]:
    training = _visible_training(request, training_id)
    return {
        "id": training.pk,
        "title": training.title,
        "organiser": training.organiser,
        "topic": training.topic,
        "sessions": [_session(s, request.auth) for s in training.sessions.order_by("held_on", "pk")],
    }


@router.post("/{training_id}/sessions", response={201: SessionOut}, summary="安排培训场次（市局工作人员）")
@access.model(TrainingSession, Action.ADD)
def session_create(
    request: AuthenticatedRequest, training_id: int, payload: SessionIn
) -> Status[dict[str, Any]]:
    training = _visible_training(request, training_id)
    session = services.session_add(training=training, user=request.auth, **payload.model_dump())
    return Status(201, _session(session, request.auth))


@router.post(
    "/{training_id}/sessions/{session_id}/invitations",
    response={201: list[AttendanceOut]},
    summary="邀请企业参训（市局工作人员；已邀请的不重复邀请）",
)
@access.model(Attendance, Action.ADD)
def session_invite(
    request: AuthenticatedRequest, training_id: int, session_id: int, payload: InviteIn
) -> Status[list[dict[str, Any]]]:
    training = _visible_training(request, training_id)
    session = get_object_or_404(
        TrainingSession.objects.restrict(request.auth, Action.VIEW), training=training, pk=session_id
    )
    codes = [uscc.normalise(code) for code in payload.credit_codes]
    found = {
        e.credit_code: e for e in Enterprise.objects.visible_to(request.auth).filter(credit_code__in=codes)
    }
    missing = {
        f"credit_codes[{index}]": _unknown(code) for index, code in enumerate(codes) if code not in found
    }
    if missing:
        raise ValidationError(missing)
    rows = services.invite(session=session, user=request.auth, enterprises=[found[code] for code in codes])
    return Status(201, [_attendance(row) for row in rows])


def _unknown(code: str) -> str:
    return _("统一社会信用代码 {code} 对应的企业不存在或不在您的数据范围内").format(code=code)


@router.patch(
    "/{training_id}/attendance/{attendance_id}",
    response=AttendanceOut,
    summary="登记出席情况（市局工作人员）",
)
@access.model(Attendance, Action.CHANGE)
def attendance_change(
    request: AuthenticatedRequest, training_id: int, attendance_id: int, payload: AttendanceIn
) -> dict[str, Any]:
    training = _visible_training(request, training_id)
    visible = Enterprise.objects.visible_to(request.auth).values("pk")
    attendance = get_object_or_404(
        Attendance.objects.select_related("enterprise").filter(enterprise__in=visible),
        session__training=training,
        pk=attendance_id,
    )
    saved = services.attendance_record(
        attendance=attendance, user=request.auth, status=payload.status, attendees=payload.attendees
    )
    return _attendance(saved)
