"""The pool from the registry: who is a candidate on a day, why (a renewal), their facts in bulk, and the
per-process cache of evaluations."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from rainforest.core.models import data_as_of
from rainforest.cultivation.pool.common import EXPIRING, HNTE, ID_LIST_LIMIT, RE_REGISTER, TECH_SME, Candidate
from rainforest.cultivation.pool.ranking import build_pool, rank
from rainforest.cultivation.probability import ModelSet, current_models
from rainforest.eligibility.facts import Facts
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.selectors import valid_on


def candidates_queryset(scope: QuerySet[Enterprise], *, rulebook: str, day: date) -> QuerySet[Enterprise]:
    """The firms of `scope` that are candidates of `rulebook` in day's year (see the module docstring)."""
    year = day.year
    founded = scope.filter(founded_on__lte=day)
    if rulebook == HNTE:
        held_to_year_end = Certificate.objects.filter(
            valid_on(date(year, 12, 31)), enterprise_id=OuterRef("pk"), kind=CertificateKind.HNTE
        )
        return founded.exclude(Exists(held_to_year_end))
    if rulebook == TECH_SME:
        registered = Certificate.objects.filter(
            enterprise_id=OuterRef("pk"), kind=CertificateKind.TECH_SME, year=year, issued_on__lte=day
        ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        return founded.exclude(Exists(registered))
    raise KeyError(rulebook)


def reasons_for(ids: Sequence[int], *, rulebook: str, day: date) -> dict[int, str]:
    """Why a firm is in the pool, where it is a renewal: its HNTE expires this year, or it was last year's
    tech-SME. One query."""
    year = day.year
    if rulebook == HNTE:
        expiring = Certificate.objects.filter(
            valid_on(day), kind=CertificateKind.HNTE, expires_on__lte=date(year + 1, 1, 1)
        )
        label = EXPIRING
    else:
        expiring = Certificate.objects.filter(
            kind=CertificateKind.TECH_SME, year=year - 1, revoked_on__isnull=True
        )
        label = RE_REGISTER
    if len(ids) <= ID_LIST_LIMIT:
        expiring = expiring.filter(enterprise_id__in=list(ids))
    wanted = set(ids)
    return {pk: label for pk in expiring.values_list("enterprise_id", flat=True) if pk in wanted}


def load_facts(ids: Sequence[int], day: date) -> dict[int, Facts]:
    """The facts of these firms on `day`, in bulk (eligibility.selectors, three queries)."""
    from rainforest.eligibility.selectors import facts_for_all

    if len(ids) > ID_LIST_LIMIT:
        wanted = set(ids)
        return {pk: facts for pk, facts in facts_for_all(day).items() if pk in wanted}
    return facts_for_all(day, ids)


# Evaluations are cached per (rulebook, day, model version, data stamp) and enterprise, in this process:
# the city's pool is evaluated once, a butler's page evaluates only its own firms. The stamp changes with
# every write that keeps history and every insert; CACHE_SECONDS bounds what a write without history
# (a bulk update) could leave stale.
CACHE_SECONDS = 300
_cache: dict[tuple[Any, ...], tuple[float, dict[int, Candidate]]] = {}


def data_stamp() -> tuple[Any, ...]:
    """One query: the newest change-log row and the size of the tables the facts are read from."""
    tables = [
        (Enterprise._meta.db_table, "id"),
        (YearlyFigures._meta.db_table, "id"),
        (Certificate._meta.db_table, "id"),
        (Enterprise.history.model._meta.db_table, "history_id"),
        (YearlyFigures.history.model._meta.db_table, "history_id"),
        (Certificate.history.model._meta.db_table, "history_id"),
    ]
    if apps.is_installed("rainforest.calls"):  # calls: a firm's signed declarations are facts too
        tables.append((apps.get_model("calls", "Declaration")._meta.db_table, "id"))
    if apps.is_installed("rainforest.demo"):  # a rebuilt demo city may reuse every id
        tables.append((apps.get_model("demo", "DemoBuild")._meta.db_table, "id"))
    parts = ", ".join(
        f"(SELECT MAX({column}) FROM {table}), (SELECT COUNT(*) FROM {table})" for table, column in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    return tuple(row or ())


def _entries(rulebook: str, day: date, models: ModelSet) -> dict[int, Candidate]:
    key = (rulebook, day, models.version, data_stamp())
    now = time.monotonic()
    for stale in [
        k for k, (at, _v) in _cache.items() if k != key and (k[:3] == key[:3] or now - at > CACHE_SECONDS)
    ]:
        del _cache[stale]
    at, entries = _cache.get(key, (now, {}))
    if now - at > CACHE_SECONDS:
        at, entries = now, {}
    _cache[key] = (at, entries)
    return entries


def clear_cache() -> None:
    _cache.clear()


def pool_for(
    scope: QuerySet[Enterprise],
    *,
    rulebook: str,
    day: date | None = None,
    district: Any = None,
    models: ModelSet | None = None,
) -> list[Candidate]:
    """The ranked pool of `rulebook` among the firms of `scope` (a scoped queryset, e.g.
    `Enterprise.objects.visible_to(user)`), optionally in one district. A constant number of queries."""
    day = day or data_as_of()
    models = models or current_models()
    queryset = candidates_queryset(scope, rulebook=rulebook, day=day)
    if district is not None:
        queryset = queryset.filter(district=district)
    enterprises = {e.pk: e for e in queryset.select_related("district").order_by("pk")}
    ids = list(enterprises)
    if not ids:
        return []
    entries = _entries(rulebook, day, models)
    missing = [pk for pk in ids if pk not in entries]
    if missing:
        evaluated = build_pool(
            rulebook=rulebook,
            facts_by_enterprise=load_facts(missing, day),
            model=models.for_family(rulebook),
            reasons=reasons_for(missing, rulebook=rulebook, day=day),
        )
        entries.update((candidate.enterprise_id, candidate) for candidate in evaluated)
    return rank(replace(entries[pk], enterprise=enterprises[pk]) for pk in ids if pk in entries)
