"""The shapes of the registry's API: what it answers and what it accepts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from rainforest.api.vocabulary import DistrictCode, IndustryCode, LayerCode, TechFieldCode, Text, one_of
from rainforest.core.pagination import Page, PageQuery
from rainforest.enterprises.choices import CertificateKind

ORDERINGS = [
    f"{sign}{name}"
    for name in ("name", "credit_code", "founded_on", "district", "updated_at")
    for sign in ("", "-")
]


class DistrictOut(Schema):
    code: str
    name: str


class IndustryOut(Schema):
    code: str
    name: str


class EnterpriseRow(Schema):
    credit_code: str
    name: str
    district: DistrictOut
    development_zone: str | None
    industry: IndustryOut | None
    tech_field: str
    tech_field_label: str
    founded_on: date
    layer: str = Field(description="层级代码（今天）：none/seed/herb/shrub/tree")
    contact_name: str
    contact_phone: str
    contact_email: str


class EnterprisePage(Page[EnterpriseRow]):
    pass


class EnterpriseQuery(PageQuery):
    district: DistrictCode | None = Field(None, description="县区 GB/T 2260 代码（旧代码按现区划）")
    layer: LayerCode | None = Field(None, description="层级代码")
    q: Text | None = Field(None, description="名称或信用代码（至少 4 位可部分匹配）")
    industry: IndustryCode | None = Field(None, description="国民经济行业门类代码")
    tech_field: TechFieldCode | None = Field(None, description="技术领域代码")
    certificate: one_of(CertificateKind.values) | None = Field(None, description="今天有效的资质类别")  # type: ignore[valid-type]
    ordering: one_of(ORDERINGS) | None = Field(None, description="排序字段，前加 - 为倒序")  # type: ignore[valid-type]


class FiguresValues(Schema):
    """An enterprise's figures for one year: persons as integers, money as Decimal yuan (strings out)."""

    employees: int | None = None
    tech_staff: int | None = None
    rd_staff: int | None = None
    sales_revenue: Decimal | None = None
    operating_revenue: Decimal | None = None
    main_business_revenue: Decimal | None = None
    total_income: Decimal | None = None
    hitech_income: Decimal | None = None
    total_assets: Decimal | None = None
    total_liabilities: Decimal | None = None
    net_assets: Decimal | None = None
    net_profit: Decimal | None = None
    cost_expense: Decimal | None = None
    rd_expense: Decimal | None = None
    rd_expense_domestic: Decimal | None = None
    ip_class1: int | None = None
    ip_class2: int | None = None
    conversions: int | None = None
    equity_qualified: Decimal | None = None
    tax_paid_in_zone: Decimal | None = None


class FiguresOut(FiguresValues):
    year: int


class FiguresIn(FiguresValues):
    year: int
    reason: str = ""


class CertificateOut(Schema):
    kind: str
    label: str
    number: str
    year: int | None
    issued_on: date
    expires_on: date
    revoked_on: date | None
    issuer: str
    valid_today: bool


class CertificateIn(Schema):
    kind: str = Field(
        description="tech_sme, hnte, innovative_sme, specialised_sme, little_giant, longtou, tech_leader …"
    )
    issued_on: date
    expires_on: date | None = Field(None, description="缺省按类别：高新等 3 年，科技型中小企业至当年年底")
    number: str = ""
    year: int | None = None
    revoked_on: date | None = None
    issuer: str = ""
    note: str = ""
    reason: str = ""


class SpanOut(Schema):
    layer: str
    label: str
    starts_on: date
    ends_on: date | None
    needs_data: bool
    rulebook_version: str


class MoveOut(Schema):
    kind: str
    label: str
    on: date
    from_layer: str
    to_layer: str
    reason: str


class TimelineOut(Schema):
    spans: list[SpanOut]
    moves: list[MoveOut]


class EnterpriseDetail(EnterpriseRow):
    address: str
    resident_enterprise: bool
    figures: list[FiguresOut]
    certificates: list[CertificateOut]
    timeline: TimelineOut


class EnterpriseIn(Schema):
    credit_code: str
    name: str
    district: str = Field(description="县区 GB/T 2260 代码，如 140702")
    development_zone: str | None = Field(None, description="开发区全称或简称")
    industry: str | None = Field(None, description="国民经济行业门类代码 A–T")
    tech_field: str = ""
    founded_on: date
    address: str = ""
    resident_enterprise: bool = True
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    credit_code_override_reason: str = Field("", description="仅市局：登记未通过校验的早期代码的理由")
    reason: str = ""


class EnterprisePatch(Schema):
    credit_code: str | None = None
    name: str | None = None
    district: str | None = None
    development_zone: str | None = None
    industry: str | None = None
    tech_field: str | None = None
    founded_on: date | None = None
    address: str | None = None
    resident_enterprise: bool | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    reason: str = ""


class FieldChangeOut(Schema):
    field: str
    old: str
    new: str


class ChangeOut(Schema):
    at: datetime
    user: str
    action: str
    record: str
    reason: str
    changes: list[FieldChangeOut]
