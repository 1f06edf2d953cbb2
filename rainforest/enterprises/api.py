"""REST endpoints of the registry under /api/v1/enterprises. Thin: parse input, call one selector or
service, shape the answer. Scope comes only from `enterprises_for(user)`, filtering and ordering only from
`EnterpriseFilter`, writes only through `enterprises.services`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as InputError

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.errors import form_error_detail
from rainforest.core import credit_code as uscc
from rainforest.core.choices import CODE_OF_LAYER, Role
from rainforest.core.models import DevelopmentZone, IndustrySection, Region, data_as_of
from rainforest.core.scope import mask_email, mask_name, mask_phone, sees_personal_data
from rainforest.enterprises import services
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.filters import EnterpriseFilter
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.selectors import enterprise_change_log, enterprises_for, with_layer

router = Router(tags=["enterprises"])

EDITOR_ROLES = (Role.CITY_OFFICER, Role.SYSTEM_ADMIN, Role.DISTRICT_OFFICER)
JINZHONG = "140700"


# --- Schemas ------------------------------------------------------------------------------------------


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


class EnterprisePage(Schema):
    count: int = Field(description="符合条件的企业总数")
    page: int
    page_size: int
    results: list[EnterpriseRow]


class EnterpriseQuery(Schema):
    district: str | None = Field(None, description="县区 GB/T 2260 代码或名称")
    layer: str | None = Field(None, description="seed|herb|shrub|tree|none")
    q: str | None = Field(None, description="名称或信用代码")
    industry: str | None = Field(None, description="国民经济行业门类代码")
    tech_field: str | None = None
    certificate: str | None = Field(None, description="今天有效的资质类别")
    ordering: str | None = Field(
        None, description="name, credit_code, founded_on, district, updated_at（前加 - 为倒序）"
    )
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


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


# --- Shaping answers ----------------------------------------------------------------------------------


def _row(enterprise: Any, *, masked: bool) -> dict[str, Any]:
    layer = getattr(enterprise, "layer", None)
    return {
        "credit_code": enterprise.credit_code,
        "name": enterprise.name,
        "district": {"code": enterprise.district.code, "name": enterprise.district.name},
        "development_zone": str(enterprise.development_zone) if enterprise.development_zone_id else None,
        "industry": {"code": enterprise.industry.code, "name": enterprise.industry.name}
        if enterprise.industry_id
        else None,
        "tech_field": enterprise.tech_field,
        "tech_field_label": enterprise.get_tech_field_display() if enterprise.tech_field else "",
        "founded_on": enterprise.founded_on,
        "layer": CODE_OF_LAYER.get(layer, "none") if layer is not None else "none",
        "contact_name": mask_name(enterprise.contact_name) if masked else enterprise.contact_name,
        "contact_phone": mask_phone(enterprise.contact_phone) if masked else enterprise.contact_phone,
        "contact_email": mask_email(enterprise.contact_email) if masked else enterprise.contact_email,
    }


def _figures(figures: YearlyFigures) -> dict[str, Any]:
    return {name: getattr(figures, name) for name in FiguresOut.model_fields}


def _certificate(certificate: Certificate, day: date) -> dict[str, Any]:
    return {
        "kind": certificate.kind,
        "label": certificate.get_kind_display(),
        "number": certificate.number,
        "year": certificate.year,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "revoked_on": certificate.revoked_on,
        "issuer": certificate.issuer,
        "valid_today": certificate.is_valid_on(day),
    }


def _detail(enterprise: Any, *, masked: bool) -> dict[str, Any]:
    day = data_as_of()
    return {
        **_row(enterprise, masked=masked),
        "address": enterprise.address,
        "resident_enterprise": enterprise.resident_enterprise,
        "figures": [_figures(f) for f in enterprise.yearly_figures.all()],
        "certificates": [_certificate(c, day) for c in enterprise.certificates.all()],
        # The forest's spans and moves through their reverse relations: the registry does not import the
        # forest app, which sits above it.
        "timeline": {
            "spans": [
                {
                    "layer": CODE_OF_LAYER[span.layer],
                    "label": span.get_layer_display(),
                    "starts_on": span.starts_on,
                    "ends_on": span.ends_on,
                    "needs_data": span.needs_data,
                    "rulebook_version": span.rulebook_version,
                }
                for span in enterprise.layer_spans.all()
            ],
            "moves": [
                {
                    "kind": move.kind,
                    "label": move.get_kind_display(),
                    "on": move.on,
                    "from_layer": CODE_OF_LAYER[move.from_layer],
                    "to_layer": CODE_OF_LAYER[move.to_layer],
                    "reason": move.reason,
                }
                for move in enterprise.moves.all()
            ],
        },
    }


def _detailed(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    return with_layer(queryset).prefetch_related(
        Prefetch("yearly_figures", queryset=YearlyFigures.objects.order_by("-year")),
        Prefetch("certificates", queryset=Certificate.objects.order_by("-issued_on", "kind")),
        "layer_spans",
        "moves",
    )


def _visible(request: AuthenticatedRequest, credit_code: str, *, detailed: bool = False) -> Enterprise:
    """The enterprise if the caller may see it; 404 otherwise, the same as for one that does not exist."""
    queryset = enterprises_for(request.auth)
    return get_object_or_404(
        _detailed(queryset) if detailed else queryset, credit_code=uscc.normalise(credit_code)
    )


def _stable(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Pages never overlap: the allow-listed ordering is completed by the primary key."""
    ordering: list[Any] = list(queryset.query.order_by) or list(Enterprise._meta.ordering or [])
    if "pk" not in ordering and "id" not in ordering:
        ordering.append("pk")
    return queryset.order_by(*ordering)


