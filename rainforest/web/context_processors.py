"""The header of every page: the menu (rainforest.core.navigation: sections and entries each app adds,
shown as the policy module allows) and who is signed in. A page another app has not built yet is left out
of the menu instead of breaking every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from rainforest.core import navigation as menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = getattr(request, "resolver_match", None)
    sections = menu.menu_for(
        user, namespace=match.namespace if match else "", url_name=match.url_name if match else ""
    )
    organisation = user.organisation
    return {
        "navigation": sections,
        "signed_in": {
            "name": str(user),
            "role": user.get_role_display(),
            "organisation": organisation.name if organisation else "",
        },
    }
