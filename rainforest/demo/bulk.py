"""Insert many unsaved rows at once: `bulk_create` in batches, or PostgreSQL's COPY where available.

`bulk_create` spends most of its time in per-field Python work (pre_save, get_db_prep_save) for every
row; at national scale (millions of figures and certificates) that dominates the build. On PostgreSQL
the same rows go through `COPY … FROM STDIN`, with primary keys drawn from the table's sequence first so
children can point at their enterprise. Rows bypass `save()`, signals and change history either way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models.base import ModelState

from rainforest.demo.plan import BATCH


class Rows:
    """Unsaved model instances made without `Model.__init__` (which costs ~10x more per row, and the
    national scale makes millions): every concrete field gets its default, then the given values by
    attribute name (`enterprise_id`, not `enterprise`). Only for rows headed for `insert`."""

    def __init__(self, model: type[Any]) -> None:
        self.model = model
        self.defaults = {f.attname: f.get_default() for f in model._meta.concrete_fields}

    def __call__(self, **values: Any) -> Any:
        row = object.__new__(self.model)
        row.__dict__.update(self.defaults)
        row.__dict__.update(values)
        row._state = ModelState()
        return row


def insert(model: type[Any], rows: Sequence[Any], *, need_ids: bool = False) -> None:
    """Insert `rows` (unsaved instances of `model`); with `need_ids`, each row's pk is set afterwards."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=BATCH)
        return
    table = model._meta.db_table
    fields = list(model._meta.concrete_fields)
    primary = model._meta.pk
    with connection.cursor() as cursor:
        if need_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, primary.column, len(rows)],
            )
            for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
                setattr(row, primary.attname, pk)
        else:
            fields = [f for f in fields if f is not primary]
        attnames = [f.attname for f in fields]
        # COPY takes text: a JSON field's value (an achievement's keywords) is written as its JSON.
        json_names = {f.attname for f in fields if isinstance(f, models.JSONField)}
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                values = row.__dict__
                copy.write_row(
                    [
                        json.dumps(values[name], ensure_ascii=False)
                        if name in json_names and values[name] is not None
                        else values[name]
                        for name in attnames
                    ]
                )
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
