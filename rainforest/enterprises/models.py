"""The registry: enterprises keyed by their unified social credit code, their yearly figures and their
certificates and designations. Layers are never stored here: the forest app computes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core import credit_code as uscc
from rainforest.core.choices import TechField
from rainforest.core.models import DevelopmentZone, IndustrySection, Region, today
from rainforest.core.policy import Action, RestrictedQuerySet
from rainforest.enterprises.choices import (
    CLASS_ONE_KINDS,
    VALIDITY_YEARS,
    CertificateKind,
    IntellectualPropertyKind,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def validate_credit_code(value: str) -> None:
    problem = uscc.problem(value)
    if problem:
        raise ValidationError(problem, code="credit_code")


def validate_not_future(value: date) -> None:
    if value > today():
        raise ValidationError(_("日期不能晚于今天"), code="future")


class EnterpriseQuerySet(RestrictedQuerySet["Enterprise"]):
    def visible_to(self, user: Any) -> EnterpriseQuerySet:
        """The enterprises this user may see: `restrict(user, Action.VIEW)` (rainforest.core.policy)."""
        return self.restrict(user, Action.VIEW)  # type: ignore[return-value]


class Enterprise(models.Model):
    """An innovating enterprise of the city, keyed by its unified social credit code."""

    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    credit_code_override_reason = models.CharField(
        _("校验例外理由"),
        max_length=200,
        blank=True,
        help_text=_("仅市局工作人员可登记未通过校验的早期代码，并须写明理由。"),
    )
    name = models.CharField(_("企业名称"), max_length=120, db_index=True)
    district = models.ForeignKey(
        Region, verbose_name=_("所在县区"), on_delete=models.PROTECT, related_name="enterprises"
    )
    development_zone = models.ForeignKey(
        DevelopmentZone,
        verbose_name=_("所在开发区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    industry = models.ForeignKey(
        IndustrySection,
        verbose_name=_("国民经济行业门类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tech_field = models.CharField(_("技术领域"), max_length=30, choices=TechField.choices, blank=True)
    founded_on = models.DateField(_("成立日期"), validators=[validate_not_future])
    address = models.CharField(_("地址"), max_length=200, blank=True)
    resident_enterprise = models.BooleanField(_("境内注册居民企业"), default=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()
    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["district", "name"]),
            models.Index(fields=["district", "id"], name="enterprise_district_id"),  # index-only semi-joins
            models.Index(fields=["tech_field"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.credit_code:
            self.credit_code = uscc.normalise(self.credit_code)
        if self.development_zone_id and self.district_id:
            zone = self.development_zone
            if zone is not None and zone.host_id != self.district_id:
                raise ValidationError(
                    {
                        "development_zone": _("开发区 {zone} 不在 {district}").format(
                            zone=zone, district=self.district
                        )
                    }
                )

    def full_clean(
        self, exclude: Any = None, validate_unique: bool = True, validate_constraints: bool = True
    ) -> None:
        # A code with a recorded override reason skips the check character (only city officers may set it).
        if self.credit_code_override_reason:
            exclude = set(exclude or ()) | {"credit_code"}
            if len(self.credit_code) != 18:
                raise ValidationError({"credit_code": _("统一社会信用代码应为18位")})
        super().full_clean(
            exclude=exclude, validate_unique=validate_unique, validate_constraints=validate_constraints
        )


MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


def money_field(label: StrOrPromise, allow_negative: bool = False, **kwargs: Any) -> models.DecimalField:
    validators = [] if allow_negative else [MinValueValidator(Decimal("0"))]
    return models.DecimalField(label, null=True, blank=True, validators=validators, **MONEY, **kwargs)


def count_field(label: StrOrPromise) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


class YearlyFigures(models.Model):
    """An enterprise's figures for one accounting year, in yuan and persons. Every value may be missing:
    a rule that needs a missing value says "needs data" rather than guessing."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="yearly_figures"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(1949)])
    employees = count_field(_("职工总数"))
    tech_staff = count_field(_("科技人员数"))
    rd_staff = count_field(_("研发人员数"))
    sales_revenue = money_field(_("销售收入（元）"))
    operating_revenue = money_field(_("营业收入（元）"))
    main_business_revenue = money_field(_("主营业务收入（元）"))
    total_income = money_field(_("收入总额（元）"))
    hitech_income = money_field(_("高新技术产品（服务）收入（元）"))
    total_assets = money_field(_("资产总额（元）"))
    total_liabilities = money_field(_("负债总额（元）"))
    net_assets = money_field(_("净资产（元）"), allow_negative=True)
    net_profit = money_field(_("净利润（元）"), allow_negative=True)
    cost_expense = money_field(_("成本费用支出总额（元）"))
    rd_expense = money_field(_("研发费用（元）"))
    rd_expense_domestic = money_field(_("境内研发费用（元）"))
    ip_class1 = count_field(_("Ⅰ类知识产权数"))
    ip_class2 = count_field(_("Ⅱ类知识产权数"))
    conversions = count_field(_("科技成果转化数"))
    equity_qualified = money_field(_("合格机构投资者实缴股权（元）"))
    tax_paid_in_zone = money_field(_("在园区纳税额（元）"))

    history = HistoricalRecords()
    objects = RestrictedQuerySet["YearlyFigures"].as_manager()

    class Meta:
        verbose_name = _("年度数据")
        verbose_name_plural = _("年度数据")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="yearly_figures_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(tech_staff__isnull=True)
                | models.Q(employees__isnull=True)
                | models.Q(tech_staff__lte=models.F("employees")),
                name="yearly_figures_tech_staff_within_employees",
                violation_error_message=_("科技人员数不能超过职工总数"),
            ),
            models.CheckConstraint(
                condition=models.Q(hitech_income__isnull=True)
                | models.Q(total_income__isnull=True)
                | models.Q(hitech_income__lte=models.F("total_income")),
                name="yearly_figures_hitech_within_total_income",
                violation_error_message=_("高新技术产品（服务）收入不能超过收入总额"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.year and self.year > today().year:
            errors["year"] = _("年度 {year} 晚于今年").format(year=self.year)
        if self.tech_staff is not None and self.employees is not None and self.tech_staff > self.employees:
            errors["tech_staff"] = _("科技人员数 {staff} 超过职工总数 {employees}").format(
                staff=self.tech_staff, employees=self.employees
            )
        if self.rd_staff is not None and self.employees is not None and self.rd_staff > self.employees:
            errors["rd_staff"] = _("研发人员数 {staff} 超过职工总数 {employees}").format(
                staff=self.rd_staff, employees=self.employees
            )
        if (
            self.hitech_income is not None
            and self.total_income is not None
            and self.hitech_income > self.total_income
        ):
            errors["hitech_income"] = _("高新技术产品（服务）收入超过收入总额")
        if (
            self.rd_expense_domestic is not None
            and self.rd_expense is not None
            and self.rd_expense_domestic > self.rd_expense
        ):
            errors["rd_expense_domestic"] = _("境内研发费用超过研发费用总额")
        if errors:
            raise ValidationError(errors)


class Certificate(models.Model):
    """A dated registration, certificate or designation. It is valid on d when issued_on ≤ d < expires_on
    and it was not revoked on or before d."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("类别"), max_length=30, choices=CertificateKind.choices)
    number = models.CharField(_("证书/登记编号"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(
        _("年度"), null=True, blank=True, help_text=_("科技型中小企业为入库年度")
    )
    issued_on = models.DateField(_("发证/生效日期"), validators=[validate_not_future])
    expires_on = models.DateField(_("有效期至（不含）"))
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    issuer = models.CharField(_("发证机关"), max_length=80, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Certificate"].as_manager()

    class Meta:
        verbose_name = _("资质证书")
        verbose_name_plural = _("资质证书")
        ordering = ["enterprise", "-issued_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "issued_on"], name="certificate_one_per_kind_and_date"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
                violation_error_message=_("有效期截止日须晚于发证日期"),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "issued_on", "expires_on"]),
            # The holders of a kind on a day, counted per firm in firm order (indicators' hnte.count and
            # tech_sme.count): on PostgreSQL an index-only scan; elsewhere the dates are not included.
            models.Index(
                fields=["kind", "enterprise"],
                include=["issued_on", "expires_on", "revoked_on"],
                name="certificate_kind_firm",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()} {self.issued_on}"

    @staticmethod
    def default_expiry(kind: str, issued_on: date, year: int | None = None) -> date:
        """HNTE and MIIT titles last 3 years from issue; a tech-SME registration lasts to the end of its year."""
        if kind == CertificateKind.TECH_SME:
            return date((year or issued_on.year) + 1, 1, 1)
        years = VALIDITY_YEARS.get(CertificateKind(kind), 3)
        try:
            return issued_on.replace(year=issued_on.year + years)
        except ValueError:  # 29 February
            return issued_on.replace(year=issued_on.year + years, day=28)

    def is_valid_on(self, day: date) -> bool:
        end = min(self.expires_on, self.revoked_on) if self.revoked_on else self.expires_on
        return self.issued_on <= day < end

    def clean(self) -> None:
        if self.issued_on and not self.expires_on and self.kind:
            self.expires_on = self.default_expiry(self.kind, self.issued_on, self.year)
        if self.kind == CertificateKind.TECH_SME and self.issued_on and not self.year:
            self.year = self.issued_on.year
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": _("有效期截止日须晚于发证日期")})
        if self.revoked_on and self.issued_on and self.revoked_on < self.issued_on:
            raise ValidationError({"revoked_on": _("撤销日期不能早于发证日期")})


class Assignment(models.Model):
    """A tech butler (科技管家) serving an enterprise from a date; ended assignments are kept."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="assignments"
    )
    butler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("科技管家"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    started_on = models.DateField(_("开始日期"), default=today)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Assignment"].as_manager()

    class Meta:
        verbose_name = _("管家服务关系")
        verbose_name_plural = _("管家服务关系")
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "butler"],
                condition=models.Q(ended_on__isnull=True),
                name="assignment_one_open_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.butler} → {self.enterprise}"


class IntellectualProperty(models.Model):
    """A patent, software copyright, layout design or variety an enterprise holds. Whether it counts as
    Class I (Ⅰ类) under the high-tech recognition rules follows from its kind and is stored for filters."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="intellectual_properties"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=IntellectualPropertyKind.choices)
    number = models.CharField(_("授权号/登记号"), max_length=60)
    title = models.CharField(_("名称"), max_length=200)
    granted_on = models.DateField(_("授权日期"), validators=[validate_not_future])
    class_one = models.BooleanField(_("Ⅰ类知识产权"), default=False, editable=False)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["IntellectualProperty"].as_manager()

    class Meta:
        verbose_name = _("知识产权")
        verbose_name_plural = _("知识产权")
        ordering = ["enterprise", "-granted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="intellectual_property_one_per_number"),
            models.CheckConstraint(
                condition=models.Q(class_one=True, kind__in=sorted(CLASS_ONE_KINDS))
                | (models.Q(class_one=False) & ~models.Q(kind__in=sorted(CLASS_ONE_KINDS))),
                name="intellectual_property_class_follows_kind",
                violation_error_message=_("Ⅰ类知识产权与类别不符"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def clean(self) -> None:
        self.class_one = self.kind in CLASS_ONE_KINDS