# --- Input --------------------------------------------------------------------------------------------


def _require_editor(user: Any) -> None:
    if not (getattr(user, "is_superuser", False) or getattr(user, "role", None) in EDITOR_ROLES):
        raise PermissionDenied(_("只有市局、县区工作人员和系统管理员可以修改企业库"))


def _ensure_in_scope(user: Any, enterprise: Enterprise) -> None:
    """After a write, inside its transaction: the enterprise must still be one the user may see, so a
    district officer cannot register or move an enterprise outside their district (scope stays defined
    in one place, Enterprise.objects.visible_to)."""
    if not enterprises_for(user).filter(pk=enterprise.pk).exists():
        raise PermissionDenied(_("只能登记或修改本辖区的企业"))


def _references(data: dict[str, Any]) -> dict[str, Any]:
    """Turn the codes and names of the request into rows; every unknown one is named at once."""
    errors: dict[str, str] = {}
    if "credit_code" in data and data["credit_code"] is not None:
        data["credit_code"] = uscc.normalise(data["credit_code"])
    if "district" in data:
        code = (data["district"] or "").strip()
        region = Region.objects.filter(code=code, parent__code=JINZHONG).select_related("alias_of").first()
        if region is None:
            errors["district"] = _("未知的县区代码：{code}").format(code=code or "（空）")
        else:
            data["district"] = region.current
    if data.get("development_zone"):
        name = data["development_zone"].strip()
        zone = (
            DevelopmentZone.objects.filter(name=name).first()
            or DevelopmentZone.objects.filter(short_name=name).first()
        )
        if zone is None:
            errors["development_zone"] = _("未知的开发区：{name}").format(name=name)
        data["development_zone"] = zone
    elif "development_zone" in data:
        data["development_zone"] = None
    if data.get("industry"):
        code = data["industry"].strip().upper()
        industry = IndustrySection.objects.filter(code=code).first()
        if industry is None:
            errors["industry"] = _("未知的行业门类代码：{code}").format(code=code)
        data["industry"] = industry
    elif "industry" in data:
        data["industry"] = None
    if errors:
        raise ValidationError(errors)
    return data


# --- Endpoints ----------------------------------------------------------------------------------------


