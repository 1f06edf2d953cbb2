"""Reference data (regions, zones, industries), organisations, users and their roles."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.choices import (
    AccessEventKind,
    DataScope,
    OrganisationKind,
    OrganisationStatus,
    RegionLevel,
    Role,
)


class RegionQuerySet(models.QuerySet["Region"]):
    def districts(self) -> RegionQuerySet:
        return self.filter(level=RegionLevel.DISTRICT, alias_of__isnull=True)

    def peer_cities(self) -> RegionQuerySet:
        return self.filter(level=RegionLevel.CITY, alias_of__isnull=True)


class Region(models.Model):
    """An administrative division with its GB/T 2260 code. A renamed or recoded unit keeps its old record
    as a dated alias (`alias_of`), so old spreadsheets that still say 太谷县 land on 太谷区."""

    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    name_en = models.CharField(_("英文名"), max_length=60, blank=True)
    level = models.CharField(_("级别"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    alias_of = models.ForeignKey(
        "self",
        verbose_name=_("现行区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aliases",
    )
    valid_until = models.DateField(_("停用日期"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> Region:
        return self.alias_of if self.alias_of_id else self  # type: ignore[return-value]


class DevelopmentZone(models.Model):
    """A development zone. GB/T 2260 does not code zones: a statistical code is stored only where one
    is published, never invented."""

    name = models.CharField(_("名称"), max_length=80, unique=True)
    short_name = models.CharField(_("简称"), max_length=20, blank=True)
    host = models.ForeignKey(
        Region, verbose_name=_("所在县区"), on_delete=models.PROTECT, related_name="zones"
    )
    statistical_code = models.CharField(_("统计用区划代码"), max_length=12, blank=True)
    status = models.CharField(_("资料状态"), max_length=20, default="CONFIRMED")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("开发区")
        verbose_name_plural = _("开发区")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.short_name or self.name


class IndustrySection(models.Model):
    """A door (门类) of GB/T 4754-2017, the national industry classification."""

    code = models.CharField(_("门类代码"), max_length=1, unique=True)
    name = models.CharField(_("门类名称"), max_length=40)
    # Reference data carries its English name as a column (as Region does), loaded from reference.json;
    # pages show it to a reader in English (docs/decisions/0003-domain-text-translation.md).
    name_en = models.CharField(_("英文名"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("国民经济行业门类")
        verbose_name_plural = _("国民经济行业门类")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name in the reader's language: English when the page is in English and one is recorded."""
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name


def new_organisation_code() -> str:
    """A code for an organisation created without one (tests, older scripts); administrators give real
    codes such as `jz-yuci` on the pages or with `rainforest org create CODE`."""
    return "org-" + secrets.token_hex(4)


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(status=OrganisationStatus.ACTIVE)


