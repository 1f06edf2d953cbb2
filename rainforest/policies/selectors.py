"""Reads for the policy calculator: policy facts for many enterprises in bulk (one query per input kind,
never one per enterprise), the push list of a policy (政策找企业) and the policies of one enterprise.

Scope: every enterprise comes from `Enterprise.objects.visible_to(user)`, so pages, API and exports show
the same firms to the same user."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Max, Q, QuerySet

from rainforest.core.models import DevelopmentZone, Region
from rainforest.core.scope import scope_for
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.incubator.choices import TenancyStatus
from rainforest.incubator.models import Tenancy
from rainforest.policies.calculator import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNDETERMINED,
    Amount,
    CompiledPolicy,
    PolicyResult,
    Row,
    evaluate_many,
)
from rainforest.policies.choices import Beneficiary
from rainforest.policies.facts import (
    ENTERPRISE_COLUMNS,
    FACT_BY_NAME,
    FACT_NAMES,
    YEAR_FACTS,
    CertificateRow,
    as_date,
    best_revenue_fact,
    certificate_facts,
    enterprise_facts_builder,
    sources_for,
)
from rainforest.policies.models import Policy

Facts = dict[str, Any]

CERTIFICATE_KINDS = (
    "hnte", "tech_sme", "innovative_sme", "tech_and_innovative_sme", "specialised_sme", "little_giant",
)  # fmt: skip
# Facts every push list shows, whatever the policy reads.
DISPLAY_FACTS = frozenset({"credit_code", "name", "district_code"})
FETCH_SIZE = 20_000


def _rows(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a `values_list` queryset straight from the database cursor, in chunks: the ORM builds the
    SQL (filters, joins, scope) but per-row conversion is skipped, which matters at 500,000 enterprises.
    Values come as the driver gives them: dates as ISO text on SQLite, numbers as int/float/Decimal."""
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # `.none()`, e.g. a user whose scope holds nothing
        return
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(FETCH_SIZE):
            yield from batch


def _restrict(queryset: QuerySet[Any], enterprises: QuerySet[Enterprise] | None) -> QuerySet[Any]:
    return queryset if enterprises is None else queryset.filter(enterprise__in=enterprises.values("pk"))


def _number(spec_type: str) -> Callable[[Any], Any]:
    return float if spec_type == "double" else int


def policy_facts(
    *, as_of: date, enterprises: QuerySet[Enterprise] | None = None, names: Collection[str] | None = None
) -> dict[int, Facts]:
    """Policy facts of every enterprise in `enterprises` (all when None) as of `as_of`, keyed by id.

    Only the input kinds that `names` need are queried (all facts when None): at most one query each for
    enterprises, certificates, yearly figures, the best earlier revenue and incubator tenancies."""
    wanted = FACT_NAMES if names is None else frozenset(names) | DISPLAY_FACTS
    sources = sources_for(wanted)
    base = Enterprise.objects.all() if enterprises is None else enterprises
    holds_nothing = certificate_facts([], as_of) if "certificates" in sources else {}
    build = enterprise_facts_builder(
        wanted,
        as_of,
        districts=dict(Region.objects.values_list("id", "code")),
        zones={
            pk: (name, short)
            for pk, name, short in DevelopmentZone.objects.values_list("id", "name", "short_name")
        },
        defaults=holds_nothing,
    )
    facts: dict[int, Facts] = {}
    founded: dict[int, Any] = {}
    need_founded = "best_revenue" in sources
    for row in _rows(base.order_by().values_list(*ENTERPRISE_COLUMNS)):
        facts[row[0]] = build(row)
        if need_founded:
            founded[row[0]] = row[5]
    if not facts:
        return facts

    if "certificates" in sources:
        by_enterprise: dict[int, list[CertificateRow]] = defaultdict(list)
        query = _restrict(
            Certificate.objects.filter(kind__in=CERTIFICATE_KINDS, issued_on__lte=as_of), enterprises
        ).order_by("enterprise_id", "issued_on")
        for enterprise_id, kind, issued_on, expires_on, revoked_on, year in _rows(
            query.values_list("enterprise_id", "kind", "issued_on", "expires_on", "revoked_on", "year")
        ):
            by_enterprise[enterprise_id].append(
                CertificateRow(
                    kind,
                    as_date(issued_on),
                    as_date(expires_on),
                    as_date(revoked_on) if revoked_on else None,
                    year,
                )
            )
        for enterprise_id, rows in by_enterprise.items():
            holder = facts.get(enterprise_id)
            if holder is not None:
                holder.update(certificate_facts(rows, as_of))

    if "years" in sources:
        last, previous = as_of.year - 1, as_of.year - 2
        plan: dict[int, list[tuple[str, int, Callable[[Any], Any]]]] = {last: [], previous: []}
        fields: list[str] = []
        for name, (field, offset) in YEAR_FACTS.items():
            if name in wanted:
                if field not in fields:
                    fields.append(field)
                year = last if offset == 1 else previous
                plan[year].append((name, 2 + fields.index(field), _number(FACT_BY_NAME[name].type)))
        query = _restrict(
            YearlyFigures.objects.filter(year__in=[year for year, items in plan.items() if items]),
            enterprises,
        ).order_by()
        for values in _rows(query.values_list("enterprise_id", "year", *fields)):
            record = facts.get(values[0])
            if record is None:
                continue
            for name, position, convert in plan[values[1]]:
                value = values[position]
                if value is not None:
                    record[name] = convert(value)

    if "best_revenue" in sources:
        best = (
            _restrict(
                YearlyFigures.objects.filter(year__lt=as_of.year - 1, operating_revenue__isnull=False),
                enterprises,
            )
            .order_by()
            .values("enterprise_id")
            .annotate(best=Max("operating_revenue"))
            .values_list("enterprise_id", "best")
        )
        best_by_id: dict[int, Any] = dict(_rows(best))
        for enterprise_id, target in facts.items():
            target.update(
                best_revenue_fact(best_by_id.get(enterprise_id), as_date(founded[enterprise_id]), as_of)
            )

    if "tenancies" in sources:
        parks: dict[int, str] = {}
        tenancies = _restrict(
            Tenancy.objects.filter(
                enterprise__isnull=False,
                status__in=(TenancyStatus.RESIDENT, TenancyStatus.GRADUATED, TenancyStatus.LEFT),
            )
            .filter(Q(entered_on__isnull=True) | Q(entered_on__lte=as_of))
            .filter(Q(left_on__isnull=True) | Q(left_on__gt=as_of)),
            enterprises,
        ).order_by("entered_on")
        for enterprise_id, park in _rows(tenancies.values_list("enterprise_id", "park__name")):
            parks[enterprise_id] = park
        for enterprise_id, target in facts.items():
            target["incubator_park"] = parks.get(enterprise_id, "")
    return facts


