"""The matching app's API operations, mounted under /api/v1/matching: a deal's moves (进入洽谈, 签约, 终止).
Achievements, demands and deals themselves are declared record types, under /api/v1/records/<name>; the
engine's operations are in match_api.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from rainforest.core.policy import Action, access, restrict
from rainforest.matching import services
from rainforest.matching.models import Deal
from rainforest.techmarket.models import Contract

router = Router(tags=["matching"])


class DealDetailOut(Schema):
    id: int
    number: str = Field(description="对接编号")
    status: str = Field(description="对接状态：contacted, negotiating, signed, dropped")
    status_label: str
    demand: str = Field(description="需求编号")
    achievement: str = Field(description="成果编号")
    contract: str | None = Field(None, description="技术合同编号（签约后）")
    amount: Decimal | None = Field(None, description="成交金额（元）")
    closed_on: date | None = None


class MoveIn(Schema):
    comment: str = Field("", max_length=300, description="说明（记入对接进展）")


class DropIn(Schema):
    comment: str = Field(..., min_length=1, max_length=300, description="终止原因")


class SignIn(Schema):
    contract: str = Field(..., description="已登记的技术合同编号")
    amount: Decimal = Field(..., description="成交金额（元）；不能为负（由签约服务检查，并指明字段）")
    comment: str = Field("", max_length=300)


def _out(deal: Deal) -> dict[str, Any]:
    return {
        "id": deal.pk,
        "number": deal.number,
        "status": deal.status,
        "status_label": str(deal.get_status_display()),
        "demand": deal.demand.number,
        "achievement": deal.achievement.number,
        "contract": deal.contract.number if deal.contract is not None else None,
        "amount": deal.amount,
        "closed_on": deal.closed_on,
    }


def _deal(request: Any, deal_id: int) -> Deal:
    rows = Deal.objects.select_related("demand", "achievement", "contract")
    return get_object_or_404(restrict(rows, request.auth, Action.CHANGE), pk=deal_id)


@router.post("/deals/{deal_id}/advance", response=DealDetailOut, summary="对接进入洽谈")
@access.model(Deal, Action.CHANGE)
def deal_advance(request: Any, deal_id: int, payload: MoveIn) -> dict[str, Any]:
    deal = services.deal_advance(user=request.auth, deal=_deal(request, deal_id), comment=payload.comment)
    return _out(deal)


@router.post("/deals/{deal_id}/sign", response=DealDetailOut, summary="对接签约（关联已登记的技术合同）")
@access.model(Deal, Action.CHANGE)
def deal_sign(request: Any, deal_id: int, payload: SignIn) -> dict[str, Any]:
    deal = _deal(request, deal_id)
    contract = (
        restrict(Contract.objects.all(), request.auth, Action.VIEW).filter(number=payload.contract).first()
    )
    if contract is None:
        raise ValidationError(
            {"contract": _("%(value)s 不存在或不在您的数据范围内") % {"value": payload.contract}}
        )
    signed = services.deal_sign(
        user=request.auth, deal=deal, contract=contract, amount=payload.amount, comment=payload.comment
    )
    return _out(signed)


@router.post("/deals/{deal_id}/drop", response=DealDetailOut, summary="终止对接（须写明原因）")
@access.model(Deal, Action.CHANGE)
def deal_drop(request: Any, deal_id: int, payload: DropIn) -> dict[str, Any]:
    deal = services.deal_drop(user=request.auth, deal=_deal(request, deal_id), comment=payload.comment)
    return _out(deal)
