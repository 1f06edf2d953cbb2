"""The pools' pass probabilities, kept (`KeptPool`): what the targets' summaries read.

A target's summary (its attainment probability and expected total, on the cockpit, in the briefing and in
the home page's reminders) needs only the pass probability of every candidate of the target's pool, not
the candidates' rows. Evaluating a pool takes about 0.8 ms per candidate (the reference rulebook path:
criteria, gaps, margins), so a national registry's pool of 437,000 firms takes minutes: too slow for a
page. So the probabilities of the whole registry's pool, per rulebook, day and probability model, are kept
in one row, with the registry stamp (`eligibility.stamp`) they were computed on:

* fresh (the stamp is unchanged): read as kept, one row;
* stale, or none kept, for a pool of up to `LIVE_LIMIT` candidates: evaluated again at once and kept;
* stale, for a larger pool: read as kept and marked stale (the outlook carries when it was computed), while
  a refresh is queued for the worker (`refresh_kept_pool`, at most once per `REQUEUE_AFTER`).

`kept_probabilities` makes that choice; `refresh_kept_pool` is the worker's task (declared here, beside what
it runs, so that reading and refreshing do not import each other; `cultivation.tasks` lists it with the
app's other background work). Keeping writes only this derived row, never a record: it is a cache with a
table, not a service.

`rainforest cultivation keep-pool` computes them on demand (after a large import, or nightly). The pool's
page and a target's own page still evaluate the candidates they list (`pool_for`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np
from django.utils import timezone
from django_tasks import task

from rainforest.cultivation.models import KeptPool
from rainforest.cultivation.pool.registry import pool_for
from rainforest.cultivation.probability import ModelSet, current_models
from rainforest.eligibility.stamp import registry_stamp
from rainforest.enterprises.models import Enterprise

LIVE_LIMIT = 20_000
REQUEUE_AFTER = timedelta(hours=1)
KEEP_FOR = timedelta(days=7)
INTEGERS = np.dtype("<i8")
FLOATS = np.dtype("<f8")


@dataclass(frozen=True)
class KeptProbabilities:
    probabilities: list[float]  # of the candidates asked for (a district's, or all), in enterprise id order
    built_at: datetime
    fresh: bool  # computed on the registry as it is now


def keep(rulebook: str, day: date, *, models: ModelSet | None = None) -> KeptPool:
    """Evaluate the whole registry's pool of `rulebook` on `day` and keep its probabilities."""
    models = models or current_models()
    stamp = registry_stamp()  # taken first: a change while the pool is evaluated leaves the row stale
    started = time.monotonic()
    candidates = sorted(
        pool_for(Enterprise.objects.all(), rulebook=rulebook, day=day, models=models),
        key=lambda candidate: candidate.enterprise_id,
    )
    ids = np.array([c.enterprise_id for c in candidates], dtype=INTEGERS)
    districts = np.array(
        [(c.enterprise.district_id or 0) if c.enterprise else 0 for c in candidates], dtype=INTEGERS
    )
    probabilities = np.array([c.probability for c in candidates], dtype=FLOATS)
    row, _created = KeptPool.objects.update_or_create(
        rulebook=rulebook,
        day=day,
        model_version=models.version,
        defaults={
            "stamp": stamp,
            "built_at": timezone.now(),
            "seconds": Decimal(str(round(time.monotonic() - started, 1))),
            "candidates": len(candidates),
            "enterprise_ids": ids.tobytes(),
            "district_ids": districts.tobytes(),
            "probabilities": probabilities.tobytes(),
            "refresh_queued_at": None,
        },
    )
    # A row per day would pile up (megabytes each at national scale): rows of other days not computed for a
    # week are dropped; a summary that asks for one of those days again computes it again.
    KeptPool.objects.filter(rulebook=rulebook, built_at__lt=timezone.now() - KEEP_FOR).exclude(
        pk=row.pk
    ).delete()
    return row


def _kept_row(rulebook: str, day: date, models: ModelSet) -> KeptPool | None:
    return KeptPool.objects.filter(rulebook=rulebook, day=day, model_version=models.version).first()


def _unpack(row: KeptPool, district_id: int | None = None) -> list[float]:
    """The kept probabilities (of one district's candidates, or all), in enterprise id order."""
    probabilities = np.frombuffer(bytes(row.probabilities), dtype=FLOATS)
    if district_id is not None:
        districts = np.frombuffer(bytes(row.district_ids), dtype=INTEGERS)
        probabilities = probabilities[districts == district_id]
    return probabilities.tolist()


@task()
def refresh_kept_pool(rulebook: str, day: str) -> int:
    """Evaluate the whole registry's pool again and keep its probabilities; the number of candidates."""
    return keep(rulebook, date.fromisoformat(day)).candidates


def _queue_refresh(row: KeptPool) -> None:
    now = timezone.now()
    if row.refresh_queued_at is not None and now - row.refresh_queued_at < REQUEUE_AFTER:
        return
    KeptPool.objects.filter(pk=row.pk).update(refresh_queued_at=now)
    refresh_kept_pool.enqueue(row.rulebook, row.day.isoformat())


def kept_probabilities(rulebook: str, day: date, *, district_id: int | None = None) -> KeptProbabilities:
    """The pass probabilities of the pool's candidates (of one district, or all), as the module docstring
    says: kept, evaluated again, or kept but stale with a refresh queued for the worker."""
    models = current_models()
    row = _kept_row(rulebook, day, models)
    fresh = row is not None and row.stamp == registry_stamp()
    if row is None or (not fresh and row.candidates <= LIVE_LIMIT):
        row, fresh = keep(rulebook, day, models=models), True
    elif not fresh:
        _queue_refresh(row)
    return KeptProbabilities(probabilities=_unpack(row, district_id), built_at=row.built_at, fresh=fresh)
