"""Models of the calls app (docs/calls.md).

- `Declaration`: a dated statement, signed by a user of the enterprise, of one fact the registry does not
  hold (no major incident, not on a dishonesty list, owning the core IP…) over a period. A later one
  supersedes an earlier one for the same fact and period; nothing is overwritten. The eligibility facts
  loader reads the declaration in force on its evaluation date (`rainforest.eligibility.selectors`).
- `Call`: a call for applications (申报通知) with its eligibility condition, form, dates and quota or budget.
  Its status (未开放 / 申报中 / 评审中 / 已决定) follows from the dates and the decisions.
- `Application`: one enterprise's application to a call, moved through its workflow by django-fsm-2
  transitions (each logged by django-fsm-log: who, when, the comment) — only through
  `rainforest.calls.services.application_transition`.
- `ApplicationAttachment`: a file an application attaches for one of the call's required attachments.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from simple_history.models import HistoricalRecords

from rainforest.calls.choices import (
    DECIDED_STATES,
    CallStatus,
    DeclaredFact,
    DeclaredValue,
    InstitutionLevel,
    Level,
    State,
)
from rainforest.core.choices import Role
from rainforest.core.models import today
from rainforest.core.policy import RestrictedQuerySet
from rainforest.enterprises.models import Enterprise

# The words of /calls/<word>/ the calls app's own pages take: a call may not be coded so.
RESERVED_CODES = frozenset({"pending", "applications", "projects", "milestones", "reports", "objections"})
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".zip")


def validate_not_future(value: date) -> None:
    if value > today():
        raise ValidationError(_("日期不能晚于今天"), code="future")


def validate_attachment(upload: Any) -> None:
    """At most 10 MB, of a type an officer can open (PDF, image, Word, Excel, ZIP)."""
    name = getattr(upload, "name", "") or ""
    if os.path.splitext(name)[1].lower() not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("附件类型不支持：只接受 {types}").format(types="、".join(ATTACHMENT_EXTENSIONS)), code="type"
        )
    if (getattr(upload, "size", 0) or 0) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("附件不能超过 10 MB"), code="size")


# --- declarations -------------------------------------------------------------------------------------

BOOLEAN_FACTS = frozenset(DeclaredFact.values) - {DeclaredFact.RD_INSTITUTION_LEVEL}


def value_choices(fact: str) -> list[str]:
    """The values a declaration of `fact` may take."""
    if fact == DeclaredFact.RD_INSTITUTION_LEVEL:
        return list(InstitutionLevel.values)
    return list(DeclaredValue.values)


class Declaration(models.Model):
    """A firm's signed statement of one fact over a period (企业承诺声明)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="declarations"
    )
    fact = models.CharField(_("声明事项"), max_length=40, choices=DeclaredFact.choices)
    value = models.CharField(_("声明内容"), max_length=20)
    period_start = models.DateField(_("适用期间起"))
    period_end = models.DateField(_("适用期间止"), null=True, blank=True, help_text=_("留空表示长期有效"))
    declared_on = models.DateField(_("声明日期"), validators=[validate_not_future])
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("声明人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signatory = models.CharField(_("签署人"), max_length=40, help_text=_("企业法定代表人或授权人姓名"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    attachment = models.FileField(
        _("附件"), upload_to="declarations/%Y/%m/", blank=True, validators=[validate_attachment]
    )
    created_at = models.DateTimeField(_("签署时间"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Declaration"].as_manager()

    class Meta:
        verbose_name = _("企业声明")
        verbose_name_plural = _("企业声明")
        ordering = ("enterprise", "fact", "-declared_on", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=F("period_start")),
                name="calls_declaration_period_order",
            ),
            models.CheckConstraint(condition=~Q(signatory=""), name="calls_declaration_signed"),
            models.UniqueConstraint(
                fields=("enterprise", "fact", "period_start", "declared_on", "value"),
                name="calls_declaration_unique",
            ),
        ]
        indexes = [models.Index(fields=("enterprise", "fact", "period_start"))]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.get_fact_display()} = {self.value} ({self.declared_on})"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.fact and self.value not in value_choices(self.fact):
            errors["value"] = _("“{fact}”的声明内容只能是 {values}").format(
                fact=self.get_fact_display(), values=" / ".join(value_choices(self.fact))
            )
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("适用期间止不能早于适用期间起")
        if not (self.signatory or "").strip():
            errors["signatory"] = _("声明须由签署人签署")
        if errors:
            raise ValidationError(errors)

    def in_force_on(self, day: date) -> bool:
        return self.period_start <= day and (self.period_end is None or day <= self.period_end)

    @property
    def fact_value(self) -> bool | str:
        """The value as the eligibility facts read it: a bool, or the institution level's code."""
        if self.fact in BOOLEAN_FACTS:
            return self.value == DeclaredValue.YES
        return self.value


