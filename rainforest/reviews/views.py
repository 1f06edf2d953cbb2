"""Pages of the reviews app under /reviews/ (namespace `reviews`): the panels, one call's panel (its rules,
members, the experts excluded and why, drawing, closing, the score sheets' Excel template and import, the
ranking with the reviewers' consistency), and for an expert the sheets to score and the form of one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rainforest.calls.models import Application, Call
from rainforest.core.policy import Action, access, may, restrict
from rainforest.reviews import selectors, services, spreadsheet
from rainforest.reviews.models import Panel, ScoreSheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for messages_ in error.message_dict.values() for message in messages_]
    return [str(message) for message in error.messages]


def _panel(request: HttpRequest, code: str, action: Action = Action.VIEW) -> Panel:
    rows = restrict(Panel.objects.select_related("call"), request.user, action)
    return get_object_or_404(rows, call__code=code)


@access.model(Panel, Action.VIEW)
@require_GET
def panel_list(request: HttpRequest) -> HttpResponse:
    rows = restrict(Panel.objects.select_related("call"), request.user, Action.VIEW).order_by(
        "-call__expert_review_ends_on", "call__code"
    )
    page = Paginator(rows, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    calls_without = (
        Call.objects.filter(panel__isnull=True).order_by("-opens_on")
        if may(request.user, Action.ADD, Panel)
        else Call.objects.none()
    )
    return render(request, "reviews/panel_list.html", {"page": page, "calls_without": calls_without})


@access.model(Panel, Action.VIEW)
@require_GET
def panel_detail(request: HttpRequest, code: str) -> HttpResponse:
    panel = _panel(request, code)
    officer = may(request.user, Action.CHANGE, panel)
    context: dict[str, Any] = {
        "panel": panel,
        "call": panel.call,
        "officer": officer,
        "members": panel.members.select_related("expert__organisation").order_by("position"),
        "visible": selectors.scores_visible(request.user, panel),
    }
    if officer:
        context["excluded"] = selectors.exclusions(panel.call)[1]
    if context["visible"]:
        visible = set(
            restrict(Application.objects.filter(call=panel.call), request.user, Action.VIEW).values_list(
                "pk", flat=True
            )
        )
        context["results"] = [row for row in selectors.results(panel.call) if row.application.pk in visible]
        context["consistency"] = selectors.consistency(panel.call) if officer else []
    return render(request, "reviews/panel_detail.html", context)


@access.model(Panel, Action.CHANGE)
@require_POST
def panel_draw(request: HttpRequest, code: str) -> HttpResponse:
    call = get_object_or_404(restrict(Call.objects.all(), request.user, Action.VIEW), code=code)
    if not may(request.user, Action.ADD, Panel):
        return redirect("reviews:panels")
    seed = request.POST.get("seed", "").strip()
    try:
        draw = services.panel_draw(user=request.user, call=call, seed=int(seed) if seed.isdigit() else None)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return redirect("reviews:panels")
    messages.success(request, _("已抽取评审专家组：{n} 人").format(n=len(draw.experts)))
    return redirect("reviews:panel", code=call.code)


@access.model(Panel, Action.CHANGE)
@require_POST
def panel_close(request: HttpRequest, code: str) -> HttpResponse:
    panel = _panel(request, code, Action.CHANGE)
    try:
        services.panel_close(user=request.user, panel=panel)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("评审已结束，申报已排名"))
    return redirect("reviews:panel", code=code)


@access.model(ScoreSheet, Action.IMPORT)
@require_GET
def sheet_template(request: HttpRequest, code: str) -> HttpResponse:
    panel = _panel(request, code, Action.CHANGE)
    response = HttpResponse(spreadsheet.template(panel), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="scores-{panel.call.code}.xlsx"'
    return response


@access.model(ScoreSheet, Action.IMPORT)
@require_POST
def sheet_import(request: HttpRequest, code: str) -> HttpResponse:
    panel = _panel(request, code, Action.CHANGE)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的评分表（.xlsx）"))
        return redirect("reviews:panel", code=code)
    try:
        count = spreadsheet.sheets_import(user=request.user, call=panel.call, upload=upload)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("已导入 {n} 份评分表").format(n=count))
    return redirect("reviews:panel", code=code)


@access.model(ScoreSheet, Action.ADD)
@require_GET
def my_sheets(request: HttpRequest) -> HttpResponse:
    rows = selectors.sheets_of(request.user)
    return render(
        request,
        "reviews/my_sheets.html",
        {
            "rows": rows,
            "waiting": sum(row.sheet is None for row in rows),
            "is_expert": selectors.expert_of(request.user) is not None,
        },
    )


@access.model(ScoreSheet, Action.ADD)
@require_http_methods(["GET", "POST"])
def sheet_form(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        restrict(Application.objects.select_related("call", "enterprise"), request.user, Action.VIEW), pk=pk
    )
    expert = selectors.expert_of(request.user)
    panel = selectors.panel_for(application.call)
    if expert is None or panel is None:  # an officer (or no panel yet): the page says who scores online
        return render(request, "reviews/sheet_form.html", {"application": application, "refused": True})
    sheet = ScoreSheet.objects.filter(panel=panel, expert=expert, application=application).first()
    values: dict[str, Any] = dict(sheet.scores) if sheet else {}
    comment = sheet.comment if sheet else ""
    problems: dict[str, str] = {}
    if request.method == "POST":
        values = {
            str(item["name"]): request.POST.get(f"score-{n}", "") for n, item in enumerate(panel.criteria)
        }
        comment = request.POST.get("comment", "")
        try:
            services.sheet_submit(user=request.user, application=application, scores=values, comment=comment)
        except ValidationError as error:
            problems = {key: "；".join(str(m) for m in found) for key, found in error.message_dict.items()}
        else:
            messages.success(request, _("评分已提交：{name}").format(name=application.enterprise.name))
            return redirect("reviews:sheets")
    criteria = [
        {
            **item,
            "field": f"score-{n}",
            "value": values.get(str(item["name"]), ""),
            "problem": problems.get(str(item["name"]), ""),
        }
        for n, item in enumerate(panel.criteria)
    ]
    general = [
        message for key, message in problems.items() if key not in {str(c["name"]) for c in panel.criteria}
    ]
    return render(
        request,
        "reviews/sheet_form.html",
        {
            "application": application,
            "panel": panel,
            "criteria": criteria,
            "comment": comment,
            "general": general,
            "sheet": sheet,
        },
    )
