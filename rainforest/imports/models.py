"""An import job: one uploaded file, its status and progress (watched by the user), and its outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rainforest.core.jobs import Leased
from rainforest.imports.choices import FINISHED, JobStatus


class ImportJob(Leased):
    """An uploaded spreadsheet being validated and stored, in the request or as a background task.

    The process working on it holds its lease (core.jobs): a job whose worker died is found and marked
    failed. `stored` is set in the same transaction that stores the rows, so a job is never applied twice.
    The uploaded file is deleted `IMPORT_RETENTION_HOURS` after the job finished (`file` is then empty)."""

    record_type = models.CharField(_("数据类型"), max_length=40)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("原文件名"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dry_run = models.BooleanField(_("仅校验不保存"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_rows = models.PositiveIntegerField(_("新增行数"), default=0)
    updated_rows = models.PositiveIntegerField(_("更新行数"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("未变行数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    stored = models.BooleanField(_("已保存"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    task_id = models.CharField(_("后台任务编号"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.record_type} {self.file_name}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return min(99, self.processed_rows * 100 // self.rows) if self.rows else 0
