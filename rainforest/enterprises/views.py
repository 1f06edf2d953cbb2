"""Pages of the registry: the enterprise list, the enterprise page, and the forms that write through
enterprises.services. Visibility comes from the selectors (core.scope), write rights from
core.scope.may_write_in; views only parse, call and render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from rainforest.core.models import data_as_of, today
from rainforest.core.scope import (
    mask_email,
    mask_name,
    mask_phone,
    may_write_in,
    may_write_somewhere,
    sees_personal_data,
)
from rainforest.enterprises import services
from rainforest.enterprises.filters import EnterpriseFilter
from rainforest.enterprises.forms import (
    AssignmentForm,
    CertificateForm,
    EnterpriseForm,
    FiguresForm,
    show_service_errors,
)
from rainforest.enterprises.models import Assignment, Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.selectors import enterprise_change_log, enterprises_for, with_layer
from rainforest.forest.choices import LayerChoice, MoveKind
from rainforest.forest.selectors import enterprise_timeline

# Sortable columns of the list: (ordering key of EnterpriseFilter, header).
SORTABLE = (
    ("name", gettext_lazy("企业名称")),
    ("credit_code", gettext_lazy("统一社会信用代码")),
    ("district", gettext_lazy("县区")),
    ("founded_on", gettext_lazy("成立日期")),
)


# --- helpers -------------------------------------------------------------------------------------------


def _visible(request: HttpRequest, credit_code: str) -> Enterprise:
    """The enterprise, if the user may see it; 404 otherwise (its existence is not revealed)."""
    return get_object_or_404(enterprises_for(request.user), credit_code=credit_code)


def _writable(request: HttpRequest, credit_code: str) -> Enterprise:
    enterprise = _visible(request, credit_code)
    if not may_write_in(
        request.user, district_id=enterprise.district_id, zone_id=enterprise.development_zone_id
    ):
        raise PermissionDenied
    return enterprise


def _layer_label(layer: int | None) -> str:
    return str(LayerChoice(layer).label) if layer is not None else "—"


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    email: str


def _contact(enterprise: Enterprise, clear: bool) -> Contact:
    if clear:
        return Contact(enterprise.contact_name, enterprise.contact_phone, enterprise.contact_email)
    return Contact(
        mask_name(enterprise.contact_name),
        mask_phone(enterprise.contact_phone),
        mask_email(enterprise.contact_email),
    )


@dataclass(frozen=True)
class Row:
    enterprise: Enterprise
    layer: int | None
    layer_label: str
    contact: Contact


@dataclass(frozen=True)
class SortLink:
    key: str
    label: str | Promise
    next: str
    direction: str


def _sort_links(current: str) -> list[SortLink]:
    links = []
    for key, label in SORTABLE:
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        links.append(
            SortLink(key=key, label=label, next=f"-{key}" if current == key else key, direction=direction)
        )
    return links


def _export_url(query: str) -> str:
    try:
        url = reverse("imports:export", args=["enterprise"])
    except NoReverseMatch:  # the export is built by the imports app
        return ""
    return f"{url}?{query}" if query else url


def _form_page(
    request: HttpRequest, form: Any, heading: str, cancel_url: str, breadcrumbs: list[dict[str, str]]
) -> HttpResponse:
    context = {"form": form, "heading": heading, "cancel_url": cancel_url, "breadcrumbs": breadcrumbs}
    return render(request, "web/form.html", context)


def _crumbs(enterprise: Enterprise | None = None) -> list[dict[str, str]]:
    crumbs = [{"label": _("企业库"), "url": reverse("enterprises:list")}]
    if enterprise is not None:
        crumbs.append(
            {"label": enterprise.name, "url": reverse("enterprises:detail", args=[enterprise.credit_code])}
        )
    return crumbs


def _confirm(
    request: HttpRequest, what: str, cancel_url: str, consequences: list[str] | None = None
) -> HttpResponse:
    context = {"what": what, "cancel_url": cancel_url, "consequences": consequences or []}
    return render(request, "web/confirm_delete.html", context)


# --- list and page -------------------------------------------------------------------------------------


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    filterset = EnterpriseFilter(request.GET, queryset=enterprises_for(request.user))
    queryset = with_layer(filterset.qs, filterset.as_of)
    if queryset.query.order_by:
        queryset = queryset.order_by(*queryset.query.order_by, "pk")
    page = Paginator(queryset, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    clear = sees_personal_data(request.user)
    rows = [Row(e, e.layer, _layer_label(e.layer), _contact(e, clear)) for e in page.object_list]  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    filtered = any(value for key, value in request.GET.items() if key not in ("page", "ordering"))
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "sort_links": _sort_links(request.GET.get("ordering", "")),
        "export_url": _export_url(query.urlencode()),
        "filtered": filtered,
        "may_create": may_write_somewhere(request.user),
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
        label = _layer_label(span.layer)
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
            kind=kind, source=_layer_label(move.from_layer), target=_layer_label(move.to_layer)
        )
        entries.append(TimelineEntry(move.on, "move", title, move.reason, move.on > day))
    entries.sort(key=lambda entry: (entry.day, entry.kind == "span"))
    return entries, current


@dataclass(frozen=True)
class CertificateRow:
    certificate: Certificate
    valid_today: bool


@login_required
def enterprise_detail(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = _visible(request, credit_code)
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
        "contact": _contact(enterprise, sees_personal_data(request.user)),
        "current_layer": current_layer,
        "figures": enterprise.yearly_figures.order_by("-year"),
        "certificates": certificates,
        "assignments": list(assignments),
        "timeline": timeline,
        "change_log": enterprise_change_log(enterprise, viewer=request.user),
        "may_write": may_write_in(
            request.user, district_id=enterprise.district_id, zone_id=enterprise.development_zone_id
        ),
        "today": day,
    }
    return render(request, "enterprises/detail.html", context)


# --- enterprise forms ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    if not may_write_somewhere(request.user):
        raise PermissionDenied
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
    return _form_page(request, form, _("登记企业"), reverse("enterprises:list"), _crumbs())


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = _writable(request, credit_code)
    # The form works on its own copy, so a refused edit never shows half-changed values elsewhere on the page.
    form = EnterpriseForm(
        request.POST or None, instance=Enterprise.objects.get(pk=enterprise.pk), user=request.user
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
    return _form_page(request, form, _("修改企业信息"), detail_url, _crumbs(enterprise))


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_delete(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = _writable(request, credit_code)
    if request.method == "POST":
        name = enterprise.name
        services.enterprise_delete(enterprise=enterprise, user=request.user)
        messages.success(request, _("已删除企业“{name}”").format(name=name))
        return redirect("enterprises:list")
    consequences = [
        _("年度数据 {n} 条").format(n=enterprise.yearly_figures.count()),
        _("资质证书 {n} 项").format(n=enterprise.certificates.count()),
    ]
    return _confirm(request, enterprise.name, reverse("enterprises:detail", args=[credit_code]), consequences)


# --- yearly figures ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def figures_edit(request: HttpRequest, credit_code: str, year: int | None = None) -> HttpResponse:
    enterprise = _writable(request, credit_code)
    if year is None:
        instance = YearlyFigures(enterprise=enterprise)
        heading = _("填报年度数据")
    else:
        instance = get_object_or_404(YearlyFigures, enterprise=enterprise, year=year)
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
    return _form_page(request, form, heading, detail_url, _crumbs(enterprise))


@login_required
@require_http_methods(["GET", "POST"])
def figures_delete(request: HttpRequest, credit_code: str, year: int) -> HttpResponse:
    enterprise = _writable(request, credit_code)
    figures = get_object_or_404(YearlyFigures, enterprise=enterprise, year=year)
    detail_url = reverse("enterprises:detail", args=[credit_code])
    if request.method == "POST":
        services.figures_delete(figures=figures, user=request.user)
        messages.success(request, _("已删除 {year} 年度数据").format(year=year))
        return redirect(detail_url)
    return _confirm(request, _("{name} {year} 年度数据").format(name=enterprise.name, year=year), detail_url)


# --- certificates --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def certificate_edit(request: HttpRequest, credit_code: str, pk: int | None = None) -> HttpResponse:
    enterprise = _writable(request, credit_code)
    if pk is None:
        instance = Certificate(enterprise=enterprise)
        heading = _("登记资质证书")
    else:
        instance = get_object_or_404(Certificate, enterprise=enterprise, pk=pk)
        heading = _("修改资质证书")
    form = CertificateForm(request.POST or None, instance=instance)
    detail_url = reverse("enterprises:detail", args=[credit_code])
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_record(
                enterprise=enterprise, user=request.user, **form.service_values()
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存资质“{kind}”").format(kind=certificate.get_kind_display()))
            return redirect(detail_url)
    return _form_page(request, form, heading, detail_url, _crumbs(enterprise))


@login_required
@require_http_methods(["GET", "POST"])
def certificate_delete(request: HttpRequest, credit_code: str, pk: int) -> HttpResponse:
    enterprise = _writable(request, credit_code)
    certificate = get_object_or_404(Certificate, enterprise=enterprise, pk=pk)
    detail_url = reverse("enterprises:detail", args=[credit_code])
    what = _("{kind}（{issued_on}）").format(
        kind=certificate.get_kind_display(), issued_on=certificate.issued_on.isoformat()
    )
    if request.method == "POST":
        services.certificate_delete(certificate=certificate, user=request.user)
        messages.success(request, _("已删除资质“{what}”").format(what=what))
        return redirect(detail_url)
    return _confirm(request, what, detail_url)


# --- butler assignments --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = _writable(request, credit_code)
    form = AssignmentForm(
        request.POST or None, instance=Assignment(enterprise=enterprise), initial={"started_on": today()}
    )
    detail_url = reverse("enterprises:detail", args=[credit_code])
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_start(
                enterprise=enterprise,
                butler=form.cleaned_data["butler"],
                started_on=form.cleaned_data["started_on"],
                user=request.user,
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已指派科技管家 {butler}").format(butler=assignment.butler))
            return redirect(detail_url)
    return _form_page(request, form, _("指派科技管家"), detail_url, _crumbs(enterprise))