def facts_for_enterprise(enterprise: Enterprise, as_of: date) -> Facts:
    """All policy facts of one enterprise (the same code path as the bulk load)."""
    return policy_facts(as_of=as_of, enterprises=Enterprise.objects.filter(pk=enterprise.pk))[enterprise.pk]


# --- Policies -----------------------------------------------------------------------------------------


def policies_with_conditions(in_force_on: date | None = None) -> QuerySet[Policy]:
    """Policies (in force on a date, if given) with their conditions, in order (the model's ordering)."""
    policies = Policy.objects.all() if in_force_on is None else Policy.objects.in_force_on(in_force_on)
    return policies.prefetch_related("conditions")


def compiled(policy: Policy) -> CompiledPolicy:
    return CompiledPolicy(policy.spec(list(policy.conditions.all())))


# --- Push list: which enterprises fit policy P ---------------------------------------------------------


@dataclass(frozen=True)
class PushRow:
    enterprise_id: int
    credit_code: str
    name: str
    district_code: str
    incubator_park: str
    verdict: str
    statuses: tuple[str, ...]
    amount: Amount


@dataclass(frozen=True)
class PushList:
    policy: Policy
    as_of: date
    rows: list[PushRow]
    counts: dict[str, int]  # verdict → enterprises, before the verdict filter
    labels: tuple[str, ...]  # condition labels, in the order of each row's statuses

    @property
    def amount_low(self) -> Decimal:
        return sum(
            (row.amount.low for row in self.rows if row.verdict == ELIGIBLE and row.amount.low), Decimal(0)
        )

    @property
    def amount_high(self) -> Decimal:
        return sum(
            (row.amount.high for row in self.rows if row.verdict == ELIGIBLE and row.amount.high), Decimal(0)
        )


VERDICT_ORDER = {ELIGIBLE: 0, UNDETERMINED: 1, NOT_ELIGIBLE: 2}
# The push list's default filter: the firms worth a call, eligible or undetermined ("符合或待定").
OPEN = "open"
VERDICT_FILTERS: dict[str, frozenset[str]] = {
    OPEN: frozenset({ELIGIBLE, UNDETERMINED}),
    ELIGIBLE: frozenset({ELIGIBLE}),
    UNDETERMINED: frozenset({UNDETERMINED}),
    NOT_ELIGIBLE: frozenset({NOT_ELIGIBLE}),
}


