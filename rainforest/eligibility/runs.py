"""Bulk evaluation runs: many enterprises against many rulebooks, stored in batches while a run row shows
the progress. Called by the background task (tasks.py) and by services; it imports neither, so the
services → tasks → runs chain has no cycle."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rainforest.eligibility.choices import RunStatus
from rainforest.eligibility.engine import UnknownRulebook, choose
from rainforest.eligibility.facts import Facts, facts_to_json
from rainforest.eligibility.models import Evaluation, EvaluationRun
from rainforest.eligibility.result import Result
from rainforest.eligibility.rulebook import Rulebook
from rainforest.eligibility.rules import RULES
from rainforest.eligibility.selectors import iter_facts
from rainforest.enterprises.models import Enterprise

BATCH_SIZE = 500


def _evaluation(
    *, enterprise_id: int, facts: Facts, result: Result, user: Any = None, run: EvaluationRun | None = None
) -> Evaluation:
    score = result.score
    return Evaluation(
        enterprise_id=enterprise_id,
        rulebook=result.book.name,
        family=result.book.family,
        version=result.book.version,
        evaluated_on=result.evaluated_on,
        eligible=result.eligible,
        score_low=score[0] if score else None,
        score_high=score[1] if score else None,
        result=result.to_json(),
        facts=facts_to_json(facts),
        run=run,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def resolve_rulebook(name: str, evaluated_on: date) -> Rulebook:
    """A rulebook by name (`hnte-2016`) or by family (`hnte`, the version in force on the date);
    a ValidationError naming `rulebook` otherwise."""
    try:
        return choose(name, Facts(evaluated_on=evaluated_on))
    except UnknownRulebook as error:
        raise ValidationError({"rulebook": str(error.args[0])}) from None
    except LookupError as error:
        raise ValidationError({"rulebook": str(error)}) from None


def evaluations_run(
    *,
    evaluated_on: date,
    rulebooks: Sequence[str],
    enterprise_ids: Iterable[int] | None = None,
    run: EvaluationRun | None = None,
    batch_size: int = BATCH_SIZE,
) -> EvaluationRun:
    """Evaluate many enterprises (all when `enterprise_ids` is None) against `rulebooks` and store each
    result, in batches; progress is written to the run row the user watches.

    Idempotent: a finished run is returned as it is; a run started before (and interrupted) drops what it
    stored and starts again, so each (run, enterprise, rulebook) is stored once. Facts are loaded in bulk
    (one streamed query per input kind); each result is the full reference result, since it is stored."""
    books = [resolve_rulebook(name, evaluated_on) for name in rulebooks]
    ids = None if enterprise_ids is None else sorted(set(enterprise_ids))
    if run is None:
        run = EvaluationRun.objects.create(
            evaluated_on=evaluated_on, rulebooks=[book.name for book in books], enterprise_ids=ids
        )
    if run.status == RunStatus.DONE:
        return run
    total = Enterprise.objects.count() if ids is None else Enterprise.objects.filter(pk__in=ids).count()
    with transaction.atomic():
        run.evaluations.all().delete()
        EvaluationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.RUNNING, total=total, processed=0, counts={}, error="", started_at=timezone.now()
        )
    counts: Counter[str] = Counter()
    processed = 0
    batch: list[Evaluation] = []
    try:
        for pk, facts in iter_facts(evaluated_on, ids):
            for book in books:
                result = RULES[book.name](facts, book)
                counts[f"{book.name}:{result.eligible}"] += 1
                batch.append(_evaluation(enterprise_id=pk, facts=facts, result=result, run=run))
            processed += 1
            if len(batch) >= batch_size:
                _flush(run, batch, processed, counts)
                batch = []
        _flush(run, batch, processed, counts)
    except Exception as error:
        EvaluationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(error), finished_at=timezone.now()
        )
        raise
    EvaluationRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run


def _flush(run: EvaluationRun, batch: list[Evaluation], processed: int, counts: Counter[str]) -> None:
    with transaction.atomic():
        Evaluation.objects.bulk_create(batch)
        EvaluationRun.objects.filter(pk=run.pk).update(processed=processed, counts=dict(counts))
