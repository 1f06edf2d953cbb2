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
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from rainforest.api.auth import AuthenticatedRequest
from rainforest.calls import decisions, outcome_selectors, selectors, services
from rainforest.calls.choices import CallStatus
from rainforest.calls.eligibility import precheck as run_precheck
from rainforest.calls.funnel import funnel as call_funnel_of
from rainforest.calls.models import Application, Call, Milestone, Objection, Project, Publicity, Report
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
    credit_code: str = Field(
        "",
        max_length=18,
        pattern=r"^[0-9A-Za-z]*$",
        description="企业的统一社会信用代码（工作人员查询时必填；企业用户缺省为本企业）",
    )


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


# --- after the ranking: decisions and projects (docs/calls.md, "公示, decision and projects") ------------


class DecisionIn(Schema):
    decision: str = Field(description="approve 批准（市级）/ recommend 推荐上报（省级）/ decline 不予批准")
    amount_granted: Decimal | None = Field(None, description="批准金额（元）")
    comment: str = ""


class DatedItemIn(Schema):
    title: str
    due_on: date


class ProjectIn(Schema):
    starts_on: date
    ends_on: date
    amount_granted: Decimal | None = Field(None, description="资助金额（元），缺省为申报的批准金额")
    budget: Decimal | None = Field(None, description="项目总预算（元）")
    title: str = ""
    milestones: list[DatedItemIn] = []
    reports: list[DatedItemIn] = []


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    done_on: date | None
    late: bool


class ReportOut(Schema):
    id: int
    title: str
    due_on: date
    submitted_on: date | None
    summary: str
    late: bool = Field(description="逾期：应交日期后提交，或应交日期已过仍未提交")


class ProjectOut(Schema):
    id: int
    application: int
    call: str
    enterprise: str
    credit_code: str
    title: str
    budget: Decimal | None
    amount_granted: Decimal = Field(description="资助金额（元）")
    starts_on: date
    ends_on: date
    subsidy: int | None = Field(description="对应的财务台账贷款贴息申请")
    accepted_on: date | None
    acceptance_result: str
    acceptance_note: str
    has_late_report: bool


class ProjectDetailOut(ProjectOut):
    milestones: list[MilestoneOut]
    reports: list[ReportOut]


class ProjectPage(Page[ProjectOut]):
    pass


class ProjectQuery(PageQuery):
    call: str = Field("", max_length=60, pattern=r"^[-a-zA-Z0-9_]*$", description="申报通知编号")
    late: bool | None = Field(None, description="只看有逾期报告的项目")


class AcceptanceIn(Schema):
    result: str = Field(description="passed 通过验收 / conditional 整改后通过 / failed 未通过验收")
    accepted_on: date | None = None
    note: str = ""


class ReportSubmitIn(Schema):
    summary: str = Field(description="报告摘要")


class MilestoneDoneIn(Schema):
    done_on: date | None = None


class ResolveIn(Schema):
    resolution: str
    upheld: bool = Field(False, description="异议成立：该申报不予批准")


class ObjectionOut(Schema):
    id: int
    application: int
    enterprise: str
    raised_by: str
    raised_on: date
    text: str
    resolution: str
    upheld: bool
    resolved_on: date | None


def _project_out(project: Any) -> dict[str, Any]:
    application = project.application
    return {
        "id": project.pk,
        "application": application.pk,
        "call": application.call.code,
        "enterprise": application.enterprise.name,
        "credit_code": application.enterprise.credit_code,
        "title": project.title,
        "budget": project.budget,
        "amount_granted": project.amount_granted,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "subsidy": project.subsidy_id,
        "accepted_on": project.accepted_on,
        "acceptance_result": project.acceptance_result,
        "acceptance_note": project.acceptance_note,
        "has_late_report": bool(getattr(project, "has_late_report", False)),
    }


