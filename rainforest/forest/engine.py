"""The forest model as pure functions: the layer of one organisation on a date, its layer
timeline (a step function over every input change) and the moves along it. Nothing here queries the
database: `forest.selectors` loads `OrgFacts` in bulk and `forest.services` stores the results."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import IntEnum
from itertools import pairwise

from rainforest.forest.rulebook import ForestRulebook, rulebook_on


class Layer(IntEnum):
    NONE = 0
    SEED = 1
    HERB = 2
    SHRUB = 3
    TREE = 4

    @property
    def code(self) -> str:
        return self.name.lower()


LAYER_LABELS = {
    Layer.NONE: "未入林",
    Layer.SEED: "种子",
    Layer.HERB: "草本",
    Layer.SHRUB: "灌木",
    Layer.TREE: "乔木",
}
MOVE_INTO = {Layer.HERB: "sprout", Layer.SHRUB: "rise", Layer.TREE: "strengthen"}
MOVE_LABELS = {
    "sprout": "微成长",
    "rise": "小升高",
    "grow": "高壮大",
    "strengthen": "大变强",
    "regress": "回落",
}
CERTIFICATE_LABELS = {
    "tech_sme": "科技型中小企业登记",
    "hnte": "高新技术企业证书",
    "innovative_sme": "创新型中小企业",
    "specialised_sme": "专精特新",
    "little_giant": "专精特新“小巨人”",
    "longtou": "龙头企业认定",
    "tech_leader": "科技领军企业认定",
    "tech_and_innovative_sme": "科技和创新型中小企业",
}


@dataclass(frozen=True)
class Period:
    """A validity interval [start, end); end None means open."""

    kind: str
    start: date
    end: date | None
    revoked: bool = False  # ended by revocation rather than by running out

    def holds(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass
class OrgFacts:
    """What the forest rules need of one organisation. Teams have no `founded_on` and no certificates."""

    key: int
    is_team: bool = False
    founded_on: date | None = None  # enterprise: establishment date
    certificates: list[Period] = field(default_factory=list)
    tenancies: list[Period] = field(default_factory=list)
    revenue: dict[int, Decimal | None] = field(default_factory=dict)  # operating_revenue by year
    seed_until: date | None = None  # team: incorporation date (it stops being a seed)
    seed_from: date | None = None  # enterprise with a seed team: when that team's seed period began


@dataclass(frozen=True)
class LayerOn:
    layer: Layer
    needs_data: bool = False


@dataclass(frozen=True)
class Span:
    layer: Layer
    start: date
    end: date | None
    needs_data: bool


@dataclass(frozen=True)
class Move:
    kind: str
    on: date
    from_layer: Layer
    to_layer: Layer
    reason: str


def _holds(periods: Iterable[Period], kinds: frozenset[str], day: date) -> bool:
    return any(p.kind in kinds and p.holds(day) for p in periods)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def herb_end(period: Period, book: ForestRulebook) -> date | None:
    """When a registration stops making a herb: a yearly registration that ran out (not one revoked)
    still counts until the next year's update deadline, so a firm that re-registers in spring stays a
    herb through the winter (a registration is valid one year and is commonly updated by the end of March)."""
    if period.end is None or period.revoked or book.registration_counts_until is None:
        return period.end
    month, day = book.registration_counts_until
    deadline = date(period.end.year, month, day) + timedelta(days=1)
    return max(period.end, deadline)


def _herb_registered(periods: Iterable[Period], book: ForestRulebook, day: date) -> bool:
    for period in periods:
        if period.kind in book.herb_certificates and period.start <= day:
            end = herb_end(period, book)
            if end is None or day < end:
                return True
    return False


def layer_on(facts: OrgFacts, day: date, book: ForestRulebook | None = None) -> LayerOn:
    """The layer of one organisation on `day`: the first of tree, shrub, herb, seed that holds."""
    book = book or rulebook_on(day)
    if facts.is_team:
        in_park = any(p.holds(day) for p in facts.tenancies)
        not_yet_enterprise = facts.seed_until is None or day < facts.seed_until
        return LayerOn(Layer.SEED if in_park and not_yet_enterprise else Layer.NONE)
    if facts.founded_on is not None and day < facts.founded_on:
        return LayerOn(Layer.NONE)

    if _holds(facts.certificates, book.designations, day):
        return LayerOn(Layer.TREE)
    shrub = _holds(facts.certificates, book.shrub_certificates, day)
    if shrub or _holds(facts.certificates, book.tree_extra_certificates, day):
        revenue = facts.revenue.get(day.year - 1)
        if revenue is None:
            return LayerOn(Layer.SHRUB, needs_data=True)
        if revenue >= book.tree_min_revenue:
            return LayerOn(Layer.TREE)
        return LayerOn(Layer.SHRUB)

    if _herb_registered(facts.certificates, book, day):
        return LayerOn(Layer.HERB)
    if facts.founded_on is None:
        young: bool | None = None
    else:
        young = day < _add_years(facts.founded_on, book.startup_max_age_years)
    if any(p.holds(day) for p in facts.tenancies):
        if young:
            return LayerOn(Layer.HERB)
        if young is None:
            return LayerOn(Layer.NONE, needs_data=True)
    return LayerOn(Layer.NONE)


def change_points(facts: OrgFacts, until: date) -> list[date]:
    """Every date on which an input of the layer can change, up to `until` (inclusive). Revenue is read
    on 1 January, and only matters while a shrub certificate runs, so only those New Years are points."""
    books = _books()
    revenue_kinds = frozenset().union(*(b.shrub_certificates | b.tree_extra_certificates for b in books))
    points: set[date] = set()
    for period in facts.certificates:
        points.add(period.start)
        if period.end is not None:
            points.add(period.end)
        for book in books:
            if period.kind in book.herb_certificates:
                end = herb_end(period, book)
                if end is not None:
                    points.add(end)
        if period.kind in revenue_kinds:
            last = min(period.end or until, until)
            points.update(date(year, 1, 1) for year in range(period.start.year + 1, last.year + 1))
    for period in facts.tenancies:
        points.add(period.start)
        if period.end is not None:
            points.add(period.end)
    if facts.founded_on is not None:
        points.add(facts.founded_on)
        for book_age in {b.startup_max_age_years for b in books}:
            points.add(_add_years(facts.founded_on, book_age))
    if facts.seed_until is not None:
        points.add(facts.seed_until)
    for book in books:
        points.add(book.effective_from)
    return sorted(p for p in points if p <= until)


def _books() -> tuple[ForestRulebook, ...]:
    from rainforest.forest.rulebook import all_rulebooks

    return all_rulebooks()


def timeline(facts: OrgFacts, until: date) -> list[Span]:
    """The layer as a step function: consecutive spans [start, end) with their layer, up to `until`.
    An enterprise's history starts at its founding; a team's at its first tenancy, and a team keeps only
    its seed spans (after incorporation it lives on as the enterprise)."""
    if facts.is_team:
        starts = [p.start for p in facts.tenancies]
        origin = min(starts) if starts else None
    else:
        origin = facts.founded_on
    if origin is None:
        return []
    spans: list[Span] = []
    for day in change_points(facts, until):
        if day < origin:
            continue
        state = layer_on(facts, day)
        if spans and spans[-1].layer == state.layer and spans[-1].needs_data == state.needs_data:
            continue
        if spans:
            last = spans[-1]
            spans[-1] = Span(last.layer, last.start, day, last.needs_data)
        spans.append(Span(state.layer, day, None, state.needs_data))
    if facts.is_team:
        spans = [s for s in spans if s.layer is Layer.SEED]
    return spans


def _events_on(facts: OrgFacts, day: date, from_layer: Layer) -> list[str]:
    """What changed on `day`, in words, for the reason of a regression."""
    events = []
    book = rulebook_on(day)
    for period in facts.certificates:
        end = herb_end(period, book) if period.kind in book.herb_certificates else period.end
        if end == day:
            events.append(f"{CERTIFICATE_LABELS.get(period.kind, period.kind)}到期或撤销")
    for period in facts.tenancies:
        if period.end == day:
            events.append("迁出孵化载体")
    if facts.founded_on is not None and any(
        _add_years(facts.founded_on, b.startup_max_age_years) == day for b in _books()
    ):
        events.append(f"成立满{rulebook_on(day).startup_max_age_years}年，不再属于初创企业")
    if from_layer is Layer.TREE and day.month == 1 and day.day == 1:
        revenue = facts.revenue.get(day.year - 1)
        book = rulebook_on(day)
        if revenue is not None and revenue < book.tree_min_revenue:
            events.append(f"{day.year - 1}年营业收入低于{book.tree_min_revenue / 100000000}亿元")
        elif revenue is None:
            events.append(f"{day.year - 1}年营业收入缺失")
    return events


def moves(facts: OrgFacts, spans: list[Span], until: date) -> list[Move]:
    """The cultivation moves along a timeline: 微成长, 小升高, 大变强 (each step of a jump, in order), 高壮大
    (revenue growth of a shrub), and 回落 with its reason."""
    found: list[Move] = []
    previous: Layer | None = Layer.SEED if facts.seed_from is not None else None
    for span in spans:
        if previous is not None and span.layer != previous:
            if span.layer > previous:
                # Each step of a jump in order, chained: the first starts from the layer before the date
                # and the last ends on the layer after it (未入林 → 灌木 is one 小升高 from 未入林: entering the
                # forest as a herb is no move, so there is no 草本 step to start from).
                source = previous
                for step in range(previous + 1, span.layer + 1):
                    target = Layer(step)
                    if target in MOVE_INTO and not (target is Layer.HERB and previous is Layer.NONE):
                        found.append(Move(MOVE_INTO[target], span.start, source, target, ""))
                        source = target
            else:
                reason = "；".join(_events_on(facts, span.start, previous)) or "条件不再满足"
                found.append(Move("regress", span.start, previous, span.layer, reason))
        previous = span.layer
    found.extend(_growth_moves(facts, spans, until))
    found.sort(key=lambda m: (m.on, m.kind != "sprout", m.to_layer))
    return found


def _growth_moves(facts: OrgFacts, spans: list[Span], until: date) -> Iterator[Move]:
    """高壮大 of year Y is dated 1 January Y+1: a year's revenue is known only once the year is closed, and
    that is the day the tree rule reads it. Recorded only for a shrub on both sides of that day (a shrub
    whose revenue makes it a tree that day records 大变强 instead)."""
    for year, revenue in sorted(facts.revenue.items()):
        before = facts.revenue.get(year - 1)
        new_year = date(year + 1, 1, 1)
        if revenue is None or before is None or before <= 0 or new_year > until:
            continue
        growth = revenue / before - 1
        if growth < rulebook_on(new_year).high_growth_min_yoy:
            continue
        sides = (layer_in_spans(spans, new_year - timedelta(days=1)), layer_in_spans(spans, new_year))
        if sides == (Layer.SHRUB, Layer.SHRUB):
            yield Move(
                "grow",
                new_year,
                Layer.SHRUB,
                Layer.SHRUB,
                f"{year}年营业收入同比增长{float(growth):.1%}",
            )


def layer_in_spans(spans: list[Span], day: date) -> Layer | None:
    """The layer the spans give on `day` (None before the first span)."""
    for span in spans:
        if span.start <= day and (span.end is None or day < span.end):
            return span.layer
    return None


@dataclass(frozen=True)
class Contradiction:
    """Moves of one date that do not lead from the spans' layer before that date to the layer on it."""

    on: date
    moves: tuple[tuple[str, Layer, Layer], ...]  # (kind, from, to) of the moves of that date
    before: Layer | None  # the spans' layer on the day before (None: no span yet)
    after: Layer | None  # the spans' layer on the day

    def __str__(self) -> str:
        def code(layer: Layer | None) -> str:
            return "-" if layer is None else layer.code

        steps = ", ".join(f"{kind} {code(a)}->{code(b)}" for kind, a, b in self.moves) or "no move"
        return f"{self.on}: {steps}; spans {code(self.before)}->{code(self.after)}"


