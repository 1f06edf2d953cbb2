"""Pages of the calls app: the calls (by status), one call (its eligibility precheck for a firm, the
apply button, the funnel by district for officers), the applications in the user's scope (filters,
pagination, Excel export), one application (pre-filled facts, its form, attachments, the workflow
actions the user may take, every status change with its reason) and what is pending for the user."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rainforest.calls import pending, selectors, services
from rainforest.calls.choices import CallStatus, FieldType, State
from rainforest.calls.eligibility import precheck
from rainforest.calls.forms import PREFILL, answers_form
from rainforest.calls.funnel import funnel
from rainforest.calls.models import Application, Call
from rainforest.core.choices import Role
from rainforest.core.money import WAN
from rainforest.core.policy import Action, access, may, restrict, role_of
from rainforest.core.xlsx import Book

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for messages_ in error.message_dict.values() for message in messages_]
    return [str(message) for message in error.messages]


@access.model(Call, Action.VIEW)
@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ""
    rows = (
        selectors.calls_with_status(status)
        if status in CallStatus.values
        else Call.objects.order_by("-opens_on")
    )
    page = Paginator(rows, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": CallStatus.choices}
    return render(request, "calls/call_list.html", context)


@access.model(Call, Action.VIEW)
@require_GET
def call_detail(request: HttpRequest, code: str) -> HttpResponse:
    call = get_object_or_404(restrict(Call.objects.all(), request.user, Action.VIEW), code=code)
    enterprise = selectors.own_enterprise(request.user)
    context: dict[str, Any] = {
        "call": call,
        "enterprise": enterprise,
        "evaluated_on": selectors.evaluation_day(call),
        "prefill_labels": [str(PREFILL[name][0]) for name in call.prefill if name in PREFILL],
    }
    if enterprise is not None:
        context["result"] = precheck(call, enterprise, selectors.evaluation_day(call))
        context["mine"] = Application.objects.filter(call=call, enterprise=enterprise).first()
        context["may_apply"] = (
            context["mine"] is None
            and call.status == CallStatus.OPEN
            and may(request.user, Action.ADD, Application)
        )
    elif role_of(request.user) in (Role.CITY_OFFICER, Role.SYSTEM_ADMIN, Role.DISTRICT_OFFICER):
        context["funnel"] = funnel(call, request.user)
    context["applications"] = selectors.applications_for(request.user, call).count()
    return render(request, "calls/call_page.html", context)


@access.model(Call, Action.VIEW)  # starting is checked by the service (ADD on the firm's application)
@require_POST
def call_apply(request: HttpRequest, code: str) -> HttpResponse:
    call = get_object_or_404(restrict(Call.objects.all(), request.user, Action.VIEW), code=code)
    enterprise = selectors.own_enterprise(request.user)
    if enterprise is None:
        messages.error(request, _("只有企业用户可以为本企业申报"))
        return redirect("calls:call", call.code)
    try:
        application = services.application_start(
            user=request.user, call=call, enterprise=enterprise, title=request.POST.get("title", "")
        )
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return redirect("calls:call", call.code)
    messages.success(request, _("已创建申报草稿，请填写申报表"))
    return redirect("calls:application", application.pk)


def _filtered(request: HttpRequest) -> tuple[Any, dict[str, str]]:
    rows = selectors.applications_for(request.user)
    chosen = {key: (request.GET.get(key) or "").strip() for key in ("call", "status", "q", "sort")}
    if chosen["call"]:
        rows = rows.filter(call__code=chosen["call"])
    if chosen["status"] in State.values:
        rows = rows.filter(status=chosen["status"])
    if chosen["q"]:
        rows = rows.filter(enterprise__name__icontains=chosen["q"]) | rows.filter(
            enterprise__credit_code__istartswith=chosen["q"].upper()
        )
    order = {
        "enterprise": ("enterprise__name", "pk"),
        "-submitted": ("-submitted_at", "pk"),
        "status": ("status", "pk"),
    }.get(chosen["sort"], ("call__code", "enterprise__name", "pk"))
    return rows.order_by(*order), chosen


@access.model(Application, Action.VIEW)
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    rows, chosen = _filtered(request)
    page = Paginator(rows, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "chosen": chosen,
        "statuses": State.choices,
        "calls": Call.objects.order_by("-opens_on").values_list("code", "title"),
        "query": urlencode({k: v for k, v in chosen.items() if v}),
        "may_export": may(request.user, Action.EXPORT, Application),
    }
    return render(request, "calls/application_list.html", context)


@access.model(Application, Action.EXPORT)
@require_GET
def application_export(request: HttpRequest) -> HttpResponse:
    rows, _chosen = _filtered(request)
    book = Book()
    sheet = book.sheet(_("申报"))
    sheet.append(
        [
            _("申报通知"),
            _("企业名称"),
            _("统一社会信用代码"),
            _("所在县区"),
            _("项目名称"),
            _("状态"),
            _("申请金额（万元）"),
            _("批准金额（万元）"),
            _("提交时间"),
            _("最近意见"),
        ]
    )
    for application in rows.iterator(chunk_size=2000):
        sheet.append(
            [
                application.call.code,
                application.enterprise.name,
                application.enterprise.credit_code,
                application.enterprise.district.name if application.enterprise.district_id else "",
                application.title,
                application.get_status_display(),
                application.amount_requested / WAN if application.amount_requested is not None else None,
                application.amount_granted / WAN if application.amount_granted is not None else None,
                application.submitted_at.strftime("%Y-%m-%d %H:%M") if application.submitted_at else "",
                application.last_comment,
            ]
        )
    response = HttpResponse(book.bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="applications.xlsx"'
    return response


def _application(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Application:
    rows = Application.objects.select_related("call", "enterprise", "enterprise__district")
    return get_object_or_404(restrict(rows, request.user, action), pk=pk)


@access.model(Application, Action.VIEW)
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    editable = application.status in (State.DRAFT, State.RETURNED) and may(
        request.user, Action.CHANGE, application
    )
    editable = editable and role_of(request.user) == Role.ENTERPRISE_USER
    initial = {
        key: ("true" if value is True else "false" if value is False else value)
        for key, value in application.answers.items()
    }
    form = answers_form(application.call, request.POST if request.method == "POST" else None, initial)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("该申报当前不能修改"))
            return redirect("calls:application", application.pk)
        answers = {item["name"]: request.POST.get(item["name"], "") for item in application.call.form_fields}
        amount_text = (request.POST.get("amount_requested") or "").strip()
        try:
            amount = Decimal(amount_text) * WAN if amount_text else None
        except InvalidOperation:
            form.add_error(None, _("“申请金额”须为数值（万元）"))
            amount = None
        else:
            try:
                services.application_save(
                    user=request.user,
                    application=application,
                    answers=answers,
                    title=request.POST.get("title", ""),
                    amount_requested=amount,
                )
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                messages.success(request, _("已保存"))
                return redirect("calls:application", application.pk)
    given = {item.name: item for item in application.files.all()}
    attachments = [
        {
            "name": item["name"],
            "label": item.get("label") or item["name"],
            "required": item.get("required"),
            "file": given.get(item["name"]),
        }
        for item in application.call.attachments
    ]
    context = {
        "application": application,
        "call": application.call,
        "form": form,
        "editable": editable,
        "money_fields": [
            item["name"] for item in application.call.form_fields if item["type"] == FieldType.MONEY
        ],
        "amount_requested": application.amount_requested / WAN
        if application.amount_requested is not None
        else "",
        "prefilled": [
            (str(PREFILL[k][0]) if k in PREFILL else k, v) for k, v in application.prefilled.items()
        ],
        "attachments": attachments,
        # the notice's steps (publish, close, decide, fund) are taken on the call's notice page, where the
        # notice, its objections and the project are kept with them
        "transitions": [
            spec
            for spec in services.allowed_transitions(application, request.user)
            if spec.name not in services.NOTICE_STEPS
        ]
        if may(request.user, Action.CHANGE, application)
        else [],
        "notice_steps": bool(
            {spec.name for spec in services.allowed_transitions(application, request.user)}
            & services.NOTICE_STEPS
        )
        and may(request.user, Action.CHANGE, application),
        "history": selectors.history(application),
    }
    return render(request, "calls/application_detail.html", context)


@access.model(Application, Action.CHANGE)
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, Action.CHANGE)
    name = request.POST.get("transition", "")
    try:
        services.application_transition(
            user=request.user,
            application=application,
            transition=name,
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        spec = services.TRANSITIONS[name]
        messages.success(request, _("已{action}").format(action=spec.label))
    return redirect("calls:application", application.pk)


@access.model(Application, Action.CHANGE)
@require_POST
def application_attach(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, Action.CHANGE)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要上传的文件"))
        return redirect("calls:application", application.pk)
    try:
        services.application_attach(
            user=request.user, application=application, name=request.POST.get("name", ""), upload=upload
        )
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("已上传附件"))
    return redirect("calls:application", application.pk)


@access.login
@require_GET
def pending_page(request: HttpRequest) -> HttpResponse:
    groups: dict[str, list[pending.Item]] = {}
    for item in pending.items_for(request.user):
        groups.setdefault(item.group, []).append(item)
    return render(request, "calls/pending.html", {"groups": groups})
