"""The cultivation pool (培育库): the firms to grow into this round's high-tech enterprises (HNTE) and this
year's tech-SMEs, ranked by how close they are to passing, each with what it lacks and a pass probability.

Who is a candidate in year Y, on day d:
* `hnte` — every firm without an HNTE certificate valid at the end of Y: those that never held one or
  whose certificate lapsed, and those whose certificate expires within Y (no 复审 under 国科发火〔2016〕32号:
  they must win a new recognition). Evaluated on d with the figures of the three accounting years before
  Y, the ones an application of this year's round uses (recognitions are issued in November–December);
* `tech-sme` — every firm not yet registered for Y, last year's tech-SMEs due to re-register among them.

What a row says the firm lacks (`Candidate.shortfalls`, `margins`, `to_verify`), in Chinese:
* the gaps of its failing conditions, cheapest first, in yuan, people and IP;
* its margins: a score condition whose range straddles the pass mark (the points still open, and the
  cheapest quantified step that raises the score), and an HNTE ratio that passes by less than `NEAR` of
  its threshold, or that next year's window (sales held) would fail unless R&D rises: what keeps it safe;
* the facts the registry does not hold that its undetermined conditions need ("待核实：…").
On registry data alone no HNTE verdict is "true" (HNTE-2, HNTE-8 need data), so for the top of the pool the
margins are the nearest quantified gaps.

Ranking (closest first): fewer failing conditions; then cheaper gaps (eligibility.gaps.Cost tiers summed
over the failing conditions, a condition with no known fix counting as the dearest); then a higher score
midpoint against the pass mark; then fewer yuan and people needed; then fewer yuan and people to make its
margins safe; then the pass probability.

Bulk: the facts of every candidate come from `eligibility.selectors.facts_for_all` in a constant number of
queries; `build_pool` itself touches no database, so tests can hand it facts directly.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rainforest.core.models import data_as_of
from rainforest.cultivation.probability import TERMS, Features, Model, ModelSet, current_models, features_of
from rainforest.eligibility import gaps as gap_kit
from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.facts import Facts, fact_labels
from rainforest.eligibility.fmt import percent_text, wan_text
from rainforest.eligibility.gaps import Cost, Gap, sort_gaps
from rainforest.eligibility.result import Criterion, Result
from rainforest.eligibility.rules._common import ratio
from rainforest.eligibility.rules.hnte import hnte_years
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
# A ratio passing by less than this share of its threshold passes narrowly (10%: 10.5% staff against 10%);
# the safe line is the threshold raised by it (11%).
NEAR = Fraction(1, 10)
# Margin texts are domain text in Chinese, like the gap texts of eligibility.gaps they embed and sit beside:
# candidates are cached across requests (and languages), so they are not translated when built.
SCORE_LABELS = {"HNTE-7": "创新能力评价得分"}
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
    margins: list[Shortfall] = field(default_factory=list)
    to_verify: list[str] = field(default_factory=list)  # fact names (JSON); `to_verify_text` for people

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
    def margin_yuan(self) -> Decimal:
        return sum((item.yuan for item in self.margins), Decimal(0))

    @property
    def margin_persons(self) -> int:
        return sum(item.persons for item in self.margins)

    @property
    def to_verify_text(self) -> str:
        """ "待核实：是否拥有核心自主知识产权、近一年有无重大安全质量事故…" (empty when nothing is missing)."""
        if not self.to_verify:
            return ""
        return _("待核实：{facts}").format(facts=fact_labels(self.to_verify))

    @property
    def lacks(self) -> list[Shortfall]:
        """What the row says, in order: the failing conditions' gaps, then the margins to make safe."""
        return [*self.shortfalls, *self.margins]

    @property
    def reason_label(self) -> str:
        return str(REASON_LABELS[self.reason]) if self.reason else ""

    def closeness(self) -> tuple[int, int, float, Decimal, int, Decimal, int, float, int]:
        """The sort key of the pool: smaller is closer to passing."""
        return (
            self.failing,
            self.gap_cost,
            -self.score_margin,
            self.yuan_needed,
            self.persons_needed,
            self.margin_yuan,
            self.margin_persons,
            -self.probability,
            self.enterprise_id,
        )