@router.get("", response=EnterprisePage, summary="企业列表（分页、筛选、排序）")
def enterprise_list(request: AuthenticatedRequest, filters: Query[EnterpriseQuery]) -> dict[str, Any]:
    data = filters.dict(exclude_none=True, exclude={"page", "page_size"})
    filterset = EnterpriseFilter(data, queryset=enterprises_for(request.auth))
    if not filterset.is_valid():
        raise InputError(form_error_detail(filterset.errors, "query"))
    queryset = _stable(filterset.qs)
    start = (filters.page - 1) * filters.page_size
    rows = with_layer(queryset, filterset.as_of)[start : start + filters.page_size]
    masked = not sees_personal_data(request.auth)
    return {
        "count": queryset.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [_row(e, masked=masked) for e in rows],
    }


@router.get("/{credit_code}", response=EnterpriseDetail, summary="企业详情：年度数据、资质、层级时间线")
def enterprise_detail(request: AuthenticatedRequest, credit_code: str) -> dict[str, Any]:
    enterprise = _visible(request, credit_code, detailed=True)
    return _detail(enterprise, masked=not sees_personal_data(request.auth))


@router.get("/{credit_code}/history", response=list[ChangeOut], summary="变更记录（企业及其年度数据、资质）")
def enterprise_history(request: AuthenticatedRequest, credit_code: str) -> list[dict[str, Any]]:
    enterprise = _visible(request, credit_code)
    return [
        {
            "at": entry.at,
            "user": entry.user,
            "action": entry.action,
            "record": entry.record,
            "reason": entry.reason,
            "changes": [{"field": f, "old": old, "new": new} for f, old, new in entry.changes],
        }
        for entry in enterprise_change_log(enterprise, viewer=request.auth)
    ]


@router.post("", response={201: EnterpriseDetail}, summary="登记企业")
def enterprise_create(request: AuthenticatedRequest, payload: EnterpriseIn) -> Status[dict[str, Any]]:
    user = request.auth
    _require_editor(user)
    data = _references(payload.dict())
    reason = data.pop("reason")
    with transaction.atomic():
        enterprise = services.enterprise_register(user=user, reason=reason, **data)
        _ensure_in_scope(user, enterprise)
    created = _visible(request, enterprise.credit_code, detailed=True)
    return Status(201, _detail(created, masked=not sees_personal_data(user)))


@router.patch("/{credit_code}", response=EnterpriseDetail, summary="修改企业信息")
def enterprise_edit(
    request: AuthenticatedRequest, credit_code: str, payload: EnterprisePatch
) -> dict[str, Any]:
    user = request.auth
    enterprise = _visible(request, credit_code)
    _require_editor(user)
    data = _references(payload.dict(exclude_unset=True))
    reason = data.pop("reason", "")
    with transaction.atomic():
        enterprise = services.enterprise_update(enterprise=enterprise, user=user, reason=reason, **data)
        _ensure_in_scope(user, enterprise)
    return _detail(
        _visible(request, enterprise.credit_code, detailed=True), masked=not sees_personal_data(user)
    )


@router.post("/{credit_code}/figures", response=FiguresOut, summary="填报（新增或更新）一年的年度数据")
def figures_upsert(request: AuthenticatedRequest, credit_code: str, payload: FiguresIn) -> dict[str, Any]:
    user = request.auth
    enterprise = _visible(request, credit_code)
    _require_editor(user)
    values = payload.dict(exclude_unset=True)
    year = values.pop("year")
    reason = values.pop("reason", "")
    figures = services.figures_record(enterprise=enterprise, year=year, user=user, reason=reason, **values)
    return _figures(figures)


@router.post("/{credit_code}/certificates", response=CertificateOut, summary="登记（新增或更新）资质证书")
def certificate_upsert(
    request: AuthenticatedRequest, credit_code: str, payload: CertificateIn
) -> dict[str, Any]:
    user = request.auth
    enterprise = _visible(request, credit_code)
    _require_editor(user)
    values = payload.dict()
    if values["kind"] not in CertificateKind.values:
        raise ValidationError({"kind": _("未知的资质类别：{kind}").format(kind=values["kind"])})
    certificate = services.certificate_record(enterprise=enterprise, user=user, **values)
    return _certificate(certificate, data_as_of())
