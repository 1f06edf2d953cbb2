"""What the administration's services share: the audit kinds, passwords, and the checks of organisations,
roles, data scopes and uniqueness."""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rainforest.core.choices import DataScope, OrganisationKind, RegionLevel, Role
from rainforest.core.models import DevelopmentZone, Organisation, Region, RoleProfile, User
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
