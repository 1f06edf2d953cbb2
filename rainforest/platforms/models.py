"""Innovation platforms (创新平台): their types, the platforms with their host and partners, their yearly
input and output, and the year's plan of new platforms.

A platform is hosted by exactly one enterprise of the registry or one organisation (a university, an
institute); its district follows its host. Its status moves planned → building → recognised (→ revoked),
each step with its date, in order. Scorecards and the plan's done counts are never stored: the selectors
compute them from these records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.choices import TechField
from rainforest.core.models import DevelopmentZone, Organisation, Region, today
from rainforest.core.policy import RestrictedQuerySet
from rainforest.enterprises.models import Enterprise, validate_not_future
from rainforest.platforms.choices import PartnerRole, PlatformLevel, PlatformStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ZERO = Decimal(0)


def money_field(label: StrOrPromise) -> models.DecimalField:
    """Money in yuan, never negative (entered and shown in 万元 by the record declarations)."""
    return models.DecimalField(
        label, max_digits=16, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)]
    )


class PlatformType(models.Model):
    """A kind of innovation platform (技术创新中心, 中试基地…). Six are seeded by a data migration and kept
    as reference data; the city bureau adds others. `key_platform` says whether a provincial platform of
    this type counts among the 省级重点创新平台."""

    name = models.CharField(_("类型名称"), max_length=50, unique=True)
    key_platform = models.BooleanField(
        _("计入重点创新平台"),
        default=False,
        help_text=_("省级平台中，该类型计入“省级重点创新平台”统计"),
    )
    seeded = models.BooleanField(_("内置类型"), default=False, editable=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["PlatformType"].as_manager()

    class Meta:
        verbose_name = _("平台类型")
        verbose_name_plural = _("平台类型")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Platform(models.Model):
    """An innovation platform: its type and level, its host (an enterprise or an organisation, exactly
    one), its status with the dates of each step, and the document that approved or recognised it."""

    name = models.CharField(_("平台名称"), max_length=200, unique=True)
    type = models.ForeignKey(
        PlatformType, verbose_name=_("平台类型"), on_delete=models.PROTECT, related_name="platforms"
    )
    level = models.CharField(_("级别"), max_length=20, choices=PlatformLevel.choices)
    host_enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("依托企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platforms",
    )
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("依托单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platforms",
        help_text=_("高校院所等机构；与依托企业二者填一"),
    )
    district = models.ForeignKey(
        Region,
        verbose_name=_("所在县区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("由依托企业或依托单位带出"),
    )
    development_zone = models.ForeignKey(
        DevelopmentZone,
        verbose_name=_("所在开发区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    field = models.CharField(_("技术领域"), max_length=30, choices=TechField.choices, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=PlatformStatus.choices, default=PlatformStatus.PLANNED
    )
    approved_on = models.DateField(_("批准建设日期"), null=True, blank=True, validators=[validate_not_future])
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True, validators=[validate_not_future])
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True, validators=[validate_not_future])
    recommended_year = models.PositiveSmallIntegerField(
        _("推荐省级年度"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("市局推荐申报上一级（如省级新型研发机构）的年度"),
    )
    source = models.CharField(_("来源"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Platform"].as_manager()

    class Meta:
        verbose_name = _("创新平台")
        verbose_name_plural = _("创新平台")
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "type", "status"], name="platform_level_type_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(host_enterprise__isnull=False, host_organisation__isnull=True)
                | Q(host_enterprise__isnull=True, host_organisation__isnull=False),
                name="platform_one_host",
                violation_error_message=_("依托企业和依托单位须填且只填一个"),
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | Q(recognised_on__isnull=True)
                | Q(approved_on__lte=F("recognised_on")),
                name="platform_approved_before_recognised",
                violation_error_message=_("认定日期不能早于批准建设日期"),
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True)
                | (
                    (Q(recognised_on__isnull=True) | Q(recognised_on__lte=F("revoked_on")))
                    & (Q(approved_on__isnull=True) | Q(approved_on__lte=F("revoked_on")))
                ),
                name="platform_revoked_last",
                violation_error_message=_("撤销日期不能早于批准建设或认定日期"),
            ),
            models.CheckConstraint(
                condition=~Q(status=PlatformStatus.REVOKED) | Q(revoked_on__isnull=False),
                name="platform_revoked_has_date",
                violation_error_message=_("已撤销的平台须填写撤销日期"),
            ),
            models.CheckConstraint(
                condition=Q(status=PlatformStatus.REVOKED) | Q(revoked_on__isnull=True),
                name="platform_revoked_date_only_when_revoked",
                violation_error_message=_("只有已撤销的平台才有撤销日期"),
            ),
            models.CheckConstraint(
                condition=~Q(status=PlatformStatus.RECOGNISED) | Q(recognised_on__isnull=False),
                name="platform_recognised_has_date",
                violation_error_message=_("已认定的平台须填写认定日期"),
            ),
            models.CheckConstraint(
                condition=~Q(status=PlatformStatus.BUILDING) | Q(approved_on__isnull=False),
                name="platform_building_has_date",
                violation_error_message=_("建设中的平台须填写批准建设日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def host(self) -> Enterprise | Organisation | None:
        return self.host_enterprise or self.host_organisation

    @property
    def started_on(self) -> date | None:
        """The day the platform began to exist: approved for building, or recognised if never approved."""
        days = [day for day in (self.approved_on, self.recognised_on) if day is not None]
        return min(days) if days else None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if bool(self.host_enterprise_id) == bool(self.host_organisation_id):
            message = (
                _("依托企业和依托单位只能填一个")
                if self.host_enterprise_id
                else _("请填写依托企业或依托单位（二者填一）")
            )
            errors["host_enterprise"] = message
        elif (firm := self.host_enterprise) is not None:
            # The place follows the host (the lookup of an import loads these ids with the enterprise).
            self.district_id = firm.district_id
            self.development_zone_id = firm.development_zone_id
        elif (organisation := self.host_organisation) is not None:
            self.district_id = organisation.region_id
            self.development_zone_id = organisation.zone_id
        if self.approved_on and self.recognised_on and self.recognised_on < self.approved_on:
            errors["recognised_on"] = _("认定日期 {recognised} 早于批准建设日期 {approved}").format(
                recognised=self.recognised_on, approved=self.approved_on
            )
        if self.revoked_on:
            if self.status != PlatformStatus.REVOKED:
                errors["revoked_on"] = _("只有已撤销的平台才有撤销日期")
            for label, day in ((_("认定日期"), self.recognised_on), (_("批准建设日期"), self.approved_on)):
                if day and self.revoked_on < day:
                    errors["revoked_on"] = _("撤销日期 {revoked} 早于{label} {day}").format(
                        revoked=self.revoked_on, label=label, day=day
                    )
                    break
        if self.status == PlatformStatus.REVOKED and not self.revoked_on:
            errors["revoked_on"] = _("已撤销的平台须填写撤销日期")
        if self.status == PlatformStatus.RECOGNISED and not self.recognised_on:
            errors["recognised_on"] = _("已认定的平台须填写认定日期")
        if self.status == PlatformStatus.BUILDING and not self.approved_on:
            errors["approved_on"] = _("建设中的平台须填写批准建设日期")
        if self.recommended_year and self.recommended_year > today().year:
            errors["recommended_year"] = _("推荐省级年度 {year} 晚于今年").format(year=self.recommended_year)
        if errors:
            raise ValidationError(errors)


class PlatformPartner(models.Model):
    """A platform's partner: an enterprise of the registry, an organisation, or an outside party by name
    (exactly one), and its role (a university co-building a firm's technology innovation centre)."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("平台"), on_delete=models.CASCADE, related_name="partners"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("合作企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platform_partnerships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("合作机构"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platform_partnerships",
    )
    outside_name = models.CharField(
        _("市外单位名称"), max_length=200, blank=True, help_text=_("未在本系统登记的单位，如市外高校")
    )
    role = models.CharField(_("合作方式"), max_length=20, choices=PartnerRole.choices)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["PlatformPartner"].as_manager()

    class Meta:
        verbose_name = _("平台合作单位")
        verbose_name_plural = _("平台合作单位")
        ordering = ["platform", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False, organisation__isnull=True, outside_name="")
                | Q(enterprise__isnull=True, organisation__isnull=False, outside_name="")
                | (Q(enterprise__isnull=True, organisation__isnull=True) & ~Q(outside_name="")),
                name="platform_partner_exactly_one",
                violation_error_message=_("合作企业、合作机构、市外单位名称须填且只填一个"),
            ),
            models.UniqueConstraint(
                fields=["platform", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="platform_partner_enterprise_once",
            ),
            models.UniqueConstraint(
                fields=["platform", "organisation"],
                condition=Q(organisation__isnull=False),
                name="platform_partner_organisation_once",
            ),
            models.UniqueConstraint(
                fields=["platform", "outside_name"],
                condition=~Q(outside_name=""),
                name="platform_partner_outside_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} · {self.partner_name}"

    @property
    def partner_name(self) -> str:
        return str(self.enterprise or self.organisation or self.outside_name)

    def clean(self) -> None:
        self.outside_name = (self.outside_name or "").strip()
        given = sum((bool(self.enterprise_id), bool(self.organisation_id), bool(self.outside_name)))
        if given != 1:
            raise ValidationError({"enterprise": _("合作企业、合作机构、市外单位名称须填且只填一个")})


class PlatformPerformance(models.Model):
    """A platform's input and output in one year: R&D input, direct economic benefit, achievement-conversion
    income (yuan), contracts signed and firms incubated. No year before the platform existed."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("平台"), on_delete=models.CASCADE, related_name="performances"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    rd_input = money_field(_("研发投入"))
    economic_benefit = money_field(_("直接经济效益"))
    conversion_income = money_field(_("成果转化收入"))
    contracts = models.PositiveIntegerField(_("技术合同数"), default=0)
    firms_incubated = models.PositiveIntegerField(_("孵化企业数"), default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["PlatformPerformance"].as_manager()

    class Meta:
        verbose_name = _("平台年度绩效")
        verbose_name_plural = _("平台年度绩效")
        ordering = ["platform", "-year"]
        indexes = [models.Index(fields=["year"], name="platform_performance_year")]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year"], name="platform_performance_one_per_year"),
            models.CheckConstraint(
                condition=Q(rd_input__gte=0) & Q(economic_benefit__gte=0) & Q(conversion_income__gte=0),
                name="platform_performance_not_negative",
                violation_error_message=_("金额不能为负数"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.year}"

    def clean(self) -> None:
        if not self.year:
            return
        if self.year > today().year:
            raise ValidationError({"year": _("年度 {year} 晚于今年").format(year=self.year)})
        if not self.platform_id:
            return
        started = self.platform.started_on
        if started is None:
            raise ValidationError(
                {
                    "year": _("平台“{platform}”尚无批准建设或认定日期，不能登记年度绩效").format(
                        platform=self.platform
                    )
                }
            )
        if self.year < started.year:
            raise ValidationError(
                {
                    "year": _("年度 {year} 早于平台“{platform}”成立的年度 {start}（{day}）").format(
                        year=self.year, platform=self.platform, start=started.year, day=started
                    )
                }
            )


class PlatformPlan(models.Model):
    """The city's plan of new platforms for a year: how many of a type and level (the seed's 2025 plan:
    3 municipal new-type R&D institutions, 10 pilot bases, 2 alliances)."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    type = models.ForeignKey(
        PlatformType, verbose_name=_("平台类型"), on_delete=models.PROTECT, related_name="plans"
    )
    level = models.CharField(_("级别"), max_length=20, choices=PlatformLevel.choices)
    planned = models.PositiveIntegerField(_("计划新增数"), validators=[MinValueValidator(1)])
    source = models.CharField(_("来源"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["PlatformPlan"].as_manager()

    class Meta:
        verbose_name = _("平台建设计划")
        verbose_name_plural = _("平台建设计划")
        ordering = ["-year", "type", "level"]
        constraints = [
            models.UniqueConstraint(fields=["year", "type", "level"], name="platform_plan_one_per_kind"),
            models.CheckConstraint(
                condition=Q(planned__gte=1),
                name="platform_plan_planned_positive",
                violation_error_message=_("计划新增数至少为 1"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_level_display()}{self.type}"
