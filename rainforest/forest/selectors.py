"""Reads of the forest: facts in bulk for the engine, layer counts for a date, the flows of a period and
an organisation's timeline. Every count is scoped by the user through `Enterprise.objects.visible_to`."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from rainforest.core.models import Region
from rainforest.core.scope import Reach, scope_for
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.forest.choices import CODE_OF_LAYER
from rainforest.forest.engine import (
    Contradiction,
    Layer,
    OrgFacts,
    Period,
    Span,
    layer_on,
    move_contradictions,
)
from rainforest.forest.engine import Move as EngineMove
from rainforest.forest.models import LayerSpan, Move
from rainforest.forest.rulebook import rulebook_on
from rainforest.incubator.models import Team, Tenancy

CHUNK = 20000


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _dense_range(ids: list[int]) -> tuple[int, int] | None:
    """(lowest, highest) when `ids` fill at least half of that range: a range condition then reads few
    rows too many and saves building (and the database parsing) an IN list of thousands of ids."""
    if not ids:
        return None
    low, high = min(ids), max(ids)
    return (low, high) if high - low + 1 <= 2 * len(ids) else None


def enterprise_facts(
    enterprise_ids: list[int] | None = None,
    *,
    pk_range: tuple[int, int] | None = None,
    on: date | None = None,
) -> dict[int, OrgFacts]:
    """Forest facts for the given enterprises (all when both are None; `pk_range` is inclusive), loaded
    with one query per input kind, never one per enterprise. Rows of enterprises not asked for (read when
    a dense list of ids is queried as a range) are dropped. With `on`, only what can decide the layer on
    that one day is read (certificates that may still count, tenancies under way, last year's revenue),
    not the whole history a timeline needs."""
    facts: dict[int, OrgFacts] = {}
    wanted = None if enterprise_ids is None else set(enterprise_ids)
    dense = None if enterprise_ids is None else _dense_range(list(wanted or ()))
    if enterprise_ids is None:
        base = Enterprise.objects.all()
    elif dense is not None:
        base = Enterprise.objects.filter(pk__gte=dense[0], pk__lte=dense[1])
    else:
        base = Enterprise.objects.filter(pk__in=enterprise_ids)
    if pk_range is not None:
        base = base.filter(pk__gte=pk_range[0], pk__lte=pk_range[1])
    for pk, founded_on in base.values_list("pk", "founded_on").iterator(chunk_size=CHUNK):
        if wanted is None or pk in wanted:
            facts[pk] = OrgFacts(key=pk, founded_on=founded_on)
    batches: Iterable[list[int] | None] = [None] if enterprise_ids is None else _chunks(sorted(facts))
    for batch in batches:
        certificates = Certificate.objects.all()
        tenancies = Tenancy.objects.filter(enterprise__isnull=False, entered_on__isnull=False)
        figures = YearlyFigures.objects.all()
        teams = Team.objects.filter(enterprise__isnull=False)
        if on is not None:
            # A registration that ran out still counts until the next spring (forest rulebook), so look
            # back to the start of last year; revocations and exact ends are applied by the engine.
            certificates = certificates.filter(issued_on__lte=on, expires_on__gt=date(on.year - 1, 1, 1))
            tenancies = tenancies.filter(entered_on__lte=on).filter(
                Q(left_on__isnull=True) | Q(left_on__gt=on)
            )
            figures = figures.filter(year=on.year - 1)
            teams = teams.none()  # the seed team's start only matters for moves
        if pk_range is not None:
            low, high = pk_range
            certificates = certificates.filter(enterprise_id__gte=low, enterprise_id__lte=high)
            tenancies = tenancies.filter(enterprise_id__gte=low, enterprise_id__lte=high)
            figures = figures.filter(enterprise_id__gte=low, enterprise_id__lte=high)
            teams = teams.filter(enterprise_id__gte=low, enterprise_id__lte=high)
        if batch is not None:
            span = _dense_range(batch)
            if span is not None:
                low, high = span
                certificates = certificates.filter(enterprise_id__gte=low, enterprise_id__lte=high)
                tenancies = tenancies.filter(enterprise_id__gte=low, enterprise_id__lte=high)
                figures = figures.filter(enterprise_id__gte=low, enterprise_id__lte=high)
                teams = teams.filter(enterprise_id__gte=low, enterprise_id__lte=high)
            else:
                certificates = certificates.filter(enterprise_id__in=batch)
                tenancies = tenancies.filter(enterprise_id__in=batch)
                figures = figures.filter(enterprise_id__in=batch)
                teams = teams.filter(enterprise_id__in=batch)
        for eid, kind, issued, expires, revoked in certificates.values_list(
            "enterprise_id", "kind", "issued_on", "expires_on", "revoked_on"
        ).iterator(chunk_size=CHUNK):
            revoked_early = revoked is not None and revoked < expires
            if eid in facts:
                facts[eid].certificates.append(
                    Period(kind, issued, revoked if revoked_early else expires, revoked_early)
                )
        for eid, entered, left in tenancies.values_list("enterprise_id", "entered_on", "left_on").iterator(
            chunk_size=CHUNK
        ):
            if eid in facts and entered is not None:  # always: the query excludes a missing entry date
                facts[eid].tenancies.append(Period("tenancy", entered, left))
        for eid, year, revenue in figures.values_list("enterprise_id", "year", "operating_revenue").iterator(
            chunk_size=CHUNK
        ):
            if eid in facts:
                facts[eid].revenue[year] = revenue
        seed_starts = (
            teams.filter(tenancies__entered_on__isnull=False)
            .values_list("enterprise_id")
            .annotate(first=Min("tenancies__entered_on"))
            .order_by()
        )
        for eid, first in seed_starts:
            if eid in facts:
                facts[eid].seed_from = first
    return facts


def team_facts(team_ids: list[int] | None = None) -> dict[int, OrgFacts]:
    teams = Team.objects.all() if team_ids is None else Team.objects.filter(pk__in=team_ids)
    facts = {
        pk: OrgFacts(key=pk, is_team=True, seed_until=inc)
        for pk, inc in teams.values_list("pk", "incorporated_on")
    }
    tenancies = Tenancy.objects.filter(team__isnull=False, entered_on__isnull=False)
    if team_ids is not None:
        tenancies = tenancies.filter(team_id__in=team_ids)
    for tid, entered, left in tenancies.values_list("team_id", "entered_on", "left_on"):
        if tid in facts and entered is not None:  # always: the query excludes a missing entry date
            facts[tid].tenancies.append(Period("tenancy", entered, left))
    return facts


def layers_on(day: date) -> dict[int, Layer]:
    """Every enterprise's layer on `day`, computed from the records (not from stored spans)."""
    book = rulebook_on(day)
    return {pk: layer_on(f, day, book).layer for pk, f in enterprise_facts(on=day).items()}


def spans_on(day: date) -> QuerySet[LayerSpan]:
    return LayerSpan.objects.filter(Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gt=day)))


