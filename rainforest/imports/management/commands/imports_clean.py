"""`rainforest imports_clean`: end the import jobs whose worker died and delete old uploads.

Run it on a schedule (cron or a systemd timer, e.g. hourly). Jobs whose lease (JOB_LEASE_SECONDS) expired
are marked failed (or stored, if their rows were stored); uploaded files of jobs that finished more than
IMPORT_RETENTION_HOURS ago are deleted. A worker does the same before each import job it runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from rainforest.imports import services


class Command(BaseCommand):
    help = "End import jobs whose worker died and delete uploads older than IMPORT_RETENTION_HOURS."

    def handle(self, *args: Any, **options: Any) -> None:
        reaped = services.import_jobs_reap()
        deleted = services.import_uploads_clean()
        self.stdout.write(
            _("已结束 {jobs} 个中断的导入任务，已删除 {files} 个过期的上传文件").format(
                jobs=len(reaped), files=deleted
            )
        )
