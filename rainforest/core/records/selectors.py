"""Reads of declared record types: the rows a user may act on (through the policy), a field's display text,
and a record's change log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rainforest.core.money import in_units
from rainforest.core.policy import Action, restrict
from rainforest.core.records.declaration import Record
from rainforest.core.records.forms import UNITS
from rainforest.core.scope import sees_personal_data

EMPTY = "—"


def rows_for(record: Record, user: Any, action: Action = Action.VIEW) -> models.QuerySet[Any]:
    """Every row of the record type this user may act on this way, with the relations its pages show."""
    return restrict(record.base_queryset(), user, action)


def model_field(record: Record, path: str) -> models.Field[Any, Any]:
    """The model field at `path` (`enterprise__name` follows the relation)."""
    model: Any = record.model
    found: Any = None
    for part in path.split("__"):
        found = model._meta.get_field(part)
        model = found.related_model
    return found


def label_of(record: Record, path: str) -> str:
    return str(model_field(record, path).verbose_name)


def display(record: Record, obj: Any, path: str) -> str:
    """The text a page shows for `path` on `obj`: choice labels, 是/否, ISO dates, money in its unit."""
    parts = path.split("__")
    for part in parts[:-1]:
        obj = getattr(obj, part, None)
        if obj is None:
            return EMPTY
    name = parts[-1]
    target = model_field(record, path)
    value = getattr(obj, name, None)
    if value is None or value == "":
        return EMPTY
    if target.choices:
        return str(dict(target.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal) and path in record.money_units:
        factor, unit = UNITS[record.money_units[path]]
        return f"{in_units(value, factor, 2):,.2f} {unit}"
    return str(value)


@dataclass(frozen=True)
class ChangeEntry:
    """One create, update or delete of a record: who, when, why and (label, old, new) per changed field."""

    at: datetime
    user: str
    action: str
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


ACTIONS = {"+": _("创建"), "~": _("修改"), "-": _("删除")}


def change_log(record: Record, obj: models.Model, viewer: Any = None) -> list[ChangeEntry]:
    """The change log of one record, newest first (one query); personal fields masked unless `viewer`
    may see personal data."""
    masked = bool(record.personal) and not sees_personal_data(viewer)
    history = obj.history.select_related("history_user").order_by("history_date", "history_id")  # type: ignore[attr-defined]
    fields = [f for f in record.model._meta.concrete_fields if f.name != "id"]
    entries: list[ChangeEntry] = []
    previous: Any = None
    for item in history:
        changes: list[tuple[str, str, str]] = []
        for model_field_ in fields:
            new = display(record, item, model_field_.name)
            old = display(record, previous, model_field_.name) if previous is not None else EMPTY
            if masked and model_field_.name in record.personal:
                mask = record.personal[model_field_.name]
                new, old = (value if value == EMPTY else mask(value) for value in (new, old))
            if new != old and item.history_type != "-":
                changes.append((str(model_field_.verbose_name), "" if old == EMPTY else old, new))
        user = item.history_user
        entries.append(
            ChangeEntry(
                at=item.history_date,
                user=str(user) if user is not None else gettext("系统"),
                action=str(ACTIONS.get(item.history_type, item.history_type)),
                reason=item.history_change_reason or "",
                changes=changes,
            )
        )
        previous = item
    return entries[::-1]
