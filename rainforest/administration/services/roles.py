"""Roles (角色管理) and their data scopes (数据权限)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rainforest.administration.services.common import (
    AUDIT_ROLE_CHANGED,
    _audit,
    _check_role,
    _full_clean,
    _stamp,
    check_scope,
)
from rainforest.core.choices import DataScope, Role
from rainforest.core.models import RoleProfile, User
from rainforest.core.scope import ROLE_REACH

# --- roles ----------------------------------------------------------------------------------------------


def role_profile(code: str) -> RoleProfile:
    """The stored settings of a role, or (unsaved) its built-in defaults."""
    _check_role(code)
    found = RoleProfile.objects.filter(code=code).first()
    if found is not None:
        return found
    return RoleProfile(code=code, data_scope=str(ROLE_REACH.get(Role(code), DataScope.OWN)))


@transaction.atomic
def role_update(
    *, code: str, data_scope: str, description: str = "", by: Any = None, request: HttpRequest | None = None
) -> RoleProfile:
    """Set a role's default data scope and description. Users of the role who have no scope of their own
    follow it, so each of them must still fit their organisation's region."""
    profile = role_profile(code)
    previous = profile.data_scope
    profile.data_scope = data_scope
    profile.description = description.strip()
    _full_clean(profile)
    # The role's users who follow it: no scope of their own, or the one the role had until now.
    followers = User.objects.filter(role=code).filter(Q(data_scope="") | Q(data_scope=previous))
    misfits = []
    for member in followers.filter(is_active=True).select_related("organisation"):
        try:
            check_scope(role=code, organisation=member.organisation, data_scope=data_scope, regions=())
        except ValidationError:
            misfits.append(member.username)
    if misfits:
        raise ValidationError(
            {
                "data_scope": _("数据范围：超出这些用户所属机构的辖区：{users}").format(
                    users="、".join(misfits[:10])
                )
            }
        )
    _stamp(profile, by)
    profile.save()
    followers.update(data_scope=data_scope)
    _audit(
        kind=AUDIT_ROLE_CHANGED,
        user=None,
        actor=by,
        request=request,
        detail=_("修改角色 {code} 的数据范围为 {scope}").format(code=code, scope=data_scope),
    )
    return profile
