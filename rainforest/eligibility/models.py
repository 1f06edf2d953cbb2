"""Stored evaluations: every evaluation a person acts on, with every criterion's outcome and the facts it
was made from, so a decision can be explained later (every evaluation a person acts on is kept). Rows are never changed: a new
evaluation is a new row, and the rows of one firm and rulebook are its history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rainforest.core.policy import RestrictedQuerySet
from rainforest.eligibility.choices import RunStatus, Verdict
from rainforest.enterprises.models import Enterprise


class EvaluationRun(models.Model):
    """A bulk evaluation in the background (django-tasks): its status and progress, watched by the user."""

    evaluated_on = models.DateField(_("评价日期"))
    rulebooks = models.JSONField(_("评价规则"), default=list)
    enterprise_ids = models.JSONField(_("企业范围"), null=True, blank=True, help_text=_("空表示全部企业"))
    status = models.CharField(_("状态"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(_("企业数"), default=0)
    processed = models.PositiveIntegerField(_("已处理企业数"), default=0)
    counts = models.JSONField(_("结论统计"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批量评价任务")
        verbose_name_plural = _("批量评价任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.evaluated_on.isoformat()} {', '.join(self.rulebooks)}"


class Evaluation(models.Model):
    """One enterprise evaluated against one rulebook version on a date: the verdict, the score range, the
    full result (every criterion's outcome, reason and gap) and the facts it used."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="evaluations"
    )
    rulebook = models.CharField(_("评价规则"), max_length=40, help_text=_("规则名及版本，如 hnte-2016"))
    family = models.CharField(_("规则族"), max_length=30)
    version = models.CharField(_("版本"), max_length=10)
    evaluated_on = models.DateField(_("评价日期"))
    eligible = models.CharField(_("结论"), max_length=20, choices=Verdict.choices)
    score_low = models.IntegerField(_("得分下限"), null=True, blank=True)
    score_high = models.IntegerField(_("得分上限"), null=True, blank=True)
    result = models.JSONField(_("评价结果"), help_text=_("每项条件的结论、取值、门槛、得分、理由与差距"))
    facts = models.JSONField(_("评价所用事实"))
    run = models.ForeignKey(
        EvaluationRun,
        verbose_name=_("批量评价任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedQuerySet["Evaluation"].as_manager()

    class Meta:
        verbose_name = _("评价记录")
        verbose_name_plural = _("评价记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "family", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "enterprise", "rulebook"],
                condition=models.Q(run__isnull=False),
                name="evaluation_one_per_run_enterprise_rulebook",
            ),
            models.CheckConstraint(
                condition=models.Q(score_low__isnull=True) | models.Q(score_low__lte=models.F("score_high")),
                name="evaluation_score_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.rulebook} {self.evaluated_on.isoformat()}"

    @property
    def criteria(self) -> list[dict[str, object]]:
        return list(self.result.get("criteria", []))
