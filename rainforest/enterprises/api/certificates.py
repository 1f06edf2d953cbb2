"""An enterprise's certificates and designations: record (create or update) one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rainforest.api.auth import AuthenticatedRequest
from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, access
from rainforest.enterprises import services
from rainforest.enterprises.api._common import certificate, visible
from rainforest.enterprises.api._router import router
from rainforest.enterprises.api.schemas import CertificateIn, CertificateOut
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate


@router.post("/{credit_code}/certificates", response=CertificateOut, summary="登记（新增或更新）资质证书")
@access.model(Certificate, Action.CHANGE)
def certificate_upsert(
    request: AuthenticatedRequest, credit_code: str, payload: CertificateIn
) -> dict[str, Any]:
    user = request.auth
    enterprise = visible(request, credit_code, action=Action.CHANGE)
    values = payload.dict()
    if values["kind"] not in CertificateKind.values:
        raise ValidationError({"kind": _("未知的资质类别：{kind}").format(kind=values["kind"])})
    recorded = services.certificate_record(enterprise=enterprise, user=user, **values)
    return certificate(recorded, data_as_of())
