"""Background work of the Excel framework (django-tasks; run by `rainforest worker`). This module imports
services, never the other way round: services.py runs and stores jobs, this module queues them."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from rainforest.imports import services
from rainforest.imports.models import ImportJob
from rainforest.imports.registry import RECORD_TYPES


@task()
def run_import_job(job_id: int) -> str:
    """Run one import job by primary key. Idempotent: a finished job is left as it is. A worker first ends
    the jobs of workers that died (their leases expired) and deletes old uploads."""
    services.import_jobs_reap()
    services.import_uploads_clean()
    job = services.import_job_run(job_id=job_id, record_types=RECORD_TYPES)
    return str(job.status)


def import_job_enqueue(*, job: ImportJob) -> None:
    """Queue the job once the transaction that created it commits; its task's id is kept on the job, so a
    dead worker's task row can be marked failed with it."""

    def enqueue() -> None:
        result = run_import_job.enqueue(job_id=job.pk)
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
