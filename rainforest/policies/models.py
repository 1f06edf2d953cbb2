"""The policy catalogue: support policies with their benefit, and conditions written in CEL over an
enterprise's facts (rainforest.policies.facts). A condition that does not parse is refused on save."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.policy import RestrictedQuerySet
from rainforest.policies.calculator import ConditionSpec, PolicySpec
from rainforest.policies.cel import ExpressionError, check_expression
from rainforest.policies.choices import Beneficiary, BenefitKind, PolicyLevel, SourceStatus
from rainforest.policies.facts import FACT_NAMES, NUMERIC_FACTS

GAP_FACT_CHOICES = [(spec.name, spec.label) for spec in NUMERIC_FACTS]


class PolicyQuerySet(RestrictedQuerySet["Policy"]):
    def in_force_on(self, day: date) -> PolicyQuerySet:
        """Policies whose validity covers `day` (an open end counts as in force)."""
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day)).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )


class Policy(models.Model):
    """A support policy (扶持政策): who issued it, its validity, its benefit, and the source it was read from."""

    code = models.CharField(
        _("政策编号"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", _("编号由大写字母、数字和连字符组成，如 P-ZG-1"))
        ],
    )
    name = models.CharField(_("政策名称"), max_length=200)
    level = models.CharField(_("政策层级"), max_length=12, choices=PolicyLevel.choices)
    issuer = models.CharField(_("发布机关"), max_length=100, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    source_url = models.URLField(_("来源网址"), max_length=400, blank=True)
    status = models.CharField(
        _("资料状态"), max_length=12, choices=SourceStatus.choices, default=SourceStatus.UNCONFIRMED
    )
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_to = models.DateField(_("失效日期（含）"), null=True, blank=True)
    beneficiary = models.CharField(
        _("受益主体"), max_length=12, choices=Beneficiary.choices, default=Beneficiary.ENTERPRISE
    )
    benefit_kind = models.CharField(_("奖补方式"), max_length=12, choices=BenefitKind.choices)
    amount_yuan = models.DecimalField(
        _("金额或上限（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("固定金额，或“最高”金额的上限"),
    )
    benefit_expression = models.TextField(
        _("金额公式（CEL，结果为元）"),
        blank=True,
        help_text=_("仅“按公式计算”时填写，例如 hnte_consecutive_count == 3 ? 300000 : 100000"),
    )
    benefit_note = models.CharField(_("金额说明"), max_length=200, blank=True)
    open_question = models.CharField(
        _("待确认问题"), max_length=300, blank=True, help_text=_("如 Q11：两项奖励能否叠加未确认")
    )
    stacking_open = models.BooleanField(_("与其他政策能否叠加未确认"), default=False)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()
    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策")
        verbose_name_plural = _("政策")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("失效日期不能早于生效日期")
        if self.benefit_kind in (BenefitKind.FIXED, BenefitKind.UP_TO) and self.amount_yuan is None:
            errors["amount_yuan"] = _("“{kind}”须填写金额").format(kind=BenefitKind(self.benefit_kind).label)
        if self.benefit_kind == BenefitKind.FORMULA:
            if not self.benefit_expression.strip():
                errors["benefit_expression"] = _("“按公式计算”须填写金额公式")
            else:
                try:
                    check_expression(self.benefit_expression, known=FACT_NAMES)
                except ExpressionError as error:
                    errors["benefit_expression"] = _("金额公式无法解析：{message}").format(
                        message=error.message
                    )
        elif self.benefit_expression.strip():
            errors["benefit_expression"] = _("只有“按公式计算”才填写金额公式")
        if errors:
            raise ValidationError(errors)

    def spec(self, conditions: list[PolicyCondition] | None = None) -> PolicySpec:
        """The calculator's view of this policy (conditions in order; pass them to avoid a query)."""
        rows = conditions if conditions is not None else list(self.conditions.all())
        return PolicySpec(
            code=self.code,
            name=self.name,
            benefit_kind=self.benefit_kind,
            amount_yuan=self.amount_yuan,
            benefit_expression=self.benefit_expression,
            benefit_note=self.benefit_note,
            open_question=self.open_question,
            stacking_open=self.stacking_open,
            conditions=tuple(row.spec() for row in sorted(rows, key=lambda row: row.order)),
        )


class PolicyCondition(models.Model):
    """One condition of a policy: a CEL expression over the enterprise's facts that must be true. An
    optional gap hint names a numeric fact and the threshold it must reach, so the calculator can say by
    how much an unmet condition is missed ("上年在园区纳税额须增加0.5万元")."""

    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="conditions"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    label = models.CharField(_("条件说明"), max_length=200)
    expression = models.TextField(_("条件表达式（CEL）"))
    gap_fact = models.CharField(
        _("差距指标"),
        max_length=40,
        blank=True,
        choices=GAP_FACT_CHOICES,
        help_text=_("可选：未满足时计算差距"),
    )
    gap_threshold = models.DecimalField(
        _("差距门槛"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("须达到的数值（元、人等）"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("政策条件")
        verbose_name_plural = _("政策条件")
        ordering = ["policy", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "order"], name="policy_condition_unique_order"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        try:
            check_expression(self.expression, known=FACT_NAMES)
        except ExpressionError as error:
            errors["expression"] = _("条件“{label}”无法解析：{message}").format(
                label=self.label or self.order, message=error.message
            )
        if bool(self.gap_fact) != (self.gap_threshold is not None):
            errors["gap_threshold"] = _("差距指标和差距门槛须同时填写或同时留空")
        if errors:
            raise ValidationError(errors)

    def spec(self) -> ConditionSpec:
        return ConditionSpec(
            order=self.order,
            label=self.label,
            expression=self.expression,
            gap_fact=self.gap_fact,
            gap_threshold=self.gap_threshold,
        )
