"""Writes of the eligibility app: store one evaluation a person acts on, or many in the background.

Every stored evaluation keeps the full result (each criterion's outcome, value, threshold, points, reason
and gap) and the facts it was made from, so that a decision can be explained later.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rainforest.eligibility.choices import RunStatus
from rainforest.eligibility.engine import UnknownRulebook, choose
from rainforest.eligibility.facts import Facts, facts_to_json
from rainforest.eligibility.models import Evaluation, EvaluationRun
from rainforest.eligibility.result import Result
from rainforest.eligibility.rulebook import Rulebook
from rainforest.eligibility.rules import RULES
from rainforest.eligibility.selectors import facts_for, iter_facts
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


@transaction.atomic
def evaluation_record(*, enterprise: Enterprise, rulebook: str, evaluated_on: date, user: Any) -> Evaluation:
    """Evaluate the enterprise's facts on `evaluated_on` (built from its records) and store the result.

    `rulebook` is a name or a family; the row keeps the version used. Earlier rows are kept (history)."""
    book = resolve_rulebook(rulebook, evaluated_on)
    facts = facts_for(enterprise, evaluated_on)
    result = RULES[book.name](facts, book)
    evaluation = _evaluation(enterprise_id=enterprise.pk, facts=facts, result=result, user=user)
    evaluation.full_clean(exclude=["enterprise", "run", "created_by"])
    evaluation.save()
    return evaluation


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


@transaction.atomic
def evaluation_run_enqueue(
    *, evaluated_on: date, rulebooks: Sequence[str], enterprise_ids: Iterable[int] | None = None, user: Any
) -> EvaluationRun:
    """Create a bulk run and enqueue it (django-tasks) once the transaction commits."""
    from rainforest.eligibility.tasks import run_evaluations

    if not rulebooks:
        raise ValidationError({"rulebooks": _("请至少选择一项评价规则")})
    books = [resolve_rulebook(name, evaluated_on) for name in rulebooks]
    run = EvaluationRun.objects.create(
        evaluated_on=evaluated_on,
        rulebooks=[book.name for book in books],
        enterprise_ids=None if enterprise_ids is None else sorted(set(enterprise_ids)),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: run_evaluations.enqueue(run_id=run.pk))
    return run
