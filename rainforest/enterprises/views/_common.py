"""What the registry's pages share: finding an enterprise within the user's reach, contacts shown or
masked, sort links, breadcrumbs, and the form and confirmation pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rainforest.core.policy import Action
from rainforest.core.scope import mask_email, mask_name, mask_phone
from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.selectors import enterprises_for
from rainforest.forest.choices import LayerChoice

# Sortable columns of the list: (ordering key of EnterpriseFilter, header).
SORTABLE = (
    ("name", gettext_lazy("企业名称")),
    ("credit_code", gettext_lazy("统一社会信用代码")),
    ("district", gettext_lazy("县区")),
    ("founded_on", gettext_lazy("成立日期")),
)


# --- helpers -------------------------------------------------------------------------------------------


def enterprise_or_404(request: HttpRequest, credit_code: str, action: Action = Action.VIEW) -> Enterprise:
    """The enterprise, if the user may act on it this way; 404 otherwise (its existence is not revealed).
    Writes on its figures, certificates and butlers ask for CHANGE on the enterprise."""
    return get_object_or_404(enterprises_for(request.user, action), credit_code=credit_code)


def layer_label(layer: int | None) -> str:
    return str(LayerChoice(layer).label) if layer is not None else "—"


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    email: str


def contact_of(enterprise: Enterprise, clear: bool) -> Contact:
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


def sort_links(current: str) -> list[SortLink]:
    links = []
    for key, label in SORTABLE:
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        links.append(
            SortLink(key=key, label=label, next=f"-{key}" if current == key else key, direction=direction)
        )
    return links


def export_url(query: str) -> str:
    try:
        url = reverse("imports:export", args=["enterprise"])
    except NoReverseMatch:  # the export is built by the imports app
        return ""
    return f"{url}?{query}" if query else url


def form_page(
    request: HttpRequest, form: Any, heading: str, cancel_url: str, breadcrumbs: list[dict[str, str]]
) -> HttpResponse:
    context = {"form": form, "heading": heading, "cancel_url": cancel_url, "breadcrumbs": breadcrumbs}
    return render(request, "web/form.html", context)


def crumbs(enterprise: Enterprise | None = None) -> list[dict[str, str]]:
    crumbs = [{"label": _("企业库"), "url": reverse("enterprises:list")}]
    if enterprise is not None:
        crumbs.append(
            {"label": enterprise.name, "url": reverse("enterprises:detail", args=[enterprise.credit_code])}
        )
    return crumbs


def confirm(
    request: HttpRequest, what: str, cancel_url: str, consequences: list[str] | None = None
) -> HttpResponse:
    context = {"what": what, "cancel_url": cancel_url, "consequences": consequences or []}
    return render(request, "web/confirm_delete.html", context)
