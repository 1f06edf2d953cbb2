"""This app's entries in the header menu (rainforest.core.navigation): the system administrator's pages
under 系统管理, and the invitation of an enterprise's user for city officers under 企业库."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation
from rainforest.core.choices import Role
from rainforest.core.models import Organisation, RoleProfile, User


def _invites(user: Any) -> bool:
    return bool(user.is_superuser or user.role in (Role.CITY_OFFICER, Role.SYSTEM_ADMIN))


for order, (url_name, label, model, prefix) in enumerate(
    (
        ("administration:users", _("用户管理"), User, "user"),
        ("administration:organisations", _("机构管理"), Organisation, "organisation"),
        ("administration:roles", _("角色与数据权限"), RoleProfile, "role"),
    )
):
    navigation.add(
        navigation.Entry(
            "system",
            url_name,
            label,
            order=order,
            namespace="administration",
            model=model,
            url_name_prefix=prefix,
        )
    )
navigation.add(
    navigation.Entry(
        "registry",
        "administration:invite",
        _("邀请企业用户"),
        order=200,
        namespace="administration",
        url_name_prefix="invite",
        visible=_invites,
    )
)
