"""Writes of any declared record type. Each is atomic, validates with `full_clean()`, records who and why in
the change log (django-simple-history), is checked by the policy before the change and again after it
(`policy.checked`), and tells `core.changes` which enterprises' forest layer follows the record."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from rainforest.core import changes
from rainforest.core.policy import Action, checked
from rainforest.core.records.declaration import Record


def _attribute(instance: models.Model, user: Any, reason: str) -> None:
    instance._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]


def _changed(record: Record, instance: models.Model) -> None:
    enterprise_ids = record.enterprise_ids(instance)
    if enterprise_ids:
        changes.records_changed(enterprise_ids=enterprise_ids)


@transaction.atomic
def record_create(*, record: Record, instance: models.Model, user: Any, reason: str = "") -> models.Model:
    """Store a new record. Its parent must be within the user's reach for ADD, and the stored row too."""
    with checked(user, Action.ADD, instance):
        instance.full_clean()
        _attribute(instance, user, reason or "登记")
        instance.save()
        _changed(record, instance)
    return instance


@transaction.atomic
def record_update(*, record: Record, instance: models.Model, user: Any, reason: str = "") -> models.Model:
    """Save the changed fields of a stored record. The stored row must be within the user's reach for
    CHANGE before the change (read again from the database) and after it (no moving a record away)."""
    stored = type(instance)._default_manager.get(pk=instance.pk)
    before = record.enterprise_ids(stored)
    with checked(user, Action.CHANGE, stored) as guard:
        instance.full_clean()
        _attribute(instance, user, reason or "修改")
        instance.save()
        guard.objects.append(instance)
        enterprise_ids = sorted(set(before) | set(record.enterprise_ids(instance)))
        if enterprise_ids:
            changes.records_changed(enterprise_ids=enterprise_ids)
    return instance


@transaction.atomic
def record_delete(*, record: Record, instance: models.Model, user: Any, reason: str = "") -> None:
    """Delete a record within the user's reach for DELETE; the change log keeps it."""
    with checked(user, Action.DELETE, instance):
        _attribute(instance, user, reason or "删除")
        enterprise_ids = record.enterprise_ids(instance)
        instance.delete()
        if enterprise_ids:
            changes.records_changed(enterprise_ids=enterprise_ids)
