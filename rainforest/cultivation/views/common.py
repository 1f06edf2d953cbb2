"""Helpers shared by the cultivation pages: who may open them, forms and confirmations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from rainforest.cultivation.selectors import sees_cultivation


def require_cultivation(request: HttpRequest) -> None:
    """The pool, visits, trainings and targets: bureau staff and butlers only (403 for the others)."""
    if not sees_cultivation(request.user):
        raise PermissionDenied


def crumbs(*extra: tuple[str, str]) -> list[dict[str, str]]:
    items = [{"label": _("企业培育"), "url": reverse("cultivation:pool")}]
    items += [{"label": label, "url": url} for label, url in extra]
    return items


def form_page(
    request: HttpRequest,
    form: Any,
    heading: str,
    cancel_url: str,
    breadcrumbs: list[dict[str, str]],
    template: str = "web/form.html",
    **extra: Any,
) -> HttpResponse:
    context = {
        "form": form,
        "heading": heading,
        "cancel_url": cancel_url,
        "breadcrumbs": breadcrumbs,
        **extra,
    }
    return render(request, template, context)


def confirm(
    request: HttpRequest, what: str, cancel_url: str, consequences: list[str] | None = None
) -> HttpResponse:
    context = {"what": what, "cancel_url": cancel_url, "consequences": consequences or []}
    return render(request, "web/confirm_delete.html", context)