def move_contradictions(
    spans: list[Span], found: Iterable[Move], *, starts_as_seed: bool = False
) -> list[Contradiction]:
    """How the moves of one organisation contradict its spans (empty when they agree). The invariant:
    on every date, the moves of that date form one chain from the spans' layer on the day before to the
    spans' layer on the day (a jump records each step in order); 高壮大 is a shrub that stays a shrub; and
    every change of layer has its moves, except entering the forest as a herb (未入林 → 草本 is no move).
    `starts_as_seed`: the organisation was a seed (an incubated team) before its first span."""

    def before(day: date) -> Layer | None:
        layer = layer_in_spans(spans, day - timedelta(days=1))
        if layer is None and starts_as_seed and spans and day == spans[0].start:
            return Layer.SEED
        return layer

    problems: list[Contradiction] = []
    by_day: dict[date, list[Move]] = {}
    for move in found:
        by_day.setdefault(move.on, []).append(move)
    for day in sorted({span.start for span in spans} | set(by_day)):
        source, target = before(day), layer_in_spans(spans, day)
        grows = [m for m in by_day.get(day, []) if m.kind == "grow"]
        chain = sorted(
            (m for m in by_day.get(day, []) if m.kind != "grow"),
            key=lambda m: m.from_layer,
            reverse=source is not None and target is not None and target < source,
        )
        steps = tuple((m.kind, m.from_layer, m.to_layer) for m in [*chain, *grows])
        shrub_kept = source is Layer.SHRUB and target is Layer.SHRUB
        if any((m.from_layer, m.to_layer) != (Layer.SHRUB, Layer.SHRUB) or not shrub_kept for m in grows):
            problems.append(Contradiction(day, steps, source, target))
            continue
        no_move = source is None or source == target or (source is Layer.NONE and target is Layer.HERB)
        if not chain:
            if not no_move:
                problems.append(Contradiction(day, steps, source, target))
            continue
        linked = all(a.to_layer == b.from_layer for a, b in pairwise(chain))
        if no_move or chain[0].from_layer != source or chain[-1].to_layer != target or not linked:
            problems.append(Contradiction(day, steps, source, target))
    return problems
