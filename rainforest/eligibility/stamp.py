"""A stamp of the registry's state: a digest that changes whenever a table the facts are read from changes.

Kept results derived from the facts (the calls' funnel, the cultivation pool's kept probabilities) are
keyed by it, so a change anywhere in those tables makes them stale:

* on PostgreSQL, the insert/update/delete counters the server keeps for every table (its statistics views:
  the committed changes of every session, which show within seconds when a session flushes them, and the
  current transaction's own) and each table's highest id. Every write counts, COPY and raw SQL included;
* elsewhere (SQLite: development, tests, small registries), each table's row count and highest id, and the
  highest id of its change log: rows added or removed, and every edit made through the application (which
  writes a change-log row), are seen; an edit in place by hand-written SQL is not.

One lookup per table; cheap next to what it guards.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Count, Max, Model

# The facts' tables, by app label and model name (calls and incubator sit above eligibility: no import).
INPUTS = (
    ("enterprises", "Enterprise"),
    ("enterprises", "YearlyFigures"),
    ("enterprises", "Certificate"),
    ("calls", "Declaration"),
    ("incubator", "Tenancy"),
    ("core", "Region"),
    ("core", "DevelopmentZone"),
)


def input_models() -> list[type[Model]]:
    found = []
    for label, name in INPUTS:
        try:
            found.append(apps.get_model(label, name))
        except LookupError:  # an app left out of INSTALLED_APPS
            continue
    return found


def _highest(model: type[Model], column: str = "pk") -> Any:
    return model._default_manager.order_by().aggregate(top=Max(column))["top"]


def registry_stamp() -> str:
    """The digest of the facts' tables' state (see the module docstring)."""
    models = input_models()
    parts: list[Any] = [_highest(model) for model in models]
    if connection.vendor == "postgresql":
        tables = [model._meta.db_table for model in models]
        with connection.cursor() as cursor:
            for view in ("pg_stat_all_tables", "pg_stat_xact_all_tables"):
                cursor.execute(
                    f"SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM {view} "  # the two view names are fixed
                    "WHERE schemaname = current_schema() AND relname = ANY(%s) ORDER BY relname",
                    [tables],
                )
                parts.append(cursor.fetchall())
    else:
        parts += [model._default_manager.order_by().aggregate(n=Count("pk"))["n"] for model in models]
        for model in models:
            history = getattr(model, "history", None)
            if history is not None:
                parts.append(_highest(history.model, "history_id"))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
