"""Organisations (机构管理): create, update, enable and disable, each with its change-log row and audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rainforest.administration.services.common import (
    AUDIT_ORGANISATION_CHANGED,
    _audit,
    _full_clean,
    _stamp,
    check_scope,
)
from rainforest.core.choices import OrganisationKind, OrganisationStatus
from rainforest.core.models import DevelopmentZone, Organisation, Region

# --- organisations --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationData:
    """What a page, a command or an import row says about an organisation."""

    code: str
    name: str
    kind: str
    parent: Organisation | None = None
    region: Region | None = None
    zone: DevelopmentZone | None = None
    credit_code: str = ""
    sort_order: int = 0


def _organisation_apply(organisation: Organisation, data: OrganisationData) -> None:
    if data.kind not in OrganisationKind.values:
        raise ValidationError(
            {
                "kind": _("类型：没有编码为 {kind} 的机构类型（可用：{kinds}）").format(
                    kind=data.kind, kinds="、".join(OrganisationKind.values)
                )
            }
        )
    code = data.code.strip()
    clash = Organisation.objects.filter(code=code).exclude(pk=organisation.pk).first()
    if clash is not None:
        raise ValidationError(
            {"code": _("机构编码：{code} 已被“{name}”使用").format(code=code, name=clash.name)}
        )
    clash = Organisation.objects.filter(name=data.name.strip()).exclude(pk=organisation.pk).first()
    if clash is not None:
        raise ValidationError({"name": _("名称：已有名为“{name}”的机构").format(name=data.name)})
    organisation.code = code
    organisation.name = data.name.strip()
    organisation.kind = data.kind
    organisation.parent = data.parent
    organisation.region = data.region
    organisation.zone = data.zone
    organisation.credit_code = data.credit_code.strip().upper()
    organisation.sort_order = data.sort_order
    _full_clean(organisation)


@transaction.atomic
def organisation_create(
    *, data: OrganisationData, by: Any = None, request: HttpRequest | None = None
) -> Organisation:
    """Create an organisation with its code, kind, parent and region."""
    organisation = Organisation()
    _organisation_apply(organisation, data)
    _stamp(organisation, by)
    organisation.save()
    _audit(
        kind=AUDIT_ORGANISATION_CHANGED,
        user=None,
        actor=by,
        request=request,
        detail=_("新建机构 {code} {name}").format(code=organisation.code, name=organisation.name),
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, data: OrganisationData, by: Any = None, request: HttpRequest | None = None
) -> Organisation:
    """Change an organisation; its users' scopes follow its new region, so each must still fit."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _organisation_apply(organisation, data)
    _stamp(organisation, by)
    organisation.save()
    for member in organisation.users.prefetch_related("scope_regions"):
        try:
            check_scope(
                role=member.role,
                organisation=organisation,
                data_scope=member.data_scope,
                regions=member.scope_regions.all(),
            )
        except ValidationError:
            raise ValidationError(
                {
                    "region": _("所辖区划：用户 {username} 的数据范围将超出新的辖区，请先调整该用户").format(
                        username=member.username
                    )
                }
            ) from None
    _audit(
        kind=AUDIT_ORGANISATION_CHANGED,
        user=None,
        actor=by,
        request=request,
        detail=_("修改机构 {code} {name}").format(code=organisation.code, name=organisation.name),
    )
    return organisation


@transaction.atomic
def organisation_set_status(
    *, organisation: Organisation, active: bool, by: Any = None, request: HttpRequest | None = None
) -> Organisation:
    """Disable (or enable again) an organisation. Its users keep their accounts but see nothing while it is
    disabled (core.scope)."""
    organisation.status = OrganisationStatus.ACTIVE if active else OrganisationStatus.DISABLED
    _stamp(organisation, by)
    organisation.save(update_fields=["status"])
    _audit(
        kind=AUDIT_ORGANISATION_CHANGED,
        user=None,
        actor=by,
        request=request,
        detail=(_("启用机构 {code}") if active else _("停用机构 {code}")).format(code=organisation.code),
    )
    return organisation