def _project_detail(project: Any, user: Any) -> dict[str, Any]:
    milestones = restrict(project.milestones.all(), user, Action.VIEW)
    reports = restrict(project.reports.all(), user, Action.VIEW)
    return {
        **_project_out(project),
        "milestones": [
            {"id": m.pk, "title": m.title, "due_on": m.due_on, "done_on": m.done_on, "late": m.late}
            for m in milestones
        ],
        "reports": [
            {
                "id": r.pk,
                "title": r.title,
                "due_on": r.due_on,
                "submitted_on": r.submitted_on,
                "summary": r.summary,
                "late": r.late,
            }
            for r in reports
        ],
    }


def _objection_out(objection: Any) -> dict[str, Any]:
    return {
        "id": objection.pk,
        "application": objection.application_id,
        "enterprise": objection.application.enterprise.name,
        "raised_by": objection.raised_by,
        "raised_on": objection.raised_on,
        "text": objection.text,
        "resolution": objection.resolution,
        "upheld": objection.upheld,
        "resolved_on": objection.resolved_on,
    }


def _project(request: AuthenticatedRequest, pk: int, action: Action = Action.VIEW) -> Any:
    rows = outcome_selectors.projects_for(request.auth)
    if action != Action.VIEW:
        rows = restrict(rows, request.auth, action)
    return get_object_or_404(rows, pk=pk)


@router.post(
    "/applications/{application_id}/decision",
    response=ApplicationOut,
    summary="公示结束后的决定（批准、推荐、不予批准）",
)
@access.model(Application, Action.CHANGE)  # the workflow's permissions leave it to the city
def application_decision(
    request: AuthenticatedRequest, application_id: int, payload: DecisionIn
) -> dict[str, Any]:
    application = decisions.application_decide(
        user=request.auth,
        application=_application(request, application_id, Action.CHANGE),
        decision=payload.decision,
        amount_granted=payload.amount_granted,
        comment=payload.comment,
    )
    return _application_out(application, request.auth)


@router.post(
    "/applications/{application_id}/project",
    response={201: ProjectDetailOut},
    summary="立项：批准或推荐的申报成为项目（节点、报告）",
)
@access.model(Application, Action.CHANGE)  # creating the project asks ADD on projects (the city)
def application_project(request: AuthenticatedRequest, application_id: int, payload: ProjectIn) -> Status:
    project = decisions.project_create(
        user=request.auth,
        application=_application(request, application_id, Action.CHANGE),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        amount_granted=payload.amount_granted,
        budget=payload.budget,
        title=payload.title,
        milestones=[(item.title, item.due_on) for item in payload.milestones],
        reports=[(item.title, item.due_on) for item in payload.reports],
    )
    return Status(201, _project_detail(_project(request, project.pk), request.auth))


@router.get("/projects", response=ProjectPage, summary="立项项目（按数据范围）")
@access.model(Project, Action.VIEW)
def project_list(request: AuthenticatedRequest, query: Query[ProjectQuery]) -> dict[str, Any]:
    rows = outcome_selectors.projects_for(request.auth)
    if query.call:
        rows = rows.filter(application__call__code=query.call)
    if query.late is not None:
        rows = rows.filter(has_late_report=query.late)  # type: ignore[misc]
    return paginate(rows, query, _project_out)


@router.get("/projects/{project_id}", response=ProjectDetailOut, summary="一个项目：节点、报告、验收")
@access.model(Project, Action.VIEW)
def project_detail(request: AuthenticatedRequest, project_id: int) -> dict[str, Any]:
    return _project_detail(_project(request, project_id), request.auth)


@router.post("/projects/{project_id}/milestones", response={201: MilestoneOut}, summary="添加项目节点")
@access.model(Project, Action.CHANGE)
def project_milestone(request: AuthenticatedRequest, project_id: int, payload: DatedItemIn) -> Status:
    milestone = decisions.milestone_add(
        user=request.auth,
        project=_project(request, project_id, Action.CHANGE),
        title=payload.title,
        due_on=payload.due_on,
    )
    out = {"id": milestone.pk, "title": milestone.title, "due_on": milestone.due_on, "done_on": None}
    return Status(201, {**out, "late": milestone.late})


