"""Writes of the eligibility app: store one evaluation a person acts on, or many in the background
(the bulk work itself is in runs.py, shared with the task).

Every stored evaluation keeps the full result (each criterion's outcome, value, threshold, points, reason
and gap) and the facts it was made from, so that a decision can be explained later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rainforest.eligibility.models import Evaluation, EvaluationRun
from rainforest.eligibility.rules import RULES
from rainforest.eligibility.runs import _evaluation, evaluations_run, resolve_rulebook
from rainforest.eligibility.selectors import facts_for
from rainforest.eligibility.tasks import run_evaluations
from rainforest.enterprises.models import Enterprise


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


@transaction.atomic
def evaluation_run_enqueue(
    *, evaluated_on: date, rulebooks: Sequence[str], enterprise_ids: Iterable[int] | None = None, user: Any
) -> EvaluationRun:
    """Create a bulk run and enqueue it (django-tasks) once the transaction commits."""
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


__all__ = ["evaluation_record", "evaluation_run_enqueue", "evaluations_run", "resolve_rulebook"]
