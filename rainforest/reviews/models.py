"""Models of the reviews app (docs/reviews.md).

- `Expert`: one expert of the pool (专家库): field, title, organisation, technical and/or financial, contact,
  availability; optionally the user account (role 评审专家) they sign in with.
- `Conflict`: an expert's declared conflict of interest with an enterprise or an organisation (回避声明).
- `Panel`: a call's review panel with its rules (size, the technical share, the financial members), the
  score sheet's criteria, the aggregation and the consistency threshold; drawn with a seed, then closed.
- `PanelMember`: an expert drawn onto a panel.
- `ScoreSheet`: one expert's scores of one application, criterion by criterion, with their weighted total.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.calls.models import Application, Call
from rainforest.core.choices import Role
from rainforest.core.models import Organisation
from rainforest.core.policy import RestrictedQuerySet
from rainforest.enterprises.models import Enterprise
from rainforest.reviews.choices import Aggregation

# The high-tech recognition panel's rule (高新技术企业认定专家组): the model every call starts from.
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {"name": "知识产权", "weight": 1, "min": 0, "max": 30},
    {"name": "科技成果转化能力", "weight": 1, "min": 0, "max": 30},
    {"name": "研究开发组织管理水平", "weight": 1, "min": 0, "max": 20},
    {"name": "企业成长性", "weight": 1, "min": 0, "max": 20},
]


class Expert(models.Model):
    """An expert of the pool (评审专家)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
        help_text=_("角色为“评审专家”的账号，专家用它在线评分"),
    )
    name = models.CharField(_("姓名"), max_length=40)
    field = models.CharField(_("专业领域"), max_length=60)
    title = models.CharField(_("职称"), max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("工作单位"), on_delete=models.PROTECT, related_name="experts"
    )
    technical = models.BooleanField(_("技术专家"), default=True)
    financial = models.BooleanField(_("财务专家"), default=False)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    available = models.BooleanField(_("可参加评审"), default=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Expert"].as_manager()

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ("name", "id")
        constraints = [
            models.UniqueConstraint(fields=("name", "organisation"), name="reviews_expert_unique"),
            models.CheckConstraint(
                condition=Q(technical=True) | Q(financial=True), name="reviews_expert_has_a_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation.name}）" if self.organisation_id else self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.technical and not self.financial:
            errors["technical"] = _("专家须为技术专家或财务专家（可兼有）")
        if self.user_id is not None and self.user is not None and self.user.role != Role.EXPERT:
            errors["user"] = _("登录账号的角色须为“评审专家”")
        if errors:
            raise ValidationError(errors)


class Conflict(models.Model):
    """An expert's declared conflict of interest with one enterprise or one organisation (回避声明)."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("专家"), on_delete=models.CASCADE, related_name="conflicts"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="expert_conflicts",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("机构"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="expert_conflicts",
    )
    grounds = models.CharField(_("回避理由"), max_length=200)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Conflict"].as_manager()

    class Meta:
        verbose_name = _("回避声明")
        verbose_name_plural = _("回避声明")
        ordering = ("expert", "id")
        constraints = [
            models.CheckConstraint(
                condition=(Q(enterprise__isnull=False) & Q(organisation__isnull=True))
                | (Q(enterprise__isnull=True) & Q(organisation__isnull=False)),
                name="reviews_conflict_one_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert_id} × {self.enterprise_id or self.organisation_id}"

    def clean(self) -> None:
        if (self.enterprise_id is None) == (self.organisation_id is None):
            raise ValidationError({"enterprise": _("回避对象须为一家企业或一个机构（二选一）")})


class Panel(models.Model):
    """A call's review panel (评审专家组): the rules it is drawn by, the score sheet's criteria
    (`[{"name", "weight", "min", "max"}]`), how the totals are aggregated and when an expert counts as far
    off the panel (`deviation_threshold`, in points of the total)."""

    call = models.OneToOneField(
        Call, verbose_name=_("申报通知"), on_delete=models.CASCADE, related_name="panel"
    )
    size = models.PositiveSmallIntegerField(_("抽取人数"), default=5)
    min_members = models.PositiveSmallIntegerField(_("最少人数"), default=5)
    min_technical_percent = models.PositiveSmallIntegerField(
        _("技术专家最低占比（%）"), default=60, validators=[MaxValueValidator(100)]
    )
    min_financial = models.PositiveSmallIntegerField(_("财务专家最少人数"), default=1)
    criteria = models.JSONField(_("评分标准"), default=list)
    aggregation = models.CharField(
        _("汇总方式"), max_length=20, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    deviation_threshold = models.DecimalField(
        _("偏离提示阈值（分）"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal(0))],
    )
    seed = models.BigIntegerField(_("抽取种子"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("评审结束时间"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Panel"].as_manager()

    class Meta:
        verbose_name = _("评审专家组")
        verbose_name_plural = _("评审专家组")
        ordering = ("call",)
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=models.F("min_members")), name="reviews_panel_size"),
            models.CheckConstraint(condition=Q(min_technical_percent__lte=100), name="reviews_panel_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.call.code} 评审专家组"

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.size < self.min_members:
            errors["size"] = _("抽取人数不能少于最少人数 {n}").format(n=self.min_members)
        if problem := criteria_problem(self.criteria):
            errors["criteria"] = problem
        if errors:
            raise ValidationError(errors)


def criteria_problem(criteria: Any) -> str:
    """Why a list of criteria is not a valid score sheet ("" if it is)."""
    if not isinstance(criteria, list) or not criteria:
        return str(_('评分标准须为非空列表：[{"name", "weight", "min", "max"}]'))
    names = set()
    for n, item in enumerate(criteria, start=1):
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            return str(_("第 {n} 项评分标准缺少名称").format(n=n))
        try:
            weight, low, high = (Decimal(str(item.get(key))) for key in ("weight", "min", "max"))
        except (ArithmeticError, ValueError, TypeError):
            return str(_("评分标准“{name}”的权重、最低分、最高分须为数字").format(name=item["name"]))
        if weight <= 0 or low < 0 or high <= low:
            return str(
                _("评分标准“{name}”：权重须大于 0，最高分须大于最低分且不为负").format(name=item["name"])
            )
        if item["name"] in names:
            return str(_("评分标准“{name}”重复").format(name=item["name"]))
        names.add(item["name"])
    return ""


class PanelMember(models.Model):
    """An expert drawn onto a panel."""

    panel = models.ForeignKey(
        Panel, verbose_name=_("评审专家组"), on_delete=models.CASCADE, related_name="members"
    )
    expert = models.ForeignKey(Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="seats")
    position = models.PositiveSmallIntegerField(_("抽取顺序"), default=0)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["PanelMember"].as_manager()

    class Meta:
        verbose_name = _("评审专家组成员")
        verbose_name_plural = _("评审专家组成员")
        ordering = ("panel", "position", "id")
        constraints = [models.UniqueConstraint(fields=("panel", "expert"), name="reviews_member_once")]

    def __str__(self) -> str:
        return f"{self.panel_id} {self.expert_id}"


class ScoreSheet(models.Model):
    """One expert's scores of one application (`scores`: criterion name → points) and their weighted total."""

    panel = models.ForeignKey(
        Panel, verbose_name=_("评审专家组"), on_delete=models.CASCADE, related_name="sheets"
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="sheets"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="score_sheets"
    )
    scores = models.JSONField(_("各项得分"), default=dict)
    total = models.DecimalField(_("总分"), max_digits=8, decimal_places=2)
    comment = models.CharField(_("评审意见"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["ScoreSheet"].as_manager()

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        ordering = ("panel", "application", "expert")
        constraints = [
            models.UniqueConstraint(fields=("panel", "expert", "application"), name="reviews_sheet_once"),
            models.CheckConstraint(condition=Q(total__gte=0), name="reviews_sheet_total_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.expert_id} {self.total}"
