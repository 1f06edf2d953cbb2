"""Writes of the administration (用户管理 / 机构管理 / 角色管理 / 数据权限): accounts, organisations, roles and
data scopes. Every function here is what the pages, the `rainforest user|org` commands and the demo call;
each checks its input and stores all of it or nothing, with a change-log row (django-simple-history) and a
security audit entry for account and role changes.

Who may call them is checked by the caller (the pages and the policy table allow the system administrator;
`enterprise_user_invite` is the one write a city officer may make); a command run by an operator at the
server acts as the operator (`by=None`).
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rainforest.core.choices import DataScope, OrganisationKind, OrganisationStatus, RegionLevel, Role
from rainforest.core.models import ApiToken, DevelopmentZone, Organisation, Region, RoleProfile, User
from rainforest.core.scope import ROLE_REACH

# Audit kinds written by this module (rainforest.accounts.choices.AuditKind).
AUDIT_USER_CREATED = "account_create"
AUDIT_USER_CHANGED = "account_change"
AUDIT_USER_DISABLED = "account_disable"
AUDIT_USER_ENABLED = "account_enable"
AUDIT_ROLE_CHANGED = "role_change"
AUDIT_ORGANISATION_CHANGED = "organisation_change"

PASSWORD_ALPHABET = string.ascii_letters + string.digits
PASSWORD_SYMBOLS = "-_.!@#"


# --- audit and passwords: the identity app's services when it is installed ----------------------------


def _audit(*, kind: str, user: User | None, actor: Any, request: HttpRequest | None, detail: str) -> None:
    """One entry in the security audit log (rainforest.accounts)."""
    from rainforest.accounts.services import audit_record

    audit_record(kind=kind, user=user, actor=_actor(actor), request=request, detail=detail)


def _actor(by: Any) -> User | None:
    return by if getattr(by, "is_authenticated", False) else None


def _stamp(obj: Any, by: Any) -> None:
    """Name the acting user in the change-log row the next save writes (outside a request, simple_history
    would not know who it was)."""
    actor = _actor(by)
    if actor is not None:
        obj._history_user = actor


def generate_password() -> str:
    """A temporary password of 16 characters with upper and lower case letters, digits and a symbol."""
    while True:
        letters = [secrets.choice(PASSWORD_ALPHABET) for _n in range(14)]
        candidate = "".join([*letters, secrets.choice(PASSWORD_SYMBOLS), secrets.choice(string.digits)])
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
        ):
            return candidate


def _set_password(
    *, user: User, raw: str, by: Any, force_change: bool, request: HttpRequest | None = None
) -> None:
    """Check the password against the installation's rules (length, character classes, not the username,
    not a recent one, not a common one) and store it; the identity app records it in the audit log and,
    with `force_change`, makes the user choose a new one at their next login."""
    from rainforest.accounts.services import password_set

    try:
        password_set(user=user, raw=raw, by=_actor(by), force_change=force_change, request=request)
    except ValidationError as error:
        messages = error.message_dict.get("password", error.messages)
        raise ValidationError({"password": [_("密码：{m}").format(m=m) for m in messages]}) from None


# --- checks ---------------------------------------------------------------------------------------------


def organisation_by_code(code: str, field: str = "organisation") -> Organisation:
    found = Organisation.objects.filter(code=code.strip()).first()
    if found is None:
        raise ValidationError({field: _("机构：没有编码为 {code} 的机构").format(code=code)})
    return found


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError(
            {
                "role": _("角色：没有编码为 {role} 的角色（可用：{roles}）").format(
                    role=role, roles="、".join(Role.values)
                )
            }
        )


def organisation_districts(organisation: Organisation | None) -> set[int] | None:
    """The districts an organisation's region covers: every district of the city for a city-level region,
    the one district for a district, its host district for a development zone. None: the whole city (an
    organisation with no region, such as an enterprise registered without one, limits nothing here)."""
    if organisation is None or (organisation.region_id is None and organisation.zone_id is None):
        return None
    if organisation.region_id is not None:
        region = Region.objects.get(pk=organisation.region_id)
        if region.level == RegionLevel.CITY:
            return set(Region.objects.districts().filter(parent=region).values_list("pk", flat=True))
        if region.level == RegionLevel.PROVINCE:
            return None
        return {region.current.pk}
    zone = DevelopmentZone.objects.get(pk=int(organisation.zone_id or 0))
    return {zone.host_id}


def _is_city_level(organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    if organisation.kind == OrganisationKind.CITY_BUREAU:
        return True
    return organisation.region is not None and organisation.region.level in (
        RegionLevel.CITY,
        RegionLevel.PROVINCE,
    )


def _role_setting(role: str) -> str:
    """The data scope the system administrator set on a role ("" when none)."""
    return str(RoleProfile.objects.filter(code=role).values_list("data_scope", flat=True).first() or "")


def _effective_scope(role: str, data_scope: str) -> str:
    if data_scope:
        return data_scope
    stored = RoleProfile.objects.filter(code=role).values_list("data_scope", flat=True).first()
    return str(stored or ROLE_REACH.get(Role(role), ""))


def check_scope(
    *, role: str, organisation: Organisation | None, data_scope: str, regions: Iterable[Region]
) -> None:
    """A user's data scope must lie within their organisation's region: a district bureau's officer cannot
    see the whole city, nor a custom list naming another district."""
    regions = list(regions)
    if data_scope and data_scope not in DataScope.values:
        raise ValidationError(
            {"data_scope": _("数据范围：没有编码为 {code} 的数据范围").format(code=data_scope)}
        )
    effective = _effective_scope(role, data_scope)
    where = organisation.name if organisation is not None else _("（无所属机构）")
    if effective == DataScope.CITY and role not in (Role.SYSTEM_ADMIN,) and not _is_city_level(organisation):
        raise ValidationError(
            {"data_scope": _("数据范围：全市超出所属机构“{organisation}”的辖区").format(organisation=where)}
        )
    if effective in (DataScope.DISTRICT, DataScope.OWN) and organisation is None:
        raise ValidationError(
            {
                "organisation": _("所属机构：数据范围“{scope}”须有所属机构").format(
                    scope=DataScope(effective).label
                )
            }
        )
    if effective == DataScope.CUSTOM:
        if not regions:
            raise ValidationError({"scope_regions": _("自定义县区：数据范围为自定义县区时至少选择一个县区")})
        allowed = organisation_districts(organisation)
        outside = [
            r
            for r in regions
            if r.level != RegionLevel.DISTRICT or (allowed is not None and r.pk not in allowed)
        ]
        if outside:
            raise ValidationError(
                {
                    "scope_regions": _("自定义县区：{regions} 不在所属机构“{organisation}”的辖区内").format(
                        regions="、".join(r.name for r in outside), organisation=where
                    )
                }
            )
    elif regions:
        raise ValidationError({"scope_regions": _("自定义县区：只有数据范围为自定义县区时才能选择县区")})


def _check_unique(*, username: str | None, phone: str, exclude: int | None = None) -> None:
    others = User.objects.exclude(pk=exclude) if exclude is not None else User.objects.all()
    if username is not None and others.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("用户名：{username} 已被使用").format(username=username)})
    if phone:
        holder = others.filter(phone=phone).first()
        if holder is not None:
            raise ValidationError(
                {
                    "phone": _("手机：{phone} 已被用户 {username} 使用").format(
                        phone=phone, username=holder.username
                    )
                }
            )


def _full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    """full_clean with the model's Chinese field names in front of Django's own messages."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        named: dict[str, list[str]] = {}
        for name, messages in error.message_dict.items():
            label = str(obj._meta.get_field(name).verbose_name) if name != "__all__" else ""
            named[name] = [m if not label or m.startswith(label) else f"{label}：{m}" for m in messages]
        raise ValidationError(named) from None


