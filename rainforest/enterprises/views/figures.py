"""An enterprise's yearly figures: record (create or change) and delete, one year at a time."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.core.policy import Action, access
from rainforest.enterprises import services
from rainforest.enterprises.forms import FiguresForm, show_service_errors
from rainforest.enterprises.models import YearlyFigures
from rainforest.enterprises.views._common import confirm, crumbs, enterprise_or_404, form_page

# --- yearly figures ------------------------------------------------------------------------------------


@access.model(YearlyFigures, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def figures_edit(request: HttpRequest, credit_code: str, year: int | None = None) -> HttpResponse:
    enterprise = enterprise_or_404(request, credit_code, Action.CHANGE)
    if year is None:
        instance = YearlyFigures(enterprise=enterprise)
        heading = _("填报年度数据")
    else:
        rows = YearlyFigures.objects.restrict(request.user, Action.CHANGE)
        instance = get_object_or_404(rows, enterprise=enterprise, year=year)
        heading = _("修改 {year} 年度数据").format(year=year)
    form = FiguresForm(request.POST or None, instance=instance)
    detail_url = reverse("enterprises:detail", args=[credit_code])
    if request.method == "POST" and form.is_valid():
        try:
            figures = services.figures_record(
                enterprise=enterprise,
                year=form.cleaned_data["year"],
                user=request.user,
                **form.service_values(),
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存 {year} 年度数据").format(year=figures.year))
            return redirect(detail_url)
    return form_page(request, form, heading, detail_url, crumbs(enterprise))


@access.model(YearlyFigures, Action.DELETE)
@require_http_methods(["GET", "POST"])
def figures_delete(request: HttpRequest, credit_code: str, year: int) -> HttpResponse:
    enterprise = enterprise_or_404(request, credit_code, Action.CHANGE)
    rows = YearlyFigures.objects.restrict(request.user, Action.DELETE)
    figures = get_object_or_404(rows, enterprise=enterprise, year=year)
    detail_url = reverse("enterprises:detail", args=[credit_code])
    if request.method == "POST":
        services.figures_delete(figures=figures, user=request.user)
        messages.success(request, _("已删除 {year} 年度数据").format(year=year))
        return redirect(detail_url)
    return confirm(request, _("{name} {year} 年度数据").format(name=enterprise.name, year=year), detail_url)
