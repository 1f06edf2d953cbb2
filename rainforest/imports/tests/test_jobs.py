"""A background import whose worker dies is not left "in progress": the worker holds the job's lease
(core.jobs), a dead holder is found, the job is marked failed with the reason, its task row too, and nothing
of it is stored; a job whose rows were stored before the worker died is marked stored, never applied twice.

The first test kills a real worker process (`rainforest worker`, i.e. django-tasks-db's db_worker) with
SIGKILL in the middle of an import, against a real SQLite database file: a copy of the test database
(schema, reference data and the queued job) written out with SQLite's dump."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files import File
from django.db import connection
from django.utils import timezone

from rainforest.core import jobs
from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.tests.factories import credit_code_for
from rainforest.imports import services
from rainforest.imports.choices import JobStatus
from rainforest.imports.models import ImportJob
from rainforest.imports.registry import RECORD_TYPES
from rainforest.imports.tasks import run_import_job
from rainforest.imports.tests.conftest import write_xlsx

ROOT = Path(__file__).resolve().parents[3]
HEADERS = ["统一社会信用代码", "企业名称", "所在县区", "成立日期"]
DEAD_PID = 2**22 + 1  # above Linux's largest process id: never a running process


def enterprise_file(path: Path, rows: int) -> Path:
    return write_xlsx(
        path,
        HEADERS,
        [
            [credit_code_for(n), f"晋中测试企业{n:05d}有限公司", "榆次区", "2015-03-01"]
            for n in range(20, 20 + rows)
        ],
    )


def queued_job(path: Path, user) -> ImportJob:
    with path.open("rb") as handle:
        job = services.import_job_create(
            record_type=RECORD_TYPES["enterprise"], upload=File(handle, name=path.name), user=user
        )
    result = run_import_job.enqueue(job_id=job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def copy_database(target: Path) -> None:
    """The test database as it is now (inside the test's transaction) written to a file."""
    connection.ensure_connection()
    copy = sqlite3.connect(target, isolation_level=None)
    # Check constraints written with a regex lookup call REGEXP, which Django gives its own connections.
    copy.create_function(
        "REGEXP", 2, lambda pattern, value: value is not None and bool(re.search(pattern, value))
    )
    copy.execute("BEGIN")
    for statement in connection.connection.iterdump():
        if statement not in ("BEGIN TRANSACTION;", "COMMIT;"):
            copy.execute(statement)
    copy.execute("COMMIT")
    copy.close()


def one(database: Path, sql: str, *parameters):
    with sqlite3.connect(database) as reader:
        return reader.execute(sql, parameters).fetchone()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="copies the SQLite test database to a file")
