"""The Excel record types of declared record types (rainforest.core.records): template, import and export
follow from a declaration's `import_columns`, `natural_key`, `parent` and FilterSet, with rows reached
through the policy module like every page and API operation."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rainforest.core.policy import Action, restrict
from rainforest.core.records import Record, registered
from rainforest.imports.base import Column, RecordType, ScopeIds


def _key_attribute(column: Column) -> str:
    return f"{column.target}_id" if column.is_lookup else column.target


def record_type_for(record: Record) -> RecordType:
    """The Excel record type of a declared record type."""
    columns: tuple[Column, ...] = record.import_columns
    by_name = {column.name: column for column in columns}

    def scope_ids(obj: Any) -> ScopeIds:
        holder = getattr(obj, record.parent) if record.parent else obj
        return getattr(holder, "district_id", None), getattr(holder, "development_zone_id", None)

    def export_queryset(user: Any, params: dict[str, Any]) -> QuerySet[Any]:
        rows = record.base_queryset()
        if user is not None:
            rows = restrict(rows, user, Action.EXPORT)
        filterset = record.filterset(params, queryset=rows)
        rows = filterset.qs if filterset.is_valid() else rows.none()
        return rows.order_by(*[_key_attribute(by_name[name]) for name in record.natural_key], "pk")

    return RecordType(
        name=record.name,
        label=record.label,
        description=record.description,
        model=record.model,
        columns=columns,
        key=record.natural_key,
        key_attributes=tuple(_key_attribute(by_name[name]) for name in record.natural_key),
        scope_ids=scope_ids,
        export_queryset=export_queryset,
        touches=lambda obj: (record.enterprise_ids(obj), ()),
        related=(record.parent,) if record.parent else (),
        adjust=record.adjust,
    )


def declared_record_types() -> dict[str, RecordType]:
    """Every declared record type that has spreadsheet columns, by name."""
    return {record.name: record_type_for(record) for record in registered() if record.import_columns}
