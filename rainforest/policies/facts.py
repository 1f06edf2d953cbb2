"""Policy facts: one flat dict per enterprise and as-of date, the activation a policy's CEL conditions read.

Every name a condition may use is listed in `FACTS` with its CEL type. A fact that is missing is left
out of the dict (never set to a default): a condition reading it is "unknown", not false.

Types (CEL side):
* `string` — codes, names and ISO dates (`"2025-06-01"`; ISO dates compare correctly as strings);
* `int` — counts and years;
* `double` — money in **yuan** (the registry's Decimal yuan as a float: whole-yuan thresholds compare
  exactly, see docs/decisions/0002-cel-library.md). Write thresholds as `20000` or `20000.0`; in arithmetic
  use doubles (`revenue_last_year - 20000.0`), CEL does not mix int and double there;
* `bool`; `list<string>`.

Years: "last year" is the accounting year before the as-of date's year (the year whose figures a policy
applied for in the as-of year looks at), "previous year" the one before it.

HNTE consecutive recognition (TEAM DESIGN, configurable in `HNTE_CONSECUTIVE_GRACE_DAYS`): certificates
are taken in issue order; a certificate continues the chain of the one before it when it was issued no
later than `HNTE_CONSECUTIVE_GRACE_DAYS` after that one ended (its expiry, or its revocation if earlier).
Re-recognition normally lands within days of the 3-year expiry, so half a year of grace keeps a late
certificate in the chain while a firm that lapsed for a whole cycle starts again at 1.
`hnte_consecutive_count` is the length of the chain ending at the latest certificate issued on or before
the as-of date (1 = first recognition of a chain, 2 = second consecutive, 3 = third consecutive), 0 when
the firm never had one; `hnte_recognition_total` counts every certificate ever issued (1 = truly first).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _

CelType = Literal["string", "int", "double", "bool", "list<string>"]
Unit = Literal["yuan", "persons", "count", "years", ""]

HNTE_CONSECUTIVE_GRACE_DAYS = 183

# The provincial and city codes of a county-level unit follow from GB/T 2260: PPCC00 and PP0000.


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: CelType
    label: Any  # lazy translated string
    unit: Unit = ""
    source: str = ""

    @property
    def numeric(self) -> bool:
        return self.type in ("int", "double")


FACTS: tuple[FactSpec, ...] = (
    # The as-of date itself
    FactSpec("as_of", "string", _("计算日期"), source="as_of"),
    FactSpec("year", "int", _("计算年度"), unit="years", source="as_of"),
    # Identity and location
    FactSpec("credit_code", "string", _("统一社会信用代码"), source="enterprise"),
    FactSpec("name", "string", _("企业名称"), source="enterprise"),
    FactSpec("district_code", "string", _("县区代码"), source="enterprise"),
    FactSpec("city_code", "string", _("地级市代码"), source="enterprise"),
    FactSpec("province_code", "string", _("省级代码"), source="enterprise"),
    FactSpec("development_zone", "string", _("所在开发区（全称，无则为空）"), source="enterprise"),
    FactSpec("development_zone_short", "string", _("所在开发区（简称）"), source="enterprise"),
    FactSpec("founded_on", "string", _("成立日期"), source="enterprise"),
    FactSpec("age_years", "int", _("成立年限（周岁）"), unit="years", source="enterprise"),
    FactSpec("resident_enterprise", "bool", _("境内注册居民企业"), source="enterprise"),
    FactSpec("tech_field", "string", _("技术领域"), source="enterprise"),
    # Certificates on the as-of date
    FactSpec("hnte_valid", "bool", _("高新技术企业证书有效"), source="certificates"),
    FactSpec("hnte_recognised_this_year", "bool", _("本年度获高新技术企业认定"), source="certificates"),
    FactSpec("hnte_recognised_on", "string", _("最近一次高企认定日期"), source="certificates"),
    FactSpec("hnte_consecutive_count", "int", _("高企连续认定次数"), unit="count", source="certificates"),
    FactSpec("hnte_recognition_total", "int", _("高企累计认定次数"), unit="count", source="certificates"),
    FactSpec("tech_sme_valid", "bool", _("科技型中小企业入库有效"), source="certificates"),
    FactSpec("tech_sme_registered_this_year", "bool", _("本年度入库科技型中小企业"), source="certificates"),
    FactSpec(
        "tech_sme_first_registered_this_year",
        "bool",
        _("本年度首次入库科技型中小企业"),
        source="certificates",
    ),
    FactSpec("titles_valid", "list<string>", _("有效的其他资质（类别代码）"), source="certificates"),
    # Incubator tenancy on the as-of date
    FactSpec("incubator_park", "string", _("所在孵化载体（无则为空）"), source="tenancies"),
    # Yearly figures (last year = as-of year − 1)
    FactSpec("revenue_last_year", "double", _("上年营业收入"), unit="yuan", source="years"),
    FactSpec("revenue_prev_year", "double", _("前年营业收入"), unit="yuan", source="years"),
    FactSpec(
        "revenue_best_before_last_year",
        "double",
        _("上年以前最高营业收入"),
        unit="yuan",
        source="best_revenue",
    ),
    FactSpec("sales_revenue_last_year", "double", _("上年销售收入"), unit="yuan", source="years"),
    FactSpec("zone_tax_last_year", "double", _("上年在园区纳税额"), unit="yuan", source="years"),
    FactSpec("employees_last_year", "int", _("上年职工总数"), unit="persons", source="years"),
    FactSpec("tech_staff_last_year", "int", _("上年科技人员数"), unit="persons", source="years"),
    FactSpec("rd_expense_last_year", "double", _("上年研发费用"), unit="yuan", source="years"),
    FactSpec("total_assets_last_year", "double", _("上年资产总额"), unit="yuan", source="years"),
    FactSpec("net_profit_last_year", "double", _("上年净利润"), unit="yuan", source="years"),
)
FACT_BY_NAME: dict[str, FactSpec] = {spec.name: spec for spec in FACTS}
FACT_NAMES = frozenset(FACT_BY_NAME)
NUMERIC_FACTS = tuple(spec for spec in FACTS if spec.numeric)

# Yearly fields behind the `years` facts: fact name → (YearlyFigures field, which year: 1 = last, 2 = previous)
YEAR_FACTS: dict[str, tuple[str, int]] = {
    "revenue_last_year": ("operating_revenue", 1),
    "revenue_prev_year": ("operating_revenue", 2),
    "sales_revenue_last_year": ("sales_revenue", 1),
    "zone_tax_last_year": ("tax_paid_in_zone", 1),
    "employees_last_year": ("employees", 1),
    "tech_staff_last_year": ("tech_staff", 1),
    "rd_expense_last_year": ("rd_expense", 1),
    "total_assets_last_year": ("total_assets", 1),
    "net_profit_last_year": ("net_profit", 1),
}


def sources_for(names: Iterable[str]) -> frozenset[str]:
    """The input kinds (one bulk query each) that the named facts need."""
    return frozenset(FACT_BY_NAME[name].source for name in names if name in FACT_BY_NAME)


def to_cel(value: Any) -> Any:
    """A registry value as CEL wants it: Decimal → float (yuan), date → ISO string."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def completed_years(born: date, day: date) -> int:
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years


