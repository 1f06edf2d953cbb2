"""Background work of the Excel framework (django-tasks; run by `rainforest worker`)."""

from __future__ import annotations

from django_tasks import task

from rainforest.imports import services
from rainforest.imports.registry import RECORD_TYPES


@task()
def run_import_job(job_id: int) -> str:
    """Run one import job by primary key. Idempotent: a finished job is left as it is."""
    job = services.import_job_run(job_id=job_id, record_types=RECORD_TYPES)
    return str(job.status)
