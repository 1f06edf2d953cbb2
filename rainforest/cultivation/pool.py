"""The cultivation pool (培育库): the firms to grow into this round's high-tech enterprises (HNTE) and this
year's tech-SMEs, ranked by how close they are to passing, each with what it lacks and a pass probability.

Who is a candidate in year Y, on day d:
* `hnte` — every firm without an HNTE certificate valid at the end of Y: those that never held one or
  whose certificate lapsed, and those whose certificate expires within Y (no 复审 under 国科发火〔2016〕32号:
  they must win a new recognition). Evaluated on d with the figures of the three accounting years before
  Y, the ones an application of this year's round uses (recognitions are issued in November–December);
* `tech-sme` — every firm not yet registered for Y, last year's tech-SMEs due to re-register among them.

Ranking (closest first): fewer failing conditions; then cheaper gaps (eligibility.gaps.Cost tiers summed
over the failing conditions, a condition with no known fix counting as the dearest); then a higher score
midpoint against the pass mark; then fewer yuan and people needed; then the pass probability.

Bulk: the facts of every candidate come from `eligibility.selectors.facts_for_all` in a constant number of
queries; `build_pool` itself touches no database, so tests can hand it facts directly.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rainforest.core.models import data_as_of
from rainforest.cultivation.probability import TERMS, Features, Model, ModelSet, current_models, features_of
from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.facts import Facts
from rainforest.eligibility.gaps import Cost, sort_gaps
from rainforest.eligibility.result import Criterion, Result
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures

HNTE = "hnte"
TECH_SME = "tech-sme"
RULEBOOKS = (HNTE, TECH_SME)
RULEBOOK_LABELS = {HNTE: gettext_lazy("高新技术企业认定"), TECH_SME: gettext_lazy("科技型中小企业评价")}
EXPIRING = "expiring"
RE_REGISTER = "re_register"
REASON_LABELS = {
    EXPIRING: gettext_lazy("高企证书今年到期，须重新认定"),
    RE_REGISTER: gettext_lazy("去年已入库，今年尚未重新评价入库"),
}
NO_KNOWN_FIX = len(Cost) + 1  # the cost tier of a failing condition no gap closes (over a cap, wrong field)
# Above this many candidates the facts are loaded for the whole city and filtered, rather than by id list.
ID_LIST_LIMIT = 20_000

# Probability bands of the pool's filter: (code, label, low inclusive, high exclusive).
BANDS = (
    ("high", gettext_lazy("较高（≥70%）"), 0.7, 1.01),
    ("medium", gettext_lazy("中等（30%–70%）"), 0.3, 0.7),
    ("low", gettext_lazy("较低（<30%）"), 0.0, 0.3),
)


@dataclass(frozen=True, slots=True)
class Shortfall:
    """What closes one failing condition, the cheapest way (eligibility.gaps order)."""

    code: str
    label: str
    text: str
    cost: int
    yuan: Decimal = Decimal(0)
    persons: int = 0


@dataclass(slots=True)
class Candidate:
    enterprise_id: int
    rulebook: str
    result: Result
    features: Features
    probability: float
    shortfalls: list[Shortfall] = field(default_factory=list)
    reason: str = ""
    enterprise: Enterprise | None = None

    @property
    def verdict(self) -> str:
        return self.result.eligible

    @property
    def failing(self) -> int:
        return sum(1 for item in self.result.criteria if item.role == "condition" and item.passed is False)

    @property
    def unknown(self) -> int:
        return sum(1 for item in self.result.criteria if item.role == "condition" and item.passed is None)

    @property
    def score_margin(self) -> float:
        if self.result.score is None or self.result.pass_mark is None:
            return 0.0
        low, high = self.result.score
        return (low + high) / 2 - self.result.pass_mark

    @property
    def score_text(self) -> str:
        if self.result.score is None:
            return "—"
        low, high = self.result.score
        return str(low) if low == high else f"{low}–{high}"

    @property
    def yuan_needed(self) -> Decimal:
        return sum((item.yuan for item in self.shortfalls), Decimal(0))

    @property
    def persons_needed(self) -> int:
        return sum(item.persons for item in self.shortfalls)

    @property
    def gap_cost(self) -> int:
        return sum(item.cost for item in self.shortfalls)

    @property
    def reason_label(self) -> str:
        return str(REASON_LABELS[self.reason]) if self.reason else ""

    def closeness(self) -> tuple[int, int, float, Decimal, int, float, int]:
        """The sort key of the pool: smaller is closer to passing."""
        return (
            self.failing,
            self.gap_cost,
            -self.score_margin,
            self.yuan_needed,
            self.persons_needed,
            -self.probability,
            self.enterprise_id,
        )


def _shortfall(criterion: Criterion) -> Shortfall:
    if criterion.gaps:
        gap = sort_gaps(criterion.gaps)[0]
        return Shortfall(
            code=criterion.code,
            label=criterion.label,
            text=gap.text,
            cost=int(gap.cost),
            yuan=gap.size if gap.unit == "yuan" else Decimal(0),
            persons=int(gap.size) if gap.unit == "persons" else 0,
        )
    text = criterion.gap or _("不满足：{label}").format(label=criterion.label)
    return Shortfall(code=criterion.code, label=criterion.label, text=text, cost=NO_KNOWN_FIX)


def shortfalls_of(result: Result) -> list[Shortfall]:
    """One line per failing condition, cheapest first: what the firm lacks, in its own yuan and people."""
    found = [
        _shortfall(item) for item in result.criteria if item.role == "condition" and item.passed is False
    ]
    return sorted(found, key=lambda item: (item.cost, item.yuan, item.persons, item.code))


def assess(rulebook: str, facts: Facts, model: Model, *, enterprise_id: int, reason: str = "") -> Candidate:
    result = evaluate(facts, rulebook)
    features = features_of(result, facts)
    return Candidate(
        enterprise_id=enterprise_id,
        rulebook=rulebook,
        result=result,
        features=features,
        probability=model.probability(features),
        shortfalls=shortfalls_of(result),
        reason=reason,
    )


def rank(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=Candidate.closeness)


def build_pool(
    *,
    rulebook: str,
    facts_by_enterprise: dict[int, Facts],
    model: Model,
    reasons: dict[int, str] | None = None,
    enterprises: dict[int, Enterprise] | None = None,
) -> list[Candidate]:
    """Evaluate every firm of `facts_by_enterprise` with `rulebook` and rank them (no database access)."""
    reasons = reasons or {}
    enterprises = enterprises or {}
    candidates = []
    for pk, facts in facts_by_enterprise.items():
        candidate = assess(rulebook, facts, model, enterprise_id=pk, reason=reasons.get(pk, ""))
        candidate.enterprise = enterprises.get(pk)
        candidates.append(candidate)
    return rank(candidates)


# --- candidates from the registry ----------------------------------------------------------------------


def _valid_on(day: date) -> Q:
    return Q(issued_on__lte=day, expires_on__gt=day) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))


def candidates_queryset(scope: QuerySet[Enterprise], *, rulebook: str, day: date) -> QuerySet[Enterprise]:
    """The firms of `scope` that are candidates of `rulebook` in day's year (see the module docstring)."""
    year = day.year
    founded = scope.filter(founded_on__lte=day)
    if rulebook == HNTE:
        held_to_year_end = Certificate.objects.filter(
            _valid_on(date(year, 12, 31)), enterprise_id=OuterRef("pk"), kind=CertificateKind.HNTE
        )
        return founded.exclude(Exists(held_to_year_end))
    if rulebook == TECH_SME:
        registered = Certificate.objects.filter(
            enterprise_id=OuterRef("pk"), kind=CertificateKind.TECH_SME, year=year, issued_on__lte=day
        ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        return founded.exclude(Exists(registered))
    raise KeyError(rulebook)


def reasons_for(ids: Sequence[int], *, rulebook: str, day: date) -> dict[int, str]:
    """Why a firm is in the pool, where it is a renewal: its HNTE expires this year, or it was last year's
    tech-SME. One query."""
    year = day.year
    if rulebook == HNTE:
        expiring = Certificate.objects.filter(
            _valid_on(day), kind=CertificateKind.HNTE, expires_on__lte=date(year + 1, 1, 1)
        )
        label = EXPIRING
    else:
        expiring = Certificate.objects.filter(
            kind=CertificateKind.TECH_SME, year=year - 1, revoked_on__isnull=True
        )
        label = RE_REGISTER
    if len(ids) <= ID_LIST_LIMIT:
        expiring = expiring.filter(enterprise_id__in=list(ids))
    wanted = set(ids)
    return {pk: label for pk in expiring.values_list("enterprise_id", flat=True) if pk in wanted}


def load_facts(ids: Sequence[int], day: date) -> dict[int, Facts]:
    """The facts of these firms on `day`, in bulk (eligibility.selectors, three queries)."""
    from rainforest.eligibility.selectors import facts_for_all

    if len(ids) > ID_LIST_LIMIT:
        wanted = set(ids)
        return {pk: facts for pk, facts in facts_for_all(day).items() if pk in wanted}
    return facts_for_all(day, ids)


# Evaluations are cached per (rulebook, day, model version, data stamp) and enterprise, in this process:
# the city's pool is evaluated once, a butler's page evaluates only its own firms. The stamp changes with
# every write that keeps history and every insert; CACHE_SECONDS bounds what a write without history
# (a bulk update) could leave stale.
CACHE_SECONDS = 300
_cache: dict[tuple[Any, ...], tuple[float, dict[int, Candidate]]] = {}


def data_stamp() -> tuple[Any, ...]:
    """One query: the newest change-log row and the size of the tables the facts are read from."""
    tables = [
        (Enterprise._meta.db_table, "id"),
        (YearlyFigures._meta.db_table, "id"),
        (Certificate._meta.db_table, "id"),
        (Enterprise.history.model._meta.db_table, "history_id"),
        (YearlyFigures.history.model._meta.db_table, "history_id"),
        (Certificate.history.model._meta.db_table, "history_id"),
    ]
    if apps.is_installed("rainforest.demo"):  # a rebuilt demo city may reuse every id
        tables.append((apps.get_model("demo", "DemoBuild")._meta.db_table, "id"))
    parts = ", ".join(
        f"(SELECT MAX({column}) FROM {table}), (SELECT COUNT(*) FROM {table})" for table, column in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    return tuple(row or ())


def _entries(rulebook: str, day: date, models: ModelSet) -> dict[int, Candidate]:
    key = (rulebook, day, models.version, data_stamp())
    now = time.monotonic()
    for stale in [
        k for k, (at, _v) in _cache.items() if k != key and (k[:3] == key[:3] or now - at > CACHE_SECONDS)
    ]:
        del _cache[stale]
    at, entries = _cache.get(key, (now, {}))
    if now - at > CACHE_SECONDS:
        at, entries = now, {}
    _cache[key] = (at, entries)
    return entries


def clear_cache() -> None:
    _cache.clear()


def pool_for(
    scope: QuerySet[Enterprise],
    *,
    rulebook: str,
    day: date | None = None,
    district: Any = None,
    models: ModelSet | None = None,
) -> list[Candidate]:
    """The ranked pool of `rulebook` among the firms of `scope` (a scoped queryset, e.g.
    `Enterprise.objects.visible_to(user)`), optionally in one district. A constant number of queries."""
    day = day or data_as_of()
    models = models or current_models()
    queryset = candidates_queryset(scope, rulebook=rulebook, day=day)
    if district is not None:
        queryset = queryset.filter(district=district)
    enterprises = {e.pk: e for e in queryset.select_related("district").order_by("pk")}
    ids = list(enterprises)
    if not ids:
        return []
    entries = _entries(rulebook, day, models)
    missing = [pk for pk in ids if pk not in entries]
    if missing:
        evaluated = build_pool(
            rulebook=rulebook,
            facts_by_enterprise=load_facts(missing, day),
            model=models.for_family(rulebook),
            reasons=reasons_for(missing, rulebook=rulebook, day=day),
        )
        entries.update((candidate.enterprise_id, candidate) for candidate in evaluated)
    return rank(replace(entries[pk], enterprise=enterprises[pk]) for pk in ids if pk in entries)


def in_band(candidates: Iterable[Candidate], band: str) -> list[Candidate]:
    for code, _label, low, high in BANDS:
        if code == band:
            return [c for c in candidates if low <= c.probability < high]
    return list(candidates)


# --- the history the probability model is calibrated on ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Observation:
    enterprise_id: int
    year: int
    features: Features
    won: bool


def calibration_history(rulebook: str, years: Iterable[int]) -> list[Observation]:
    """For each year Y: every firm that was a candidate on 1 January Y, its features on that day, and whether
    it won the certificate in Y (an HNTE issued in Y; a tech-SME registration for Y)."""
    from rainforest.eligibility.selectors import facts_for_all

    kind = CertificateKind.HNTE if rulebook == HNTE else CertificateKind.TECH_SME
    observations: list[Observation] = []
    model = Model(family=rulebook, coefficients=dict.fromkeys(TERMS, 0.0))
    for year in years:
        day = date(year, 1, 1)
        candidates = Enterprise.objects.filter(founded_on__lt=day)
        if rulebook == HNTE:
            held = Certificate.objects.filter(
                enterprise_id=OuterRef("pk"),
                kind=kind,
                issued_on__lt=day,
                expires_on__gt=date(year, 12, 31),
            ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
            candidates = candidates.exclude(Exists(held))
        ids = set(candidates.values_list("pk", flat=True))
        won_filter = Q(issued_on__year=year) if rulebook == HNTE else Q(year=year)
        winners = set(
            Certificate.objects.filter(
                won_filter, kind=kind, enterprise_id__in=candidates.values("pk")
            ).values_list("enterprise_id", flat=True)
        )
        for pk, facts in facts_for_all(day).items():
            if pk not in ids:
                continue
            candidate = assess(rulebook, facts, model, enterprise_id=pk)
            observations.append(Observation(pk, year, candidate.features, pk in winners))
    return observations
