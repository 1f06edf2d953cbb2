"""Models of the indicators app: peer figures, the totals other cities publish for an indicator and a period.

A peer figure is what a city (or a province, for its total) published: the value as published, in the
published unit, with its source (URL or 文号) and publication date. Two sources that disagree are both
kept (the natural key includes the source); ranks read the chosen source (see `ranks.py`)."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.models import today
from rainforest.core.policy import RestrictedQuerySet
from rainforest.indicators.choices import (
    DEFAULT_PROVINCE,
    MONEY_UNITS,
    UNIT_FACTORS,
    Indicator,
    Unit,
)
from rainforest.indicators.periods import Period

MONEY_INDICATORS = frozenset(
    {
        Indicator.CONTRACT_TURNOVER,
        Indicator.CONTRACT_TECH_AMOUNT,
        Indicator.ABSORBED_TURNOVER,
        Indicator.SERVICE_REVENUE,
    }
)


def validate_period_code(value: str) -> None:
    """A period code (2025, 2025Q1, 2025M03, 2025YTD04); `clean()` stores its canonical spelling."""
    try:
        Period.parse(value)
    except ValueError as error:
        raise ValidationError(str(error), code="period") from error


def validate_published_on(value: date) -> None:
    if value > today():
        raise ValidationError(_("发布日期不能晚于今天"), code="future")


class PeerFigure(models.Model):
    """A figure a city (or, with no city, a province) published for an indicator and a period."""

    indicator = models.CharField(_("指标"), max_length=40, choices=Indicator.choices)
    province = models.CharField(_("省份"), max_length=20, default=DEFAULT_PROVINCE)
    city = models.CharField(_("城市"), max_length=20, blank=True, help_text=_("留空表示全省合计"))
    period = models.CharField(
        _("统计期"),
        max_length=12,
        validators=[validate_period_code],
        help_text=_("如 2025Q1（一季度）、2025M03（3月）、2025YTD04（1–4月）、2025（全年）"),
    )
    period_kind = models.CharField(_("统计期类型"), max_length=10, editable=False, default="")
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=8, choices=Unit.choices)
    growth = models.DecimalField(
        _("同比增长（%）"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("百分数：37.1 表示增长 37.1%，−8.1 表示下降 8.1%"),
    )
    published_rank = models.PositiveSmallIntegerField(_("公布的排名"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=300, help_text=_("网址或文号"))
    published_on = models.DateField(_("发布日期"), validators=[validate_published_on])
    note = models.CharField(_("备注"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["PeerFigure"].as_manager()

    class Meta:
        verbose_name = _("对标数据")
        verbose_name_plural = _("对标数据")
        ordering = ["indicator", "-period", "province", "city", "id"]
        indexes = [models.Index(fields=["indicator", "period"], name="peer_figure_indicator_period")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "province", "city", "period", "source"],
                name="peer_figure_one_per_source",
                violation_error_message=_("同一来源已有该城市该统计期的此项指标"),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="peer_figure_value_not_negative",
                violation_error_message=_("数值不能为负"),
            ),
            models.CheckConstraint(
                condition=models.Q(growth__isnull=True) | models.Q(growth__gte=-100),
                name="peer_figure_growth_above_minus_one",
                violation_error_message=_("同比增长不能低于 −100%"),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(indicator__in=sorted(MONEY_INDICATORS), unit__in=sorted(MONEY_UNITS))
                    | (
                        ~models.Q(indicator__in=sorted(MONEY_INDICATORS))
                        & ~models.Q(unit__in=sorted(MONEY_UNITS))
                    )
                ),
                name="peer_figure_unit_fits_indicator",
                violation_error_message=_("单位与指标不符：金额指标用元、万元或亿元，数量指标用项、家或个"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.period_label} {self.get_indicator_display()} {self.value}{self.unit}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(ValueError):
            self.period_kind = Period.parse(self.period).kind
        super().save(*args, **kwargs)

    @property
    def place(self) -> str:
        return self.city or f"{self.province}（全省）"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def period_label(self) -> str:
        try:
            return Period.parse(self.period).label
        except ValueError:
            return self.period

    @property
    def base_value(self) -> Decimal:
        """The value in the indicator's base unit (yuan for money, one for counts)."""
        return self.value * UNIT_FACTORS[self.unit]

    @property
    def growth_ratio(self) -> Decimal | None:
        """The published growth as a ratio (37.1% is 0.371)."""
        return None if self.growth is None else self.growth / 100

    @property
    def prior_base_value(self) -> Decimal | None:
        """The value a year before implied by the published growth: value ÷ (1 + growth)."""
        ratio = self.growth_ratio
        if ratio is None or ratio <= -1:
            return None
        return self.base_value / (1 + ratio)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.city = (self.city or "").strip()
        self.province = (self.province or "").strip() or DEFAULT_PROVINCE
        try:
            period = Period.parse(self.period or "")
        except ValueError as error:
            errors.setdefault("period", []).append(str(error))
        else:
            self.period = period.code
            self.period_kind = period.kind
        if self.indicator and self.unit:
            money_indicator = self.indicator in MONEY_INDICATORS
            if money_indicator != (self.unit in MONEY_UNITS):
                errors.setdefault("unit", []).append(
                    str(_("单位与指标不符：金额指标用元、万元或亿元，数量指标用项、家或个"))
                )
        if self.value is not None and self.value < 0:
            errors.setdefault("value", []).append(str(_("数值不能为负")))
        if self.growth is not None and self.growth < -100:
            errors.setdefault("growth", []).append(str(_("同比增长不能低于 −100%")))
        if errors:
            raise ValidationError(errors)


