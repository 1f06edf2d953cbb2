"""Wipe the data the demo owns before a rebuild: every enterprise, team and park with all rows that hang
off them (figures, certificates, assignments, tenancies, layer spans, moves, and whatever later apps link
to an enterprise), and their change-log rows. Reference data, organisations and users are kept (the demo
users are upserted by the build).

Rows are deleted with raw SQL deletes, children first, found through the models' reverse relations: a
collector-based `QuerySet.delete()` would load and signal every row (and write a history row for each),
which takes hours at national scale."""

from __future__ import annotations

from typing import Any

from django.db import models

from rainforest.demo.models import DemoBuild
from rainforest.enterprises.models import Enterprise
from rainforest.incubator.models import Park, Team

ROOTS: tuple[type[models.Model], ...] = (Enterprise, Team, Park)


def holds_foreign_data() -> bool:
    """True when enterprises exist that no demo build made (e.g. imported real data)."""
    return Enterprise.objects.exists() and not DemoBuild.objects.exists()


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    manager: Any = getattr(model, "history", None)
    return getattr(manager, "model", None) if manager is not None else None


def _wipe(model: type[models.Model], rows: models.QuerySet[Any], wiped: list[str]) -> None:
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.on_delete is models.DO_NOTHING:
            continue
        related: Any = relation.related_model
        link = relation.field.name
        children = related._base_manager.filter(**{f"{link}__in": rows.values("pk")})
        if relation.on_delete in (models.SET_NULL, models.SET_DEFAULT):
            children.update(**{link: None})
        else:  # CASCADE, PROTECT, RESTRICT: the demo owns these rows too
            _wipe(related, children, wiped)
    history = _history_model(model)
    if history is not None:
        history._base_manager.all()._raw_delete(history._base_manager.db)
    rows._raw_delete(rows.db)
    wiped.append(model._meta.label)


def wipe_demo_data() -> list[str]:
    """Delete everything the demo owns; returns the labels of the models wiped, in order."""
    wiped: list[str] = []
    for root in ROOTS:
        _wipe(root, root._base_manager.all(), wiped)
    DemoBuild.objects.all().delete()
    return wiped
