"""Generic pages of every declared record type, in the manner of NetBox's generic views: a list (filters,
sorting from the FilterSet's allow-list, pagination with the total, export and template buttons, an empty
state), a detail page with the change log, create and edit forms, and delete with a confirmation page.

Rows are reached only through the policy (`restrict`, `checked` in the services); every view carries its
`access` declaration, so the permission matrix covers it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.core.policy import Action, access, may
from rainforest.core.records import services
from rainforest.core.records.declaration import Record
from rainforest.core.records.selectors import change_log, display, label_of, rows_for

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Header:
    label: str
    sort_url_value: str  # the `ordering` value the header's link sets ("" when not sortable)
    direction: str  # "asc", "desc" or ""


@dataclass(frozen=True)
class Row:
    obj: Any
    url: str
    cells: list[str]


def _sortable(record: Record) -> dict[str, str]:
    """Column path → the `ordering` parameter of the FilterSet's allow-list."""
    ordering = record.filterset.base_filters.get("ordering")
    param_map = getattr(ordering, "param_map", {}) or {}
    return {field_name: param for param, field_name in param_map.items()}


def _headers(record: Record, current: str) -> list[Header]:
    sortable = _sortable(record)
    headers = []
    for path in record.columns:
        param = sortable.get(path, "")
        direction = (
            "asc" if param and current == param else "desc" if param and current == f"-{param}" else ""
        )
        value = (f"-{param}" if direction == "asc" else param) if param else ""
        headers.append(Header(label_of(record, path), value, direction))
    return headers


def _optional_url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the Excel pages are built by the imports app
        return ""


def _urls(record: Record, pk: int | None = None) -> dict[str, str]:
    urls = {
        "list_url": reverse(record.url_name("list")),
        "create_url": reverse(record.url_name("create")),
    }
    if pk is not None:
        for view in ("detail", "edit", "delete"):
            urls[f"{view}_url"] = reverse(record.url_name(view), args=[pk])
    return urls


def _stable(queryset: Any) -> Any:
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering or [])
    return queryset.order_by(*ordering, "pk") if "pk" not in ordering and "id" not in ordering else queryset


def list_view(record: Record) -> View:
    @access.model(record.model, Action.VIEW)
    def view(request: HttpRequest) -> HttpResponse:
        filterset = record.filterset(request.GET, queryset=rows_for(record, request.user))
        queryset = _stable(filterset.qs if filterset.is_valid() else filterset.queryset.none())
        page = Paginator(queryset, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
        rows = [
            Row(
                obj,
                reverse(record.url_name("detail"), args=[obj.pk]),
                [display(record, obj, p) for p in record.columns],
            )
            for obj in page.object_list
        ]
        query = request.GET.copy()
        query.pop("page", None)
        export_url = _optional_url("imports:export", record.name)
        context = {
            "record": record,
            "filter": filterset,
            "page": page,
            "rows": rows,
            "headers": _headers(record, request.GET.get("ordering", "")),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "ordering")),
            "export_url": f"{export_url}?{query.urlencode()}"
            if export_url and may(request.user, Action.EXPORT, record.model)
            else "",
            "template_url": _optional_url("imports:template", record.name)
            if may(request.user, Action.IMPORT, record.model)
            else "",
            "may_add": may(request.user, Action.ADD, record.model),
            **_urls(record),
        }
        return render(request, "records/list.html", context)

    return view


def _object(record: Record, request: HttpRequest, pk: int, action: Action) -> Any:
    """The record if the user may act on it this way; 404 otherwise (its existence is not revealed)."""
    return get_object_or_404(rows_for(record, request.user, action), pk=pk)


def detail_view(record: Record) -> View:
    @access.model(record.model, Action.VIEW)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = _object(record, request, pk, Action.VIEW)
        names = record.detail_fields or tuple(
            f.name for f in record.model._meta.concrete_fields if f.name != "id"
        )
        context = {
            "record": record,
            "obj": obj,
            "fields": [(label_of(record, name), display(record, obj, name)) for name in names],
            "change_log": change_log(record, obj, request.user),
            "may_change": may(request.user, Action.CHANGE, obj),
            "may_delete": may(request.user, Action.DELETE, obj),
            **_urls(record, obj.pk),
        }
        # An app may extend the page (blocks `after_facts`): <app>/<name>_detail.html, if it exists.
        own = f"{record.model._meta.app_label}/{record.name}_detail.html"
        return render(request, [own, "records/detail.html"], context)

    return view


def _form_page(
    request: HttpRequest, record: Record, form: Any, heading: str, cancel_url: str
) -> HttpResponse:
    context = {"record": record, "form": form, "heading": heading, "cancel_url": cancel_url, **_urls(record)}
    return render(request, "records/form.html", context)


def create_view(record: Record) -> View:
    @access.model(record.model, Action.ADD)
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest) -> HttpResponse:
        initial = {record.parent: request.GET[record.parent]} if record.parent in request.GET else None
        form = record.form(request.POST or None, initial=initial, record=record, user=request.user)  # type: ignore[call-arg]
        if request.method == "POST" and form.is_valid():
            try:
                obj = services.record_create(
                    record=record, instance=form.save(commit=False), user=request.user
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("已登记{label}“{obj}”").format(label=record.label, obj=obj))
                return redirect(record.url_name("detail"), obj.pk)
        heading = _("登记{label}").format(label=record.label)
        return _form_page(request, record, form, heading, reverse(record.url_name("list")))

    return view


def edit_view(record: Record) -> View:
    @access.model(record.model, Action.CHANGE)
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = _object(record, request, pk, Action.CHANGE)
        form = record.form(request.POST or None, instance=obj, record=record, user=request.user)  # type: ignore[call-arg]
        detail_url = reverse(record.url_name("detail"), args=[pk])
        if request.method == "POST" and form.is_valid():
            try:
                obj = services.record_update(
                    record=record, instance=form.save(commit=False), user=request.user
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("已保存{label}“{obj}”").format(label=record.label, obj=obj))
                return redirect(detail_url)
        heading = _("修改{label}").format(label=record.label)
        return _form_page(request, record, form, heading, detail_url)

    return view


def delete_view(record: Record) -> View:
    @access.model(record.model, Action.DELETE)
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = _object(record, request, pk, Action.DELETE)
        what = f"{record.label} {obj}"
        if request.method == "POST":
            try:
                services.record_delete(record=record, instance=obj, user=request.user)
            except ProtectedError:  # still named by another record (a demand by its deals): kept
                messages.error(request, _("{what}仍被其他记录引用，不能删除").format(what=what))
                return redirect(record.url_name("detail"), pk)
            messages.success(request, _("已删除{label}“{obj}”").format(label=record.label, obj=obj))
            return redirect(record.url_name("list"))
        cancel_url = reverse(record.url_name("detail"), args=[pk])
        return render(request, "web/confirm_delete.html", {"what": what, "cancel_url": cancel_url})

    return view
