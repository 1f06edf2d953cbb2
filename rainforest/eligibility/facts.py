"""The rule input facts of DOMAIN.md §4: one `Facts` per enterprise and evaluation date.

Every field is optional: None means "missing", and a criterion that needs it answers "needs data: <field>"
rather than guessing. Money is `Decimal` yuan, counts are integers, dates are ISO dates. Rules read these
objects only; they never query the database (`selectors.py` builds them in bulk from the registry).

`facts_from_json` parses the JSON of the CLI and the API with Pydantic, naming the offending field in its
error (`years[1].sales_revenue: …`); `facts_to_json` writes the same shape back (Decimals as strings).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import ConfigDict, TypeAdapter, ValidationError

TechFieldCode = Literal[
    "electronic_info",
    "bio_medicine",
    "aerospace",
    "new_materials",
    "hitech_services",
    "new_energy",
    "resources_environment",
    "advanced_manufacturing",
    "none",  # explicitly outside the 8 key fields (HNTE-3 fails)
]
TitleCode = Literal["innovative_sme", "tech_and_innovative_sme", "specialised_sme", "little_giant"]
HonourCode = Literal["tech_innovation_demo", "ip_advantage", "ip_demo"]
InstitutionLevel = Literal["none", "below_city", "city", "provincial", "national"]
Grade = Literal["A", "B", "C", "D", "E"]
Acquisition = Literal["self", "acquired_only", "none"]
Presence = Literal["absent", "present"]

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FactsError(ValueError):
    """Facts that do not parse; the message names the field (`years[0].employees: …`). `problems` holds
    each as (location path, message), e.g. (("years", 0, "employees"), "must not be negative")."""

    def __init__(self, message: str, problems: list[tuple[tuple[int | str, ...], str]] | None = None):
        super().__init__(message)
        self.problems = problems if problems is not None else [((), message)]


@dataclass(frozen=True, slots=True)
class Award:
    """A science-and-technology award: level, the firm's rank among the winning units, and the year."""

    __pydantic_config__ = _STRICT

    level: Literal["national", "provincial"]
    rank: int
    year: int


@dataclass(frozen=True, slots=True)
class YearFacts:
    """One accounting year's figures (yuan, persons, counts)."""

    __pydantic_config__ = _STRICT

    year: int
    employees: int | None = None
    tech_staff: int | None = None
    rd_staff: int | None = None
    sales_revenue: Decimal | None = None
    operating_revenue: Decimal | None = None
    main_business_revenue: Decimal | None = None
    total_assets: Decimal | None = None
    total_liabilities: Decimal | None = None
    cost_expense: Decimal | None = None
    rd_expense: Decimal | None = None
    rd_expense_domestic: Decimal | None = None
    total_income: Decimal | None = None
    hitech_income: Decimal | None = None
    net_assets: Decimal | None = None
    net_profit: Decimal | None = None
    conversions: int | None = None
    equity_qualified: Decimal | None = None
    tax_paid_in_zone: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """What every rulebook may ask of one enterprise on `evaluated_on` (DOMAIN.md §4, by those names)."""

    __pydantic_config__ = _STRICT

    evaluated_on: date
    credit_code: str | None = None
    registered_on: date | None = None
    resident_enterprise: bool | None = None
    is_sme: bool | None = None
    restricted_industry: bool | None = None
    major_incident_12m: bool | None = None
    major_incident_tsme: bool | None = None
    major_incident_3y: bool | None = None
    dishonest_listed: bool | None = None
    has_valid_hnte: bool | None = None
    valid_titles: frozenset[TitleCode] | None = None
    honours_valid: frozenset[HonourCode] | None = None
    national_award_top3_5y: bool | None = None
    awards: tuple[Award, ...] | None = None
    provincial_rd_institution: bool | None = None
    rd_institution_level: InstitutionLevel | None = None
    led_standard_5y: bool | None = None
    tech_field: TechFieldCode | None = None
    owns_core_ip: bool | None = None
    ip_class1: int | None = None
    ip_class2: int | None = None
    ip_class1_high_value: int | None = None
    ip_class1_self_developed: int | None = None
    ip_class1_applied: int | None = None
    strategic_emerging_field: bool | None = None
    niche_market_since: date | None = None
    market_share: Decimal | None = None
    market_rank_national: int | None = None
    chuangke_rank_3y: int | None = None
    # Expert-judged (HNTE innovation-capability score; results name them in `expert_inputs`).
    ip_advancement: Grade | None = None
    ip_core_support: Grade | None = None
    ip_acquisition: Acquisition | None = None
    standards_participation: bool | None = None
    rd_mgmt_system: Presence | int | None = None
    rd_mgmt_institution: Presence | int | None = None
    rd_mgmt_conversion: Presence | int | None = None
    rd_mgmt_talent: Presence | int | None = None
    # Sub-item code → integer: an expert's (or an officer's) point, collapsing that item's range.
    expert_points: dict[str, int] = field(default_factory=dict)
    years: tuple[YearFacts, ...] = ()

    def year(self, year: int) -> YearFacts | None:
        for record in self.years:
            if record.year == year:
                return record
        return None


_ADAPTER: TypeAdapter[Facts] = TypeAdapter(Facts)


_UNION_TAGS = {"int", "str", "decimal", "date", "bool", "frozenset", "dict", "list", "tuple"}


def _path(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Pydantic's location without its union-member tags, which are not field names."""
    return tuple(
        part
        for part in loc
        if isinstance(part, int) or not (part in _UNION_TAGS or part.startswith(("literal[", "function-")))
    )


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in _path(loc):
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "facts"


def facts_from_json(data: Any) -> Facts:
    """Parse facts from decoded JSON (a dict). Raises `FactsError` naming the first bad field."""
    if not isinstance(data, dict):
        raise FactsError("facts: expected a JSON object")
    try:
        facts = _ADAPTER.validate_python(data)
    except ValidationError as error:
        problems: list[str] = []
        located: list[tuple[tuple[int | str, ...], str]] = []
        for item in error.errors():
            message = "unknown field" if item["type"] == "unexpected_keyword_argument" else item["msg"]
            problem = f"{_location(tuple(item['loc']))}: {message}"
            if problem not in problems:
                problems.append(problem)
                located.append((_path(tuple(item["loc"])), message))
        raise FactsError("; ".join(problems), located) from None
    years = [record.year for record in facts.years]
    if len(years) != len(set(years)):
        raise FactsError(
            "years: each year may appear only once", [(("years",), "each year may appear only once")]
        )
    for index, record in enumerate(facts.years):
        for name in ("employees", "tech_staff", "rd_staff", "conversions"):
            value = getattr(record, name)
            if value is not None and value < 0:
                raise FactsError(
                    f"years[{index}].{name}: must not be negative",
                    [(("years", index, name), "must not be negative")],
                )
    return facts


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, Award | YearFacts):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in fields(value)
            if getattr(value, f.name) is not None
        }
    return value


def facts_to_json(facts: Facts) -> dict[str, Any]:
    """The JSON shape `facts_from_json` reads; missing fields are left out."""
    out: dict[str, Any] = {}
    for f in fields(facts):
        value = getattr(facts, f.name)
        if value is None or (f.name == "expert_points" and not value):
            continue
        out[f.name] = _plain(value)
    return out
