"""Writes of the Excel framework: validate a whole file, then store all of it or nothing, in bulk, with the
change log (who, and "导入 <file>" as the reason) and one `records_changed` call for the forest.

Big uploads become an `ImportJob` run by a background task (tasks.py enqueues it; this module never imports
tasks.py); the same `import_job_run` runs small uploads in the request, so both paths behave alike. A job
is worked on under a lease (core.jobs): a job whose worker died is marked failed by `import_jobs_reap`,
and a job is stored at most once. Uploaded files are deleted on the schedule `import_uploads_clean`
keeps (`IMPORT_RETENTION_HOURS`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from rainforest.core import changes, jobs
from rainforest.core.scope import Reach
from rainforest.imports import bulk
from rainforest.imports.base import RecordType, follow
from rainforest.imports.choices import FINISHED, JobStatus
from rainforest.imports.models import ImportJob
from rainforest.imports.reader import count_rows
from rainforest.imports.selectors import import_scope, may_import
from rainforest.imports.validation import Plan, Progress, validate_file
from rainforest.imports.validation.instances import Instances
from rainforest.imports.validation.messages import error

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """The outcome of one file: `as_json()` is what `rainforest import --json` prints."""

    rows: int
    stored: bool
    errors: list[dict[str, Any]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"rows": self.rows, "stored": self.stored, "errors": self.errors}


def _history_user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _check_permission(user: Any, record_type: RecordType) -> None:
    if not record_type.importable:
        raise PermissionDenied(_("“{label}”只能导出，不能导入").format(label=record_type.label))
    if user is not None and not may_import(user):
        raise PermissionDenied(_("只有市局、县区工作人员和系统管理员可以导入数据"))
    if user is not None and import_scope(user).reach not in (Reach.CITY, Reach.DISTRICT):
        raise PermissionDenied(_("您的账号没有可导入的辖区"))
    if user is not None and record_type.may_import is not None and not record_type.may_import(user):
        raise PermissionDenied(_("您无权导入“{label}”").format(label=record_type.label))


@transaction.atomic
def import_store(
    *, plan: Plan, user: Any, reason: str, on_stored: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Store a validated plan in one transaction, then make one `records_changed` call with every touched
    enterprise and team. Returns (created, updated). `on_stored(created, updated)` runs last, inside the
    same transaction (a job records there that it was stored: both commit or neither).

    Rows and their history rows (type "+" or "~", the importing user, "导入 <file>" as the reason) are
    written with executemany. simple_history's bulk_create_with_history builds every value through the
    ORM's insert compiler, about 6x slower for a 100,000-row file; the rows written here are the same."""
    record_type = plan.record_type
    model = record_type.model
    history_user = _history_user(user)
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for model_field in fields:
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            for obj in plan.new:
                setattr(obj, model_field.attname, now)
        if getattr(model_field, "auto_now", False):
            for obj in plan.changed:
                setattr(obj, model_field.attname, now)
    if connection.vendor == "postgresql" and plan.new and isinstance(model._meta.pk, models.AutoField):
        # Primary keys drawn from the table's sequence first, then inserted with the rows.
        bulk.draw_ids(model, plan.new)
        with_pk = [model._meta.pk, *fields]
        bulk.insert_rows(model, with_pk, [[getattr(obj, f.attname) for f in with_pk] for obj in plan.new])
    else:
        bulk.insert_rows(model, fields, [[getattr(obj, f.attname) for f in fields] for obj in plan.new])
        bulk.assign_ids(record_type, plan.new)
    changed_fields = [f for f in fields if f.attname in plan.changed_fields]
    bulk.update_rows(model, changed_fields, plan.changed)
    bulk.history_rows(model, plan.new, kind="+", user=history_user, reason=reason, when=now)
    bulk.history_rows(model, plan.changed, kind="~", user=history_user, reason=reason, when=now)
    enterprise_ids: set[int] = set()
    team_ids: set[int] = set()
    for obj in [*plan.new, *plan.changed]:
        enterprises, teams = record_type.touches(obj)
        enterprise_ids.update(enterprises)
        team_ids.update(teams)
    changes.records_changed(enterprise_ids=enterprise_ids, team_ids=team_ids)
    if on_stored is not None:
        on_stored(len(plan.new), len(plan.changed))
    return len(plan.new), len(plan.changed)