def push_list(
    *,
    user: Any,
    policy: Policy,
    as_of: date,
    district_code: str = "",
    verdict: str = "",
    enterprises: QuerySet[Enterprise] | None = None,
) -> PushList:
    """Which of the user's enterprises fit `policy` on `as_of`: eligible first (largest amount first),
    then undetermined, then not eligible. `district_code` narrows to one county-level unit (its aliases
    included), `verdict` to one verdict or to `OPEN` (eligible or undetermined); "" keeps every verdict."""
    scoped: QuerySet[Enterprise] | None = enterprises
    if scoped is None and (district_code or not scope_for(user).sees_everything):
        scoped = Enterprise.objects.visible_to(user)
    if district_code and scoped is not None:
        scoped = scoped.filter(Q(district__code=district_code) | Q(district__alias_of__code=district_code))
    # A city-wide user with no filter reads whole tables (scoped None): no IN (subquery) on every query.
    calculator = compiled(policy)
    names = calculator.fact_names | (
        {"incubator_park"} if policy.beneficiary == Beneficiary.INCUBATOR else set()
    )
    facts = policy_facts(as_of=as_of, enterprises=scoped, names=names)
    evaluated = evaluate_many(calculator, facts)
    counts = {ELIGIBLE: 0, UNDETERMINED: 0, NOT_ELIGIBLE: 0}
    rows: list[PushRow] = []
    for row in evaluated:
        counts[row.verdict] += 1
        if verdict and row.verdict not in VERDICT_FILTERS[verdict]:
            continue
        enterprise = facts[row.enterprise_id]
        rows.append(_push_row(row, enterprise))
    rows.sort(key=lambda r: (VERDICT_ORDER[r.verdict], -(r.amount.high or 0), r.district_code, r.name))
    return PushList(
        policy=policy,
        as_of=as_of,
        rows=rows,
        counts=counts,
        labels=tuple(condition.label for condition in calculator.conditions),
    )


def _push_row(row: Row, facts: Facts) -> PushRow:
    return PushRow(
        enterprise_id=row.enterprise_id,
        credit_code=facts["credit_code"],
        name=facts["name"],
        district_code=facts["district_code"],
        incubator_park=facts.get("incubator_park", ""),
        verdict=row.verdict,
        statuses=row.statuses,
        amount=row.amount,
    )


@dataclass(frozen=True)
class ParkTotal:
    park: str
    tenants: int
    amount: Decimal


def park_totals(push: PushList) -> list[ParkTotal]:
    """For a policy paid to incubators (P-TY-3): the eligible tenants and the amount per park."""
    totals: dict[str, list[Decimal]] = defaultdict(list)
    for row in push.rows:
        if row.verdict == ELIGIBLE and row.incubator_park and row.amount.high:
            totals[row.incubator_park].append(row.amount.high)
    return [
        ParkTotal(park, len(amounts), sum(amounts, Decimal(0))) for park, amounts in sorted(totals.items())
    ]


def explain(policy: Policy, enterprise_ids: Iterable[int], as_of: date) -> dict[int, PolicyResult]:
    """Full results (values, reasons, gaps) for a few enterprises, e.g. the rows of one page."""
    ids = list(enterprise_ids)
    if not ids:
        return {}
    calculator = compiled(policy)
    facts = policy_facts(
        as_of=as_of, enterprises=Enterprise.objects.filter(pk__in=ids), names=calculator.fact_names
    )
    return {
        enterprise_id: calculator.evaluate(facts[enterprise_id])
        for enterprise_id in ids
        if enterprise_id in facts
    }


# --- Which policies fit enterprise E ------------------------------------------------------------------


@dataclass(frozen=True)
class EnterprisePolicies:
    enterprise: Enterprise
    as_of: date
    facts: Facts
    results: list[tuple[Policy, PolicyResult]]

    @property
    def eligible(self) -> list[tuple[Policy, PolicyResult]]:
        return [(policy, result) for policy, result in self.results if result.verdict == ELIGIBLE]

    @property
    def stacking_open(self) -> bool:
        """Two or more eligible policies, one of which may not stack with others (Q11): amounts are shown
        one by one and never added up."""
        eligible = self.eligible
        return len(eligible) > 1 and any(policy.stacking_open for policy, _ in eligible)


def enterprise_policies(*, enterprise: Enterprise, as_of: date) -> EnterprisePolicies:
    """Every policy in force on `as_of` with the enterprise's result: eligible first, then undetermined,
    then not eligible. The caller has checked that the user may see the enterprise."""
    facts = facts_for_enterprise(enterprise, as_of)
    results = []
    for policy in policies_with_conditions(as_of):
        results.append((policy, compiled(policy).evaluate(facts)))
    results.sort(key=lambda item: (VERDICT_ORDER[item[1].verdict], item[0].code))
    return EnterprisePolicies(enterprise=enterprise, as_of=as_of, facts=facts, results=results)
