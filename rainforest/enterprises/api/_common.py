"""What the registry's endpoints share: turning rows into answers, finding an enterprise within the
caller's reach (`restrict`), and turning the codes of a request into rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from rainforest.api.auth import AuthenticatedRequest
from rainforest.core import credit_code as uscc
from rainforest.core.choices import CODE_OF_LAYER
from rainforest.core.models import DevelopmentZone, IndustrySection, Region, data_as_of
from rainforest.core.policy import Action
from rainforest.core.scope import mask_email, mask_name, mask_phone
from rainforest.enterprises.api.schemas import FiguresOut
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.selectors import enterprises_for, with_layer

JINZHONG = "140700"


def row(enterprise: Any, *, masked: bool) -> dict[str, Any]:
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


def figures(figures: YearlyFigures) -> dict[str, Any]:
    return {name: getattr(figures, name) for name in FiguresOut.model_fields}


def certificate(certificate: Certificate, day: date) -> dict[str, Any]:
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


def detail(enterprise: Any, *, masked: bool) -> dict[str, Any]:
    day = data_as_of()
    return {
        **row(enterprise, masked=masked),
        "address": enterprise.address,
        "resident_enterprise": enterprise.resident_enterprise,
        "figures": [figures(f) for f in enterprise.yearly_figures.all()],
        "certificates": [certificate(c, day) for c in enterprise.certificates.all()],
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


def with_details(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    return with_layer(queryset).prefetch_related(  # type: ignore[type-var]
        Prefetch("yearly_figures", queryset=YearlyFigures.objects.order_by("-year")),
        Prefetch("certificates", queryset=Certificate.objects.order_by("-issued_on", "kind")),
        "layer_spans",
        "moves",
    )


def visible(
    request: AuthenticatedRequest, credit_code: str, *, detailed: bool = False, action: Action = Action.VIEW
) -> Enterprise:
    """The enterprise if the caller may act on it this way; 404 otherwise, the same as for one that does
    not exist."""
    queryset = enterprises_for(request.auth, action)
    return get_object_or_404(
        with_details(queryset) if detailed else queryset, credit_code=uscc.normalise(credit_code)
    )


def stable(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Pages never overlap: the allow-listed ordering is completed by the primary key."""
    ordering: list[Any] = list(queryset.query.order_by) or list(Enterprise._meta.ordering or [])
    if "pk" not in ordering and "id" not in ordering:
        ordering.append("pk")
    return queryset.order_by(*ordering)


def references(data: dict[str, Any]) -> dict[str, Any]:
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
