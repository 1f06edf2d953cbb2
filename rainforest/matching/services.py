"""Writes of the matching app: deals (成果对接) open, advance, sign and drop, each move logged with who,
when and why (DealEvent), checked by the policy before and after the change. Achievements and demands
are written by the record framework (rainforest.core.records.services)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rainforest.core.models import today
from rainforest.core.policy import Action, checked
from rainforest.matching.choices import DEAL_TRANSITIONS, DealStatus, DemandStatus
from rainforest.matching.models import Achievement, Deal, DealEvent, Demand
from rainforest.techmarket.choices import Status as ContractStatus
from rainforest.techmarket.models import Contract


def _history(obj: Any, user: Any, reason: str) -> None:
    obj._history_user = user if getattr(user, "is_authenticated", False) else None
    obj._change_reason = reason


def _log(deal: Deal, user: Any, before: str, after: str, comment: str) -> DealEvent:
    event = DealEvent(
        deal=deal,
        from_status=before,
        to_status=after,
        by=user if getattr(user, "is_authenticated", False) else None,
        comment=comment,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def deal_open(
    *,
    user: Any,
    demand: Demand,
    achievement: Achievement,
    number: str,
    opened_on: date | None = None,
    tech_manager: Any = None,
    note: str = "",
) -> Deal:
    """Open a deal between a demand and an achievement (status 已接洽), logged as its first move."""
    deal = Deal(
        number=number,
        demand=demand,
        achievement=achievement,
        tech_manager=tech_manager,
        opened_on=opened_on or today(),
        note=note,
    )
    with checked(user, Action.ADD, deal):
        deal.full_clean()
        _history(deal, user, _("发起对接"))
        deal.save()
        _log(deal, user, "", DealStatus.CONTACTED, note)
    return deal


def _moved(user: Any, deal: Deal, to: str, comment: str, reason: str, **changes: Any) -> Deal:
    """Move a stored deal to `to` (allowed from its stored state only), with the changes given."""
    with checked(user, Action.CHANGE, deal):
        stored = Deal.objects.select_for_update().get(pk=deal.pk)
        before = stored.status
        if to not in DEAL_TRANSITIONS[before]:
            raise ValidationError(
                {
                    "status": _("“%(before)s”的对接不能改为“%(after)s”")
                    % {"before": DealStatus(before).label, "after": DealStatus(to).label}
                }
            )
        stored.status = to
        for name, value in changes.items():
            setattr(stored, name, value)
        stored.full_clean()
        _history(stored, user, reason)
        stored.save()
        _log(stored, user, before, to, comment)
    return stored


@transaction.atomic
def deal_advance(*, user: Any, deal: Deal, comment: str = "") -> Deal:
    """已接洽 → 洽谈中."""
    return _moved(user, deal, DealStatus.NEGOTIATING, comment, _("进入洽谈"))


@transaction.atomic
def deal_sign(
    *, user: Any, deal: Deal, contract: Contract, amount: Decimal, comment: str = "", on: date | None = None
) -> Deal:
    """洽谈中 → 已签约, linked to its registered technology contract, with the amount (yuan). The demand
    counts as matched (已对接)."""
    if contract.status != ContractStatus.REGISTERED:
        raise ValidationError({"contract": _("技术合同 %(number)s 尚未登记") % {"number": contract.number}})
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("成交金额不能为负")})
    signed = _moved(
        user,
        deal,
        DealStatus.SIGNED,
        comment,
        _("签约"),
        contract=contract,
        amount=amount,
        closed_on=on or today(),
    )
    demand = Demand.objects.select_for_update().get(pk=signed.demand_id)
    if demand.status == DemandStatus.OPEN:
        demand.status = DemandStatus.MATCHED
        _history(demand, user, _("对接签约"))
        demand.save(update_fields=["status", "updated_at"])
    return signed


@transaction.atomic
def deal_drop(*, user: Any, deal: Deal, comment: str, on: date | None = None) -> Deal:
    """已接洽 or 洽谈中 → 已终止, with the reason (required)."""
    if not comment.strip():
        raise ValidationError({"comment": _("请填写终止原因")})
    return _moved(user, deal, DealStatus.DROPPED, comment.strip(), _("终止对接"), closed_on=on or today())