def scoped_spans(user: Any, day: date) -> QuerySet[LayerSpan]:
    """Spans valid on `day` of the enterprises (and, for city- and district-wide users, teams) the user sees."""
    spans = spans_on(day)
    scope = scope_for(user)
    if scope.reach is Reach.CITY:
        return spans
    visible = Enterprise.objects.visible_to(user)
    condition = Q(enterprise__in=visible)
    if scope.reach is Reach.DISTRICT and scope.region_id:
        condition |= Q(team__isnull=False, district_id=scope.region_id)
    return spans.filter(condition)


@dataclass(frozen=True)
class ForestSummary:
    as_of: date
    rulebook_version: str
    by_layer: dict[str, int]
    by_district: list[dict[str, Any]]
    needs_data: int
    total: int


def forest_summary(user: Any, as_of: date) -> ForestSummary:
    """Counts by layer and by district on `as_of`, within the user's scope."""
    rows = (
        scoped_spans(user, as_of)
        .values("district_id", "layer")
        .annotate(n=Count("id"), unsure=Count("id", filter=Q(needs_data=True)))
        .order_by()
    )
    by_layer: Counter[str] = Counter({code: 0 for code in CODE_OF_LAYER.values()})
    cells: dict[int, Counter[str]] = defaultdict(Counter)
    needs_data = 0
    for row in rows:
        code = CODE_OF_LAYER[row["layer"]]
        by_layer[code] += row["n"]
        needs_data += row["unsure"]
        cells[row["district_id"]][code] += row["n"]
    districts = []
    for region in Region.objects.districts().filter(parent__code="140700"):
        counts = cells.get(region.pk, Counter())
        districts.append(
            {
                "code": region.code,
                "name": region.name,
                "counts": {code: counts.get(code, 0) for code in CODE_OF_LAYER.values()},
                "total": sum(counts.values()),
            }
        )
    return ForestSummary(
        as_of=as_of,
        rulebook_version=rulebook_on(as_of).version,
        by_layer=dict(by_layer),
        by_district=districts,
        needs_data=needs_data,
        total=sum(by_layer.values()),
    )


def year_window(year: int, as_of: date | None = None) -> tuple[date, date]:
    """The flows of a year run from the last day of the year before to the last day of the year. From
    1 January instead, every tech-SME registration would be caught on its expiry day, before the firm
    re-registers in spring, and the chart would show a wave of herbs leaving and coming back.
    A year still under way ends on the data as-of date: the records say nothing beyond it."""
    start, end = date(year - 1, 12, 31), date(year, 12, 31)
    if as_of is not None and start < as_of < end:
        end = as_of
    return start, end


