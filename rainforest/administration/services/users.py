"""Accounts (用户管理): create, update, disable, enable, passwords, and a city officer's invitation of an
enterprise's user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rainforest.administration.services.common import (
    AUDIT_ROLE_CHANGED,
    AUDIT_USER_CHANGED,
    AUDIT_USER_CREATED,
    AUDIT_USER_DISABLED,
    AUDIT_USER_ENABLED,
    _actor,
    _audit,
    _check_role,
    _check_unique,
    _full_clean,
    _role_setting,
    _set_password,
    _stamp,
    check_scope,
    generate_password,
)
from rainforest.administration.services.organisations import (
    OrganisationData,
    organisation_create,
)
from rainforest.core.choices import OrganisationKind, Role
from rainforest.core.models import ApiToken, Organisation, Region, User

# --- users ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserData:
    """What a page, a command or an import row says about an account (not its password)."""

    role: str
    organisation: Organisation | None = None
    display_name: str = ""
    email: str = ""
    phone: str = ""
    data_scope: str = ""
    scope_regions: tuple[Region, ...] = ()
    sees_personal_data: bool = False


def _user_apply(user: User, data: UserData) -> None:
    _check_role(data.role)
    if data.organisation is not None and not data.organisation.is_active:
        raise ValidationError(
            {"organisation": _("所属机构：“{name}”已停用").format(name=data.organisation.name)}
        )
    _check_unique(username=None, phone=data.phone.strip(), exclude=user.pk)
    check_scope(
        role=data.role, organisation=data.organisation, data_scope=data.data_scope, regions=data.scope_regions
    )
    user.role = data.role
    user.organisation = data.organisation
    user.display_name = data.display_name.strip()
    user.email = data.email.strip()
    user.phone = data.phone.strip()
    # A user without a scope of their own takes the one the administrator set on the role, if any (scope_for
    # reads the user row only; role_update carries a role's new scope over to its users).
    user.data_scope = data.data_scope or _role_setting(data.role)
    user.sees_personal_data = data.sees_personal_data
    _full_clean(user, exclude=["password"])


@transaction.atomic
def user_create(
    *,
    username: str,
    data: UserData,
    password: str | None = None,
    by: Any = None,
    request: HttpRequest | None = None,
) -> tuple[User, str | None]:
    """Create an account. Without `password` a temporary one is generated and returned (to be shown once);
    an account created by someone else (or with a generated password) must change it at first login.
    Returns the user and the generated password (None when one was given)."""
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("用户名：必填，不能为空")})
    _check_unique(username=username, phone=data.phone.strip())
    user = User(username=username, is_staff=data.role == Role.SYSTEM_ADMIN)
    _user_apply(user, data)
    user.set_unusable_password()
    _stamp(user, by)
    user.save()
    user.scope_regions.set(data.scope_regions)
    generated = None
    if password is None:
        generated = password = generate_password()
    _set_password(
        user=user,
        raw=password,
        by=by,
        force_change=generated is not None or _actor(by) is not None,
        request=request,
    )
    _audit(
        kind=AUDIT_USER_CREATED,
        user=user,
        actor=by,
        request=request,
        detail=_("新建用户 {username}，角色 {role}，机构 {organisation}").format(
            username=user.username,
            role=user.role,
            organisation=user.organisation.code if user.organisation else "-",
        ),
    )
    return user, generated


@transaction.atomic
def user_update(*, user: User, data: UserData, by: Any = None, request: HttpRequest | None = None) -> User:
    """Change an account's role, organisation, contact details or data scope."""
    user = User.objects.select_for_update().get(pk=user.pk)
    before = (user.role, user.organisation_id, user.data_scope)
    _user_apply(user, data)
    _stamp(user, by)
    user.save()
    user.scope_regions.set(data.scope_regions)
    kind = (
        AUDIT_ROLE_CHANGED
        if before != (user.role, user.organisation_id, user.data_scope)
        else AUDIT_USER_CHANGED
    )
    _audit(
        kind=kind,
        user=user,
        actor=by,
        request=request,
        detail=_("修改用户 {username}：角色 {role}，机构 {organisation}，数据范围 {scope}").format(
            username=user.username,
            role=user.role,
            organisation=user.organisation.code if user.organisation else "-",
            scope=user.data_scope or "-",
        ),
    )
    return user


