"""Background work of the eligibility app (django-tasks; run by `rainforest worker`)."""

from __future__ import annotations

from django_tasks import task

from rainforest.eligibility.models import EvaluationRun
from rainforest.eligibility.runs import evaluations_run


@task()
def run_evaluations(run_id: int) -> str:
    """Run one bulk evaluation by primary key. Idempotent: a finished run is left as it is."""
    run = EvaluationRun.objects.get(pk=run_id)
    run = evaluations_run(
        evaluated_on=run.evaluated_on,
        rulebooks=run.rulebooks,
        enterprise_ids=run.enterprise_ids,
        run=run,
    )
    return str(run.status)
