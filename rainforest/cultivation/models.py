"""The bureau's cultivation work: butlers' visits and their follow-ups, trainings, and yearly targets.
Who is assigned to whom lives in enterprises.Assignment (it also decides a butler's data scope)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.models import Region, today
from rainforest.core.policy import RestrictedQuerySet
from rainforest.cultivation.choices import AttendanceStatus, FollowUpStatus, TargetIndicator, VisitTopic
from rainforest.enterprises.models import Enterprise


class Visit(models.Model):
    """A butler's visit to an enterprise (走访): topics, findings and the follow-up actions agreed."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="visits"
    )
    butler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("科技管家"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    topics = models.JSONField(_("走访事项"), default=list, blank=True)
    findings = models.TextField(_("发现的问题"), blank=True)
    next_visit_on = models.DateField(_("计划下次走访"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Visit"].as_manager()

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["butler", "visited_on"]),
            models.Index(fields=["enterprise", "visited_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.visited_on}"

    @property
    def butler_username(self) -> str:
        """The butler's user name (the Excel column of imports and exports)."""
        return self.butler.username if self.butler_id else ""

    @butler_username.setter
    def butler_username(self, value: object) -> None:
        """Imports set `butler` itself (cultivation.imports resolves the name once per file)."""

    @property
    def topics_text(self) -> str:
        """The topics in Chinese, joined with 、 (the Excel column of imports and exports)."""
        labels = dict(VisitTopic.choices)
        return "、".join(str(labels.get(code, code)) for code in self.topics)

    @topics_text.setter
    def topics_text(self, value: str) -> None:
        """Imports set `topics` itself (the codes of these labels)."""

    def clean(self) -> None:
        if self.visited_on and self.visited_on > today():
            raise ValidationError({"visited_on": _("走访日期不能晚于今天")})
        if self.next_visit_on and self.visited_on and self.next_visit_on <= self.visited_on:
            raise ValidationError({"next_visit_on": _("下次走访日期须晚于本次走访")})


class FollowUp(models.Model):
    """An action agreed at a visit, with its owner, due date and status."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("走访记录"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    action = models.CharField(_("待办事项"), max_length=200)
    owner = models.CharField(_("责任人"), max_length=60)
    due_on = models.DateField(_("完成期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["FollowUp"].as_manager()

    class Meta:
        verbose_name = _("跟进事项")
        verbose_name_plural = _("跟进事项")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.action

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.status == FollowUpStatus.DONE and not self.done_on:
            errors["done_on"] = _("已完成的事项须填写完成日期")
        elif self.status != FollowUpStatus.DONE and self.done_on:
            errors["done_on"] = _("只有已完成的事项才填写完成日期")
        visit = self._visit_or_none()
        if visit is not None and self.due_on and visit.visited_on and self.due_on < visit.visited_on:
            errors["due_on"] = _("完成期限不能早于走访日期")
        if errors:
            raise ValidationError(errors)

    def _visit_or_none(self) -> Visit | None:
        try:
            return self.visit
        except Visit.DoesNotExist:
            return None

    def is_overdue_on(self, day: object) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due_on < day  # type: ignore[operator]


class Training(models.Model):
    """A training programme (e.g. 高企培育专题培训会) held in one or more sessions."""

    title = models.CharField(_("培训名称"), max_length=120)
    organiser = models.CharField(_("主办单位"), max_length=80, blank=True)
    topic = models.CharField(_("主题"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Training"].as_manager()

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["title"], name="training_unique_title")]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("培训"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("举办日期"))
    venue = models.CharField(_("地点"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["TrainingSession"].as_manager()

    class Meta:
        verbose_name = _("培训场次")
        verbose_name_plural = _("培训场次")
        ordering = ["held_on"]
        constraints = [
            models.UniqueConstraint(fields=["training", "held_on"], name="training_session_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.training} {self.held_on}"


class Attendance(models.Model):
    """An enterprise invited to a session, and whether it came."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("培训场次"), on_delete=models.CASCADE, related_name="attendances"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    attendees = models.PositiveSmallIntegerField(_("出席人数"), default=0)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Attendance"].as_manager()

    class Meta:
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")
        constraints = [
            models.UniqueConstraint(fields=["session", "enterprise"], name="attendance_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.session}"

    def clean(self) -> None:
        if self.status == AttendanceStatus.ATTENDED and (self.attendees or 0) < 1:
            raise ValidationError({"attendees": _("已出席的企业须填写出席人数")})
        if self.status != AttendanceStatus.ATTENDED and self.attendees:
            raise ValidationError({"attendees": _("未出席的企业出席人数应为0")})


class Target(models.Model):
    """A yearly target for an indicator, for the city (no district) or one district."""

    indicator = models.CharField(_("指标"), max_length=40, choices=TargetIndicator.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    district = models.ForeignKey(
        Region, verbose_name=_("县区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveIntegerField(_("目标值"))
    source = models.CharField(_("来源"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Target"].as_manager()

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["-year", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "district"], name="target_once_per_scope"),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(district__isnull=True),
                name="target_once_for_the_city",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_indicator_display()} {self.value}"


class KeptPool(models.Model):
    """The pass probability of every candidate of one rulebook's pool on one day, over the whole registry,
    kept so that the targets' summaries (the cockpit, the briefing, the home page's reminders) need not
    evaluate the pool again (`cultivation.pool.kept`). Derived from the records, not a record: no change
    log; rebuilt by `rainforest cultivation keep-pool`, and when a summary finds it stale. The arrays are
    packed little-endian: ids and districts as 8-byte integers (0: no district), probabilities as 8-byte
    floats, in enterprise id order."""

    rulebook = models.CharField(_("评价规则"), max_length=20)
    day = models.DateField(_("评价日期"))
    model_version = models.PositiveIntegerField(_("概率模型版本"))
    stamp = models.CharField(_("数据状态戳"), max_length=64)
    built_at = models.DateTimeField(_("测算时间"), default=timezone.now)
    seconds = models.DecimalField(_("耗时（秒）"), max_digits=10, decimal_places=1, default=0)
    candidates = models.PositiveIntegerField(_("候选企业数"))
    enterprise_ids = models.BinaryField(_("企业"))
    district_ids = models.BinaryField(_("县区"))
    probabilities = models.BinaryField(_("通过概率"))
    refresh_queued_at = models.DateTimeField(_("重算排队时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("培育库概率测算")
        verbose_name_plural = _("培育库概率测算")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "day", "model_version"], name="kept_pool_once")
        ]

    def __str__(self) -> str:
        return f"{self.rulebook} {self.day} v{self.model_version} ({self.candidates})"