# --- organisations --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationData:
    """What a page, a command or an import row says about an organisation."""

    code: str
    name: str
    kind: str
    parent: Organisation | None = None
    region: Region | None = None
    zone: DevelopmentZone | None = None
    credit_code: str = ""
    sort_order: int = 0


def _organisation_apply(organisation: Organisation, data: OrganisationData) -> None:
    if data.kind not in OrganisationKind.values:
        raise ValidationError(
            {
                "kind": _("类型：没有编码为 {kind} 的机构类型（可用：{kinds}）").format(
                    kind=data.kind, kinds="、".join(OrganisationKind.values)
                )
            }
        )
    code = data.code.strip()
    clash = Organisation.objects.filter(code=code).exclude(pk=organisation.pk).first()
    if clash is not None:
        raise ValidationError(
            {"code": _("机构编码：{code} 已被“{name}”使用").format(code=code, name=clash.name)}
        )
    clash = Organisation.objects.filter(name=data.name.strip()).exclude(pk=organisation.pk).first()
    if clash is not None:
        raise ValidationError({"name": _("名称：已有名为“{name}”的机构").format(name=data.name)})
    organisation.code = code
    organisation.name = data.name.strip()
    organisation.kind = data.kind
    organisation.parent = data.parent
    organisation.region = data.region
    organisation.zone = data.zone
    organisation.credit_code = data.credit_code.strip().upper()
    organisation.sort_order = data.sort_order
    _full_clean(organisation)


@transaction.atomic
def organisation_create(
    *, data: OrganisationData, by: Any = None, request: HttpRequest | None = None
) -> Organisation:
    """Create an organisation with its code, kind, parent and region."""
    organisation = Organisation()
    _organisation_apply(organisation, data)
    _stamp(organisation, by)
    organisation.save()
    _audit(
        kind=AUDIT_ORGANISATION_CHANGED,
        user=None,
        actor=by,
        request=request,
        detail=_("新建机构 {code} {name}").format(code=organisation.code, name=organisation.name),
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, data: OrganisationData, by: Any = None, request: HttpRequest | None = None
) -> Organisation:
    """Change an organisation; its users' scopes follow its new region, so each must still fit."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _organisation_apply(organisation, data)
    _stamp(organisation, by)
    organisation.save()
    for member in organisation.users.prefetch_related("scope_regions"):
        try:
            check_scope(
                role=member.role,
                organisation=organisation,
                data_scope=member.data_scope,
                regions=member.scope_regions.all(),
            )
        except ValidationError:
            raise ValidationError(
                {
                    "region": _("所辖区划：用户 {username} 的数据范围将超出新的辖区，请先调整该用户").format(
                        username=member.username
                    )
                }
            ) from None
    _audit(
        kind=AUDIT_ORGANISATION_CHANGED,
        user=None,
        actor=by,
        request=request,
        detail=_("修改机构 {code} {name}").format(code=organisation.code, name=organisation.name),
    )
    return organisation


@transaction.atomic
def organisation_set_status(
    *, organisation: Organisation, active: bool, by: Any = None, request: HttpRequest | None = None
) -> Organisation:
    """Disable (or enable again) an organisation. Its users keep their accounts but see nothing while it is
    disabled (core.scope)."""
    organisation.status = OrganisationStatus.ACTIVE if active else OrganisationStatus.DISABLED
    _stamp(organisation, by)
    organisation.save(update_fields=["status"])
    _audit(
        kind=AUDIT_ORGANISATION_CHANGED,
        user=None,
        actor=by,
        request=request,
        detail=(_("启用机构 {code}") if active else _("停用机构 {code}")).format(code=organisation.code),
    )
    return organisation


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
