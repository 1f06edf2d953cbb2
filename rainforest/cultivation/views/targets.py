"""Yearly targets: the list, the forms, and a target's page with its forecast."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rainforest.core.models import Region
from rainforest.core.policy import Action, access
from rainforest.core.scope import Reach, scope_for
from rainforest.cultivation import selectors, services
from rainforest.cultivation.forms import ForecastForm, TargetForm
from rainforest.cultivation.models import Target
from rainforest.cultivation.views.common import confirm, crumbs, form_page, require_cultivation
from rainforest.enterprises.forms import show_service_errors


def _target(request: HttpRequest, pk: int) -> Target:
    return get_object_or_404(selectors.targets_for(request.user), pk=pk)


def _target_crumbs() -> list[dict[str, str]]:
    return crumbs((_("年度目标"), reverse("cultivation:targets")))


def _districts(request: HttpRequest) -> QuerySet[Region]:
    scope = scope_for(request.user)
    districts = selectors.districts()
    if scope.reach is Reach.CITY:
        return districts
    return districts.filter(pk=scope.region_id) if scope.region_id else districts.none()


@access.model(Target, Action.VIEW)
@login_required
@require_GET
def target_list(request: HttpRequest) -> HttpResponse:
    require_cultivation(request)
    targets = list(selectors.targets_for(request.user))
    rows = [
        {"target": t, "may_edit": services.may_manage(request.user, district_id=t.district_id)}
        for t in targets
    ]
    context = {
        "rows": rows,
        "may_create": services.may_manage(request.user)
        or services.may_manage(request.user, district_id=scope_for(request.user).region_id),
        "breadcrumbs": crumbs(),
    }
    return render(request, "cultivation/targets.html", context)


@access.model(Target, Action.VIEW)
@login_required
@require_GET
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_cultivation(request)
    target = _target(request, pk)
    # The date input starts on the day the forecast is made for: the data as-of date, capped at year end.
    form = ForecastForm(request.GET or None, day=selectors.forecast_day(target))
    day = form.cleaned_data.get("as_of") if form.is_bound and form.is_valid() else None
    result = selectors.target_forecast(target, request.user, day=day)
    context = {
        "target": target,
        "form": form,
        "forecast": result,
        "percent": round(result.attainment.probability * 100, 1),
        "raised_percent": None if result.if_movers_pass is None else round(result.if_movers_pass * 100, 1),
        "expected": round(result.attainment.expected, 1),
        "chart": {
            **selectors.chart_data(result.attainment),
            "labels": {"axis": _("年末总数"), "target": _("目标 {value}").format(value=target.value)},
        },
        "may_edit": services.may_manage(request.user, district_id=target.district_id),
        "breadcrumbs": _target_crumbs(),
    }
    return render(request, "cultivation/target.html", context)


@access.model(Target, Action.CHANGE)
@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_cultivation(request)
    target = _target(request, pk) if pk is not None else None
    if target is not None and not services.may_manage(request.user, district_id=target.district_id):
        raise PermissionDenied
    initial = {}
    if target is not None:
        initial = {
            "indicator": target.indicator,
            "year": target.year,
            "district": target.district,
            "value": target.value,
            "source": target.source,
        }
    form = TargetForm(request.POST or None, initial=initial, districts=_districts(request))
    cancel = reverse("cultivation:targets")
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.target_save(user=request.user, target=target, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("您无权设置该范围的目标"))
        else:
            messages.success(request, _("已保存目标“{target}”").format(target=saved))
            return redirect("cultivation:target", saved.pk)
    heading = _("设置年度目标") if target is None else _("修改年度目标")
    return form_page(request, form, heading, cancel, _target_crumbs())


def show_errors(form: TargetForm, error: ValidationError) -> None:
    """The uniqueness of a target (indicator, year, district) is told in words, on top of the form."""
    if hasattr(error, "error_dict") and "__all__" in error.error_dict:
        form.add_error(None, _("该指标在该年度、该范围已有目标，请修改原目标"))
        return
    show_service_errors(form, error)


@access.model(Target, Action.DELETE)
@login_required
@require_http_methods(["GET", "POST"])
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_cultivation(request)
    target = _target(request, pk)
    if not services.may_manage(request.user, district_id=target.district_id):
        raise PermissionDenied
    if request.method == "POST":
        what = str(target)
        services.target_delete(target=target, user=request.user)
        messages.success(request, _("已删除目标“{what}”").format(what=what))
        return redirect("cultivation:targets")
    return confirm(request, str(target), reverse("cultivation:target", args=[target.pk]))