def _of_gap(criterion: Criterion, gap: Gap, text: str | None = None) -> Shortfall:
    return Shortfall(
        code=criterion.code,
        label=criterion.label,
        text=gap.text if text is None else text,
        cost=int(gap.cost),
        yuan=gap.size if gap.unit == "yuan" else Decimal(0),
        persons=int(gap.size) if gap.unit == "persons" else 0,
    )


def _shortfall(criterion: Criterion) -> Shortfall:
    if criterion.gaps:
        return _of_gap(criterion, sort_gaps(criterion.gaps)[0])
    text = criterion.gap or _("不满足：{label}").format(label=criterion.label)
    return Shortfall(code=criterion.code, label=criterion.label, text=text, cost=NO_KNOWN_FIX)


def shortfalls_of(result: Result) -> list[Shortfall]:
    """One line per failing condition, cheapest first: what the firm lacks, in its own yuan and people."""
    found = [
        _shortfall(item) for item in result.criteria if item.role == "condition" and item.passed is False
    ]
    return sorted(found, key=lambda item: (item.cost, item.yuan, item.persons, item.code))


def to_verify_of(result: Result) -> list[str]:
    """The facts the undetermined conditions need, by field name, each once, in rule order (an either/or
    route or a scored item is not a condition: its missing facts only widen a range or close a route)."""
    names = [
        name
        for item in result.criteria
        if item.role == "condition" and item.passed is None
        for name in item.missing
    ]
    return list(dict.fromkeys(names))


def _straddling(result: Result, criterion: Criterion) -> list[Shortfall]:
    """A score whose range straddles the pass mark: the points still open, and the cheapest quantified
    step of its scored items (a band move in the firm's own numbers)."""
    assert criterion.points is not None and result.pass_mark is not None
    low, high = criterion.points
    what = SCORE_LABELS.get(criterion.code, "综合得分")
    lines = [
        Shortfall(
            code=criterion.code,
            label=criterion.label,
            text=f"{what}{low}–{high}分，跨越{result.pass_mark}分及格线：尚有{high - low}分待专家评定或补充数据",
            cost=NO_KNOWN_FIX,
        )
    ]
    steps = [gap for item in result.criteria if item.role == "item" for gap in item.gaps if gap.points_gain]
    if steps:
        step = sort_gaps(steps)[0]
        lines.append(_of_gap(criterion, step, f"可先争取加分：{step.text}"))
    return lines


def _near(share: Fraction, threshold: Decimal) -> bool:
    return share < Fraction(threshold) * (1 + NEAR)


def _safe_line(threshold: Decimal) -> Decimal:
    return threshold * (1 + Decimal(NEAR.numerator) / Decimal(NEAR.denominator))


def _narrow_text(what: str, share: Fraction, threshold: Decimal, step: str) -> str:
    text = (
        "{what}{share}，接近{threshold}的门槛：{step}"
        if _near(share, threshold)
        else "{what}{share}（门槛{threshold}）：{step}"
    )
    return text.format(what=what, share=percent_text(share), threshold=percent_text(threshold), step=step)


