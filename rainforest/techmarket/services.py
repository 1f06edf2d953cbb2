"""Writes of the technology market: a contract's registration workflow.

    submitted ──register──▶ registered (numbered, dated)
        │
        └──return (reason)──▶ returned ──resubmit──▶ submitted

Each service is keyword-only, atomic, checked by the policy (`policy.checked`: submitting is ADD, which the
parties and the officers hold; registering and returning are CHANGE, which only the city and district
officers hold), validated with `full_clean()`, attributed in the change log and logged as a
`ContractEvent` (who, when, from which status to which, and the comment)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rainforest.core import policy
from rainforest.core.models import today
from rainforest.core.policy import Action
from rainforest.techmarket.choices import Status, Transition
from rainforest.techmarket.models import Contract, ContractEvent

# The registry's code in registration numbers: the city's GB/T 2260 code (晋中 140700).
REGISTRY_CODE: str = str(getattr(settings, "RAINFOREST_CITY_CODE", "140700"))


def _attribute(contract: Contract, user: Any, reason: str) -> None:
    contract._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    contract._change_reason = reason  # type: ignore[attr-defined]


def _log(contract: Contract, user: Any, transition: str, before: str, comment: str = "") -> ContractEvent:
    return ContractEvent.objects.create(
        contract=contract,
        transition=transition,
        from_status=before,
        to_status=contract.status,
        actor=user if getattr(user, "is_authenticated", False) else None,
        comment=comment[:300],
    )


def next_registration_number(year: int) -> str:
    """The next number of the registry for `year`: YYYY + registry code + a 6-digit sequence, e.g.
    2025140700000024. Called inside the registering transaction (the unique constraint refuses a
    duplicate if two registrars race)."""
    prefix = f"{year}{REGISTRY_CODE}"
    last = (
        Contract.objects.select_for_update()
        .filter(registration_number__startswith=prefix)
        .order_by("-registration_number")
        .values_list("registration_number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


@transaction.atomic
def contract_submit(*, user: Any, contract: Contract, comment: str = "") -> Contract:
    """Submit a new contract for registration (status 待登记)."""
    if contract.pk is not None:
        raise ValidationError(_("该合同已提交"))
    contract.status = Status.SUBMITTED
    contract.registered_on = None
    contract.registration_number = ""
    contract.return_reason = ""
    contract.full_clean()
    with policy.checked(user, Action.ADD, contract):
        _attribute(contract, user, _("提交登记"))
        contract._event_logged = True
        contract.save()
        _log(contract, user, Transition.SUBMIT, "", comment)
    return contract


@transaction.atomic
def contract_register(
    *, user: Any, contract: Contract, registered_on: date | None = None, comment: str = ""
) -> Contract:
    """Register a submitted contract: number it and date it (today unless told)."""
    with policy.checked(user, Action.CHANGE, contract):
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        if contract.status != Status.SUBMITTED:
            raise ValidationError(
                {
                    "status": _("只有待登记的合同可以登记（当前：{status}）").format(
                        status=contract.get_status_display()
                    )
                }
            )
        day = registered_on or today()
        contract.status = Status.REGISTERED
        contract.registered_on = day
        contract.registration_number = next_registration_number(day.year)
        contract.return_reason = ""
        contract.full_clean()
        _attribute(contract, user, _("登记"))
        contract.save()
        _log(contract, user, Transition.REGISTER, Status.SUBMITTED, comment)
    return contract


@transaction.atomic
def contract_return(*, user: Any, contract: Contract, reason: str) -> Contract:
    """Return a submitted contract to its submitter, with the reason (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"return_reason": _("退回须说明原因")})
    with policy.checked(user, Action.CHANGE, contract):
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        if contract.status != Status.SUBMITTED:
            raise ValidationError(
                {
                    "status": _("只有待登记的合同可以退回（当前：{status}）").format(
                        status=contract.get_status_display()
                    )
                }
            )
        contract.status = Status.RETURNED
        contract.return_reason = reason[:300]
        contract.full_clean()
        _attribute(contract, user, _("退回"))
        contract.save()
        _log(contract, user, Transition.RETURN, Status.SUBMITTED, reason)
    return contract


@transaction.atomic
def contract_resubmit(
    *, user: Any, contract: Contract, changes: dict[str, Any] | None = None, comment: str = ""
) -> Contract:
    """Submit a returned contract again, with the corrections in `changes` (field → value)."""
    with policy.checked(user, Action.ADD, contract):
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        if contract.status != Status.RETURNED:
            raise ValidationError(
                {
                    "status": _("只有已退回的合同可以重新提交（当前：{status}）").format(
                        status=contract.get_status_display()
                    )
                }
            )
        for name, value in (changes or {}).items():
            if name in ("status", "registered_on", "registration_number", "return_reason", "number"):
                raise ValidationError({name: _("重新提交时不能修改该项")})
            setattr(contract, name, value)
        contract.status = Status.SUBMITTED
        contract.return_reason = ""
        contract.full_clean()
        _attribute(contract, user, _("重新提交"))
        contract.save()
        _log(contract, user, Transition.RESUBMIT, Status.RETURNED, comment)
    return contract