@router.post("/milestones/{milestone_id}/done", response=MilestoneOut, summary="记录节点完成")
@access.model(Milestone, Action.CHANGE)
def milestone_done(
    request: AuthenticatedRequest, milestone_id: int, payload: MilestoneDoneIn
) -> dict[str, Any]:
    milestone = get_object_or_404(
        restrict(Milestone.objects.all(), request.auth, Action.CHANGE), pk=milestone_id
    )
    milestone = decisions.milestone_done(user=request.auth, milestone=milestone, done_on=payload.done_on)
    return {
        "id": milestone.pk,
        "title": milestone.title,
        "due_on": milestone.due_on,
        "done_on": milestone.done_on,
        "late": milestone.late,
    }


@router.post(
    "/projects/{project_id}/reports", response={201: ReportOut}, summary="添加项目报告要求（应交日期）"
)
@access.model(Project, Action.CHANGE)
def project_report(request: AuthenticatedRequest, project_id: int, payload: DatedItemIn) -> Status:
    report = decisions.report_add(
        user=request.auth,
        project=_project(request, project_id, Action.CHANGE),
        title=payload.title,
        due_on=payload.due_on,
    )
    return Status(201, _report_out(report))


def _report_out(report: Any) -> dict[str, Any]:
    return {
        "id": report.pk,
        "title": report.title,
        "due_on": report.due_on,
        "submitted_on": report.submitted_on,
        "summary": report.summary,
        "late": report.late,
    }


@router.post("/reports/{report_id}/submit", response=ReportOut, summary="提交项目报告")
@access.model(Report, Action.CHANGE)
def report_submit(request: AuthenticatedRequest, report_id: int, payload: ReportSubmitIn) -> dict[str, Any]:
    report = get_object_or_404(restrict(Report.objects.all(), request.auth, Action.CHANGE), pk=report_id)
    return _report_out(decisions.report_submit(user=request.auth, report=report, summary=payload.summary))


@router.post("/projects/{project_id}/acceptance", response=ProjectDetailOut, summary="记录结题验收")
@access.model(Project, Action.CHANGE)
def project_acceptance(
    request: AuthenticatedRequest, project_id: int, payload: AcceptanceIn
) -> dict[str, Any]:
    decisions.project_accept(
        user=request.auth,
        project=_project(request, project_id, Action.CHANGE),
        result=payload.result,
        accepted_on=payload.accepted_on,
        note=payload.note,
    )
    return _project_detail(_project(request, project_id), request.auth)


@router.post("/objections/{objection_id}/resolve", response=ObjectionOut, summary="处理公示异议")
@access.model(Objection, Action.CHANGE)
def objection_resolve(request: AuthenticatedRequest, objection_id: int, payload: ResolveIn) -> dict[str, Any]:
    objection = get_object_or_404(
        restrict(Objection.objects.select_related("application__enterprise"), request.auth, Action.CHANGE),
        pk=objection_id,
    )
    objection = decisions.objection_resolve(
        user=request.auth, objection=objection, resolution=payload.resolution, upheld=payload.upheld
    )
    return _objection_out(objection)


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
    """`[{"application", "enterprise", "score", "rank", "reviewers", …}]` from the reviews app: the rows of
    the caller's scope; before the panel closes only officers see the scores (an expert never sees the
    others' scores while the panel is open)."""
    from rainforest.reviews.selectors import panel_for, ranking, scores_visible

    call = _call(request, code)
    panel = panel_for(call)
    if panel is None or not scores_visible(request.auth, panel):
        return []
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


class PublicityOut(Schema):
    call: str
    title: str
    intro: str
    columns: list[str]
    published_on: date
    ends_on: date = Field(description="公示截止日期（自开始日起 publicity_days 个工作日）")
    closed_on: date | None
    issuer: str
    contact: str
    total: int = Field(description="公示名单的项数")
    rows: list[dict[str, Any]] = Field(
        description="您数据范围内的名单行：application, enterprise, title, amount（元）, score, rank"
    )
    objections: list[ObjectionOut]


