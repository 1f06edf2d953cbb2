"""The enterprise list, the enterprise page, and registering, changing and deleting an enterprise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, access, may
from rainforest.core.scope import sees_personal_data
from rainforest.enterprises import services
from rainforest.enterprises.filters import EnterpriseFilter
from rainforest.enterprises.forms import EnterpriseForm, show_service_errors
from rainforest.enterprises.models import Certificate, Enterprise
from rainforest.enterprises.selectors import enterprise_change_log, enterprises_for, with_layer
from rainforest.enterprises.views._common import (
    Row,
    confirm,
    contact_of,
    crumbs,
    enterprise_or_404,
    export_url,
    form_page,
    layer_label,
    sort_links,
)
from rainforest.forest.choices import MoveKind
from rainforest.forest.selectors import enterprise_timeline

# --- list and page -------------------------------------------------------------------------------------


@access.model(Enterprise, Action.VIEW)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    filterset = EnterpriseFilter(request.GET, queryset=enterprises_for(request.user))
    queryset = with_layer(filterset.qs, filterset.as_of)
    if queryset.query.order_by:
        queryset = queryset.order_by(*queryset.query.order_by, "pk")
    page = Paginator(queryset, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    clear = sees_personal_data(request.user)
    rows = [Row(e, e.layer, layer_label(e.layer), contact_of(e, clear)) for e in page.object_list]  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    filtered = any(value for key, value in request.GET.items() if key not in ("page", "ordering"))
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "sort_links": sort_links(request.GET.get("ordering", "")),
        "export_url": export_url(query.urlencode()),
        "filtered": filtered,
        "may_create": may(request.user, Action.ADD, Enterprise),
    }
    template = "enterprises/_results.html" if request.headers.get("HX-Request") else "enterprises/list.html"
    return render(request, template, context)


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # "span" or "move"
    title: str
    detail: str
    expected: bool


def _timeline(enterprise: Enterprise, day: date) -> tuple[list[TimelineEntry], str]:
    spans, moves = enterprise_timeline(enterprise)
    entries: list[TimelineEntry] = []
    current = "—"
    for span in spans:
        label = layer_label(span.layer)
        if span.starts_on <= day and (span.ends_on is None or span.ends_on > day):
            current = label
        if span.ends_on:
            until = _("至 {end}").format(end=span.ends_on.isoformat())
        else:
            until = _("至今") if span.starts_on <= day else ""
        detail = until + (_("（待补数据）") if span.needs_data else "")
        entries.append(TimelineEntry(span.starts_on, "span", label, detail, span.starts_on > day))
    for move in moves:
        kind = str(MoveKind(move.kind).label) if move.kind in MoveKind.values else move.kind
        title = _("{kind}：{source} → {target}").format(
            kind=kind, source=layer_label(move.from_layer), target=layer_label(move.to_layer)
        )
        expected = move.on > day
        if expected and move.kind == MoveKind.REGRESS:
            # A fall after the data's date is what happens if nothing is renewed, not a forecast.
            title = _("到期提醒：若届时未续期或更新登记，将{title}").format(title=title)
        entries.append(TimelineEntry(move.on, "move", title, move.reason, expected))
    entries.sort(key=lambda entry: (entry.day, entry.kind == "span"))
    return entries, current


@dataclass(frozen=True)
class CertificateRow:
    certificate: Certificate
    valid_today: bool


@access.model(Enterprise, Action.VIEW)
def enterprise_detail(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = enterprise_or_404(request, credit_code)
    day = data_as_of()
    timeline, current_layer = _timeline(enterprise, day)
    certificates = [
        CertificateRow(c, c.is_valid_on(day)) for c in enterprise.certificates.order_by("-issued_on", "kind")
    ]
    assignments = (
        enterprise.assignments.filter(ended_on__isnull=True).select_related("butler").order_by("started_on")
    )
    context = {
        "enterprise": enterprise,
        "contact": contact_of(enterprise, sees_personal_data(request.user)),
        "current_layer": current_layer,
        "figures": enterprise.yearly_figures.order_by("-year"),
        "certificates": certificates,
        "assignments": list(assignments),
        "timeline": timeline,
        "change_log": enterprise_change_log(enterprise, viewer=request.user),
        "may_write": may(request.user, Action.CHANGE, enterprise),
        "today": day,
    }
    return render(request, "enterprises/detail.html", context)


# --- enterprise forms ----------------------------------------------------------------------------------


@access.model(Enterprise, Action.ADD)
@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_register(
                user=request.user,
                credit_code_override_reason=form.cleaned_data.get("credit_code_override_reason", ""),
                **form.service_fields(),
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已登记企业“{name}”").format(name=enterprise.name))
            return redirect("enterprises:detail", enterprise.credit_code)
    return form_page(request, form, _("登记企业"), reverse("enterprises:list"), crumbs())


@access.model(Enterprise, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = enterprise_or_404(request, credit_code, Action.CHANGE)
    # The form works on its own copy, so a refused edit never shows half-changed values elsewhere on the page.
    form = EnterpriseForm(
        request.POST or None,
        instance=enterprise_or_404(request, credit_code, Action.CHANGE),
        user=request.user,
    )
    detail_url = reverse("enterprises:detail", args=[enterprise.credit_code])
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.enterprise_update(
                enterprise=enterprise, user=request.user, **form.service_fields()
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存企业“{name}”").format(name=updated.name))
            return redirect("enterprises:detail", updated.credit_code)
    return form_page(request, form, _("修改企业信息"), detail_url, crumbs(enterprise))


@access.model(Enterprise, Action.DELETE)
@require_http_methods(["GET", "POST"])
def enterprise_delete(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = enterprise_or_404(request, credit_code, Action.DELETE)
    if request.method == "POST":
        name = enterprise.name
        try:
            services.enterprise_delete(enterprise=enterprise, user=request.user)
        except ProtectedError as error:
            # Records the bureau keeps in other areas (contracts, demands, platforms…) name the firm: they
            # are not deleted with it. Say which, and delete nothing.
            kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
            messages.error(
                request,
                _("企业“{name}”仍被以下记录引用，不能删除：{kinds}。请先处理这些记录。").format(
                    name=name, kinds="、".join(kinds)
                ),
            )
            return redirect("enterprises:detail", credit_code=credit_code)
        messages.success(request, _("已删除企业“{name}”").format(name=name))
        return redirect("enterprises:list")
    consequences = [
        _("年度数据 {n} 条").format(n=enterprise.yearly_figures.count()),
        _("资质证书 {n} 项").format(n=enterprise.certificates.count()),
    ]
    return confirm(request, enterprise.name, reverse("enterprises:detail", args=[credit_code]), consequences)
