"""The header of every page: navigation by capability and who is signed in. A page another app has not
built yet is left out of the navigation instead of breaking every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rainforest.core.choices import Role
from rainforest.core.scope import Reach, may_write_somewhere, scope_for


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool


# (URL name, label, namespace that marks the item active, who sees it)
NAVIGATION: tuple[tuple[str, Any, str, str], ...] = (
    ("home", _("首页"), "", "everyone"),
    ("forest:index", _("创新雨林"), "forest", "everyone"),
    ("enterprises:list", _("企业库"), "enterprises", "everyone"),
    ("incubator:index", _("孵化载体"), "incubator", "bureau"),
    ("cultivation:pool", _("企业培育"), "cultivation", "cultivation"),
    ("eligibility:self", _("资格自评"), "eligibility", "own"),
    ("policies:list", _("政策计算器"), "policies", "everyone"),
    ("imports:index", _("数据导入"), "imports", "writers"),
    ("administration:users", _("系统管理"), "administration", "administrators"),
)


def _shown(audience: str, user: Any) -> bool:
    if audience == "everyone":
        return True
    if audience == "bureau":
        return scope_for(user).reach in (Reach.CITY, Reach.DISTRICT)
    if audience == "own":  # an enterprise user's own firm
        return scope_for(user).reach is Reach.OWN and user.role == Role.ENTERPRISE_USER
    if audience == "cultivation":  # the bureau and the tech butlers
        return scope_for(user).reach in (Reach.CITY, Reach.DISTRICT, Reach.ASSIGNED)
    if audience == "administrators":  # accounts, organisations and roles (rainforest.administration)
        from rainforest.core.models import User
        from rainforest.core.policy import Action, may

        return may(user, Action.VIEW, User)
    return may_write_somewhere(user)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    url_name = match.url_name if match else ""
    items = []
    for name, label, item_namespace, audience in NAVIGATION:
        if not _shown(audience, user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = namespace == item_namespace if item_namespace else (not namespace and url_name == name)
        items.append(NavItem(label=label, url=url, active=active))
    organisation = user.organisation
    return {
        "navigation": items,
        "signed_in": {
            "name": str(user),
            "role": user.get_role_display(),
            "organisation": organisation.name if organisation else "",
        },
    }
