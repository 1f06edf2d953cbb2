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
* `ip_class1`, `ip_class2` from the latest of those years that records the count.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from datetime import date
from typing import Any, cast

from django.db.models import Q, QuerySet

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

Row = tuple[Any, ...]


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


def _facts(row: Row, evaluated_on: date, years: list[Row] | None, certificates: list[Row] | None) -> Facts:
    _, credit_code, founded_on, resident_enterprise, tech_field = row
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
    )


def iter_facts(
    evaluated_on: date,
    enterprise_ids: Iterable[int] | None = None,
    *,
    id_range: tuple[int, int] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[tuple[int, Facts]]:
    """(enterprise pk, Facts) for every enterprise (or those of `enterprise_ids`, or with
    id_range[0] ≤ pk < id_range[1]), in pk order, streaming three queries merged by enterprise id."""
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
    certificate_groups = _grouped(
        certificates.values_list("enterprise_id", "kind").iterator(chunk_size=chunk_size)
    )
    next_years = next(year_groups, None)
    next_certificates = next(certificate_groups, None)
    for row in enterprises.values_list(*ENTERPRISE_COLUMNS).iterator(chunk_size=chunk_size):
        pk = row[0]
        # Rows of enterprises not listed (deleted meanwhile) are skipped by advancing past them.
        while next_years is not None and next_years[0] < pk:
            next_years = next(year_groups, None)
        while next_certificates is not None and next_certificates[0] < pk:
            next_certificates = next(certificate_groups, None)
        years = None
        if next_years is not None and next_years[0] == pk:
            years = next_years[1]
            next_years = next(year_groups, None)
        held = None
        if next_certificates is not None and next_certificates[0] == pk:
            held = next_certificates[1]
            next_certificates = next(certificate_groups, None)
        yield pk, _facts(row, evaluated_on, years, held)


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