def end_sessions(user: User, *, by: Any = None, request: HttpRequest | None = None) -> int:
    """End every browser session of `user` at once (they are signed out at their next request)."""
    from rainforest.accounts.services import sessions_end

    ended = sessions_end(user=user, actor=_actor(by), request=request)
    # Sessions begun before the identity app tracked them are found by reading the session store.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_disable(*, user: User, by: Any = None, request: HttpRequest | None = None) -> User:
    """Disable an account: it cannot sign in, its sessions end and its API tokens are revoked, at once."""
    if _actor(by) is not None and by.pk == user.pk:
        raise ValidationError({"username": _("用户名：不能停用自己的账号")})
    user.is_active = False
    _stamp(user, by)
    user.save(update_fields=["is_active"])
    ApiToken.objects.active().filter(user=user).update(revoked_at=timezone.now())
    end_sessions(user, by=by, request=request)
    _audit(
        kind=AUDIT_USER_DISABLED,
        user=user,
        actor=by,
        request=request,
        detail=_("停用用户 {username}").format(username=user.username),
    )
    return user


@transaction.atomic
def user_enable(*, user: User, by: Any = None, request: HttpRequest | None = None) -> User:
    user.is_active = True
    _stamp(user, by)
    user.save(update_fields=["is_active"])
    _audit(
        kind=AUDIT_USER_ENABLED,
        user=user,
        actor=by,
        request=request,
        detail=_("启用用户 {username}").format(username=user.username),
    )
    return user


@transaction.atomic
def user_set_password(
    *, user: User, raw: str, by: Any = None, force_change: bool = False, request: HttpRequest | None = None
) -> User:
    """Set a password chosen by the operator (checked against the password rules)."""
    _set_password(user=user, raw=raw, by=by, force_change=force_change, request=request)
    return user


@transaction.atomic
def user_reset_password(*, user: User, by: Any = None, request: HttpRequest | None = None) -> str:
    """Give the account a temporary password, returned to be shown once; it must be changed at the next
    login. The account's sessions end."""
    temporary = generate_password()
    _set_password(user=user, raw=temporary, by=by, force_change=True, request=request)
    end_sessions(user, by=by, request=request)
    return temporary


# --- a city officer invites an enterprise's user --------------------------------------------------------


@transaction.atomic
def enterprise_user_invite(
    *,
    enterprise: Any,
    username: str,
    display_name: str = "",
    email: str = "",
    phone: str = "",
    by: Any = None,
    request: HttpRequest | None = None,
) -> tuple[User, str]:
    """Create the account of an enterprise's user, in the enterprise's own organisation (made from the
    registry's record when it does not exist yet). Returns the user and the temporary password, which must
    be changed at first login. The caller checks that the firm is within the inviter's scope."""
    organisation = Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE, credit_code=enterprise.credit_code
    ).first()
    if organisation is None:
        organisation = Organisation.objects.filter(name=enterprise.name).first()
        if organisation is not None and organisation.kind != OrganisationKind.ENTERPRISE:
            raise ValidationError(
                {"enterprise": _("企业：已有同名的非企业机构“{name}”").format(name=enterprise.name)}
            )
    if organisation is None:
        organisation = organisation_create(
            data=OrganisationData(
                code=f"ent-{enterprise.credit_code}",
                name=enterprise.name,
                kind=OrganisationKind.ENTERPRISE,
                region=enterprise.district,
                credit_code=enterprise.credit_code,
            ),
            by=by,
            request=request,
        )
    user, password = user_create(
        username=username,
        data=UserData(
            role=Role.ENTERPRISE_USER,
            organisation=organisation,
            display_name=display_name,
            email=email,
            phone=phone,
        ),
        by=by,
        request=request,
    )
    assert password is not None
    return user, password
