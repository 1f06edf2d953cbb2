"""Writes of the forest: recompute the stored layer spans and moves from the registry's records.

Called by every service that changes an input of the layer (registration, figures, certificates,
tenancies, teams) for the organisations it touched, and by `rainforest forest rebuild` for all."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max, Min

from rainforest.core.models import today
from rainforest.enterprises.models import Enterprise
from rainforest.forest import selectors
from rainforest.forest.engine import OrgFacts, moves, timeline
from rainforest.forest.models import LayerSpan, Move
from rainforest.forest.rulebook import rulebook_on
from rainforest.incubator.models import Team

BATCH = 5000


def horizon() -> date:
    """How far ahead spans are computed: far enough for every certificate now on record to expire."""
    return date(today().year + 6, 12, 31)


SPAN_COLUMNS = ("enterprise_id", "team_id", "district_id", "layer", "starts_on", "ends_on", "needs_data",
                "rulebook_version")  # fmt: skip
MOVE_COLUMNS = ("enterprise_id", "team_id", "district_id", "kind", "on", "from_layer", "to_layer", "reason")


def _insert(model: type[models.Model], attnames: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Plain values (ints, str, dates, bools, None) into `model`'s table: COPY on PostgreSQL, else an
    executemany; the rows bulk_create would write, without building a model instance per row."""
    if not rows:
        return
    quote = connection.ops.quote_name
    column_of = {f.attname: f.column for f in model._meta.concrete_fields}
    columns = ", ".join(quote(column_of[name]) for name in attnames)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(attnames))
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows[start : start + BATCH]
            )


def _store(
    facts: dict[int, OrgFacts], districts: dict[int, int], *, is_team: bool, until: date
) -> tuple[int, int]:
    span_rows: list[tuple[Any, ...]] = []
    move_rows: list[tuple[Any, ...]] = []
    versions: dict[date, str] = {}
    for key, org in facts.items():
        spans = timeline(org, until)
        enterprise_id, team_id = (None, key) if is_team else (key, None)
        district_id = districts[key]
        for span in spans:
            version = versions.get(span.start)
            if version is None:
                version = versions[span.start] = rulebook_on(span.start).version
            span_rows.append(
                (enterprise_id, team_id, district_id, int(span.layer), span.start, span.end,
                 bool(span.needs_data), str(version))
            )  # fmt: skip
        if not is_team:
            for move in moves(org, spans, until):
                move_rows.append(
                    (enterprise_id, team_id, district_id, str(move.kind), move.on, int(move.from_layer),
                     int(move.to_layer), str(move.reason[:300]))
                )  # fmt: skip
    _insert(LayerSpan, SPAN_COLUMNS, span_rows)
    _insert(Move, MOVE_COLUMNS, move_rows)
    return len(span_rows), len(move_rows)


RANGE = 50000  # enterprises per slice of a full rebuild: bounds memory at national scale


@transaction.atomic
def forest_refresh(
    *, enterprise_ids: list[int] | None = None, team_ids: list[int] | None = None
) -> tuple[int, int]:
    """Recompute spans and moves of the given enterprises and teams (both None: everything, in slices
    of enterprise ids so memory stays bounded). Returns the number of spans and moves written."""
    until = horizon()
    everything = enterprise_ids is None and team_ids is None
    spans_written = moves_written = 0
    if everything:
        LayerSpan.objects.all().delete()
        Move.objects.all().delete()
        bounds = Enterprise.objects.aggregate(low=Min("pk"), high=Max("pk"))
        if bounds["low"] is not None:
            for low in range(bounds["low"], bounds["high"] + 1, RANGE):
                pk_range = (low, low + RANGE - 1)
                facts = selectors.enterprise_facts(pk_range=pk_range)
                districts = dict(
                    Enterprise.objects.filter(pk__gte=pk_range[0], pk__lte=pk_range[1]).values_list(
                        "pk", "district_id"
                    )
                )
                spans, moves_ = _store(facts, districts, is_team=False, until=until)
                spans_written += spans
                moves_written += moves_
    elif enterprise_ids:
        facts = selectors.enterprise_facts(enterprise_ids)
        districts = dict(Enterprise.objects.filter(pk__in=list(facts)).values_list("pk", "district_id"))
        LayerSpan.objects.filter(enterprise_id__in=enterprise_ids).delete()
        Move.objects.filter(enterprise_id__in=enterprise_ids).delete()
        spans, moves_ = _store(facts, districts, is_team=False, until=until)
        spans_written += spans
        moves_written += moves_
    if everything or team_ids:
        team_facts = selectors.team_facts(None if everything else team_ids)
        team_districts = dict(Team.objects.filter(pk__in=list(team_facts)).values_list("pk", "district_id"))
        if not everything:
            LayerSpan.objects.filter(team_id__in=team_ids).delete()
        spans, _ = _store(team_facts, team_districts, is_team=True, until=until)
        spans_written += spans
    return spans_written, moves_written


def refresh_after_change(enterprise_ids: list[int], team_ids: list[int]) -> None:
    """Listener for core.changes: a team's seed period and its enterprise's history change together."""
    linked = Team.objects.filter(pk__in=team_ids, enterprise__isnull=False).values_list(
        "enterprise_id", flat=True
    )
    forest_refresh(enterprise_ids=sorted({*enterprise_ids, *linked}), team_ids=team_ids)
