"""What the administration's pages share: list columns, sort links, the list context, confirmations and
the form page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from rainforest.core.choices import Role
from rainforest.core.models import User

USER_COLUMNS = (
    ("username", gettext_lazy("用户名")),
    ("display_name", gettext_lazy("姓名")),
    ("role", gettext_lazy("角色")),
    ("organisation", gettext_lazy("所属机构")),
    ("last_login", gettext_lazy("最近登录")),
)
ORGANISATION_COLUMNS = (
    ("code", gettext_lazy("机构编码")),
    ("name", gettext_lazy("名称")),
    ("kind", gettext_lazy("类型")),
    ("parent", gettext_lazy("上级机构")),
    ("region", gettext_lazy("所辖区划")),
)
INVITERS = (Role.CITY_OFFICER, Role.SYSTEM_ADMIN)


@dataclass(frozen=True)
class SortLink:
    key: str
    label: str | Promise
    next: str
    direction: str


def _sort_links(columns: tuple[tuple[str, Any], ...], current: str) -> list[SortLink]:
    links = []
    for key, label in columns:
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        links.append(SortLink(key, label, f"-{key}" if current == key else key, direction))
    return links


def _list_context(request: HttpRequest, filterset: Any, columns: Any, export: str) -> dict[str, Any]:
    queryset = filterset.qs
    if not queryset.query.order_by:
        queryset = queryset.order_by(columns[0][0])
    queryset = queryset.order_by(*queryset.query.order_by, "pk")
    page = Paginator(queryset, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    export_url = reverse("imports:export", args=[export])
    return {
        "filter": filterset,
        "page": page,
        "sort_links": _sort_links(columns, request.GET.get("ordering", "")),
        "export_url": f"{export_url}?{query.urlencode()}" if query else export_url,
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "ordering")),
    }


def _confirm(
    request: HttpRequest, *, heading: str, question: str, button: str, cancel_url: str, lines: list[str]
) -> HttpResponse:
    context = {
        "heading": heading,
        "question": question,
        "button": button,
        "cancel_url": cancel_url,
        "lines": lines,
    }
    return render(request, "administration/confirm.html", context)


def _crumbs(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"label": label, "url": url} for label, url in pairs]


def _form_page(
    request: HttpRequest, form: Any, heading: str, cancel_url: str, crumbs: list[dict[str, str]]
) -> HttpResponse:
    return render(
        request,
        "web/form.html",
        {"form": form, "heading": heading, "cancel_url": cancel_url, "breadcrumbs": crumbs},
    )


def password_shown(
    request: HttpRequest, account: User, password: str, *, created: bool, back_url: str = ""
) -> HttpResponse:
    back_url = back_url or reverse("administration:user", args=[account.username])
    response = render(
        request,
        "administration/password_shown.html",
        {"account": account, "password": password, "created": created, "back_url": back_url},
    )
    response["Cache-Control"] = "no-store"
    return response
