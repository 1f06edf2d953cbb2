"""Pages after the ranking: a call's notice (公示) with its objections and the decisions, the Word notice and
recommendation letter, the projects (list with filters, pagination and Excel export; one project with its
milestones, reports and acceptance). Every write calls one service of `rainforest.calls.decisions`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rainforest.calls import decisions, documents, selectors
from rainforest.calls import outcome_selectors as chosen_selectors
from rainforest.calls.choices import Level, State
from rainforest.calls.models import Application, Call
from rainforest.calls.outcomes import (
    AcceptanceResult,
    Milestone,
    Objection,
    Project,
    Publicity,
    PublicityColumn,
    Report,
)
from rainforest.calls.services import call_decide
from rainforest.core.money import WAN
from rainforest.core.policy import Action, access, may, restrict
from rainforest.core.xlsx import Book

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BadInput(ValueError):
    """A form value that does not parse; the message names the field."""


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for problems in error.message_dict.values() for message in problems]
    return [str(message) for message in error.messages]


def _date(request: HttpRequest, name: str, label: str, *, required: bool = True) -> date | None:
    text = (request.POST.get(name) or "").strip()
    if not text:
        if required:
            raise BadInput(_("请填写“{label}”").format(label=label))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise BadInput(_("“{label}”须为日期（如 2025-06-01）").format(label=label)) from error


def _wan(request: HttpRequest, name: str, label: str) -> Decimal | None:
    text = (request.POST.get(name) or "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise BadInput(_("“{label}”须为数值（万元）").format(label=label)) from error
    if not value.is_finite():
        raise BadInput(_("“{label}”须为数值（万元）").format(label=label))
    return value * WAN


def _run(request: HttpRequest, action: Any, success: str) -> bool:
    """Run a service; its refusal becomes a message on the page the user is sent back to."""
    try:
        action()
    except BadInput as error:
        messages.error(request, str(error))
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("您无权执行此操作"))
    else:
        messages.success(request, success)
        return True
    return False


def _call(request: HttpRequest, code: str, action: Action = Action.VIEW) -> Call:
    return get_object_or_404(restrict(Call.objects.all(), request.user, action), code=code)


# --- the notice ----------------------------------------------------------------------------------------


@access.model(Call, Action.VIEW)  # the notice is read by all; its rows and objections by the user's scope
@require_GET
def publicity(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    notice = chosen_selectors.publicity_for(request.user, call)
    keeps = may(request.user, Action.CHANGE, call)
    statuses = dict(selectors.applications_for(request.user, call).values_list("pk", "status"))
    context: dict[str, Any] = {
        "call": call,
        "notice": notice,
        "keeps": keeps,
        "columns": PublicityColumn.choices,
        "ranked": Application.objects.filter(call=call, status=State.RANKED).count() if keeps else 0,
        "rows": [
            (row, cells, statuses.get(row["application"]))
            for row, cells in zip(notice.rows, notice.cells, strict=True)
        ]
        if notice
        else [],
        "state": State,
        "province": call.level == Level.PROVINCE,
        "results": AcceptanceResult.choices,
        "decided_states": [State.APPROVED, State.RECOMMENDED],
    }
    return render(request, "calls/publicity.html", context)


@access.model(Call, Action.CHANGE)
@require_POST
def publicity_publish(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code, Action.CHANGE)
    columns = [c for c in request.POST.getlist("columns") if c]

    def act() -> None:
        listed_text = (request.POST.get("listed") or "").strip()
        try:
            listed = int(listed_text) if listed_text else None
        except ValueError as error:
            raise BadInput(_("“公示名额”须为整数")) from error
        decisions.publicity_publish(
            user=request.user,
            call=call,
            columns=columns or None,
            published_on=None,
            title=request.POST.get("title", ""),
            intro=request.POST.get("intro", ""),
            contact=request.POST.get("contact", ""),
            issuer=request.POST.get("issuer", ""),
            listed=listed,
        )

    _run(request, act, _("已发布公示"))
    return redirect("calls:publicity", call.code)


@access.model(Call, Action.CHANGE)
@require_POST
def objection_add(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code, Action.CHANGE)

    def act() -> None:
        notice = getattr(call, "publicity", None)
        if notice is None:
            raise ValidationError({"publicity": _("该申报通知尚未发布公示")})
        try:
            pk = int(request.POST.get("application") or "")
        except ValueError as error:
            raise BadInput(_("请选择被异议的申报")) from error
        application = get_object_or_404(
            restrict(Application.objects.filter(call=call), request.user, Action.VIEW), pk=pk
        )
        decisions.objection_record(
            user=request.user,
            publicity=notice,
            application=application,
            raised_by=request.POST.get("raised_by", ""),
            text=request.POST.get("text", ""),
            raised_on=_date(request, "raised_on", _("提出日期"), required=False),
        )

    _run(request, act, _("已登记异议"))
    return redirect("calls:publicity", call.code)


@access.model(Objection, Action.CHANGE)
@require_POST
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(
        restrict(Objection.objects.select_related("publicity__call"), request.user, Action.CHANGE), pk=pk
    )
    _run(
        request,
        lambda: decisions.objection_resolve(
            user=request.user,
            objection=objection,
            resolution=request.POST.get("resolution", ""),
            upheld=request.POST.get("upheld") == "1",
        ),
        _("已处理异议"),
    )
    return redirect("calls:publicity", objection.publicity.call.code)


@access.model(Call, Action.CHANGE)
@require_POST
def publicity_close(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code, Action.CHANGE)

    def act() -> None:
        notice = getattr(call, "publicity", None)
        if notice is None:
            raise ValidationError({"publicity": _("该申报通知尚未发布公示")})
        decisions.publicity_close(user=request.user, publicity=notice)

    _run(request, act, _("公示已结束"))
    return redirect("calls:publicity", call.code)


@access.model(Publicity, Action.CHANGE)  # the whole list: the city's document to publish
@require_GET
def notice_docx(request: HttpRequest, code: str) -> HttpResponse:
    notice = get_object_or_404(
        restrict(Publicity.objects.select_related("call"), request.user, Action.CHANGE), call__code=code
    )
    call = notice.call
    response = HttpResponse(documents.publicity_notice(notice), content_type=documents.DOCX)
    response["Content-Disposition"] = f'attachment; filename="publicity-{call.code}.docx"'
    return response


@access.model(Call, Action.CHANGE)  # the city's letter to the province
@require_GET
def recommendation_docx(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code, Action.CHANGE)
    if call.level != Level.PROVINCE:
        messages.error(request, _("只有省级通知需要推荐函"))
        return redirect("calls:publicity", call.code)
    response = HttpResponse(documents.recommendation_letter(call), content_type=documents.DOCX)
    response["Content-Disposition"] = f'attachment; filename="recommendation-{call.code}.docx"'
    return response


@access.model(Call, Action.EXPORT)  # the rows of the user's scope
@require_GET
def publicity_export(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code, Action.EXPORT)
    notice = chosen_selectors.publicity_for(request.user, call)
    book = Book()
    sheet = book.sheet(_("公示名单"))
    if notice is not None:
        sheet.append(notice.publicity.column_labels())
        for cells in notice.cells:
            sheet.append(cells)
    objections = book.sheet(_("异议"))
    objections.append(
        [
            _("企业名称"),
            _("异议人"),
            _("提出日期"),
            _("异议内容"),
            _("处理结果"),
            _("异议成立"),
            _("处理日期"),
        ]
    )
    for objection in notice.objections if notice else []:
        objections.append(
            [
                objection.application.enterprise.name,
                objection.raised_by,
                objection.raised_on.isoformat(),
                objection.text,
                objection.resolution,
                _("是") if objection.upheld else _("否"),
                objection.resolved_on.isoformat() if objection.resolved_on else "",
            ]
        )
    response = HttpResponse(book.bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="publicity-{call.code}.xlsx"'
    return response


@access.model(Call, Action.CHANGE)
@require_POST
def call_close(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code, Action.CHANGE)
    _run(request, lambda: call_decide(user=request.user, call=call), _("申报通知已办结"))
    return redirect("calls:publicity", call.code)


# --- decisions on one application -----------------------------------------------------------------------


def _application(request: HttpRequest, pk: int) -> Application:
    rows = Application.objects.select_related("call", "enterprise")
    return get_object_or_404(restrict(rows, request.user, Action.CHANGE), pk=pk)


@access.model(Application, Action.CHANGE)  # the workflow's permissions leave it to the city
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _run(
        request,
        lambda: decisions.application_decide(
            user=request.user,
            application=application,
            decision=request.POST.get("decision", ""),
            amount_granted=_wan(request, "amount_granted", _("批准金额")),
            comment=request.POST.get("comment", ""),
        ),
        _("已作出决定"),
    )
    return redirect("calls:publicity", application.call.code)


@access.model(Application, Action.CHANGE)  # creating the project asks ADD on projects (the city)
@require_POST
def application_fund(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _run(
        request,
        lambda: decisions.project_create(
            user=request.user,
            application=application,
            starts_on=_date(request, "starts_on", _("开始日期")),  # type: ignore[arg-type]
            ends_on=_date(request, "ends_on", _("结束日期")),  # type: ignore[arg-type]
            amount_granted=_wan(request, "amount_granted", _("资助金额")),
            budget=_wan(request, "budget", _("项目总预算")),
        ),
        _("已立项"),
    )
    return redirect("calls:publicity", application.call.code)


# --- projects ----------------------------------------------------------------------------------------------


def _projects(request: HttpRequest) -> tuple[Any, dict[str, str]]:
    rows = chosen_selectors.projects_for(request.user)
    chosen = {key: (request.GET.get(key) or "").strip() for key in ("call", "q", "late", "accepted", "sort")}
    if chosen["call"]:
        rows = rows.filter(application__call__code=chosen["call"])
    if chosen["q"]:
        rows = rows.filter(application__enterprise__name__icontains=chosen["q"]) | rows.filter(
            title__icontains=chosen["q"]
        )
    if chosen["late"] == "1":
        rows = rows.filter(has_late_report=True)  # type: ignore[misc]
    if chosen["accepted"] == "1":
        rows = rows.filter(accepted_on__isnull=False)
    elif chosen["accepted"] == "0":
        rows = rows.filter(accepted_on__isnull=True)
    order = {
        "enterprise": ("application__enterprise__name", "pk"),
        "-amount": ("-amount_granted", "pk"),
        "ends": ("ends_on", "pk"),
    }.get(chosen["sort"], ("-starts_on", "pk"))
    return rows.order_by(*order), chosen


@access.model(Project, Action.VIEW)
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    rows, chosen = _projects(request)
    page = Paginator(rows, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "chosen": chosen,
        "calls": Call.objects.filter(applications__project__isnull=False)
        .distinct()
        .order_by("-opens_on")
        .values_list("code", "title"),
        "query": urlencode({k: v for k, v in chosen.items() if v}),
        "may_export": may(request.user, Action.EXPORT, Project),
        "granted": chosen_selectors.total_granted(rows),
    }
    return render(request, "calls/project_list.html", context)


@access.model(Project, Action.EXPORT)
@require_GET
def project_export(request: HttpRequest) -> HttpResponse:
    rows, _chosen = _projects(request)
    book = Book()
    sheet = book.sheet(_("项目"))
    sheet.append(
        [
            _("申报通知"),
            _("企业名称"),
            _("所在县区"),
            _("项目名称"),
            _("项目总预算（万元）"),
            _("资助金额（万元）"),
            _("开始日期"),
            _("结束日期"),
            _("报告逾期"),
            _("验收日期"),
            _("验收结论"),
        ]
    )
    for project in rows.iterator(chunk_size=2000):
        enterprise = project.application.enterprise
        sheet.append(
            [
                project.application.call.code,
                enterprise.name,
                enterprise.district.name if enterprise.district_id else "",
                project.title,
                project.budget / WAN if project.budget is not None else None,
                project.amount_granted / WAN,
                project.starts_on.isoformat(),
                project.ends_on.isoformat(),
                _("是") if project.has_late_report else _("否"),
                project.accepted_on.isoformat() if project.accepted_on else "",
                project.get_acceptance_result_display(),
            ]
        )
    response = HttpResponse(book.bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="projects.xlsx"'
    return response


def _project(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Project:
    rows = (
        chosen_selectors.projects_for(request.user)
        if action == Action.VIEW
        else restrict(
            Project.objects.select_related("application__call", "application__enterprise"),
            request.user,
            action,
        )
    )
    return get_object_or_404(rows, pk=pk)


@access.model(Project, Action.VIEW)
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    reports = list(restrict(project.reports.all(), request.user, Action.VIEW))
    context = {
        "project": project,
        "milestones": list(restrict(project.milestones.all(), request.user, Action.VIEW)),
        "reports": reports,
        "keeps": may(request.user, Action.CHANGE, project),
        "submits": [r.pk for r in reports if r.submitted_on is None and may(request.user, Action.CHANGE, r)],
        "results": AcceptanceResult.choices,
    }
    return render(request, "calls/project_detail.html", context)


@access.model(Project, Action.CHANGE)
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, Action.CHANGE)
    _run(
        request,
        lambda: decisions.milestone_add(
            user=request.user,
            project=project,
            title=request.POST.get("title", ""),
            due_on=_date(request, "due_on", _("计划完成日期")),  # type: ignore[arg-type]
        ),
        _("已添加节点"),
    )
    return redirect("calls:project", project.pk)


@access.model(Milestone, Action.CHANGE)
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(restrict(Milestone.objects.all(), request.user, Action.CHANGE), pk=pk)
    _run(
        request,
        lambda: decisions.milestone_done(
            user=request.user,
            milestone=milestone,
            done_on=_date(request, "done_on", _("实际完成日期"), required=False),
        ),
        _("已记录完成"),
    )
    return redirect("calls:project", milestone.project_id)


@access.model(Project, Action.CHANGE)
@require_POST
def report_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, Action.CHANGE)
    _run(
        request,
        lambda: decisions.report_add(
            user=request.user,
            project=project,
            title=request.POST.get("title", ""),
            due_on=_date(request, "due_on", _("应交日期")),  # type: ignore[arg-type]
        ),
        _("已添加报告要求"),
    )
    return redirect("calls:project", project.pk)


@access.model(Report, Action.CHANGE)
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(restrict(Report.objects.all(), request.user, Action.CHANGE), pk=pk)
    _run(
        request,
        lambda: decisions.report_submit(
            user=request.user,
            report=report,
            summary=request.POST.get("summary", ""),
            upload=request.FILES.get("file"),
        ),
        _("已提交报告"),
    )
    return redirect("calls:project", report.project_id)


@access.model(Project, Action.CHANGE)
@require_POST
def project_accept(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, Action.CHANGE)
    _run(
        request,
        lambda: decisions.project_accept(
            user=request.user,
            project=project,
            result=request.POST.get("result", ""),
            accepted_on=_date(request, "accepted_on", _("验收日期"), required=False),
            note=request.POST.get("note", ""),
        ),
        _("已记录验收"),
    )
    return redirect("calls:project", project.pk)