def test_a_worker_killed_mid_import_leaves_a_job_that_is_marked_failed_with_nothing_stored(
    tmp_path, settings, city
):
    var = tmp_path / "var"
    settings.MEDIA_ROOT = var / "media"
    # The upload is stored where the worker (RAINFOREST_VAR_DIR=var) will look for it.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": var / "media"},
        },
    }
    job = queued_job(enterprise_file(tmp_path / "firms.xlsx", 6000), city)
    database = tmp_path / "rainforest.sqlite3"
    copy_database(database)
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "RAINFOREST_VAR_DIR": str(var)}
    environment.pop("PYTEST_VERSION", None)  # the worker runs with the settings of a real installation
    manage = [sys.executable, "manage.py"]

    worker = subprocess.Popen(
        [*manage, "db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Wait until the worker has taken the job's lease and is validating, holding SQLite's write lock as we
    # look: from then on it cannot store anything before it is killed.
    lock = sqlite3.connect(database, timeout=30, isolation_level=None)
    try:
        for _attempt in range(6000):
            lock.execute("BEGIN IMMEDIATE")
            status = lock.execute("SELECT status FROM imports_importjob WHERE id = ?", [job.pk]).fetchone()[0]
            if status == JobStatus.VALIDATING:
                break
            lock.execute("ROLLBACK")
            assert worker.poll() is None, "the worker ended before it was killed"
            time.sleep(0.02)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    finally:
        if lock.in_transaction:
            lock.execute("ROLLBACK")
        lock.close()

    # What a killed worker leaves: the job validating, the lease held by the dead process, the task running.
    assert one(database, "SELECT status, lease_owner FROM imports_importjob WHERE id = ?", job.pk) == (
        "validating",
        f"{socket.gethostname()}:{worker.pid}",
    )
    task = one(
        database,
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
        job.task_id.replace("-", ""),
    )
    assert task == ("RUNNING",)

    checked = subprocess.run(
        [*manage, "imports_clean"], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )

    assert checked.stdout.strip() == "已结束 1 个中断的导入任务，已删除 0 个过期的上传文件"
    status, owner, errors, stored = one(
        database, "SELECT status, lease_owner, errors, stored FROM imports_importjob WHERE id = ?", job.pk
    )
    assert (status, owner, stored) == ("failed", "", 0)
    [message] = [error["message"] for error in json.loads(errors)]
    assert message.startswith(f"处理该文件的后台进程意外中断（{socket.gethostname()}:{worker.pid}，租约于 ")
    assert message.endswith(" 到期），整个文件未导入，请重新上传")
    assert one(
        database,
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
        job.task_id.replace("-", ""),
    ) == ("FAILED",)
    assert one(database, "SELECT count(*) FROM enterprises_enterprise") == (Enterprise.objects.count(),)
    assert one(database, "SELECT count(*) FROM enterprises_historicalenterprise") == (
        Enterprise.history.count(),
    )


def test_a_job_stored_before_its_worker_died_is_marked_stored_and_never_applied_twice(
    tmp_path, settings, city
):
    settings.MEDIA_ROOT = tmp_path / "media"
    job = queued_job(enterprise_file(tmp_path / "firms.xlsx", 3), city)
    services.import_job_run(job_id=job.pk, record_types=RECORD_TYPES)
    # What a worker killed right after the storing transaction committed leaves behind.
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.STORING, finished_at=None, lease_owner=f"{socket.gethostname()}:{DEAD_PID}",
        lease_expires_at=timezone.now() + timedelta(minutes=5),
    )  # fmt: skip

    reaped = services.import_jobs_reap()
    services.import_job_run(job_id=job.pk, record_types=RECORD_TYPES)

    job.refresh_from_db()
    assert [row.pk for row in reaped] == [job.pk]
    assert (job.status, job.stored, job.created_rows, job.lease_owner) == (JobStatus.STORED, True, 3, "")
    assert (Enterprise.objects.count(), Enterprise.history.count()) == (3, 3)


def test_a_job_whose_lease_another_live_worker_holds_is_not_run_twice(tmp_path, settings, city):
    settings.MEDIA_ROOT = tmp_path / "media"
    job = queued_job(enterprise_file(tmp_path / "firms.xlsx", 3), city)
    ImportJob.objects.filter(pk=job.pk).update(
        lease_owner="another-host:1", lease_expires_at=timezone.now() + timedelta(minutes=5)
    )

    services.import_job_run(job_id=job.pk, record_types=RECORD_TYPES)

    assert services.import_jobs_reap() == []
    job.refresh_from_db()
    assert (job.status, job.lease_owner, Enterprise.objects.count()) == (
        JobStatus.QUEUED,
        "another-host:1",
        0,
    )


def test_an_expired_lease_of_another_machine_is_reaped_and_a_renewed_one_is_not(tmp_path, settings, city):
    settings.MEDIA_ROOT = tmp_path / "media"
    expired = queued_job(enterprise_file(tmp_path / "a.xlsx", 3), city)
    renewed = queued_job(enterprise_file(tmp_path / "b.xlsx", 3), city)
    now = timezone.now()
    ImportJob.objects.filter(pk=expired.pk).update(
        status=JobStatus.VALIDATING, lease_owner="elsewhere:7", lease_expires_at=now - timedelta(seconds=1)
    )
    ImportJob.objects.filter(pk=renewed.pk).update(
        status=JobStatus.VALIDATING, lease_owner="elsewhere:8", lease_expires_at=now + timedelta(seconds=60)
    )

    reaped = services.import_jobs_reap(now=now)

    assert [job.pk for job in reaped] == [expired.pk]
    assert list(ImportJob.objects.order_by("pk").values_list("status", flat=True)) == ["failed", "validating"]


def test_a_stale_worker_that_wakes_up_cannot_store_its_work(tmp_path, settings, city):
    """The lease is confirmed inside the storing transaction: once another process holds it, the rows of
    the stale worker are rolled back."""
    settings.MEDIA_ROOT = tmp_path / "media"
    job = queued_job(enterprise_file(tmp_path / "firms.xlsx", 3), city)
    held = jobs.claim(ImportJob, job.pk)
    ImportJob.objects.filter(pk=job.pk).update(lease_owner="elsewhere:9")

    with pytest.raises(jobs.LeaseLost):
        services.import_file(
            record_type=RECORD_TYPES["enterprise"],
            path=job.file.path,
            user=city,
            on_stored=lambda created, updated: held.confirm(),
        )

    assert (Enterprise.objects.count(), Enterprise.history.count()) == (0, 0)


def test_old_uploads_are_deleted_after_the_retention_hours_and_recent_ones_kept(tmp_path, settings, city):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RAINFOREST = {**settings.RAINFOREST, "IMPORT_RETENTION_HOURS": 24}
    old = queued_job(enterprise_file(tmp_path / "old.xlsx", 3), city)
    recent = queued_job(enterprise_file(tmp_path / "recent.xlsx", 3), city)
    unfinished = queued_job(enterprise_file(tmp_path / "queued.xlsx", 3), city)
    now = timezone.now()
    ImportJob.objects.filter(pk=old.pk).update(
        status=JobStatus.REFUSED, finished_at=now - timedelta(hours=25)
    )
    ImportJob.objects.filter(pk=recent.pk).update(
        status=JobStatus.STORED, finished_at=now - timedelta(hours=23)
    )
    paths = {job.pk: Path(job.file.path) for job in (old, recent, unfinished)}

    assert services.import_uploads_clean(now=now) == 1

    assert [paths[job.pk].exists() for job in (old, recent, unfinished)] == [False, True, True]
    assert ImportJob.objects.get(pk=old.pk).file.name == ""
