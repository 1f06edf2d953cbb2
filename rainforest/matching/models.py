"""Achievements of universities and institutes (科技成果) and enterprises' technology demands (技术需求):
what the matching engine (rainforest.matching.engine) pairs, through the selectors of this app."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.choices import OrganisationKind, TechField
from rainforest.core.policy import RestrictedQuerySet
from rainforest.enterprises.models import validate_not_future
from rainforest.matching.choices import (
    AchievementStatus,
    CityIndustry,
    DealStatus,
    DemandStatus,
    Discipline,
    Maturity,
    TransferMode,
)

# Keywords and transfer modes are typed into one cell or box, separated by any of these.
SEPARATORS = re.compile(r"[，,;；、\s]+")
MAX_KEYWORDS = 20
MAX_KEYWORD_LENGTH = 30


def split_words(value: Any) -> list[str]:
    """A list of words from a cell or a box ("碳纤维，复合材料;轻量化") or an already split list,
    stripped, without empties or repeats, in their order."""
    if value is None:
        return []
    parts = value if isinstance(value, list | tuple) else [value]
    words: list[str] = []
    for part in parts:
        for piece in SEPARATORS.split(str(part)):
            word = piece.strip()
            if word and word not in words:
                words.append(word)
    return words


def _check_keywords(keywords: Any) -> list[str]:
    if not isinstance(keywords, list) or not all(isinstance(word, str) for word in keywords):
        raise ValidationError({"keywords": _("关键词须为词语列表")})
    words = split_words(keywords)
    if len(words) > MAX_KEYWORDS:
        raise ValidationError({"keywords": _("关键词最多 20 个")})
    if any(len(word) > MAX_KEYWORD_LENGTH for word in words):
        raise ValidationError({"keywords": _("每个关键词不超过 30 个字")})
    return words


class Achievement(models.Model):
    """A scientific or technological achievement (科技成果) a university or institute offers for transfer:
    what it is (title, abstract, keywords), where it belongs (discipline, high-tech field, the city's
    industry), how ready it is (technology readiness 1–9) and on what terms (transfer modes, expected
    price in yuan)."""

    owner = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("完成单位"),
        on_delete=models.PROTECT,
        related_name="achievements",
        help_text=_("登记成果的高校或科研院所"),
    )
    number = models.CharField(_("成果编号"), max_length=40, unique=True, help_text=_("如 CG-2025-0001"))
    title = models.CharField(_("成果名称"), max_length=200)
    abstract = models.TextField(_("成果简介"))
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    discipline = models.CharField(_("学科"), max_length=30, choices=Discipline.choices, blank=True)
    field = models.CharField(_("技术领域"), max_length=30, choices=TechField.choices)
    industry = models.CharField(_("所属产业"), max_length=30, choices=CityIndustry.choices, blank=True)
    maturity = models.PositiveSmallIntegerField(
        _("技术成熟度"), choices=Maturity.choices, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    transfer_modes = models.JSONField(_("转化方式"), default=list, blank=True)
    expected_price = models.DecimalField(
        _("预期价格"), max_digits=16, decimal_places=2, null=True, blank=True, help_text=_("元；可面议则留空")
    )
    team = models.ForeignKey(
        "talent.ResearchTeam",
        verbose_name=_("科研团队"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="achievements",
    )
    team_text = models.CharField(_("研发团队"), max_length=200, blank=True, help_text=_("团队未登记时填写"))
    patents = models.TextField(_("相关专利"), blank=True)
    published_on = models.DateField(_("发布日期"), validators=[validate_not_future])
    status = models.CharField(
        _("状态"), max_length=20, choices=AchievementStatus.choices, default=AchievementStatus.ACTIVE
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Achievement"].as_manager()

    class Meta:
        verbose_name = _("科技成果")
        verbose_name_plural = _("科技成果")
        ordering = ["-published_on", "number"]
        indexes = [
            models.Index(fields=["owner", "-published_on"], name="achievement_owner_date"),
            models.Index(fields=["field", "status"], name="achievement_field_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(maturity__gte=1, maturity__lte=9),
                name="achievement_maturity_1_to_9",
                violation_error_message=_("技术成熟度须在 1 到 9 级之间"),
            ),
            models.CheckConstraint(
                condition=models.Q(expected_price__isnull=True) | models.Q(expected_price__gte=0),
                name="achievement_price_not_negative",
                violation_error_message=_("预期价格不能为负"),
            ),
            models.CheckConstraint(
                condition=~models.Q(title="") & ~models.Q(abstract=""),
                name="achievement_has_text",
                violation_error_message=_("成果名称和简介不能为空"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.title = (self.title or "").strip()
        self.abstract = (self.abstract or "").strip()
        if not self.title:
            errors["title"] = _("成果名称不能为空")
        if not self.abstract:
            errors["abstract"] = _("成果简介不能为空")
        try:
            self.keywords = _check_keywords(self.keywords)
        except ValidationError as error:
            errors.update(error.error_dict)
        modes = split_words(self.transfer_modes) if isinstance(self.transfer_modes, list) else None
        unknown = [mode for mode in modes or [] if mode not in TransferMode.values]
        if modes is None or unknown:
            errors["transfer_modes"] = _(
                "“%(words)s”不是转化方式（可选：转让、许可、作价入股、合作开发、技术服务、技术咨询）"
            ) % {"words": "、".join(unknown)}
        else:
            self.transfer_modes = modes
        if self.maturity is not None and not 1 <= int(self.maturity) <= 9:
            errors["maturity"] = _("技术成熟度须在 1 到 9 级之间")
        if self.owner_id is not None and self.owner.kind != OrganisationKind.UNIVERSITY:
            errors["owner"] = _("完成单位须为高校院所")
        if errors:
            raise ValidationError(errors)

    @property
    def transfer_mode_labels(self) -> list[str]:
        labels = dict(TransferMode.choices)
        return [str(labels.get(mode, mode)) for mode in self.transfer_modes]

    # One spreadsheet cell each: the keywords and the transfer modes as words separated by 、 (export),
    # read back from any of ，,;；、 (import). An unknown transfer mode is kept for clean() to name.
    @property
    def keywords_text(self) -> str:
        return "、".join(self.keywords or [])

    @keywords_text.setter
    def keywords_text(self, value: str) -> None:
        self.keywords = split_words(value)

    @property
    def transfer_modes_text(self) -> str:
        return "、".join(self.transfer_mode_labels)

    @transfer_modes_text.setter
    def transfer_modes_text(self, value: str) -> None:
        by_label = {str(label): mode for mode, label in TransferMode.choices}
        self.transfer_modes = [by_label.get(word, word) for word in split_words(value)]


class Demand(models.Model):
    """A technology demand (技术需求) an enterprise publishes: the problem in its own words, its field,
    budget (yuan) and deadline. Matching reads its title and description."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="demands"
    )
    number = models.CharField(_("需求编号"), max_length=40, unique=True, help_text=_("如 XQ-2025-0001"))
    title = models.CharField(_("需求名称"), max_length=200)
    description = models.TextField(_("需求描述"), help_text=_("企业遇到的问题、想达到的效果"))
    field = models.CharField(_("技术领域"), max_length=30, choices=TechField.choices, blank=True)
    industry = models.CharField(_("所属产业"), max_length=30, choices=CityIndustry.choices, blank=True)
    budget = models.DecimalField(
        _("预算"), max_digits=16, decimal_places=2, null=True, blank=True, help_text=_("元；面议则留空")
    )
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"), validators=[validate_not_future])
    status = models.CharField(
        _("状态"), max_length=20, choices=DemandStatus.choices, default=DemandStatus.OPEN
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Demand"].as_manager()

    class Meta:
        verbose_name = _("技术需求")
        verbose_name_plural = _("技术需求")
        ordering = ["-published_on", "number"]
        indexes = [
            models.Index(fields=["enterprise", "-published_on"], name="demand_enterprise_date"),
            models.Index(fields=["status", "-published_on"], name="demand_status_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title="") & ~models.Q(description=""),
                name="demand_has_text",
                violation_error_message=_("需求名称和需求描述不能为空"),
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="demand_budget_not_negative",
                violation_error_message=_("预算不能为负"),
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True) | models.Q(deadline__gte=models.F("published_on")),
                name="demand_deadline_after_publication",
                violation_error_message=_("截止日期不能早于发布日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.title = (self.title or "").strip()
        self.description = (self.description or "").strip()
        if not self.title:
            errors["title"] = _("需求名称不能为空")
        if not self.description:
            errors["description"] = _("需求描述不能为空：请写明企业遇到的问题")
        if self.deadline and self.published_on and self.deadline < self.published_on:
            errors["deadline"] = _("截止日期不能早于发布日期")
        if errors:
            raise ValidationError(errors)


class Deal(models.Model):
    """A match that became a deal (对接): a demand and an achievement brought together, usually by a
    technology manager, from first contact through negotiation to a signed (and registered) technology
    contract, or dropped. Its status changes only through the services, each move logged (DealEvent)."""

    number = models.CharField(_("对接编号"), max_length=40, unique=True, help_text=_("如 DJ-2025-0001"))
    demand = models.ForeignKey(
        Demand, verbose_name=_("技术需求"), on_delete=models.PROTECT, related_name="deals"
    )
    achievement = models.ForeignKey(
        Achievement, verbose_name=_("科技成果"), on_delete=models.PROTECT, related_name="deals"
    )
    tech_manager = models.ForeignKey(
        "talent.TechManager",
        verbose_name=_("技术经理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )
    status = models.CharField(
        _("对接状态"), max_length=20, choices=DealStatus.choices, default=DealStatus.CONTACTED, editable=False
    )
    opened_on = models.DateField(_("接洽日期"), validators=[validate_not_future])
    closed_on = models.DateField(_("结束日期"), null=True, blank=True, editable=False)
    contract = models.ForeignKey(
        "techmarket.Contract",
        verbose_name=_("技术合同"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deals",
        editable=False,
    )
    amount = models.DecimalField(
        _("成交金额"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("元"),
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Deal"].as_manager()

    class Meta:
        verbose_name = _("成果对接")
        verbose_name_plural = _("成果对接")
        ordering = ["-opened_on", "number"]
        indexes = [models.Index(fields=["status", "-opened_on"], name="deal_status_date")]
        constraints = [
            models.UniqueConstraint(fields=["demand", "achievement"], name="deal_one_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(status=DealStatus.SIGNED)
                | (models.Q(contract__isnull=False) & models.Q(amount__isnull=False)),
                name="deal_signed_has_contract",
                violation_error_message=_("签约须关联已登记的技术合同并填写成交金额"),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="deal_amount_not_negative",
                violation_error_message=_("成交金额不能为负"),
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="deal_closed_after_opened",
                violation_error_message=_("结束日期不能早于接洽日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.status == DealStatus.SIGNED and (self.contract_id is None or self.amount is None):
            errors["contract"] = _("签约须关联已登记的技术合同并填写成交金额")
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("成交金额不能为负")
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("结束日期不能早于接洽日期")
        if errors:
            raise ValidationError(errors)


class DealEvent(models.Model):
    """One move of a deal (opened, advanced, signed, dropped): who, when, from and to which state, why."""

    deal = models.ForeignKey(
        Deal, verbose_name=_("成果对接"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=DealStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=DealStatus.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.CharField(_("说明"), max_length=300, blank=True)

    objects = RestrictedQuerySet["DealEvent"].as_manager()

    class Meta:
        verbose_name = _("对接进展")
        verbose_name_plural = _("对接进展")
        ordering = ["deal", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")),
                name="deal_event_moves",
                violation_error_message=_("状态没有变化"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.deal} {self.from_status}→{self.to_status}"