class Organisation(models.Model):
    """A body whose people use Rainforest: the city bureau, a district bureau or a park's management
    committee, a university, a bank, a service institution or an enterprise. Bureaus form a tree (the city
    bureau above the district bureaus and parks); enterprises, universities, banks and service institutions
    stand on their own. Its kind and region decide what its users may see (core.scope)."""

    code = models.CharField(
        _("机构编码"),
        max_length=40,
        unique=True,
        default=new_organisation_code,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", _("机构编码只能包含字母、数字、点、下划线和连字符")
            )
        ],
        help_text=_("命令行和导入文件用来指代机构的编码，如 jz-yuci"),
    )
    name = models.CharField(_("名称"), max_length=120, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所辖区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    zone = models.ForeignKey(
        DevelopmentZone,
        verbose_name=_("所辖园区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=OrganisationStatus.choices, default=OrganisationStatus.ACTIVE
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == OrganisationStatus.ACTIVE

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.parent_id is not None and self.pk is not None:
            seen: set[int] = set()
            ancestor: Organisation | None = self.parent
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    errors["parent"] = _("上级机构不能是本机构或其下级机构")
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if self.kind in (OrganisationKind.DISTRICT_BUREAU, OrganisationKind.PARK) and not (
            self.region_id or self.zone_id
        ):
            errors["region"] = _("县区科技部门和园区管委会须填写所辖区划或园区")
        if errors:
            raise ValidationError(errors)


class RoleProfile(models.Model):
    """What the system administrator keeps about a role (角色管理): its description and its default data
    scope (数据权限). The roles themselves and what each may do are code (core.choices.Role and the
    permission table of core.policy); a role with no row here has the default scope of core.scope."""

    code = models.CharField(_("角色编码"), max_length=20, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    data_scope = models.CharField(_("数据范围"), max_length=10, choices=DataScope.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(Role(self.code).label) if self.code in Role.values else self.code

    def clean(self) -> None:
        if self.code not in Role.values:
            raise ValidationError({"code": _("没有编码为 {code} 的角色").format(code=self.code)})
        if self.data_scope == DataScope.CUSTOM:
            raise ValidationError(
                {
                    "data_scope": _(
                        "自定义县区只能设在用户上：角色的数据范围须是全市、本机构辖区、分派企业或本机构"
                    )
                }
            )


class User(AbstractUser):
    """A person with one role in one organisation. The data scope is the role's (RoleProfile) unless the
    user is given their own (`data_scope`, and `scope_regions` for a custom list of districts), which must
    lie within the organisation's region."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.ENTERPRISE_USER)
    display_name = models.CharField(_("姓名"), max_length=40, blank=True)
    phone = models.CharField(
        _("手机"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9][0-9-]{5,19}$", _("手机号码只能包含数字、加号和连字符"))],
    )
    sees_personal_data = models.BooleanField(
        _("可查看个人信息"),
        default=False,
        help_text=_("未勾选时，企业联系人姓名、电话、邮箱以掩码显示。"),
    )
    data_scope = models.CharField(
        _("数据范围"),
        max_length=10,
        choices=DataScope.choices,
        blank=True,
        help_text=_("留空时按角色的数据范围"),
    )
    scope_regions = models.ManyToManyField(
        Region,
        verbose_name=_("自定义县区"),
        blank=True,
        related_name="+",
        help_text=_("数据范围为“自定义县区”时可见的县区"),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=~models.Q(phone=""),
                name="core_user_phone_unique_when_set",
                violation_error_message=_("手机：该号码已被其他用户使用"),
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_city_wide(self) -> bool:
        return self.role in (Role.CITY_OFFICER, Role.SYSTEM_ADMIN) or self.is_superuser

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A login only stamps last_login: that is the audit log's business, not a change of the account.
        if kwargs.get("update_fields") is not None and set(kwargs["update_fields"]) <= {"last_login"}:
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=60, blank=True)
    prefix = models.CharField(_("前缀"), max_length=8)
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @staticmethod
    def new_secret() -> str:
        return "rf_" + secrets.token_urlsafe(32)


class AccessEvent(models.Model):
    """A login, logout or failed login, kept for the audit trail."""

    user = models.ForeignKey(User, verbose_name=_("用户"), null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField(_("用户名"), max_length=150)
    kind = models.CharField(_("事件"), max_length=20, choices=AccessEventKind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("登录记录")
        verbose_name_plural = _("登录记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {self.kind} {self.at:%Y-%m-%d %H:%M}"


_pinned_today: ContextVar[date | None] = ContextVar("rainforest_pinned_today", default=None)


def today() -> date:
    """The bureau's today (Asia/Shanghai by default): what validation compares dates with."""
    return _pinned_today.get() or timezone.localdate()


@contextmanager
def pinned_today() -> Iterator[date]:
    """Within the block `today()` is the day the block began: a whole file is validated against one day,
    and 100,000 rows' clean() do not each look up the current time zone (about 25 µs a call)."""
    token = _pinned_today.set(timezone.localdate())
    try:
        yield _pinned_today.get() or timezone.localdate()
    finally:
        _pinned_today.reset(token)


def data_as_of() -> date:
    """The day the pages and the API look at unless asked for another (数据截止日期): the configured
    RAINFOREST_AS_OF, else the as-of date of the demo city when the registry is a demo build (its records
    stop there whatever the machine's date), else today."""
    configured: date | None = settings.RAINFOREST.get("AS_OF")
    if configured is not None:
        return configured
    if apps.is_installed("rainforest.demo"):
        build = apps.get_model("demo", "DemoBuild").objects.order_by("-built_at").only("as_of").first()
        if build is not None:
            as_of: date = build.as_of
            return as_of
    return today()
