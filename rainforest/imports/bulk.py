"""Bulk SQL of the Excel framework: rows and their change-log rows written with executemany (or COPY on
PostgreSQL), far faster than the ORM's per-object work for a 100,000-row file, with the same values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from django.db import connection, models

from rainforest.imports.base import RecordType, follow
from rainforest.imports.lookups import chunks

BATCH = 2000


# Values of these field classes are bound to the SQL as they are: the validated Python values (int, str,
# Decimal, date, bool, ids) are what both SQLite (through Django's registered adapters) and psycopg take.
# Everything else (datetimes, JSON, …) goes through the field's get_db_prep_save.
PLAIN_FIELDS = (
    models.IntegerField,
    models.CharField,
    models.DecimalField,
    models.BooleanField,
    models.ForeignKey,
)


def _preparer(model_field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(model_field, PLAIN_FIELDS) or type(model_field) is models.DateField:
        return None
    return partial(model_field.get_db_prep_save, connection=connection)


def _bound(values: list[Any], preparers: list[Callable[[Any], Any] | None]) -> list[Any]:
    return [
        value if prepare is None else prepare(value) for value, prepare in zip(values, preparers, strict=True)
    ]


def insert_rows(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    rows: list[list[Any]],
    preparers: list[Callable[[Any], Any] | None] | None = None,
) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    preparers = preparers or [_preparer(f) for f in fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY takes the same values as the INSERT below, about 10x faster than psycopg's executemany.
            # The raw psycopg cursor: its errors are wrapped as Django's (IntegrityError, …) like any query's.
            sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(_bound(row, preparers))
            return
        for batch in chunks(rows, BATCH):
            cursor.executemany(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",
                [_bound(row, preparers) for row in batch],
            )


def update_rows(
    model: type[models.Model], fields: list[models.Field[Any, Any]], objs: list[models.Model]
) -> None:
    if not objs or not fields:
        return
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    pk = model._meta.pk
    preparers = [_preparer(f) for f in fields]
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"
    with connection.cursor() as cursor:
        for batch in chunks(objs, BATCH):
            cursor.executemany(
                sql, [[*_bound([getattr(o, f.attname) for f in fields], preparers), o.pk] for o in batch]
            )


def history_rows(
    model: type[models.Model], objs: list[models.Model], *, kind: str, user: Any, reason: str, when: datetime
) -> None:
    """The same rows simple_history writes for a save: every field, plus date, reason, type and user."""
    history_model = model.history.model  # type: ignore[attr-defined]
    source = {f.attname for f in model._meta.concrete_fields}
    fixed = {
        "history_date": when,
        "history_change_reason": reason,
        "history_type": kind,
        "history_user_id": user.pk if user is not None else None,
    }
    fields = [f for f in history_model._meta.concrete_fields if not f.primary_key]
    constant = {
        f.attname: fixed[f.attname] if f.attname in fixed else f.get_default()
        for f in fields
        if f.attname not in source
    }
    # Constants are prepared for the database once, not once per row.
    prepared = {
        f.attname: f.get_db_prep_save(constant[f.attname], connection)
        for f in fields
        if f.attname in constant
    }
    preparers = [None if f.attname in prepared else _preparer(f) for f in fields]
    rows = [
        [getattr(obj, f.attname) if f.attname in source else prepared[f.attname] for f in fields]
        for obj in objs
    ]
    insert_rows(history_model, fields, rows, preparers)


def assign_ids(record_type: RecordType, objs: list[models.Model]) -> None:
    """Rows inserted with executemany get their primary keys back through their natural key."""
    attributes = record_type.key_attributes
    wanted: dict[tuple[Any, ...], models.Model] = {tuple(follow(o, a) for a in attributes): o for o in objs}
    manager = record_type.model._default_manager
    for batch in chunks(sorted({key[0] for key in wanted}, key=str)):
        for pk, *key in manager.filter(**{f"{attributes[0]}__in": batch}).values_list("pk", *attributes):
            obj = wanted.get(tuple(key))
            if obj is not None and obj.pk is None:
                obj.pk = pk
                obj._state.adding = False


def draw_ids(model: type[models.Model], objs: list[models.Model]) -> None:
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(objs)],
        )
        for obj, (value,) in zip(objs, cursor.fetchall(), strict=True):
            setattr(obj, pk.attname, value)
            obj._state.adding = False
