"""What the demo owns, and wiping it before a rebuild.

The demo owns every enterprise, team and park it made, with all rows that hang off them (figures,
certificates, assignments, tenancies, layer spans, moves, visits, and whatever later apps link to an
enterprise), and their change-log rows. A record is the demo's when its creation row in the change log
says so (`DEMO_REASON`, written by `demo.history`), or when it has no change-log row at all (rows an older
demo wrote in bulk without one; every record entered by hand or imported has a creation row). Everything
else was entered by hand or imported: the demo never deletes it, except a hand-made record that hangs off a
demo record (a certificate added to a demo firm), which cannot outlive it; `ownership()` counts both kinds
so that the command can say what a rebuild would do before doing it. Reference data, organisations and
users are kept (the demo users are upserted by the build; an account of a demo username that the demo did
not make is left alone: `demo.people.hand_made_users`).

Rows are deleted with raw SQL deletes, children first, found through the models' reverse relations: a
collector-based `QuerySet.delete()` would load and signal every row (and write a history row for each),
which takes hours at national scale. Change-log rows are deleted last, by the ids of the rows deleted,
so the change log of records the demo does not own (even deleted ones) is kept."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from rainforest.cultivation.models import KeptPool
from rainforest.demo.models import DemoBuild
from rainforest.enterprises.models import Enterprise
from rainforest.incubator.models import Park, Team

ROOTS: tuple[type[models.Model], ...] = (Enterprise, Team, Park)


def roots() -> tuple[type[models.Model], ...]:
    """The registry's roots and those of the demo's later areas (`demo.areas`)."""
    from rainforest.demo import areas

    return (*ROOTS, *areas.roots())


DEMO_REASON = "演示数据生成（rainforest demo）"
CHUNK = 10000


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    manager: Any = getattr(model, "history", None)
    return getattr(manager, "model", None) if manager is not None else None


def demo_made(model: type[models.Model]) -> Q:
    """Rows of `model` the demo made: a demo creation row in the change log, or no change-log row at all.
    A database last built by an older demo (which wrote no demo creation rows) also holds rows it made
    one by one (the park, its zones), whose creation row has neither user nor reason: in such a database
    only, those dated up to its last build count as the demo's."""
    history = history_model(model)
    if history is None:
        return Q()
    logged = history._base_manager.filter(id=OuterRef("pk"))
    made = Q(~Exists(logged)) | Q(Exists(logged.filter(history_type="+", history_change_reason=DEMO_REASON)))
    last_build = DemoBuild.objects.order_by("-built_at").values_list("built_at", flat=True).first()
    if last_build is not None and not _built_by_this_demo():
        made |= Q(
            Exists(
                logged.filter(
                    history_type="+",
                    history_user__isnull=True,
                    history_change_reason__isnull=True,
                    history_date__lte=last_build,
                )
            )
        )
    return made


def _built_by_this_demo() -> bool:
    """True when some record carries a demo creation row (the demo that writes them built this database)."""
    return any(
        history._base_manager.filter(history_type="+", history_change_reason=DEMO_REASON).exists()
        for history in (history_model(root) for root in roots())
        if history is not None
    )


def _children(model: type[models.Model]) -> Iterable[tuple[Any, str, Any]]:
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.on_delete is models.DO_NOTHING:
            continue
        yield relation.related_model, relation.field.name, relation.on_delete


@dataclass
class Ownership:
    """Records the demo did not make: `kept` ones (a rebuild keeps them) and `attached` ones, entered by
    hand but hanging off a demo record (a rebuild deletes them with it). Both by model verbose name."""

    kept: dict[str, int] = field(default_factory=dict)
    attached: dict[str, int] = field(default_factory=dict)
    users: list[str] = field(default_factory=list)  # accounts of the demo's usernames it did not make

    @property
    def foreign(self) -> bool:
        return bool(self.kept or self.attached)


def _count_attached(model: type[models.Model], rows: models.QuerySet[Any], found: dict[str, int]) -> None:
    for related, link, on_delete in _children(model):
        if on_delete in (models.SET_NULL, models.SET_DEFAULT):
            continue
        children = related._base_manager.filter(**{f"{link}__in": rows.values("pk")})
        if history_model(related) is not None:
            count = children.exclude(demo_made(related)).count()
            if count:
                label = str(related._meta.verbose_name)
                found[label] = found.get(label, 0) + count
        _count_attached(related, children, found)


def ownership() -> Ownership:
    """What a rebuild would find that the demo did not make (see the module docstring)."""
    result = Ownership()
    for root in roots():
        kept = root._base_manager.exclude(demo_made(root)).count()
        if kept:
            result.kept[str(root._meta.verbose_name)] = kept
        _count_attached(root, root._base_manager.filter(demo_made(root)), result.attached)
    return result


def holds_foreign_data() -> bool:
    """True when the database holds records the demo did not make (imported or entered by hand)."""
    return ownership().foreign


def _wipe(
    model: type[models.Model],
    rows: models.QuerySet[Any],
    wiped: list[str],
    logs: list[tuple[type[models.Model], list[int]]],
) -> None:
    for related, link, on_delete in _children(model):
        children = related._base_manager.filter(**{f"{link}__in": rows.values("pk")})
        if on_delete in (models.SET_NULL, models.SET_DEFAULT):
            children.update(**{link: None})
        else:  # CASCADE, PROTECT, RESTRICT: rows hanging off a demo record go with it
            _wipe(related, children, wiped, logs)
    history = history_model(model)
    if history is not None:
        logs.append((history, list(rows.values_list("pk", flat=True))))
    rows._raw_delete(rows.db)
    wiped.append(model._meta.label)


def wipe_demo_data() -> list[str]:
    """Delete what the demo owns (and hand-made rows hanging off it); returns the labels of the models
    wiped, in order. Records the demo did not make are kept, with their change log."""
    wiped: list[str] = []
    logs: list[tuple[type[models.Model], list[int]]] = []
    for root in roots():
        # The roots are chosen by their change log, so every change-log row is deleted after every row.
        _wipe(root, root._base_manager.filter(demo_made(root)), wiped, logs)
    for history, ids in logs:
        for start in range(0, len(ids), CHUNK):
            history._base_manager.filter(id__in=ids[start : start + CHUNK])._raw_delete(
                history._base_manager.db
            )
    DemoBuild.objects.all().delete()
    # Derived from the registry just wiped (the next summary evaluates the rebuilt pool).
    KeptPool.objects.all().delete()
    return wiped
