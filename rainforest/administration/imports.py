"""Record types of the administration for the Excel framework (rainforest.imports): organisations and user
accounts, imported and exported by the system administrator only.

An organisation names its parent by code; the parent must already be stored (import the upper levels
first, or in an earlier file). An imported account has no usable password: the administrator resets it on
the user's page (a temporary password, to be changed at first login) or the user asks for an e-mailed link.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.administration.filters import OrganisationFilter, UserFilter
from rainforest.administration.services import check_scope
from rainforest.core.choices import DataScope, OrganisationKind, OrganisationStatus, Role
from rainforest.core.models import Organisation, Region, User
from rainforest.core.policy import Action, may, restrict
from rainforest.imports.base import Column, Kind, RecordType, choice_column


def _may_import(model: Any) -> Any:
    def check(user: Any) -> bool:
        return user is None or may(user, Action.IMPORT, model)

    return check


def _organisation_rows(user: Any, params: dict[str, Any]) -> QuerySet[Organisation]:
    rows: QuerySet[Organisation] = Organisation.objects.select_related("parent", "region", "zone").order_by(
        "sort_order", "code"
    )
    if user is not None:
        rows = restrict(rows, user, Action.EXPORT)
    return OrganisationFilter(params, queryset=rows).qs


def _user_rows(user: Any, params: dict[str, Any]) -> QuerySet[User]:
    rows = User.objects.select_related("organisation").order_by("username")
    if user is not None:
        rows = restrict(rows, user, Action.EXPORT)
    return UserFilter(params, queryset=rows).qs


def _by_code(code: Any, errors: dict[str, Any], target: str, label: str) -> Organisation | None:
    found = Organisation.objects.filter(code=str(code).strip()).first()
    if found is None:
        errors[target] = _("{label}：没有编码为 {code} 的机构").format(label=label, code=code)
    return found


def _adjust_organisation(values: dict[str, Any]) -> None:
    """The parent and the region are named by code: looked up for each row (organisation files are small).
    Errors are keyed by the column's attribute, so the report names the column."""
    errors: dict[str, Any] = {}
    if "parent__code" in values:
        parent = _by_code(values["parent__code"], errors, "parent__code", str(_("上级机构编码")))
        if parent is not None and parent.code == values.get("code"):
            errors["parent__code"] = _("上级机构编码：上级机构不能是本机构")
        values["parent"] = parent
    if "region__code" in values:
        code = str(values["region__code"]).strip()
        region = Region.objects.filter(code=code).select_related("alias_of").first()
        if region is None:
            errors["region__code"] = _("所辖区划代码：没有代码为 {code} 的行政区划").format(code=code)
        values["region"] = region.current if region is not None else None
    name = str(values.get("name", "")).strip()
    clash = Organisation.objects.filter(name=name).exclude(code=values.get("code")).first()
    if clash is not None:
        errors["name"] = _("名称：已有名为“{name}”的机构（编码 {code}）").format(name=name, code=clash.code)
    values.pop("parent__code", None)
    values.pop("region__code", None)
    if errors:
        raise ValidationError(errors)


def _adjust_user(values: dict[str, Any]) -> None:
    """The organisation is named by code; the username and the phone must be free; the data scope must lie
    within the organisation's region (a custom list of districts is set on the user's page, not in a file)."""
    errors: dict[str, Any] = {}
    organisation = None
    if "organisation__code" in values:
        organisation = _by_code(
            values.pop("organisation__code"), errors, "organisation__code", str(_("所属机构编码"))
        )
        values["organisation"] = organisation
    username = str(values.get("username", "")).strip()
    if User.objects.filter(username__iexact=username).exclude(username=username).exists():
        errors["username"] = _("用户名：{username} 已被使用").format(username=username)
    phone = str(values.get("phone", "")).strip()
    holder = User.objects.filter(phone=phone).exclude(username=username).first() if phone else None
    if holder is not None:
        errors["phone"] = _("手机：{phone} 已被用户 {username} 使用").format(
            phone=phone, username=holder.username
        )
    role = values.get("role")
    if role is not None and "organisation__code" not in errors:
        try:
            check_scope(
                role=role, organisation=organisation, data_scope=values.get("data_scope", ""), regions=()
            )
        except ValidationError as error:
            errors.update({key: messages[0] for key, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)


ORGANISATION = RecordType(
    name="organisation",
    label=_("机构"),
    description=_("按机构编码新增或更新机构；上级机构须已存在（先导入上级）。"),
    model=Organisation,
    columns=(
        Column("code", _("机构编码"), hint=_("字母、数字、点、下划线、连字符，如 jz-yuci"), required=True),
        Column("name", _("名称"), required=True),
        choice_column("kind", _("类型"), OrganisationKind, required=True),
        Column("parent", _("上级机构编码"), hint=_("须已存在"), attribute="parent__code"),
        Column("region", _("所辖区划代码"), hint=_("6位区划代码，如 140702"), attribute="region__code"),
        Column("zone", _("所辖开发区"), Kind.DEVELOPMENT_ZONE, _("开发区全称或简称")),
        Column("credit_code", _("统一社会信用代码")),
        choice_column("status", _("状态"), OrganisationStatus, hint=_("默认“正常”")),
    ),
    key=("code",),
    key_attributes=("code",),
    scope_ids=lambda obj: (obj.region_id, obj.zone_id),
    export_queryset=_organisation_rows,
    adjust=_adjust_organisation,
    related=("parent", "region"),
    may_import=_may_import(Organisation),
)

USER = RecordType(
    name="user",
    label=_("用户"),
    description=_(
        "按用户名新增或更新账号（不含密码：新账号须由管理员重置密码或由本人通过邮件链接设置，首次登录须修改）。"
    ),
    model=User,
    columns=(
        Column("username", _("用户名"), required=True),
        Column("display_name", _("姓名")),
        choice_column("role", _("角色"), Role, required=True),
        Column("organisation", _("所属机构编码"), hint=_("须已存在"), attribute="organisation__code"),
        Column("email", _("电子邮箱")),
        Column("phone", _("手机")),
        Column(
            "data_scope",
            _("数据范围"),
            Kind.CHOICE,
            _("留空时按角色的数据范围；自定义县区在用户页面上设置"),
            choices=tuple(choice for choice in DataScope.choices if choice[0] != DataScope.CUSTOM),
        ),
        Column("is_active", _("启用"), Kind.BOOL, _("是/否，默认“是”")),
    ),
    key=("username",),
    key_attributes=("username",),
    scope_ids=lambda obj: (None, None),
    export_queryset=_user_rows,
    adjust=_adjust_user,
    related=("organisation",),
    defaults={"password": UNUSABLE_PASSWORD_PREFIX + "imported"},
    may_import=_may_import(User),
)