class PublishIn(Schema):
    columns: list[str] = Field(description="rank, enterprise, title, amount, score 中选择")
    title: str = ""
    intro: str = ""
    contact: str = ""
    issuer: str = ""
    listed: int | None = Field(None, description="公示前几名（缺省为全部已排名的申报）")


class ObjectionIn(Schema):
    application: int
    raised_by: str
    text: str
    raised_on: date | None = None


def _publicity_out(request: AuthenticatedRequest, call: Call) -> dict[str, Any]:
    notice = outcome_selectors.publicity_for(request.auth, call)
    if notice is None:
        raise Http404
    publicity = notice.publicity
    return {
        "call": call.code,
        "title": publicity.title,
        "intro": publicity.intro,
        "columns": publicity.columns,
        "published_on": publicity.published_on,
        "ends_on": publicity.ends_on,
        "closed_on": publicity.closed_on,
        "issuer": publicity.issuer,
        "contact": publicity.contact,
        "total": notice.total,
        "rows": notice.rows,
        "objections": [_objection_out(o) for o in notice.objections],
    }


def _notice(call: Call) -> Any:
    notice = Publicity.objects.filter(call=call).first()
    if notice is None:
        raise ValidationError({"publicity": "该申报通知尚未发布公示"})
    return notice


@router.get(
    "/{code}/publicity",
    response=PublicityOut | None,
    summary="公示：名单（按数据范围）、公示期和异议；未发布时为 null",
)
@access.model(Call, Action.VIEW)  # the notice is read by all; its rows and objections by scope
def call_publicity(request: AuthenticatedRequest, code: str) -> dict[str, Any] | None:
    call = _call(request, code)
    if not Publicity.objects.filter(call=call).exists():
        return None
    return _publicity_out(request, call)


@router.post("/{code}/publicity", response={201: PublicityOut}, summary="按评审排名发布公示")
@access.model(Call, Action.CHANGE)
def call_publish(request: AuthenticatedRequest, code: str, payload: PublishIn) -> Status:
    call = get_object_or_404(restrict(Call.objects.all(), request.auth, Action.CHANGE), code=code)
    decisions.publicity_publish(
        user=request.auth,
        call=call,
        columns=payload.columns,
        title=payload.title,
        intro=payload.intro,
        contact=payload.contact,
        issuer=payload.issuer,
        listed=payload.listed,
    )
    return Status(201, _publicity_out(request, call))


@router.post("/{code}/publicity/objections", response={201: ObjectionOut}, summary="登记公示异议")
@access.model(Call, Action.CHANGE)
def call_objection(request: AuthenticatedRequest, code: str, payload: ObjectionIn) -> Status:
    call = get_object_or_404(restrict(Call.objects.all(), request.auth, Action.CHANGE), code=code)
    application = get_object_or_404(
        restrict(Application.objects.filter(call=call), request.auth, Action.VIEW), pk=payload.application
    )
    objection = decisions.objection_record(
        user=request.auth,
        publicity=_notice(call),
        application=application,
        raised_by=payload.raised_by,
        text=payload.text,
        raised_on=payload.raised_on,
    )
    return Status(201, _objection_out(objection))


@router.post("/{code}/publicity/close", response=PublicityOut, summary="结束公示（异议须已处理）")
@access.model(Call, Action.CHANGE)
def call_publicity_close(request: AuthenticatedRequest, code: str) -> dict[str, Any]:
    call = get_object_or_404(restrict(Call.objects.all(), request.auth, Action.CHANGE), code=code)
    decisions.publicity_close(user=request.auth, publicity=_notice(call))
    return _publicity_out(request, call)


@router.post("/{code}/decide", response=CallInfoOut, summary="办结申报通知（全部申报已决定）")
@access.model(Call, Action.CHANGE)
def call_decide(request: AuthenticatedRequest, code: str) -> dict[str, Any]:
    call = get_object_or_404(restrict(Call.objects.all(), request.auth, Action.CHANGE), code=code)
    return _call_out(services.call_decide(user=request.auth, call=call), request)