def layer_flows(user: Any, start: date, end: date) -> list[dict[str, Any]]:
    """Organisations by (layer on start, layer on end): the links of the Sankey chart of a period.
    An organisation that did not exist at the start comes from "new"."""
    # Keyed by (enterprise id, team id): exactly one of the two is set.
    before: dict[tuple[int | None, int | None], int] = {
        (row["enterprise_id"], row["team_id"]): row["layer"]
        for row in scoped_spans(user, start).values("enterprise_id", "team_id", "layer")
    }
    after: dict[tuple[int | None, int | None], int] = {
        (row["enterprise_id"], row["team_id"]): row["layer"]
        for row in scoped_spans(user, end).values("enterprise_id", "team_id", "layer")
    }
    # A team that incorporated within the period continues as its enterprise.
    incorporated = dict(
        Team.objects.filter(
            enterprise__isnull=False, incorporated_on__gt=start, incorporated_on__lte=end
        ).values_list("pk", "enterprise_id")
    )
    links: Counter[tuple[str, str]] = Counter()
    for key, layer in after.items():
        origin = before.get(key)
        source = CODE_OF_LAYER[origin] if origin is not None else "new"
        links[(source, CODE_OF_LAYER[layer])] += 1
    for (eid, tid), layer in before.items():
        if (eid, tid) in after:
            continue
        if tid is not None and tid in incorporated and (incorporated[tid], None) in after:
            continue  # counted below
        links[(CODE_OF_LAYER[layer], "gone")] += 1
    for tid, eid in incorporated.items():
        if (None, tid) in before and (eid, None) in after:
            links[("new", CODE_OF_LAYER[after[(eid, None)]])] -= 1
            links[("seed", CODE_OF_LAYER[after[(eid, None)]])] += 1
    return [{"source": s, "target": t, "value": n} for (s, t), n in sorted(links.items()) if n > 0]


def moves_in(user: Any, start: date, end: date) -> QuerySet[Move]:
    """Moves dated after `start` up to and including `end`: exactly the changes between the snapshot on
    `start` and the one on `end` that `layer_flows` compares. Within the user's scope."""
    moves = Move.objects.filter(on__gt=start, on__lte=end)
    if scope_for(user).reach is Reach.CITY:
        return moves
    return moves.filter(enterprise__in=Enterprise.objects.visible_to(user))


def move_counts(user: Any, start: date, end: date) -> dict[str, int]:
    counts = dict(moves_in(user, start, end).values_list("kind").annotate(n=Count("id")).order_by())
    return {kind: counts.get(kind, 0) for kind in ("sprout", "rise", "grow", "strengthen", "regress")}


def enterprise_timeline(enterprise: Enterprise) -> tuple[QuerySet[LayerSpan], QuerySet[Move]]:
    return enterprise.layer_spans.order_by("starts_on"), enterprise.moves.order_by("on", "id")


def move_contradictions_stored() -> dict[int, list[Contradiction]]:
    """Every enterprise whose stored moves contradict its stored spans (engine.move_contradictions), with
    how. Two streamed queries in enterprise order, whatever the size of the registry."""
    seeded = set(
        Team.objects.filter(enterprise__isnull=False, tenancies__entered_on__isnull=False).values_list(
            "enterprise_id", flat=True
        )
    )
    spans: dict[int, list[Span]] = defaultdict(list)
    for eid, layer, start, end, needs_data in (
        LayerSpan.objects.filter(enterprise__isnull=False)
        .order_by("enterprise_id", "starts_on")
        .values_list("enterprise_id", "layer", "starts_on", "ends_on", "needs_data")
        .iterator(chunk_size=CHUNK)
    ):
        spans[eid].append(Span(Layer(layer), start, end, needs_data))
    moves: dict[int, list[EngineMove]] = defaultdict(list)
    for eid, kind, on, source, target in (
        Move.objects.filter(enterprise__isnull=False)
        .order_by("enterprise_id", "on", "id")
        .values_list("enterprise_id", "kind", "on", "from_layer", "to_layer")
        .iterator(chunk_size=CHUNK)
    ):
        moves[eid].append(EngineMove(kind, on, Layer(source), Layer(target), ""))
    found: dict[int, list[Contradiction]] = {}
    for eid in sorted(spans.keys() | moves.keys()):
        problems = move_contradictions(spans.get(eid, []), moves.get(eid, []), starts_as_seed=eid in seeded)
        if problems:
            found[eid] = problems
    return found
