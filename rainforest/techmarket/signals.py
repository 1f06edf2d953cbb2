"""A contract entered through the generic record pages or API (not `services.contract_submit`) still starts
its registration log: its creation is logged as the submission, by the user the change log names."""

from __future__ import annotations

from typing import Any

from rainforest.techmarket.choices import Status, Transition
from rainforest.techmarket.models import Contract, ContractEvent


def log_submission(sender: type[Contract], instance: Contract, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw") or getattr(instance, "_event_logged", False):
        return
    user = getattr(instance, "_history_user", None)
    ContractEvent.objects.create(
        contract=instance,
        transition=Transition.SUBMIT,
        from_status="",
        to_status=instance.status,
        actor=user if getattr(user, "is_authenticated", False) else None,
        comment="" if instance.status == Status.SUBMITTED else str(instance.get_status_display()),
    )