def _conflicts(plan: Plan) -> list[dict[str, Any]]:
    """The rows of a plan whose natural key another import stored meanwhile, each named."""
    record_type = plan.record_type
    keys = {
        tuple(follow(obj, attribute) for attribute in record_type.key_attributes): number
        for obj, number in zip(plan.new, plan.new_rows, strict=True)
    }
    stored = Instances(record_type).stored(list(keys))
    labels = "、".join(str(record_type.column(name).label) for name in record_type.key)
    return [
        error(
            number,
            record_type.key[0],
            _("{keys}：同一记录刚被另一次导入保存，整个文件未导入，请重新导入").format(keys=labels),
        )
        for key, number in sorted(keys.items(), key=lambda item: item[1])
        if key in stored
    ]


def import_file(
    *,
    record_type: RecordType,
    path: str | Path,
    user: Any,
    dry_run: bool = False,
    file_name: str = "",
    progress: Progress | None = None,
    on_stored: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Validate every row of the file and, when no row is refused and this is not a dry run, store them
    all (or, if the database still refuses, none). `user` None means an operator's command: city-wide.

    Two imports of the same new records at once: the one that stores second finds them stored by the
    first (the database's unique constraint refuses its insert); it validates the file once more against
    what is stored now and stores that, or names the rows that conflict. A database error is never shown
    raw."""
    _check_permission(user, record_type)
    reason = _("导入 {file}").format(file=file_name or Path(path).name)
    for attempt in (1, 2):
        plan = validate_file(record_type, path, import_scope(user), progress)
        result = ImportResult(rows=plan.rows, stored=False, errors=plan.errors, unchanged=plan.unchanged)
        if plan.refused or dry_run:
            result.created, result.updated = len(plan.new), len(plan.changed)
            return result
        try:
            result.created, result.updated = import_store(
                plan=plan, user=user, reason=reason, on_stored=on_stored
            )
        except IntegrityError as refusal:
            logger.warning("import of %s refused by the database: %s", reason, refusal)
            if attempt == 1:
                continue
            result.errors = _conflicts(plan) or [
                error(0, "", _("数据库拒绝保存（与已保存的数据冲突），整个文件未导入，请重新导入"))
            ]
            return result
        except DatabaseError as refusal:
            logger.warning("import of %s failed in the database: %s", reason, refusal)
            result.errors = [error(0, "", _("数据库暂时无法保存，整个文件未导入，请稍后重新导入"))]
            return result
        result.stored = True
        return result
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def import_job_create(*, record_type: RecordType, upload: Any, user: Any, dry_run: bool = False) -> ImportJob:
    """Keep the uploaded file under MEDIA and record a job for it, with its row count (which decides
    whether it runs in the request or as a background task). The file is deleted
    `IMPORT_RETENTION_HOURS` after the job finished."""
    _check_permission(user, record_type)
    job = ImportJob(
        record_type=record_type.name, file_name=Path(upload.name).name[:200], user=user, dry_run=dry_run
    )
    job.file.save(job.file_name, upload if isinstance(upload, File) else File(upload), save=False)
    job.rows = count_rows(job.file.path)
    job.save()
    return job


def _job_failed(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED,
        errors=[error(0, "", message)],
        finished_at=timezone.now(),
    )


def import_job_run(*, job_id: int, record_types: dict[str, RecordType]) -> ImportJob:
    """Run a job under its lease: validate (reporting progress into the job row), store, record the
    outcome. Idempotent: a finished job, or one another live process is running, is returned as it is;
    the job's `stored` flag is set in the storing transaction, after checking the lease is still held, so
    a task run twice (or a worker declared dead that wakes up) imports once."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.finished:
        return job
    try:
        with jobs.lease(ImportJob, job.pk) as held:
            job.refresh_from_db()
            if not job.finished:
                _run_held(job, record_types, held)
    except jobs.LeaseTaken:
        pass
    job.refresh_from_db()
    return job


def _run_held(job: ImportJob, record_types: dict[str, RecordType], held: jobs.Lease) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.VALIDATING, started_at=timezone.now(), processed_rows=0
    )

    def progress(done: int, total: int) -> None:
        status = JobStatus.STORING if done >= total and not job.dry_run else JobStatus.VALIDATING
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, rows=total, status=status)

    def stored(created: int, updated: int) -> None:
        held.confirm()
        ImportJob.objects.filter(pk=job.pk).update(
            stored=True, status=JobStatus.STORED, created_rows=created, updated_rows=updated
        )

    record_type = record_types[job.record_type]
    try:
        result = import_file(
            record_type=record_type,
            path=job.file.path,
            user=job.user,
            dry_run=job.dry_run,
            file_name=job.file_name,
            progress=progress,
            on_stored=stored,
        )
    except jobs.LeaseLost:
        return  # declared dead meanwhile: the job was marked failed and nothing was stored
    except Exception as failure:  # a job must always end in a state the user can read
        logger.exception("import job %s failed", job.pk)
        _job_failed(job, _("处理失败，整个文件未导入：{error}").format(error=type(failure).__name__))
        raise
    status = (
        JobStatus.STORED if result.stored else (JobStatus.REFUSED if result.errors else JobStatus.CHECKED)
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        rows=result.rows,
        processed_rows=result.rows,
        created_rows=result.created,
        updated_rows=result.updated,
        unchanged_rows=result.unchanged,
        errors=result.errors,
        stored=result.stored,
        finished_at=timezone.now(),
    )


