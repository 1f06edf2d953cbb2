"""The rule input facts (every field described in docs/eligibility.md): one `Facts` per enterprise and evaluation date.

Every field is optional: None means "missing", and a criterion that needs it answers "needs data: <field>"
rather than guessing. Money is `Decimal` yuan, counts are integers, dates are ISO dates. Rules read these
objects only; they never query the database (`selectors.py` builds them in bulk from the registry).

`facts_from_json` parses the JSON of the CLI and the API with Pydantic, naming the offending field in its
error (`years[1].sales_revenue: …`); `facts_to_json` writes the same shape back (Decimals as strings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
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
    """What every rulebook may ask of one enterprise on `evaluated_on` (the field names of docs/eligibility.md)."""

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
    # 小巨人 2022 groups 链 and 品, judged by the reviewing department, and its 精/特 items, declared by the firm.
    key_chain_role: bool | None = None
    key_field_product: bool | None = None
    own_brand: bool | None = None
    information_system: bool | None = None
    management_certification: bool | None = None
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


# --- Labels for people -----------------------------------------------------------------------------------
# The facts above in the words of the bureau, for pages and display texts only: the JSON of the CLI and the
# API keeps the field names. A yes/no fact reads as the question an officer asks the firm ("是否…", "有无…"),
# so a list of missing facts reads as what to verify.
FACT_LABELS: dict[str, Promise] = {
    "evaluated_on": _("评价日期"),
    "credit_code": _("统一社会信用代码"),
    "registered_on": _("注册成立日期"),
    "resident_enterprise": _("是否为居民企业"),
    "is_sme": _("是否为中小企业"),
    "restricted_industry": _("产品和服务是否属于禁止、限制和淘汰类"),
    "major_incident_12m": _("近一年有无重大安全质量事故或严重环境违法行为"),
    "major_incident_tsme": _("上年度至今有无重大安全质量事故、严重环境违法或科研严重失信行为"),
    "major_incident_3y": _("近三年有无重大安全质量事故或严重环境违法行为"),
    "dishonest_listed": _("是否列入经营异常名录或严重违法失信名单"),
    "has_valid_hnte": _("是否持有有效的高新技术企业证书"),
    "valid_titles": _("持有的有效称号"),
    "honours_valid": _("持有的有效荣誉"),
    "national_award_top3_5y": _("近五年是否获国家级科技奖励（排名前三）"),
    "awards": _("科技奖励"),
    "provincial_rd_institution": _("是否拥有省级以上研发机构"),
    "rd_institution_level": _("研发机构级别"),
    "led_standard_5y": _("近五年是否主导制定标准"),
    "tech_field": _("技术领域"),
    "owns_core_ip": _("是否拥有核心自主知识产权"),
    "ip_class1": _("Ⅰ类知识产权数"),
    "ip_class2": _("Ⅱ类知识产权数"),
    "ip_class1_high_value": _("高价值Ⅰ类知识产权数"),
    "ip_class1_self_developed": _("自主研发Ⅰ类知识产权数"),
    "ip_class1_applied": _("应用于主营产品的Ⅰ类知识产权数"),
    "strategic_emerging_field": _("是否属于战略性新兴产业"),
    "niche_market_since": _("从事细分市场起始日期"),
    "market_share": _("细分市场占有率"),
    "market_rank_national": _("细分市场全国排名"),
    "chuangke_rank_3y": _("近三年创客中国大赛名次"),
    "key_chain_role": _("是否在重点产业链中发挥关键配套作用"),
    "key_field_product": _("主导产品是否属于重点领域"),
    "own_brand": _("是否拥有直接面向市场的自主品牌"),
    "information_system": _("是否具备相应的信息系统支撑"),
    "management_certification": _("是否取得管理体系或产品认证"),
    "ip_advancement": _("技术的先进程度（专家评价）"),
    "ip_core_support": _("知识产权对主要产品的核心支持作用（专家评价）"),
    "ip_acquisition": _("知识产权获得方式"),
    "standards_participation": _("是否参与制定标准"),
    "rd_mgmt_system": _("研发组织管理制度（专家评价）"),
    "rd_mgmt_institution": _("研发机构与产学研合作（专家评价）"),
    "rd_mgmt_conversion": _("成果转化奖励制度（专家评价）"),
    "rd_mgmt_talent": _("人才引进与培养（专家评价）"),
    "expert_points": _("专家评分"),
    "expert_points.IP-3": _("知识产权数量得分（专家评分）"),
    "expert_points.CONV": _("科技成果转化得分（专家评分）"),
    "expert_points.GR-1": _("净资产增长得分（专家评分）"),
    "expert_points.GR-2": _("销售收入增长得分（专家评分）"),
    "years": _("年度数据"),
    # YearFacts, one accounting year
    "employees": _("职工总数"),
    "tech_staff": _("科技人员数"),
    "rd_staff": _("研发人员数"),
    "sales_revenue": _("销售收入"),
    "operating_revenue": _("营业收入"),
    "main_business_revenue": _("主营业务收入"),
    "total_assets": _("资产总额"),
    "total_liabilities": _("负债总额"),
    "cost_expense": _("成本费用总额"),
    "rd_expense": _("研发费用"),
    "rd_expense_domestic": _("境内研发费用"),
    "total_income": _("总收入"),
    "hitech_income": _("高新技术产品（服务）收入"),
    "net_assets": _("净资产"),
    "net_profit": _("净利润"),
    "conversions": _("科技成果转化数"),
    "equity_qualified": _("合格股权融资额"),
    "tax_paid_in_zone": _("在园区纳税额"),
}

EXPERT_POINTS = "expert_points."
_YEARLY = re.compile(r"^years\[(?P<year>\d+)\]\.(?P<name>\w+)(?P<rest>.*)$")
_NAMED = re.compile(r"^(?P<name>[\w.-]+)(?P<rest>.*)$")


def fact_label(name: str) -> str:
    """A fact name as the bureau reads it: "owns_core_ip" → "是否拥有核心自主知识产权",
    "years[2024].rd_expense" → "2024年研发费用". Anything after the name ("> 0", a note) is kept as is; a
    name without a label is returned unchanged."""
    yearly = _YEARLY.match(name)
    if yearly and yearly["name"] in FACT_LABELS:
        return (
            str(_("{year}年{label}")).format(year=yearly["year"], label=FACT_LABELS[yearly["name"]])
            + yearly["rest"]
        )
    named = _NAMED.match(name)
    if named and named["name"] in FACT_LABELS:
        return str(FACT_LABELS[named["name"]]) + named["rest"]
    if named and named["name"].startswith(EXPERT_POINTS):
        code = named["name"].removeprefix(EXPERT_POINTS)
        return str(_("{code}项得分（专家评分）")).format(code=code) + named["rest"]
    return name


def fact_labels(names: list[str] | tuple[str, ...]) -> str:
    """Several fact names as one Chinese list: "是否拥有核心自主知识产权、2024年研发费用"."""
    return "、".join(dict.fromkeys(fact_label(name) for name in names))