def _rd_next_year(result: Result, criterion: Criterion, facts: Facts, years: list[int]) -> Shortfall | None:
    """HNTE-5 next year: the window drops its oldest year and adds the next one. With that year's sales held
    at the latest year's (so its rate band too), the R&D it needs is rate × Σ sales − Σ R&D of the years
    kept (exact). Said when the ratio passes narrowly or when that R&D is more than the latest year's."""
    records = [facts.year(year) for year in years]
    rd = [r.rd_expense for r in records if r is not None and r.rd_expense is not None]
    sales = [r.sales_revenue for r in records if r is not None and r.sales_revenue is not None]
    if len(years) < 3 or len(rd) != len(years) or len(sales) != len(years):
        return None
    rate = result.book["HNTE-5"].bands("sales_bands").find(sales[-1]).rate or Decimal(0)
    share = ratio(sum(rd, Decimal(0)), sum(sales, Decimal(0)))
    needed = Fraction(rate) * Fraction(sum(sales[1:], sales[-1])) - Fraction(sum(rd[1:], Decimal(0)))
    rise = needed - Fraction(rd[-1])
    if share is None or (not _near(share, rate) and rise <= 0):
        return None
    step = "{first}–{last}年度销售收入按{latest}年水平计，{last}年研发费用不低于{amount}（{latest}年为{now}）方可保持{rate}".format(
        first=years[1],
        last=years[-1] + 1,
        latest=years[-1],
        amount=wan_text(gap_kit.yuan_up(max(needed, Fraction(0))), round_up=True),
        now=wan_text(rd[-1]),
        rate=percent_text(rate),
    )
    return Shortfall(
        code=criterion.code,
        label=criterion.label,
        text=_narrow_text("研发费用占比", share, rate, step),
        cost=int(Cost.SPEND),
        yuan=gap_kit.yuan_up(rise) if rise > 0 else Decimal(0),
    )


def _hnte_margin(result: Result, criterion: Criterion, facts: Facts) -> Shortfall | None:
    """What keeps a passing HNTE ratio safe (HNTE-4, -5, -5b, -6); None when it passes with room."""
    years = hnte_years(facts, result.book.params.int("window_years"))
    if not years:
        return None
    if criterion.code == "HNTE-5":
        return _rd_next_year(result, criterion, facts, years)
    record = facts.year(years[-1])
    if record is None or criterion.code not in ("HNTE-4", "HNTE-5b", "HNTE-6"):
        return None
    threshold = result.book[criterion.code].dec("min_ratio")
    safe = _safe_line(threshold)
    if criterion.code == "HNTE-4":
        share = ratio(record.tech_staff, record.employees)
        if share is None or not _near(share, threshold) or record.employees is None:
            return None
        found = gap_kit.staff(
            criterion.code,
            employees=record.employees,
            staff_count=record.tech_staff or 0,
            threshold=safe,
            who="科技人员",  # inside the Chinese gap sentence of eligibility.gaps
        )
        what = "科技人员占比"
    else:
        domestic = criterion.code == "HNTE-5b"
        rows = [facts.year(year) for year in years] if domestic else [record]
        part = sum(
            ((r.rd_expense_domestic if domestic else r.hitech_income) or Decimal(0) for r in rows if r),
            Decimal(0),
        )
        whole = sum(
            ((r.rd_expense if domestic else r.total_income) or Decimal(0) for r in rows if r), Decimal(0)
        )
        share = ratio(part, whole)
        if share is None or not _near(share, threshold):
            return None
        gap = gap_kit.amount_for_ratio(
            criterion.code,
            numerator=part,
            denominator=whole,
            threshold=safe,
            what="境内研发费用" if domestic else "高新技术产品（服务）收入",
            period="近三年" if domestic else "最近一年",
            part_of_denominator=True,
            cost=Cost.SPEND if domestic else Cost.GROW,
        )
        found = [gap] if gap else []
        what = "境内研发费用占比" if domestic else "高新技术产品（服务）收入占比"
    if not found:
        return None
    step = sort_gaps(found)[0]
    return _of_gap(criterion, step, _narrow_text(what, share, threshold, step.text))


def margins_of(result: Result, facts: Facts) -> list[Shortfall]:
    """What would make the conditions that are not failing safe: a straddling score, a narrow HNTE ratio."""
    found: list[Shortfall] = []
    for item in result.criteria:
        if item.role != "condition" or item.passed is False:
            continue
        if item.passed is None and item.points is not None and result.pass_mark is not None:
            low, high = item.points
            if low < result.pass_mark <= high:
                found += _straddling(result, item)
        elif item.passed is True and result.book.family == HNTE:
            margin = _hnte_margin(result, item, facts)
            if margin is not None:
                found.append(margin)
    return found


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
        margins=margins_of(result, facts),
        to_verify=to_verify_of(result),
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