@dataclass(frozen=True, slots=True)
class CertificateRow:
    kind: str
    issued_on: date
    expires_on: date
    revoked_on: date | None
    year: int | None

    @property
    def ends_on(self) -> date:
        return min(self.expires_on, self.revoked_on) if self.revoked_on else self.expires_on

    def valid_on(self, day: date) -> bool:
        return self.issued_on <= day < self.ends_on


def hnte_chain_length(certificates: list[CertificateRow]) -> int:
    """Length of the consecutive chain ending at the last of `certificates` (sorted by issue date)."""
    count: int = certificate_facts(certificates, date.max)["hnte_consecutive_count"]
    return count


def certificate_facts(rows: list[CertificateRow], day: date) -> dict[str, Any]:
    """The certificate facts of one enterprise from its certificates, in issue order (those issued after
    `day` are ignored). Every certificate fact is known: an enterprise with no record holds no certificate.
    One pass over the rows: this runs for every certificate holder of a national-scale city."""
    start_of_year = date(day.year, 1, 1)
    hnte_valid = hnte_this_year = tech_sme_valid = tech_sme_this_year = tech_sme_before = False
    hnte_total = chain = 0
    previous_end: date | None = None
    latest: date | None = None
    titles: set[str] = set()
    grace = timedelta(days=HNTE_CONSECUTIVE_GRACE_DAYS)
    for row in rows:
        issued = row.issued_on
        if issued > day:
            continue
        end = min(row.expires_on, row.revoked_on) if row.revoked_on else row.expires_on
        valid = issued <= day < end
        kind = row.kind
        if kind == "hnte":
            hnte_total += 1
            chain = chain + 1 if previous_end is not None and issued <= previous_end + grace else 1
            previous_end = end
            latest = issued
            hnte_valid = hnte_valid or valid
            if issued >= start_of_year and (row.revoked_on is None or row.revoked_on > day):
                hnte_this_year = True
        elif kind == "tech_sme":
            tech_sme_valid = tech_sme_valid or valid
            registered = row.year or issued.year
            if registered == day.year:
                tech_sme_this_year = True
            elif registered < day.year:
                tech_sme_before = True
        elif valid:
            titles.add(kind)
    facts: dict[str, Any] = {
        "hnte_valid": hnte_valid,
        "hnte_recognised_this_year": hnte_this_year,
        "hnte_consecutive_count": chain,
        "hnte_recognition_total": hnte_total,
        "tech_sme_valid": tech_sme_valid,
        "tech_sme_registered_this_year": tech_sme_this_year,
        "tech_sme_first_registered_this_year": tech_sme_this_year and not tech_sme_before,
        "titles_valid": tuple(sorted(titles)),
    }
    if latest is not None:
        facts["hnte_recognised_on"] = latest.isoformat()
    return facts


