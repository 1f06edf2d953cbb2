"""The change log across every record type that keeps history (django-simple-history): who created,
changed or deleted what, when, and which fields went from which old value to which new one. The change-log
page (rainforest/web/changes.py) and `GET /api/v1/changes` both read it here.

Scope, through the policy module (`rainforest.core.policy`): a user sees the history of a record type only
if the role may view that type, and of a record only if the record is in the user's scope:
- a record that still exists: when `restrict(Model.objects, user, VIEW)` holds it (its whole history is
  then shown, including values from before it moved into the scope);
- a deleted record, whose row no longer exists: when the values it had when deleted (the history row
  written at deletion) satisfy the same scope rule. A deleted enterprise of 榆次区 stays in 榆次区's log;
  a deleted certificate is judged by its enterprise, which must still be in scope (the city sees it
  whatever happened to the enterprise).

Personal contact values are masked unless the viewer may see personal data, as on the enterprise page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import models
from django.db.models import CharField, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

from rainforest.core import policy
from rainforest.core.policy import Action, Rule
from rainforest.core.scope import mask_email, mask_name, mask_phone, scope_for, sees_personal_data

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
ACTION_LABELS = {"created": _("创建"), "changed": _("修改"), "deleted": _("删除")}
HISTORY_TYPES = {name: mark for mark, name in ACTIONS.items()}
# Bookkeeping columns say nothing a reader of the change log needs.
UNLOGGED_FIELDS = frozenset({"id", "created_at", "updated_at", "password", "last_login"})
PERSONAL_FIELDS = {
    "contact_name": mask_name,
    "contact_phone": mask_phone,
    "contact_email": mask_email,
    "phone": mask_phone,
    "email": mask_email,
}


def record_types() -> dict[str, type[models.Model]]:
    """Every model that keeps history and has a row in the policy table, by label
    (`enterprises.enterprise`), in a stable order. A model without a row (a policy's conditions) is
    shown as part of nothing: the policy table decides who sees what, and it says nothing about it."""
    return {
        model._meta.label_lower: model
        for model in sorted(registered_models.values(), key=lambda m: m._meta.label_lower)
        if model._meta.label_lower in policy.TABLE
    }


def record_type_label(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name)


@dataclass(frozen=True)
class ChangeFilter:
    """What a reader asks for; every part optional."""

    record_type: str | None = None
    record_id: int | None = None
    user: str | None = None  # a username
    action: str | None = None  # created / changed / deleted
    since: date | None = None
    until: date | None = None


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class Change:
    """One history row as the log shows it. A creation lists the values it set (old empty), a deletion
    the values the record had when it was deleted (new empty), a change only the fields that changed."""

    record_type: str
    record_type_label: str
    record_id: int
    record: str
    history_id: int
    at: datetime
    user: str
    action: str
    action_label: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _on_history(condition: Q) -> Q:
    """The model's scope condition, to be applied to its history table: `pk` there is the history row's
    key, so a condition on the record's `pk` is moved to `id`, the record's key kept in each history row."""
    moved = Q()
    moved.connector, moved.negated = condition.connector, condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            moved.children.append(_on_history(child))
        else:
            lookup, value = child  # type: ignore[misc]
            if lookup == "pk" or lookup.startswith("pk__"):
                lookup = "id" + lookup[2:]
            moved.children.append((lookup, value))
    return moved


def visible_history(model: type[models.Model], user: Any) -> QuerySet[Any]:
    """The history rows of `model` the user may read (see the module docstring)."""
    history: QuerySet[Any] = model.history.all()  # type: ignore[attr-defined]
    rule = policy.rule_for(user, model, Action.VIEW)
    if rule is None:
        return history.none()
    if rule is Rule.ALL:
        return history
    condition = policy.scope_condition(model, scope_for(user), Action.VIEW)
    if condition == Q():
        return history
    existing = model._default_manager.all()
    in_scope = existing.filter(condition).values("pk")
    deleted_in_scope = (
        history.filter(history_type="-")
        .exclude(id__in=existing.values("pk"))
        .filter(_on_history(condition))
        .values("id")
    )
    return history.filter(Q(id__in=in_scope) | Q(id__in=deleted_in_scope))


def _filtered(history: QuerySet[Any], wanted: ChangeFilter) -> QuerySet[Any]:
    if wanted.record_id is not None:
        history = history.filter(id=wanted.record_id)
    if wanted.user:
        history = history.filter(history_user__username=wanted.user)
    if wanted.action:
        history = history.filter(history_type=HISTORY_TYPES[wanted.action])
    zone = timezone.get_current_timezone()
    if wanted.since:
        history = history.filter(history_date__gte=datetime.combine(wanted.since, time.min, tzinfo=zone))
    if wanted.until:
        history = history.filter(history_date__lt=datetime.combine(wanted.until, time.max, tzinfo=zone))
    return history


def change_keys(user: Any, wanted: ChangeFilter) -> QuerySet[Any]:
    """One row per visible history entry, newest first: (history_date, history_id, record type), the
    union over every record type (or the one asked for). Count it and slice it for a page; `changes_for`
    turns a slice into entries."""
    types = record_types()
    chosen = [wanted.record_type] if wanted.record_type else list(types)
    parts = [
        _filtered(visible_history(types[label], user), wanted)
        .annotate(record_type=Value(label, output_field=CharField()))
        .values_list("history_date", "history_id", "record_type")
        .order_by()
        for label in chosen
    ]
    keys = parts[0]
    if len(parts) > 1:
        keys = keys.union(*parts[1:], all=True)
    return keys.order_by("-history_date", "-history_id", "record_type")


def _logged_fields(model: type[models.Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if f.name not in UNLOGGED_FIELDS]


class _Display:
    """Stored values as display text, foreign keys resolved with one query per related model."""

    def __init__(self, rows: list[Any], *, masked: bool) -> None:
        self.masked = masked
        wanted: dict[Any, set[Any]] = {}
        for row in rows:
            for model_field in _logged_fields(row.instance_type):
                if model_field.is_relation and getattr(row, model_field.attname) is not None:
                    wanted.setdefault(model_field.related_model, set()).add(getattr(row, model_field.attname))
        self.related = {model: model._default_manager.in_bulk(list(ids)) for model, ids in wanted.items()}

    def __call__(self, model_field: Any, value: Any) -> str:
        if value is None or value == "":
            return ""
        if model_field.is_relation:
            related = self.related.get(model_field.related_model, {}).get(value)
            return str(related) if related is not None else str(value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return gettext("是") if value else gettext("否")
        if isinstance(value, date):
            return value.isoformat()
        text = str(value)
        if self.masked and model_field.name in PERSONAL_FIELDS:
            return PERSONAL_FIELDS[model_field.name](text)
        return text


def _previous(rows: list[Any]) -> dict[tuple[str, int], Any]:
    """For every change row, the history row just before it of the same record (one query per type)."""
    found: dict[tuple[str, int], Any] = {}
    by_model: dict[type[models.Model], list[Any]] = {}
    for row in rows:
        if row.history_type == "~":
            by_model.setdefault(row.instance_type, []).append(row)
    for model, changed in by_model.items():
        history = model.history  # type: ignore[attr-defined]
        earlier = history.filter(
            id__in={row.id for row in changed}, history_id__lt=max(row.history_id for row in changed)
        ).order_by("id", "history_date", "history_id")
        by_record: dict[int, list[Any]] = {}
        for row in earlier:
            by_record.setdefault(row.id, []).append(row)
        for row in changed:
            before = [
                r
                for r in by_record.get(row.id, [])
                if (r.history_date, r.history_id) < (row.history_date, row.history_id)
            ]
            if before:
                found[(model._meta.label_lower, row.history_id)] = before[-1]
    return found


def _record_text(row: Any) -> str:
    try:
        return str(row.instance)
    except Exception:  # a __str__ that follows a relation of a deleted record
        return gettext("{type} #{id}").format(type=record_type_label(row.instance_type), id=row.id)


def changes_for(keys: list[tuple[Any, int, str]], viewer: Any) -> list[Change]:
    """The entries of a page of `change_keys`, in the same order."""
    types = record_types()
    ids: dict[str, list[int]] = {}
    for _at, history_id, label in keys:
        ids.setdefault(label, []).append(history_id)
    rows: dict[tuple[str, int], Any] = {}
    for label, history_ids in ids.items():
        history = types[label].history.select_related("history_user")  # type: ignore[attr-defined]
        for row in history.filter(history_id__in=history_ids):
            rows[(label, row.history_id)] = row
    previous = _previous(list(rows.values()))
    display = _Display([*rows.values(), *previous.values()], masked=not sees_personal_data(viewer))
    entries: list[Change] = []
    for _at, history_id, label in keys:
        row = rows[(label, history_id)]
        model = types[label]
        action = ACTIONS.get(row.history_type, row.history_type)
        changes: list[FieldChange] = []
        before = previous.get((label, history_id))
        for model_field in _logged_fields(model):
            new = display(model_field, getattr(row, model_field.attname))
            if action == "created" and new:
                changes.append(FieldChange(model_field.name, str(model_field.verbose_name), "", new))
            elif action == "deleted" and new:
                changes.append(FieldChange(model_field.name, str(model_field.verbose_name), new, ""))
            elif action == "changed" and before is not None:
                old = display(model_field, getattr(before, model_field.attname))
                if old != new:
                    changes.append(FieldChange(model_field.name, str(model_field.verbose_name), old, new))
        user = row.history_user
        entries.append(
            Change(
                record_type=label,
                record_type_label=record_type_label(model),
                record_id=row.id,
                record=_record_text(row),
                history_id=history_id,
                at=row.history_date,
                user=user.get_username() if user is not None else gettext("系统"),
                action=action,
                action_label=str(ACTION_LABELS.get(action, action)),
                reason=row.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
