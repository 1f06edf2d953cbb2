"""Models of what follows a call's ranking (docs/calls.md, "公示, decision and projects"):

- `Publicity`: the call's public notice (公示) — the listed applications as published (a snapshot of the
  ranking, with the columns the call chose), the period (working days) and when it closed;
- `Objection`: an objection raised during the notice period against a listed application, and how it
  was resolved (upheld: the application is declined);
- `Project`: a funded application, with budget, amount granted, dates and the final acceptance;
- `Milestone` and `Report`: a project's milestones with due dates and its reports with submission dates
  (a report not in by its due date is late).

Imported by `rainforest.calls.models`, so Django finds them there.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.calls.models import Application, Call, validate_attachment
from rainforest.core.models import today
from rainforest.core.policy import RestrictedQuerySet


class PublicityColumn(models.TextChoices):
    """What a notice may show of each listed application (the call's choice, in this order)."""

    RANK = "rank", _("排名")
    ENTERPRISE = "enterprise", _("企业名称")
    TITLE = "title", _("项目名称")
    AMOUNT = "amount", _("金额（万元）")
    SCORE = "score", _("评审得分")


DEFAULT_COLUMNS = [PublicityColumn.RANK, PublicityColumn.ENTERPRISE, PublicityColumn.TITLE]


class AcceptanceResult(models.TextChoices):
    PASSED = "passed", _("通过验收")
    CONDITIONAL = "conditional", _("整改后通过")
    FAILED = "failed", _("未通过验收")


def working_days_end(start: date, days: int) -> date:
    """The last day of a period of `days` working days (Monday to Friday) starting on `start` (counted when it
    is a working day). Public holidays are not known to the system: an officer sets a longer period."""
    day = start
    while day.weekday() >= 5:
        day += timedelta(days=1)
    counted = 1
    while counted < max(days, 1):
        day += timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


class Publicity(models.Model):
    """A call's public notice (公示): the listed applications as published and the notice period."""

    call = models.OneToOneField(
        Call, verbose_name=_("申报通知"), on_delete=models.CASCADE, related_name="publicity"
    )
    title = models.CharField(_("公示标题"), max_length=200)
    intro = models.TextField(_("公示说明"), blank=True)
    columns = models.JSONField(
        _("公示内容"), default=list, help_text=_("排名、企业名称、项目名称、金额、得分中选择")
    )
    rows = models.JSONField(_("公示名单"), default=list)
    published_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示截止日期"))
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    issuer = models.CharField(_("发布单位"), max_length=100)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_on = models.DateField(_("公示结束日期"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Publicity"].as_manager()

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ("-published_on", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("published_on")), name="calls_publicity_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        unknown = [c for c in self.columns or [] if c not in PublicityColumn.values]
        if unknown:
            errors["columns"] = _("公示内容只能从 {names} 中选择").format(
                names="、".join(str(label) for label in PublicityColumn.labels)
            )
        elif not self.columns:
            errors["columns"] = _("请至少选择一项公示内容")
        if self.published_on and self.ends_on and self.ends_on < self.published_on:
            errors["ends_on"] = _("公示截止日期不能早于公示开始日期")
        if self.closed_on and self.ends_on and self.closed_on < self.ends_on:
            errors["closed_on"] = _("公示期满（{day}）前不能结束公示").format(day=self.ends_on.isoformat())
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def column_labels(self) -> list[str]:
        return [str(PublicityColumn(c).label) for c in self.columns]


class Objection(models.Model):
    """An objection (异议) to a listed application, raised during the notice period, and its resolution."""

    publicity = models.ForeignKey(
        Publicity, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="objections"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("被异议的申报"), on_delete=models.CASCADE, related_name="objections"
    )
    raised_by = models.CharField(_("异议人"), max_length=100)
    raised_on = models.DateField(_("提出日期"))
    text = models.TextField(_("异议内容"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.TextField(_("处理结果"), blank=True)
    upheld = models.BooleanField(_("异议成立"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_on = models.DateField(_("处理日期"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Objection"].as_manager()

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ("publicity", "raised_on", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | ~Q(resolution=""),
                name="calls_objection_resolved_has_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.raised_by} {self.raised_on}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not (self.text or "").strip():
            errors["text"] = _("请填写异议内容")
        if not (self.raised_by or "").strip():
            errors["raised_by"] = _("请填写异议人")
        if self.raised_on and self.raised_on > today():
            errors["raised_on"] = _("日期不能晚于今天")
        if self.resolved_on and not (self.resolution or "").strip():
            errors["resolution"] = _("请填写处理结果")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class Project(models.Model):
    """A funded application (立项项目): budget, the amount granted, the period and the final acceptance."""

    application = models.OneToOneField(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="project"
    )
    title = models.CharField(_("项目名称"), max_length=200)
    budget = models.DecimalField(_("项目总预算"), max_digits=16, decimal_places=2, null=True, blank=True)
    amount_granted = models.DecimalField(_("资助金额"), max_digits=16, decimal_places=2)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    subsidy = models.ForeignKey(
        "finance.InterestSubsidyApplication",
        verbose_name=_("对应贷款贴息申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call_projects",
    )
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    acceptance_result = models.CharField(
        _("验收结论"), max_length=20, choices=AcceptanceResult.choices, blank=True
    )
    acceptance_note = models.TextField(_("验收意见"), blank=True)
    created_at = models.DateTimeField(_("立项时间"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Project"].as_manager()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ("-starts_on", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="calls_project_period_order"
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__gte=0), name="calls_project_granted_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | ~Q(acceptance_result=""),
                name="calls_project_accepted_has_result",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("结束日期不能早于开始日期")
        if self.amount_granted is not None and self.amount_granted < 0:
            errors["amount_granted"] = _("金额不能为负数")
        if self.budget is not None and self.budget < 0:
            errors["budget"] = _("金额不能为负数")
        if self.accepted_on and not self.acceptance_result:
            errors["acceptance_result"] = _("请选择验收结论")
        if self.accepted_on and self.starts_on and self.accepted_on < self.starts_on:
            errors["accepted_on"] = _("验收日期不能早于开始日期")
        if errors:
            raise ValidationError(errors)


class Milestone(models.Model):
    """One milestone of a project, due on a date, done on another (or not yet)."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("计划完成日期"))
    done_on = models.DateField(_("实际完成日期"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Milestone"].as_manager()

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ("project", "due_on", "pk")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not (self.title or "").strip():
            raise ValidationError({"title": _("请填写节点名称")})
        if self.done_on and self.done_on > today():
            raise ValidationError({"done_on": _("日期不能晚于今天")})

    @property
    def late(self) -> bool:
        return (self.done_on or today()) > self.due_on


class Report(models.Model):
    """A report a project owes (进展报告, 结题报告): due on a date, submitted on another. Late when it came in
    after its due date, or is still missing after it."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="reports"
    )
    title = models.CharField(_("报告"), max_length=200)
    due_on = models.DateField(_("应交日期"))
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    summary = models.TextField(_("报告摘要"), blank=True)
    file = models.FileField(
        _("报告文件"), upload_to="project-reports/%Y/%m/", blank=True, validators=[validate_attachment]
    )

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Report"].as_manager()

    class Meta:
        verbose_name = _("项目报告")
        verbose_name_plural = _("项目报告")
        ordering = ("project", "due_on", "pk")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not (self.title or "").strip():
            raise ValidationError({"title": _("请填写报告名称")})
        if self.submitted_on and self.submitted_on > today():
            raise ValidationError({"submitted_on": _("日期不能晚于今天")})

    def late_on(self, day: date) -> bool:
        if self.submitted_on is not None:
            return self.submitted_on > self.due_on
        return day > self.due_on

    @property
    def late(self) -> bool:
        return self.late_on(today())
