"""Writes to the policy catalogue. A policy and its conditions are validated together before anything is
written: one condition that does not parse refuses the whole save, naming the condition, and nothing is
stored. Only city officers and system administrators edit the catalogue."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rainforest.core.policy import Action, may
from rainforest.policies.models import Policy, PolicyCondition

CATALOGUE_FILE = Path(__file__).parent / "data" / "policies.toml"
# Policies of other jurisdictions (太原市, 综改示范区), kept apart from the catalogue; loaded only on purpose.
OTHER_JURISDICTIONS = Path(__file__).parent / "data" / "other-jurisdictions.toml"

POLICY_FIELDS = (
    "code", "name", "level", "issuer", "document_number", "source_url", "status", "valid_from", "valid_to",
    "beneficiary", "benefit_kind", "amount_yuan", "benefit_expression", "benefit_note", "open_question",
    "stacking_open", "notes",
)  # fmt: skip
CONDITION_FIELDS = ("order", "label", "expression", "gap_fact", "gap_threshold")


def may_edit_policies(user: Any) -> bool:
    """Whoever the policy table lets change policies (city officers and system administrators)."""
    return may(user, Action.CHANGE, Policy)


def _attribute(instance: Any, user: Any, reason: str) -> None:
    instance._history_user = user if getattr(user, "is_authenticated", False) else None
    instance._change_reason = reason


def _check_editor(user: Any) -> None:
    if not may_edit_policies(user):
        raise PermissionDenied(_("只有市局工作人员和系统管理员可以维护政策"))


def _validated(
    policy: Policy, fields: Mapping[str, Any], conditions: Sequence[Mapping[str, Any]]
) -> list[PolicyCondition]:
    """Apply `fields` to `policy` and build its conditions, validating everything; raise one
    ValidationError naming every bad field and condition (`conditions[1].expression`)."""
    errors: dict[str, list[Any]] = {}
    for name, value in fields.items():
        if name not in POLICY_FIELDS:
            errors.setdefault(name, []).append(_("不可修改的字段"))
            continue
        setattr(policy, name, value)
    try:
        policy.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    existing = {condition.order: condition for condition in policy.conditions.all()} if policy.pk else {}
    built: list[PolicyCondition] = []
    seen: set[int] = set()
    for index, values in enumerate(conditions):
        unknown = set(values) - set(CONDITION_FIELDS)
        if unknown:
            errors.setdefault(f"conditions[{index}]", []).append(
                _("条件含未知字段：{names}").format(names="、".join(sorted(unknown)))
            )
            continue
        order = int(values.get("order") or index + 1)
        condition = existing.get(order) or PolicyCondition(order=order)
        condition.policy = policy
        for name in CONDITION_FIELDS:
            if name in values:
                setattr(condition, name, values[name])
        condition.order = order
        if order in seen:
            errors.setdefault(f"conditions[{index}].order", []).append(
                _("条件序号 {order} 重复").format(order=order)
            )
        seen.add(order)
        try:
            condition.full_clean(exclude=["policy"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(f"conditions[{index}].{name}", []).extend(messages)
        built.append(condition)
    if errors:
        raise ValidationError(errors)
    return built


@transaction.atomic
def policy_save(
    *,
    user: Any,
    fields: Mapping[str, Any],
    conditions: Sequence[Mapping[str, Any]],
    policy: Policy | None = None,
    reason: str = "",
) -> Policy:
    """Create a policy (policy=None) or replace an existing one's fields and conditions. Conditions are
    matched by their order number: kept ones are updated, new ones added, missing ones deleted."""
    _check_editor(user)
    return _save(user=user, fields=fields, conditions=conditions, policy=policy, reason=reason)


def _save(
    *,
    user: Any,
    fields: Mapping[str, Any],
    conditions: Sequence[Mapping[str, Any]],
    policy: Policy | None,
    reason: str,
) -> Policy:
    creating = policy is None
    target = policy if policy is not None else Policy()
    built = _validated(target, fields, conditions)
    _attribute(target, user, reason or (_("新增政策") if creating else _("修改政策")))
    target.save()
    keep = {condition.order for condition in built}
    for stale in target.conditions.exclude(order__in=keep):
        _attribute(stale, user, reason or _("删除政策条件"))
        stale.delete()
    for condition in built:
        condition.policy = target
        _attribute(condition, user, reason or _("保存政策条件"))
        condition.save()
    return target


@transaction.atomic
def policy_delete(*, user: Any, policy: Policy, reason: str = "") -> None:
    _check_editor(user)
    for condition in policy.conditions.all():
        _attribute(condition, user, reason or _("删除政策"))
        condition.delete()
    _attribute(policy, user, reason or _("删除政策"))
    policy.delete()


# --- The shipped catalogue ------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueLoad:
    created: int
    updated: int
    unchanged: int


def _policy_values(row: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: row[name] for name in POLICY_FIELDS if name in row}
    for name in ("valid_from", "valid_to"):
        if isinstance(values.get(name), str):
            values[name] = date.fromisoformat(values[name])
    if values.get("amount_yuan") is not None:
        values["amount_yuan"] = Decimal(str(values["amount_yuan"])).quantize(Decimal("0.01"))
    return values


def _condition_values(row: Mapping[str, Any], index: int) -> dict[str, Any]:
    values = {name: row[name] for name in CONDITION_FIELDS if name in row}
    values.setdefault("order", index + 1)
    if values.get("gap_threshold") is not None:
        values["gap_threshold"] = Decimal(str(values["gap_threshold"])).quantize(Decimal("0.01"))
    return values


def _unchanged(policy: Policy, fields: Mapping[str, Any], conditions: Sequence[Mapping[str, Any]]) -> bool:
    if any(getattr(policy, name) != value for name, value in fields.items()):
        return False
    stored = list(policy.conditions.order_by("order"))
    if len(stored) != len(conditions):
        return False
    for condition, values in zip(stored, conditions, strict=True):
        for name in CONDITION_FIELDS:
            default: Any = None if name == "gap_threshold" else ""
            if getattr(condition, name) != values.get(name, default):
                return False
    return True


@transaction.atomic
def policies_load_catalogue(*, path: Path | None = None, user: Any = None) -> CatalogueLoad:
    """Upsert the shipped policies (rainforest/policies/data/policies.toml) by code. Idempotent: a policy
    that already matches the file is left alone (no history entry). Policies not in the file are kept."""
    data = tomllib.loads((path or CATALOGUE_FILE).read_text(encoding="utf-8"))
    created = updated = unchanged = 0
    for row in data["policy"]:
        fields = _policy_values(row)
        conditions = [_condition_values(item, index) for index, item in enumerate(row.get("condition", []))]
        policy = Policy.objects.filter(code=fields["code"]).first()
        if policy is not None and _unchanged(policy, fields, conditions):
            unchanged += 1
            continue
        try:
            _save(
                user=user,
                fields=fields,
                conditions=conditions,
                policy=policy,
                reason=_("载入政策目录"),
            )
        except ValidationError as error:
            raise ValidationError(
                _("政策目录中 {code} 有误：{errors}").format(code=fields["code"], errors=error.messages)
            ) from error
        if policy is None:
            created += 1
        else:
            updated += 1
    return CatalogueLoad(created=created, updated=updated, unchanged=unchanged)
