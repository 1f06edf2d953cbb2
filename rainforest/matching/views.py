"""Pages of the matching app beyond the declared record types' (rainforest.matching.records): a deal's
moves (进入洽谈, 签约, 终止), posted from the deal's page. The engine's pages are in match_views.py."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rainforest.core.money import WAN
from rainforest.core.policy import Action, access, restrict
from rainforest.matching import services
from rainforest.matching.models import Deal
from rainforest.techmarket.models import Contract


def _deal(request: HttpRequest, pk: int) -> Deal:
    return get_object_or_404(Deal.objects.restrict(request.user, Action.CHANGE), pk=pk)


def _back(deal: Deal) -> HttpResponse:
    return redirect(reverse("records:deal_detail", args=[deal.pk]))


def _refused(request: HttpRequest, deal: Deal, error: ValidationError) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return _back(deal)


@access.model(Deal, Action.CHANGE)
@require_POST
def deal_advance(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    try:
        services.deal_advance(user=request.user, deal=deal, comment=request.POST.get("comment", "").strip())
    except ValidationError as error:
        return _refused(request, deal, error)
    messages.success(request, _("对接 {number} 已进入洽谈").format(number=deal.number))
    return _back(deal)


@access.model(Deal, Action.CHANGE)
@require_POST
def deal_sign(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    number = request.POST.get("contract", "").strip()
    contract = restrict(Contract.objects.all(), request.user, Action.VIEW).filter(number=number).first()
    if contract is None:
        messages.error(
            request, _("技术合同：{number} 不存在或不在您的数据范围内").format(number=number or "—")
        )
        return _back(deal)
    try:
        amount = Decimal(request.POST.get("amount", "").strip().replace(",", "")) * WAN
    except InvalidOperation:
        messages.error(request, _("成交金额：请填写数字（万元）"))
        return _back(deal)
    try:
        services.deal_sign(
            user=request.user,
            deal=deal,
            contract=contract,
            amount=amount,
            comment=request.POST.get("comment", "").strip(),
        )
    except ValidationError as error:
        return _refused(request, deal, error)
    messages.success(request, _("对接 {number} 已签约").format(number=deal.number))
    return _back(deal)


@access.model(Deal, Action.CHANGE)
@require_POST
def deal_drop(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    try:
        services.deal_drop(user=request.user, deal=deal, comment=request.POST.get("comment", ""))
    except ValidationError as error:
        return _refused(request, deal, error)
    messages.success(request, _("对接 {number} 已终止").format(number=deal.number))
    return _back(deal)
