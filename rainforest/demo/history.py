"""Creation rows in the change log for everything the demo builds.

The demo writes its rows in bulk (`bulk_create`, or COPY on PostgreSQL), which bypasses
django-simple-history: without a creation row, the first edit of a demo firm would be the first row of
its change log, and the value before the edit would be lost. So after the build, one INSERT … SELECT per
model copies every row that has no change-log row yet into its history table as a creation ("+"), with
the demo as its reason (`DEMO_REASON`) and no user; rows the build made with `objects.create` (the park,
its zones, the training) got their creation row from simple-history and are given the same reason. That
reason is also how the next build tells the demo's records from those entered by hand (`demo.wipe`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection, models
from django.utils import timezone

from rainforest.demo.wipe import DEMO_REASON, history_model, roots


def tracked_models(extra: tuple[type[models.Model], ...] = ()) -> list[type[models.Model]]:
    """Every model with a change log that the demo writes: the roots, every model hanging off them, and
    `extra` (records the demo makes that hang off nothing, such as the training and the targets)."""
    found: list[type[models.Model]] = []

    def visit(model: type[models.Model]) -> None:
        if model in found:
            return
        found.append(model)
        for relation in model._meta.related_objects:
            if relation.many_to_many or relation.on_delete in (models.DO_NOTHING, models.SET_NULL):
                continue
            related: Any = relation.related_model
            visit(related)

    for model in (*roots(), *extra):
        visit(model)
    return [model for model in found if history_model(model) is not None]


def record_creation(models_: list[type[models.Model]], *, since: datetime) -> dict[str, int]:
    """Give every row of these models without a change-log row a creation row attributed to the demo, and
    mark the creation rows simple-history wrote since `since` with no user as the demo's. Returns the rows
    added per model label."""
    quote = connection.ops.quote_name
    added: dict[str, int] = {}
    now = timezone.now()
    with connection.cursor() as cursor:
        for model in models_:
            history = history_model(model)
            assert history is not None
            columns = [f.column for f in model._meta.concrete_fields]
            table, log = quote(model._meta.db_table), quote(history._meta.db_table)
            pk = quote(model._meta.pk.column)
            names = ", ".join(quote(c) for c in columns)
            values = ", ".join(f"t.{quote(c)}" for c in columns)
            cursor.execute(
                f"INSERT INTO {log} ({names}, history_date, history_type, history_change_reason, history_user_id) "
                f"SELECT {values}, %s, '+', %s, NULL FROM {table} t "
                f"WHERE NOT EXISTS (SELECT 1 FROM {log} h WHERE h.{pk} = t.{pk})",
                [now, DEMO_REASON],
            )
            added[model._meta.label] = cursor.rowcount
            history._base_manager.filter(
                history_type="+",
                history_date__gte=since,
                history_user__isnull=True,
                history_change_reason__isnull=True,
            ).update(history_change_reason=DEMO_REASON)
    return added
