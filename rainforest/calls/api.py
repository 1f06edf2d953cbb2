"""The calls app's API operations, mounted under /api/v1/calls (docs/calls.md).

- `GET /calls?status=open|reviewing|decided|draft` — calls, paged;
- `GET /calls/{code}` — one call with its form and dates;
- `GET /calls/{code}/precheck` — for an enterprise user, its eligibility for the call in the shape of
  `POST /api/v1/eligibility/evaluate` (officers name the firm with `credit_code`);
- `GET /calls/{code}/funnel` — eligible → started → submitted → … → approved, by district (the user's scope);
- `GET /calls/{code}/ranking` — the reviews app's ranking (`rainforest.reviews.selectors.ranking`);
- `GET /calls/{code}/applications`, `POST /calls/{code}/applications` (an enterprise starts its draft);
- `GET /calls/applications/{id}`, `PUT /calls/applications/{id}` (answers of a draft),
  `POST /calls/applications/{id}/transitions` (`{"transition", "comment"}`: `application_transition`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from rainforest.api.auth import AuthenticatedRequest
from rainforest.calls import selectors, services
from rainforest.calls.choices import CallStatus
from rainforest.calls.eligibility import precheck as run_precheck
from rainforest.calls.funnel import funnel as call_funnel_of
from rainforest.calls.models import Application, Call
from rainforest.core.pagination import Page, PageQuery, paginate
from rainforest.core.policy import Action, access, restrict
from rainforest.eligibility.api import ResultOut
from rainforest.enterprises.models import Enterprise

router = Router(tags=["calls"])


class CallListQuery(PageQuery):
    status: CallStatus | None = Field(
        None, description="draft 未开放 / open 申报中 / reviewing 评审中 / decided 已决定"
    )


class CallInfoOut(Schema):
    code: str
    title: str
    level: str
    status: str = Field(description="draft/open/reviewing/decided（由日期和决定得出）")
    rulebook: str
    condition: str
    opens_on: date
    closes_on: date
    district_review_ends_on: date
    expert_review_ends_on: date
    publicity_days: int
    quota: int | None
    budget: Decimal | None = Field(description="资金总额（元）")
    decided_on: date | None
    applications: int = Field(description="您数据范围内的申报数")


class CallDetailOut(CallInfoOut):
    description: str
    prefill: list[str]
    form_fields: list[dict[str, Any]]
    attachments: list[dict[str, Any]]


class CallListPage(Page[CallInfoOut]):
    pass


class PrecheckQuery(Schema):
    credit_code: str = Field("", description="企业（工作人员查询时必填；企业用户缺省为本企业）")


class FunnelStageOut(Schema):
    stage: str
    label: str
    count: int


class FunnelDistrictOut(Schema):
    district: str
    counts: dict[str, int]


class CallFunnelOut(Schema):
    call: str
    evaluated_on: date
    stages: list[FunnelStageOut]
    undetermined: int = Field(description="资格待定（缺少数据）的企业数")
    by_district: list[FunnelDistrictOut]


class ApplicationOut(Schema):
    id: int
    call: str
    enterprise: str
    credit_code: str
    district: str
    title: str
    status: str
    status_label: str
    answers: dict[str, Any]
    prefilled: dict[str, Any]
    attachments: list[str]
    amount_requested: Decimal | None
    amount_granted: Decimal | None
    submitted_at: datetime | None
    last_comment: str
    transitions: list[str] = Field(description="您现在可执行的流程操作")


class StepOut(Schema):
    at: datetime
    by: str
    transition: str
    source: str | None
    target: str
    comment: str


class ApplicationDetailOut(ApplicationOut):
    history: list[StepOut]


class ApplicationPage(Page[ApplicationOut]):
    pass


class StartIn(Schema):
    title: str = ""


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(description="字段名 → 值（按申报表字段类型校验）")
    title: str | None = None
    amount_requested: Decimal | None = Field(None, description="申请金额（元）")


class TransitionIn(Schema):
    transition: str = Field(description="流程操作名，如 submit、district_pass（见 docs/calls.md）")
    comment: str = ""


def _call(request: AuthenticatedRequest, code: str) -> Call:
    return get_object_or_404(restrict(Call.objects.all(), request.auth, Action.VIEW), code=code)


def _call_out(call: Call, request: AuthenticatedRequest) -> dict[str, Any]:
    return {
        "code": call.code,
        "title": call.title,
        "level": call.level,
        "status": call.status,
        "rulebook": call.rulebook,
        "condition": call.condition,
        "opens_on": call.opens_on,
        "closes_on": call.closes_on,
        "district_review_ends_on": call.district_review_ends_on,
        "expert_review_ends_on": call.expert_review_ends_on,
        "publicity_days": call.publicity_days,
        "quota": call.quota,
        "budget": call.budget,
        "decided_on": call.decided_on,
        "applications": selectors.applications_for(request.auth, call).count(),
        "description": call.description,
        "prefill": call.prefill,
        "form_fields": call.form_fields,
        "attachments": call.attachments,
    }


def _application_out(application: Application, user: Any) -> dict[str, Any]:
    return {
        "id": application.pk,
        "call": application.call.code,
        "enterprise": application.enterprise.name,
        "credit_code": application.enterprise.credit_code,
        "district": application.enterprise.district.name if application.enterprise.district_id else "",
        "title": application.title,
        "status": application.status,
        "status_label": application.get_status_display(),
        "answers": application.answers,
        "prefilled": application.prefilled,
        "attachments": sorted(application.files.values_list("name", flat=True)),
        "amount_requested": application.amount_requested,
        "amount_granted": application.amount_granted,
        "submitted_at": application.submitted_at,
        "last_comment": application.last_comment,
        "transitions": [spec.name for spec in services.allowed_transitions(application, user)],
    }


def _application(request: AuthenticatedRequest, pk: int, action: Action = Action.VIEW) -> Application:
    rows = restrict(
        Application.objects.select_related("call", "enterprise", "enterprise__district"), request.auth, action
    )
    return get_object_or_404(rows, pk=pk)


@router.get("", response=CallListPage, summary="申报通知列表（按状态）")
@access.model(Call, Action.VIEW)
def call_list(request: AuthenticatedRequest, query: Query[CallListQuery]) -> dict[str, Any]:
    rows = (
        selectors.calls_with_status(query.status)
        if query.status
        else Call.objects.order_by("-opens_on", "code")
    )
    rows = restrict(rows, request.auth, Action.VIEW)
    return paginate(rows, query, lambda call: _call_out(call, request))


@router.get(
    "/applications/{application_id}", response=ApplicationDetailOut, summary="一份申报及其全部状态变更"
)
@access.model(Application, Action.VIEW)
def application_detail(request: AuthenticatedRequest, application_id: int) -> dict[str, Any]:
    application = _application(request, application_id)
    steps = [
        {
            "at": log.timestamp,
            "by": log.by.get_full_name() or log.by.username if log.by else "",
            "transition": log.transition,
            "source": log.source_state,
            "target": log.state,
            "comment": log.description or "",
        }
        for log in selectors.history(application)
    ]
    return {**_application_out(application, request.auth), "history": steps}


@router.put("/applications/{application_id}", response=ApplicationOut, summary="保存草稿或退回申报的填报内容")
@access.model(Application, Action.CHANGE)
def application_update(
    request: AuthenticatedRequest, application_id: int, payload: AnswersIn
) -> dict[str, Any]:
    application = _application(request, application_id, Action.CHANGE)
    application = services.application_save(
        user=request.auth,
        application=application,
        answers=payload.answers,
        title=payload.title,
        amount_requested=payload.amount_requested,
    )
    return _application_out(application, request.auth)


@router.post(
    "/applications/{application_id}/transitions",
    response=ApplicationOut,
    summary="执行一步流程操作（提交、审核…）",
)
@access.model(Application, Action.CHANGE)
def application_move(
    request: AuthenticatedRequest, application_id: int, payload: TransitionIn
) -> dict[str, Any]:
    application = _application(request, application_id, Action.CHANGE)
    application = services.application_transition(
        user=request.auth, application=application, transition=payload.transition, comment=payload.comment
    )
    return _application_out(application, request.auth)


@router.get("/{code}", response=CallDetailOut, summary="一个申报通知：资格条件、申报表、日期")
@access.model(Call, Action.VIEW)
def call_detail(request: AuthenticatedRequest, code: str) -> dict[str, Any]:
    return _call_out(_call(request, code), request)


@router.get("/{code}/precheck", response=ResultOut, summary="申报前资格预检（与资格评价接口同形）")
@access.model(Call, Action.VIEW)
def call_precheck(request: AuthenticatedRequest, code: str, query: Query[PrecheckQuery]) -> dict[str, Any]:
    call = _call(request, code)
    enterprise = selectors.own_enterprise(request.auth)
    if query.credit_code.strip():
        enterprise = get_object_or_404(
            Enterprise.objects.visible_to(request.auth), credit_code=query.credit_code.strip().upper()
        )
    if enterprise is None:
        raise ValidationError({"credit_code": "请指明企业（统一社会信用代码）"})
    return run_precheck(call, enterprise, selectors.evaluation_day(call))


@router.get(
    "/{code}/funnel", response=CallFunnelOut, summary="申报漏斗：符合条件→填报→提交→各级审核→批准，分县区"
)
@access.model(Call, Action.VIEW)  # the call is read by all; its rows are scoped inside
def call_funnel(request: AuthenticatedRequest, code: str) -> dict[str, Any]:
    funnel = call_funnel_of(_call(request, code), request.auth)
    return {
        "call": code,
        "evaluated_on": funnel.evaluated_on,
        "stages": [{"stage": key, "label": str(label), "count": count} for key, label, count in funnel.rows],
        "undetermined": funnel.undetermined,
        "by_district": [
            {"district": name, "counts": counts} for name, counts in sorted(funnel.by_district.items())
        ],
    }


@router.get("/{code}/ranking", response=list[dict[str, Any]], summary="评审排名（评审完成后）")
@access.model(Call, Action.VIEW)  # the call is read by all; its rows are scoped inside
def call_ranking(request: AuthenticatedRequest, code: str) -> list[dict[str, Any]]:
    """`[{"application", "enterprise", "score", "rank", "reviewers"}]` from the reviews app."""
    call = _call(request, code)
    try:
        from rainforest.reviews.selectors import ranking  # type: ignore[attr-defined]
    except ImportError:
        return []  # the reviews app has not drawn a ranking yet
    visible = set(selectors.applications_for(request.auth, call).values_list("pk", flat=True))
    return [row for row in ranking(call) if row.get("application") in visible]


@router.get("/{code}/applications", response=ApplicationPage, summary="一个通知的申报（按数据范围）")
@access.model(Call, Action.VIEW)  # the call is read by all; its rows are scoped inside
def call_applications(request: AuthenticatedRequest, code: str, query: Query[PageQuery]) -> dict[str, Any]:
    rows = selectors.applications_for(request.auth, _call(request, code)).prefetch_related("files")
    return paginate(rows, query, lambda application: _application_out(application, request.auth))


@router.post(
    "/{code}/applications", response={201: ApplicationOut}, summary="企业开始填报（草稿，预填登记信息）"
)
@access.model(Call, Action.VIEW)  # starting is checked by the service (ADD on the firm's application)
def call_apply(request: AuthenticatedRequest, code: str, payload: StartIn) -> Status:
    call = _call(request, code)
    enterprise = selectors.own_enterprise(request.auth)
    if enterprise is None:
        raise ValidationError({"enterprise": "只有企业用户可以为本企业申报"})
    application = services.application_start(
        user=request.auth, call=call, enterprise=enterprise, title=payload.title
    )
    return Status(201, _application_out(application, request.auth))