def as_date(value: date | str) -> date:
    """A date as the database driver gives it (SQLite: ISO text; PostgreSQL: date)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


# Columns of an enterprise row, in this order (see selectors.policy_facts). District and zone come as ids,
# resolved through small maps, so the big query joins nothing.
ENTERPRISE_COLUMNS = (
    "id", "credit_code", "name", "district_id", "development_zone_id", "founded_on", "resident_enterprise",
    "tech_field",
)  # fmt: skip


def enterprise_facts_builder(
    wanted: Collection[str],
    day: date,
    *,
    districts: Mapping[int, str],
    zones: Mapping[int, tuple[str, str]],
    defaults: Mapping[str, Any] | None = None,
) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """A function turning one enterprise row (ENTERPRISE_COLUMNS) into its identity and location facts,
    computing only the `wanted` ones beyond credit_code, name and district_code (shown on every list).
    `districts` maps region ids to codes, `zones` zone ids to (name, short name); `defaults` are facts
    every enterprise starts with (e.g. "holds no certificate"), overwritten later for those with records."""
    common = {
        name: value for name, value in (("as_of", day.isoformat()), ("year", day.year)) if name in wanted
    } | dict(defaults or {})
    city = "city_code" in wanted
    province = "province_code" in wanted
    zone = "development_zone" in wanted
    zone_short = "development_zone_short" in wanted
    founded = "founded_on" in wanted
    age = "age_years" in wanted
    resident = "resident_enterprise" in wanted
    field = "tech_field" in wanted
    no_zone = ("", "")

    def build(row: Sequence[Any]) -> dict[str, Any]:
        _id, code, name, district_id, zone_id, founded_on, is_resident, tech_field = row
        district = districts[district_id]
        facts = {"credit_code": code, "name": name, "district_code": district, **common}
        if city:
            facts["city_code"] = district[:4] + "00"
        if province:
            facts["province_code"] = district[:2] + "0000"
        if zone or zone_short:
            zone_name, short_name = zones.get(zone_id, no_zone) if zone_id else no_zone
            if zone:
                facts["development_zone"] = zone_name
            if zone_short:
                facts["development_zone_short"] = short_name or zone_name
        if founded or age:
            born = as_date(founded_on)
            if founded:
                facts["founded_on"] = born.isoformat()
            if age:
                facts["age_years"] = completed_years(born, day)
        if resident:
            facts["resident_enterprise"] = bool(is_resident)
        if field and tech_field:
            facts["tech_field"] = tech_field
        return facts

    return build


def best_revenue_fact(best_before: Decimal | float | None, founded_on: date, day: date) -> dict[str, Any]:
    """`revenue_best_before_last_year`: the highest operating revenue recorded for years before last year;
    0 for a firm founded last year or later (it had no earlier revenue); missing when no earlier year is
    recorded for an older firm."""
    if best_before is not None:
        return {"revenue_best_before_last_year": float(best_before)}
    if founded_on.year >= day.year - 1:
        return {"revenue_best_before_last_year": 0.0}
    return {}