class Briefing(models.Model):
    """A briefing (简报) the cockpit or `rainforest briefing` generated: the period and scope it covers,
    the figures it used (serialised, so the briefing stays traceable after records change), its HTML and
    its Word document."""

    title = models.CharField(_("标题"), max_length=200)
    period = models.CharField(_("统计期"), max_length=24, validators=[validate_period_code])
    district = models.ForeignKey(
        "core.Region",
        verbose_name=_("县区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="briefings",
        help_text=_("留空表示全市"),
    )
    figures = models.JSONField(_("所用数据"), default=list, blank=True)
    html = models.TextField(_("HTML 内容"), blank=True)
    docx = models.BinaryField(_("Word 文档"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    objects = RestrictedQuerySet["Briefing"].as_manager()

    class Meta:
        verbose_name = _("简报")
        verbose_name_plural = _("简报")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["period", "district"], name="briefing_period_district")]

    def __str__(self) -> str:
        return self.title


class RevenueKind(models.TextChoices):
    REPORTED = "reported", _("统计上报")
    ESTIMATE = "estimate", _("预计")


def validate_first_of_month(value: date) -> None:
    if value.day != 1:
        raise ValidationError(_("月份请填该月 1 日（如 2025-03-01）"), code="month")


class ServiceRevenue(models.Model):
    """One sci-tech service enterprise's revenue (科技服务业营业收入) for one month, as the statistics bureau
    reports it, or an estimate (预计) until the reported figure arrives: the natural key is the enterprise
    and the month, so the reported figure replaces the estimate of the same month (never the reverse)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="service_revenues",
    )
    month = models.DateField(_("月份"), help_text=_("该月 1 日，如 2025-03-01"))
    revenue = models.DecimalField(_("营业收入"), max_digits=16, decimal_places=2)
    kind = models.CharField(
        _("数据类型"), max_length=10, choices=RevenueKind.choices, default=RevenueKind.REPORTED
    )
    source = models.CharField(_("来源"), max_length=200, blank=True, help_text=_("如 市统计局2025年3月快报"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["ServiceRevenue"].as_manager()
    _stored_kind: str | None = None  # the kind as loaded from the database (see from_db)

    class Meta:
        verbose_name = _("科技服务业月度营收")
        verbose_name_plural = _("科技服务业月度营收")
        ordering = ["-month", "enterprise"]
        indexes = [models.Index(fields=["month", "enterprise"], name="service_revenue_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "month"],
                name="service_revenue_once_a_month",
                violation_error_message=_("该企业该月已有营收记录"),
            ),
            models.CheckConstraint(
                condition=models.Q(revenue__gte=0),
                name="service_revenue_not_negative",
                violation_error_message=_("营业收入不能为负"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.month:%Y-%m} {self.revenue}"

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> ServiceRevenue:
        row = super().from_db(db, field_names, values)
        row._stored_kind = row.__dict__.get("kind")  # what clean() compares with, without a query
        return row

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.month is not None:
            self.month = self.month.replace(day=1)
        if self.revenue is not None and self.revenue < 0:
            errors.setdefault("revenue", []).append(str(_("营业收入不能为负")))
        stored = getattr(self, "_stored_kind", None)
        if stored == RevenueKind.REPORTED and self.kind == RevenueKind.ESTIMATE:
            errors.setdefault("kind", []).append(str(_("该月已有统计上报数，不能用预计数替换")))
        if errors:
            raise ValidationError(errors)


class IndicatorTarget(models.Model):
    """A year's target (计划) of an indicator for the city (no district) or one district, with its source.
    Targets of new high-tech enterprises and tech-SMEs stay in cultivation's 年度目标 and the platform plan
    in platforms' 平台建设计划; this table holds the targets of every other indicator."""

    code = models.CharField(_("指标代码"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年度"))
    district = models.ForeignKey(
        "core.Region",
        verbose_name=_("县区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空表示全市"),
    )
    value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=2)
    source = models.CharField(_("来源"), max_length=200, help_text=_("文件文号或会议"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["IndicatorTarget"].as_manager()

    class Meta:
        verbose_name = _("指标目标")
        verbose_name_plural = _("指标目标")
        ordering = ["-year", "code", "district"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "year", "district"],
                name="indicator_target_once_per_scope",
                violation_error_message=_("该指标该年度该县区已有目标"),
            ),
            models.UniqueConstraint(
                fields=["code", "year"],
                condition=models.Q(district__isnull=True),
                name="indicator_target_once_for_the_city",
                violation_error_message=_("该指标该年度已有全市目标"),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="indicator_target_not_negative",
                violation_error_message=_("目标值不能为负"),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="indicator_target_year_range",
                violation_error_message=_("年度应在 2000–2100 之间"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.code} {self.value}"

    def clean(self) -> None:
        from rainforest.indicators.definitions import MONEY, TARGETS_KEPT_ELSEWHERE, by_code

        errors: dict[str, list[str]] = {}
        self.code = (self.code or "").strip()
        definition = by_code(self.code)
        if definition is None:
            errors.setdefault("code", []).append(
                str(_("指标代码 {code} 未定义（见指标说明）")).format(code=self.code)
            )
        elif self.code in TARGETS_KEPT_ELSEWHERE:
            errors.setdefault("code", []).append(
                str(_("{code} 的年度目标在“{where}”中维护")).format(
                    code=self.code, where=TARGETS_KEPT_ELSEWHERE[self.code]
                )
            )
        if self.year is not None and not 2000 <= self.year <= 2100:
            errors.setdefault("year", []).append(str(_("年度应在 2000–2100 之间")))
        if self.value is not None and self.value < 0:
            errors.setdefault("value", []).append(str(_("目标值不能为负")))
        counted = definition is not None and definition.unit != MONEY
        if counted and self.value is not None and self.value != self.value.to_integral_value():
            errors.setdefault("value", []).append(str(_("计数指标的目标值应为整数")))
        if errors:
            raise ValidationError(errors)