def import_jobs_reap(*, now: datetime | None = None) -> list[ImportJob]:
    """Find the unfinished jobs whose worker died (core.jobs: an expired lease, or a holder process of this
    machine that is gone) and end them: a job whose rows were stored (the flag commits with them) is
    marked stored; any other is marked failed with the reason, nothing of it having been stored. The
    job's background task row, left running by the dead worker, is marked failed too."""
    now = now or timezone.now()

    def outcome(job: ImportJob) -> dict[str, Any]:
        if job.stored:
            return {"status": JobStatus.STORED, "processed_rows": job.rows, "finished_at": now}
        when = timezone.localtime(job.lease_expires_at or now).strftime("%Y-%m-%d %H:%M")
        return {
            "status": JobStatus.FAILED,
            "finished_at": now,
            "errors": [
                error(
                    0,
                    "",
                    _(
                        "处理该文件的后台进程意外中断（{owner}，租约于 {when} 到期），整个文件未导入，"
                        "请重新上传"
                    ).format(owner=job.lease_owner, when=when),
                )
            ],
        }

    unfinished = ImportJob.objects.exclude(status__in=FINISHED)
    reaped: list[ImportJob] = jobs.reap(unfinished, outcome, now)
    task_ids = [job.task_id for job in reaped if job.task_id]
    if task_ids:
        DBTaskResult.objects.filter(id__in=task_ids, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="rainforest.core.jobs.LeaseLost",
            traceback="the worker running this task died (its import job's lease expired)",
        )
    return reaped


def import_uploads_clean(*, now: datetime | None = None) -> int:
    """Delete the uploaded files of jobs that finished more than `IMPORT_RETENTION_HOURS` ago (refused,
    failed, checked or stored alike); the job rows stay, with their outcome. Returns the files deleted."""
    now = now or timezone.now()
    hours = settings.RAINFOREST["IMPORT_RETENTION_HOURS"]
    done = ImportJob.objects.filter(
        status__in=FINISHED, finished_at__lte=now - timedelta(hours=hours)
    ).exclude(file="")
    count = 0
    for job in done:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
        count += 1
    return count
