"""Pages of a park's life: occupancy of its zones on a day, the pipeline board with its counts per stage,
promotions between zones in a period, what became of its graduates (毕业企业去向), and one tenancy with its
stages and zones, where a step of the pipeline or a move between zones is recorded. Each page declares its
access and reaches its rows through the policy (a park outside the user's scope is a 404); the writes are
incubator.services calls, which check again."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.core.choices import LayerChoice
from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, access, may
from rainforest.enterprises.forms import show_service_errors
from rainforest.incubator import selectors, services
from rainforest.incubator.choices import PIPELINE, TenancyStatus
from rainforest.incubator.forms import AdvanceForm, DayForm, MoveForm, PeriodForm
from rainforest.incubator.models import Park, Tenancy


def _park(request: HttpRequest, pk: int) -> Park:
    return get_object_or_404(selectors.parks_for(request.user), pk=pk)


def _day(request: HttpRequest) -> tuple[DayForm, date]:
    form = DayForm(request.GET or None)
    day = form.cleaned_data.get("on") if form.is_valid() else None
    return form, day or data_as_of()


def _crumbs(park: Park | None = None) -> list[dict[str, str]]:
    crumbs = [{"label": _("孵化载体"), "url": reverse("incubator:index")}]
    if park is not None:
        crumbs.append({"label": park.name, "url": reverse("incubator:park", args=[park.pk])})
    return crumbs


@access.model(Park, Action.VIEW)
def occupancy(request: HttpRequest, pk: int) -> HttpResponse:
    park = _park(request, pk)
    form, day = _day(request)
    context = {
        "park": park,
        "form": form,
        "day": day,
        "sites": selectors.sites_of(park, request.user),
        "rows": selectors.occupancy_on(park, request.user, day),
        "breadcrumbs": _crumbs(park),
    }
    return render(request, "incubator/occupancy.html", context)


@access.model(Park, Action.VIEW)
def pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The board: one column per stage with its firms and teams on the day; the stage picked lists its
    tenancies, paginated."""
    park = _park(request, pk)
    form, day = _day(request)
    stages = selectors.pipeline_on(park, request.user, day)
    chosen = request.GET.get("stage", TenancyStatus.RESIDENT)
    chosen = chosen if chosen in PIPELINE else TenancyStatus.RESIDENT
    rows = selectors.tenancies_at_stage(park, request.user, chosen, day)
    page = Paginator(rows, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    context = {
        "park": park,
        "form": form,
        "day": day,
        "stages": stages,
        "chosen": chosen,
        "chosen_label": TenancyStatus(chosen).label,
        "page": page,
        "breadcrumbs": _crumbs(park),
    }
    return render(request, "incubator/pipeline.html", context)


@access.model(Park, Action.VIEW)
def promotions(request: HttpRequest, pk: int) -> HttpResponse:
    park = _park(request, pk)
    form = PeriodForm(request.GET or None)
    day = data_as_of()
    start, end = date(day.year, 1, 1), day
    if form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    found = selectors.promotions_in(park, request.user, start, end) if not form.errors else []
    page = Paginator(found, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    context = {
        "park": park,
        "form": form,
        "start": start,
        "end": end,
        "page": page,
        "count": len(found),
        "breadcrumbs": _crumbs(park),
    }
    return render(request, "incubator/promotions.html", context)


@access.model(Park, Action.VIEW)
def graduates(request: HttpRequest, pk: int) -> HttpResponse:
    """毕业企业去向: each graduate's forest layer when it left and on the day, and the layers since."""
    park = _park(request, pk)
    form, day = _day(request)
    found = selectors.graduates(park, request.user, day)
    labels = dict(LayerChoice.choices)

    def label(layer: int | None) -> str:
        return str(labels[layer]) if layer is not None else "—"

    rows: list[dict[str, Any]] = [
        {
            "graduate": g,
            "then": label(g.layer_then),
            "now": label(g.layer_now),
            "path": " → ".join(label(layer) for layer in g.path) or "—",
        }
        for g in found
    ]
    page = Paginator(rows, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    context = {
        "park": park,
        "form": form,
        "day": day,
        "page": page,
        "count": len(found),
        "grew": sum(1 for g in found if g.grew),
        "breadcrumbs": _crumbs(park),
    }
    return render(request, "incubator/graduates.html", context)


def _tenancy(request: HttpRequest, pk: int, action: Action) -> Tenancy:
    return get_object_or_404(selectors.tenancies_for(request.user, action), pk=pk)


@access.model(Tenancy, Action.VIEW)
def tenancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tenancy = _tenancy(request, pk, Action.VIEW)
    may_change = may(request.user, Action.CHANGE, tenancy)
    context = {
        "tenancy": tenancy,
        "steps": selectors.steps_of(tenancy, request.user),
        "stays": selectors.stays_of(tenancy, request.user),
        "may_change": may_change,
        "advance_form": AdvanceForm(tenancy=tenancy) if may_change else None,
        "move_form": MoveForm(tenancy=tenancy)
        if may_change and tenancy.status == TenancyStatus.RESIDENT
        else None,
        "breadcrumbs": _crumbs(tenancy.park),
    }
    return render(request, "incubator/tenancy_detail.html", context)


def _write(request: HttpRequest, tenancy: Tenancy, form: Any, save: Any, heading: str) -> HttpResponse:
    detail = reverse("incubator:tenancy", args=[tenancy.pk])
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存“{name}”").format(name=tenancy))
            return redirect(detail)
    context = {
        "form": form,
        "heading": heading,
        "cancel_url": detail,
        "breadcrumbs": _crumbs(tenancy.park),
    }
    return render(request, "web/form.html", context, status=200)


@access.model(Tenancy, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def tenancy_advance(request: HttpRequest, pk: int) -> HttpResponse:
    tenancy = _tenancy(request, pk, Action.CHANGE)
    form = AdvanceForm(request.POST or None, tenancy=tenancy)
    return _write(
        request,
        tenancy,
        form,
        lambda data: services.tenancy_advance(
            user=request.user,
            tenancy=tenancy,
            to_status=data["to_status"],
            on=data["on"],
            comment=data.get("comment") or "",
            zone=data.get("zone"),
            space_m2=data.get("space_m2"),
        ),
        _("入驻阶段变更"),
    )


@access.model(Tenancy, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def tenancy_move(request: HttpRequest, pk: int) -> HttpResponse:
    tenancy = _tenancy(request, pk, Action.CHANGE)
    form = MoveForm(request.POST or None, tenancy=tenancy)
    return _write(
        request,
        tenancy,
        form,
        lambda data: services.zone_move(
            user=request.user,
            tenancy=tenancy,
            zone=data["zone"],
            on=data["on"],
            comment=data.get("comment") or "",
            space_m2=data.get("space_m2"),
        ),
        _("调整片区"),
    )
