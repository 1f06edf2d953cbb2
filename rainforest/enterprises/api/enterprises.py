"""Enterprises: list, detail, change log, register and change."""

from __future__ import annotations

from typing import Any

from ninja import Query, Status
from ninja.errors import ValidationError as InputError

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.errors import form_error_detail
from rainforest.core.pagination import paginate
from rainforest.core.policy import Action, access
from rainforest.core.scope import sees_personal_data
from rainforest.enterprises import services
from rainforest.enterprises.api._common import detail, references, row, stable, visible
from rainforest.enterprises.api._router import router
from rainforest.enterprises.api.schemas import (
    ChangeOut,
    EnterpriseDetail,
    EnterpriseIn,
    EnterprisePage,
    EnterprisePatch,
    EnterpriseQuery,
)
from rainforest.enterprises.filters import EnterpriseFilter
from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.selectors import enterprise_change_log, enterprises_for, with_layer


@router.get("", response=EnterprisePage, summary="企业列表（分页、筛选、排序）")
@access.model(Enterprise, Action.VIEW)
def enterprise_list(request: AuthenticatedRequest, filters: Query[EnterpriseQuery]) -> dict[str, Any]:
    data = filters.dict(exclude_none=True, exclude={"page", "page_size"})
    filterset = EnterpriseFilter(data, queryset=enterprises_for(request.auth))
    if not filterset.is_valid():
        raise InputError(form_error_detail(filterset.errors, "query"))
    queryset = stable(filterset.qs)
    masked = not sees_personal_data(request.auth)
    rows = with_layer(queryset, filterset.as_of)
    return paginate(rows, filters, lambda e: row(e, masked=masked), count=queryset.count())


@router.get("/{credit_code}", response=EnterpriseDetail, summary="企业详情：年度数据、资质、层级时间线")
@access.model(Enterprise, Action.VIEW)
def enterprisedetail(request: AuthenticatedRequest, credit_code: str) -> dict[str, Any]:
    enterprise = visible(request, credit_code, detailed=True)
    return detail(enterprise, masked=not sees_personal_data(request.auth))


@router.get("/{credit_code}/history", response=list[ChangeOut], summary="变更记录（企业及其年度数据、资质）")
@access.model(Enterprise, Action.VIEW)
def enterprise_history(request: AuthenticatedRequest, credit_code: str) -> list[dict[str, Any]]:
    enterprise = visible(request, credit_code)
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
@access.model(Enterprise, Action.ADD)
def enterprise_create(request: AuthenticatedRequest, payload: EnterpriseIn) -> Status[dict[str, Any]]:
    user = request.auth
    data = references(payload.dict())
    reason = data.pop("reason")
    # The service checks the policy after saving: an enterprise outside the caller's district is refused.
    enterprise = services.enterprise_register(user=user, reason=reason, **data)
    created = visible(request, enterprise.credit_code, detailed=True)
    return Status(201, detail(created, masked=not sees_personal_data(user)))


@router.patch("/{credit_code}", response=EnterpriseDetail, summary="修改企业信息")
@access.model(Enterprise, Action.CHANGE)
def enterprise_edit(
    request: AuthenticatedRequest, credit_code: str, payload: EnterprisePatch
) -> dict[str, Any]:
    user = request.auth
    enterprise = visible(request, credit_code, action=Action.CHANGE)
    data = references(payload.dict(exclude_unset=True))
    reason = data.pop("reason", "")
    # The service checks the policy before and after: moving the firm out of the caller's reach is refused.
    enterprise = services.enterprise_update(enterprise=enterprise, user=user, reason=reason, **data)
    return detail(
        visible(request, enterprise.credit_code, detailed=True), masked=not sees_personal_data(user)
    )
