"""Rule input facts built from the registry (docs/eligibility.md): one `Facts` per enterprise and date.

Bulk by construction: one query per input kind (enterprises, yearly figures, certificates), never one per
enterprise. The three queries stream ordered by enterprise id (`iterator(chunk_size=…)`) and are merged as
they come, so `iter_facts` holds one firm at a time and 500,000 firms fit in little memory; `facts_for_all`
collects them into a dict, `facts_for` is the same code path for one firm.

What the registry holds today and how it maps (docs/eligibility.md lists the rest, which stays None, so the
criteria that need them answer "needs data"):

* `registered_on` = `Enterprise.founded_on`; `resident_enterprise`, `tech_field` (blank → None) as stored;
* `has_valid_hnte` and `valid_titles` from the certificates valid on `evaluated_on`
  (issued_on ≤ d < expires_on, not revoked on or before d); the registry holds every certificate, so a
  firm with none has `has_valid_hnte = False` and `valid_titles = ∅`;
* `years[]` from `YearlyFigures` of the years up to `evaluated_on.year` (later years are not known on that
  date), every field by the same name;
* `ip_class1`, `ip_class2` from the latest of those years that records the count;
* the facts a firm declares (`DECLARED`: incidents, dishonesty listing, restricted industry, owning the core
  IP, awards, standards led, R&D institutions…) from its signed declarations (`calls.Declaration`, reached
  by name so this app stays below the calls app): for each fact, the declaration in force on
  `evaluated_on` (its period covers the date), the latest signed one when several are (a later one
  supersedes, nothing is overwritten). A fact nobody declared stays None ("needs data").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from datetime import date
from typing import Any, cast

from django.apps import apps
from django.db.models import DateField, F, Q, QuerySet, Value

from rainforest.eligibility.facts import Facts, TechFieldCode, TitleCode, YearFacts
from rainforest.eligibility.models import Evaluation
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures

CHUNK_SIZE = 5_000

ENTERPRISE_COLUMNS = ("id", "credit_code", "founded_on", "resident_enterprise", "tech_field")
# Every YearFacts field exists on YearlyFigures by the same name; the IP counts ride along.
YEAR_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(YearFacts))
YEAR_COLUMNS: tuple[str, ...] = ("enterprise_id", *YEAR_FIELDS, "ip_class1", "ip_class2")
HNTE = "hnte"
TITLE_KINDS: frozenset[str] = frozenset(
    {"innovative_sme", "tech_and_innovative_sme", "specialised_sme", "little_giant"}
)
CERTIFICATE_KINDS: tuple[str, ...] = (HNTE, *sorted(TITLE_KINDS))

# The facts that the registry does not hold yet: always None ("needs data").
NOT_IN_REGISTRY: tuple[str, ...] = (
    "is_sme",
    "restricted_industry",
    "major_incident_12m",
    "major_incident_tsme",
    "major_incident_3y",
    "dishonest_listed",
    "honours_valid",
    "national_award_top3_5y",
    "awards",
    "provincial_rd_institution",
    "rd_institution_level",
    "led_standard_5y",
    "owns_core_ip",
    "ip_class1_high_value",
    "ip_class1_self_developed",
    "ip_class1_applied",
    "strategic_emerging_field",
    "niche_market_since",
    "market_share",
    "market_rank_national",
    "chuangke_rank_3y",
    "ip_advancement",
    "ip_core_support",
    "ip_acquisition",
    "standards_participation",
    "rd_mgmt_system",
    "rd_mgmt_institution",
    "rd_mgmt_conversion",
    "rd_mgmt_talent",
)

# The facts a firm's signed declaration may supply (calls.Declaration.fact), with how its stored value reads.
DECLARED_BOOLEAN: frozenset[str] = frozenset(
    {
        "is_sme",
        "restricted_industry",
        "major_incident_12m",
        "major_incident_tsme",
        "major_incident_3y",
        "dishonest_listed",
        "owns_core_ip",
        "national_award_top3_5y",
        "provincial_rd_institution",
        "led_standard_5y",
        "strategic_emerging_field",
        "own_brand",
        "information_system",
        "management_certification",
    }
)
DECLARED: frozenset[str] = DECLARED_BOOLEAN | {"rd_institution_level"}

Row = tuple[Any, ...]


def declared_value(fact: str, value: str) -> Any:
    return value == "true" if fact in DECLARED_BOOLEAN else value


def _declared_facts(rows: list[Row]) -> dict[str, Any]:
    """{fact: value} of one firm's declarations in force (rows ordered by fact, declared_on, id: the
    last one of each fact is the one in force)."""
    declared: dict[str, Any] = {}
    for _pk, fact, value in rows:
        if fact in DECLARED:
            declared[fact] = declared_value(fact, value)
    return declared


def _declarations(evaluated_on: date) -> QuerySet[Any] | None:
    """The declarations in force on `evaluated_on`, when the calls app is installed."""
    if not apps.is_installed("rainforest.calls"):
        return None
    model = apps.get_model("calls", "Declaration")
    return model.objects.filter(
        Q(period_end__isnull=True) | Q(period_end__gte=evaluated_on), period_start__lte=evaluated_on
    )


def _restrict(
    queryset: QuerySet[Any],
    column: str,
    enterprise_ids: Iterable[int] | None,
    id_range: tuple[int, int] | None,
) -> QuerySet[Any]:
    if enterprise_ids is not None:
        queryset = queryset.filter(**{f"{column}__in": list(enterprise_ids)})
    if id_range is not None:
        queryset = queryset.filter(**{f"{column}__gte": id_range[0], f"{column}__lt": id_range[1]})
    return queryset


def _grouped(rows: Iterator[Row]) -> Iterator[tuple[int, list[Row]]]:
    """Consecutive rows of one enterprise (rows come ordered by enterprise id, first column)."""
    current: int | None = None
    group: list[Row] = []
    for row in rows:
        if row[0] != current:
            if current is not None:
                yield current, group
            current, group = row[0], []
        group.append(row)
    if current is not None:
        yield current, group


def _year_facts(rows: list[Row]) -> tuple[tuple[YearFacts, ...], int | None, int | None]:
    years: list[YearFacts] = []
    ip_class1: int | None = None
    ip_class2: int | None = None
    for row in rows:  # ordered by year
        years.append(YearFacts(*row[1:-2]))
        if row[-2] is not None:
            ip_class1 = row[-2]
        if row[-1] is not None:
            ip_class2 = row[-1]
    return tuple(years), ip_class1, ip_class2


def _certificate_facts(rows: list[Row]) -> tuple[bool, frozenset[TitleCode]]:
    kinds = {row[1] for row in rows}
    titles = cast("frozenset[TitleCode]", frozenset(kinds & TITLE_KINDS))
    return HNTE in kinds, titles


def _facts(
    row: Row,
    evaluated_on: date,
    years: list[Row] | None,
    certificates: list[Row] | None,
    declarations: list[Row] | None = None,
) -> Facts:
    _, credit_code, founded_on, resident_enterprise, tech_field = row
    declared = _declared_facts(declarations) if declarations else {}
    year_facts, ip_class1, ip_class2 = _year_facts(years) if years else ((), None, None)
    has_hnte, titles = _certificate_facts(certificates) if certificates else (False, frozenset())
    return Facts(
        evaluated_on=evaluated_on,
        credit_code=credit_code,
        registered_on=founded_on,
        resident_enterprise=resident_enterprise,
        tech_field=cast("TechFieldCode", tech_field) if tech_field else None,
        has_valid_hnte=has_hnte,
        valid_titles=titles,
        ip_class1=ip_class1,
        ip_class2=ip_class2,
        years=year_facts,
        **declared,
    )


def iter_facts(
    evaluated_on: date,
    enterprise_ids: Iterable[int] | None = None,
    *,
    id_range: tuple[int, int] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[tuple[int, Facts]]:
    """(enterprise pk, Facts) for every enterprise (or those of `enterprise_ids`, or with
    id_range[0] ≤ pk < id_range[1]), in pk order, streaming three queries merged by enterprise id (the
    third brings the certificates and the declarations in force together)."""
    ids = None if enterprise_ids is None else sorted(set(enterprise_ids))
    enterprises = _restrict(Enterprise.objects.all(), "id", ids, id_range).order_by("id")
    figures = _restrict(
        YearlyFigures.objects.filter(year__lte=evaluated_on.year), "enterprise_id", ids, id_range
    ).order_by("enterprise_id", "year")
    certificates = (
        _restrict(
            Certificate.objects.filter(
                kind__in=CERTIFICATE_KINDS, issued_on__lte=evaluated_on, expires_on__gt=evaluated_on
            ),
            "enterprise_id",
            ids,
            id_range,
        )
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=evaluated_on))
        .order_by("enterprise_id")
    )
    year_groups = _grouped(figures.values_list(*YEAR_COLUMNS).iterator(chunk_size=chunk_size))
    # What a firm holds (certificates) and what it declared come in one stream: a UNION ALL of the two,
    # each row (enterprise id, source 0 = certificate / 1 = declaration, kind or fact, value, declared on,
    # id), ordered so that a firm's declarations of one fact come oldest first (the last one is in force).
    held_rows = certificates.order_by().annotate(
        src=Value(0), key=F("kind"), val=Value(""), signed=Value(None, output_field=DateField())
    )
    held_rows = held_rows.values_list("enterprise_id", "src", "key", "val", "signed", "id")
    declarations = _declarations(evaluated_on)
    if declarations is not None:
        declared_rows = (
            _restrict(declarations, "enterprise_id", ids, id_range)
            .order_by()
            .annotate(src=Value(1), key=F("fact"), val=F("value"), signed=F("declared_on"))
            .values_list("enterprise_id", "src", "key", "val", "signed", "id")
        )
        held_rows = held_rows.union(declared_rows, all=True)
    holding_groups = _grouped(
        held_rows.order_by("enterprise_id", "src", "key", "signed", "id").iterator(chunk_size=chunk_size)
    )
    next_years = next(year_groups, None)
    next_holdings = next(holding_groups, None)
    for row in enterprises.values_list(*ENTERPRISE_COLUMNS).iterator(chunk_size=chunk_size):
        pk = row[0]
        # Rows of enterprises not listed (deleted meanwhile) are skipped by advancing past them.
        while next_years is not None and next_years[0] < pk:
            next_years = next(year_groups, None)
        while next_holdings is not None and next_holdings[0] < pk:
            next_holdings = next(holding_groups, None)
        years = None
        if next_years is not None and next_years[0] == pk:
            years = next_years[1]
            next_years = next(year_groups, None)
        held = declared = None
        if next_holdings is not None and next_holdings[0] == pk:
            held = [(item[0], item[2]) for item in next_holdings[1] if item[1] == 0]
            declared = [(item[0], item[2], item[3]) for item in next_holdings[1] if item[1] == 1]
            next_holdings = next(holding_groups, None)
        yield pk, _facts(row, evaluated_on, years, held, declared)


def facts_for_all(evaluated_on: date, enterprise_ids: Iterable[int] | None = None) -> dict[int, Facts]:
    """Facts of every enterprise (or of `enterprise_ids`) on `evaluated_on`, keyed by enterprise pk.

    One query per input kind whatever the number of firms. For the whole national registry prefer
    `iter_facts`, which does not keep every firm in memory at once."""
    return dict(iter_facts(evaluated_on, enterprise_ids))


def facts_for(enterprise: Enterprise, evaluated_on: date) -> Facts:
    """The facts of one enterprise on `evaluated_on` (the same code path as the bulk load)."""
    return facts_for_all(evaluated_on, [enterprise.pk])[enterprise.pk]


# --- Evaluations and "what if" ------------------------------------------------------------------------

# The figures a "what if" may change in the last complete accounting year, and the facts it may change.
WHAT_IF_YEAR_FIELDS: tuple[str, ...] = (
    "employees",
    "tech_staff",
    "rd_staff",
    "sales_revenue",
    "operating_revenue",
    "rd_expense",
    "total_income",
    "hitech_income",
)
WHAT_IF_FIELDS: tuple[str, ...] = ("ip_class1", "ip_class2")


def facts_with_changes(facts: Facts, *, year: int, changes: dict[str, Any]) -> Facts:
    """Facts with some figures of `year` (WHAT_IF_YEAR_FIELDS) and some facts (WHAT_IF_FIELDS) replaced;
    None leaves a value as it is. Pure: nothing is stored."""
    year_changes = {name: changes[name] for name in WHAT_IF_YEAR_FIELDS if changes.get(name) is not None}
    fact_changes = {name: changes[name] for name in WHAT_IF_FIELDS if changes.get(name) is not None}
    records = {record.year: record for record in facts.years}
    if year_changes:
        records[year] = replace(records.get(year) or YearFacts(year=year), **year_changes)
    return replace(facts, years=tuple(records[key] for key in sorted(records)), **fact_changes)


def enterprise_evaluations(enterprise: Enterprise, family: str | None = None) -> QuerySet[Evaluation]:
    """The stored evaluations of an enterprise, newest first (its history), optionally of one family."""
    evaluations = Evaluation.objects.filter(enterprise=enterprise).select_related("created_by")
    return evaluations if family is None else evaluations.filter(family=family)