# --- calls ----------------------------------------------------------------------------------------------


class Call(models.Model):
    """A call for applications (申报通知): who may apply, the form, the dates and the quota or budget.

    `form_fields` is a list of {"name", "label", "type" (a FieldType), "required", "choices" (for choice)};
    `attachments` a list of {"name", "label", "required"}; `prefill` the registry facts shown on the form
    (names of `rainforest.calls.forms.PREFILL`)."""

    code = models.SlugField(_("编号"), max_length=60, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices, default=Level.CITY)
    description = models.TextField(_("申报说明"), blank=True)
    rulebook = models.CharField(
        _("资格规则"), max_length=60, blank=True, help_text=_("评价规则名或规则族，如 hnte、tsme")
    )
    condition = models.TextField(
        _("资格条件（CEL）"), blank=True, help_text=_("政策计算器的 CEL 条件，如 has_valid_hnte")
    )
    prefill = models.JSONField(_("预填登记信息"), default=list, blank=True)
    form_fields = models.JSONField(_("申报表字段"), default=list, blank=True)
    attachments = models.JSONField(_("所需附件"), default=list, blank=True)
    opens_on = models.DateField(_("开始申报日期"))
    closes_on = models.DateField(_("截止申报日期"))
    district_review_ends_on = models.DateField(_("县区审核截止日期"))
    expert_review_ends_on = models.DateField(_("专家评审截止日期"))
    publicity_days = models.PositiveSmallIntegerField(_("公示天数"), default=5)
    quota = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    budget = models.DecimalField(_("资金总额"), max_digits=16, decimal_places=2, null=True, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Call"].as_manager()

    class Meta:
        verbose_name = _("申报通知")
        verbose_name_plural = _("申报通知")
        ordering = ("-opens_on", "code")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="calls_call_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(district_review_ends_on__gte=F("closes_on")),
                name="calls_call_district_review_after_close",
            ),
            models.CheckConstraint(
                condition=Q(expert_review_ends_on__gte=F("district_review_ends_on")),
                name="calls_call_expert_review_after_district",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="calls_call_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        from rainforest.calls.forms import form_problems  # the form's declaration is checked there

        errors: dict[str, Any] = {}
        if self.code in RESERVED_CODES:
            errors["code"] = _("“{code}”是申报页面的固定地址，不能用作编号").format(code=self.code)
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("截止申报日期不能早于开始申报日期")
        if self.closes_on and self.district_review_ends_on and self.district_review_ends_on < self.closes_on:
            errors["district_review_ends_on"] = _("县区审核截止日期不能早于截止申报日期")
        if (
            self.district_review_ends_on
            and self.expert_review_ends_on
            and self.expert_review_ends_on < self.district_review_ends_on
        ):
            errors["expert_review_ends_on"] = _("专家评审截止日期不能早于县区审核截止日期")
        if self.budget is not None and self.budget < 0:
            errors["budget"] = _("资金总额不能为负数")
        errors.update(form_problems(self))
        if self.condition.strip():
            from rainforest.calls.eligibility import condition_problem

            if problem := condition_problem(self.condition):
                errors["condition"] = problem
        if self.rulebook.strip():
            from rainforest.calls.eligibility import rulebook_problem

            if problem := rulebook_problem(self.rulebook):
                errors["rulebook"] = problem
        if errors:
            raise ValidationError(errors)

    def accepts_submissions(self, day: date) -> bool:
        """The late-submission rule: a first submission is accepted from `opens_on` to `closes_on`
        inclusive (the whole last day, Beijing time); nothing after."""
        return self.opens_on <= day <= self.closes_on

    def accepts_resubmissions(self, day: date) -> bool:
        """An application returned for changes may be resubmitted until the district review ends."""
        return self.opens_on <= day <= self.district_review_ends_on

    def status_on(self, day: date) -> str:
        if self.decided_on is not None and self.decided_on <= day:
            return CallStatus.DECIDED
        if day < self.opens_on:
            return CallStatus.DRAFT
        if day <= self.closes_on:
            return CallStatus.OPEN
        return CallStatus.REVIEWING

    @property
    def status(self) -> str:
        return self.status_on(today())

    def get_status_display(self) -> str:
        return str(CallStatus(self.status).label)

    @property
    def publicity_ends_on(self) -> date:
        return self.expert_review_ends_on + timedelta(days=self.publicity_days)


# --- applications ------------------------------------------------------------------------------------


def _role(user: Any) -> str | None:
    if user is None:
        return None
    if getattr(user, "is_superuser", False):
        return Role.SYSTEM_ADMIN
    return getattr(user, "role", None)


def _enterprise_side(instance: models.Model, user: Any) -> bool:
    return _role(user) == Role.ENTERPRISE_USER


def _district_side(instance: models.Model, user: Any) -> bool:
    return _role(user) in (Role.DISTRICT_OFFICER, Role.CITY_OFFICER, Role.SYSTEM_ADMIN)


def _city_side(instance: models.Model, user: Any) -> bool:
    return _role(user) in (Role.CITY_OFFICER, Role.SYSTEM_ADMIN)


class Application(FSMModelMixin, models.Model):
    """One enterprise's application to a call, with its answers, the registry facts pre-filled when it
    was started, and its workflow state (docs/calls.md lists the states and transitions)."""

    call = models.ForeignKey(
        Call, verbose_name=_("申报通知"), on_delete=models.CASCADE, related_name="applications"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="call_applications"
    )
    title = models.CharField(_("项目名称"), max_length=200, blank=True)
    status = FSMField(_("状态"), max_length=30, choices=State.choices, default=State.DRAFT, protected=True)
    answers = models.JSONField(_("申报表内容"), default=dict, blank=True)
    prefilled = models.JSONField(_("预填登记信息"), default=dict, blank=True)
    amount_requested = models.DecimalField(
        _("申请金额"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    amount_granted = models.DecimalField(
        _("批准金额"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    last_comment = models.TextField(_("最近意见"), blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Application"].as_manager()

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        ordering = ("call", "-created_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=("call", "enterprise"), name="calls_application_one_per_call"),
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gte=0),
                name="calls_application_requested_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_granted__gte=0),
                name="calls_application_granted_not_negative",
            ),
        ]
        indexes = [models.Index(fields=("call", "status"))]

    def __str__(self) -> str:
        return f"{self.call.code} · {self.enterprise.name}"

    def clean(self) -> None:
        for name in ("amount_requested", "amount_granted"):
            value = getattr(self, name)
            if value is not None and value < Decimal(0):
                raise ValidationError({name: _("金额不能为负数")})

    @property
    def decided(self) -> bool:
        return self.status in DECIDED_STATES

    # --- the workflow: each transition logged (who: `by=`, comment: `description=`) -------------------
    # Conditions and permissions are checked by `application_transition`, which names the refusal.

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=State.DRAFT, target=State.SUBMITTED, permission=_enterprise_side)
    def submit(self, by: Any = None, description: str | None = None) -> None:
        """The enterprise submits its draft (within the call's dates)."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=State.RETURNED, target=State.SUBMITTED, permission=_enterprise_side)
    def resubmit(self, by: Any = None, description: str | None = None) -> None:
        """The enterprise submits again after changes (until the district review ends)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[State.DRAFT, State.SUBMITTED, State.RETURNED],
        target=State.WITHDRAWN,
        permission=_enterprise_side,
    )
    def withdraw(self, by: Any = None, description: str | None = None) -> None:
        """The enterprise withdraws before the district has passed it."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=State.SUBMITTED, target=State.DISTRICT_PASSED, permission=_district_side)
    def district_pass(self, by: Any = None, description: str | None = None) -> None:
        """The district officer passes the application to the city."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[State.SUBMITTED, State.DISTRICT_PASSED],
        target=State.RETURNED,
        permission=_district_side,
    )
    def return_for_changes(self, by: Any = None, description: str | None = None) -> None:
        """Back to the enterprise with the reason (by the district, or by the city at formal review)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status, source=State.SUBMITTED, target=State.DISTRICT_REJECTED, permission=_district_side
    )
    def district_reject(self, by: Any = None, description: str | None = None) -> None:
        """The district officer rejects the application (the reason is required)."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=State.DISTRICT_PASSED, target=State.EXPERT_REVIEW, permission=_city_side)
    def formal_pass(self, by: Any = None, description: str | None = None) -> None:
        """The city's formal review passes it on to the experts."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status, source=State.DISTRICT_PASSED, target=State.FORMAL_REJECTED, permission=_city_side
    )
    def formal_reject(self, by: Any = None, description: str | None = None) -> None:
        """The city's formal review rejects it (the reason is required)."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=State.EXPERT_REVIEW, target=State.RANKED, permission=_city_side)
    def rank(self, by: Any = None, description: str | None = None) -> None:
        """The panel's scores are in and the ranking is drawn."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=State.RANKED, target=State.PUBLICITY, permission=_city_side)
    def publish(self, by: Any = None, description: str | None = None) -> None:
        """Listed in the public notice (公示)."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=State.PUBLICITY, target=State.PUBLICITY_CLOSED, permission=_city_side)
    def close_publicity(self, by: Any = None, description: str | None = None) -> None:
        """The notice period is over and every objection is handled."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=State.PUBLICITY_CLOSED, target=State.APPROVED, permission=_city_side)
    def approve(self, by: Any = None, description: str | None = None) -> None:
        """Approved by the city (a city-level call)."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=State.PUBLICITY_CLOSED, target=State.RECOMMENDED, permission=_city_side)
    def recommend(self, by: Any = None, description: str | None = None) -> None:
        """Recommended upward to the province (a provincial call)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[State.RANKED, State.PUBLICITY, State.PUBLICITY_CLOSED],
        target=State.NOT_APPROVED,
        permission=_city_side,
    )
    def decline(self, by: Any = None, description: str | None = None) -> None:
        """Not approved (below the line, an objection upheld, or not chosen; the reason is required)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status, source=[State.APPROVED, State.RECOMMENDED], target=State.PROJECT, permission=_city_side
    )
    def fund(self, by: Any = None, description: str | None = None) -> None:
        """Funded: the application becomes a project (the reviews app keeps its milestones)."""


class ApplicationAttachment(models.Model):
    """A file attached to an application for one of its call's attachments (`name`)."""

    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField(_("附件项"), max_length=60)
    file = models.FileField(_("文件"), upload_to="applications/%Y/%m/", validators=[validate_attachment])
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["ApplicationAttachment"].as_manager()

    class Meta:
        verbose_name = _("申报附件")
        verbose_name_plural = _("申报附件")
        ordering = ("application", "name")
        constraints = [
            models.UniqueConstraint(fields=("application", "name"), name="calls_attachment_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.name}"


# The records that follow the ranking (公示, objections, projects) live in their own module.
from rainforest.calls.outcomes import (  # noqa: E402
    Milestone,
    Objection,
    Project,
    Publicity,
    Report,
)

__all__ = [
    "Application",
    "ApplicationAttachment",
    "Call",
    "Declaration",
    "Milestone",
    "Objection",
    "Project",
    "Publicity",
    "Report",
]
