"""Writes to the registry. Each takes the acting user and is checked by the policy on every record it
touches, before the change and again after it inside the transaction (rainforest.core.policy.checked), so
nobody writes, or moves a record, outside their scope. Each is atomic, validates with full_clean(), keeps
the change log (who and why, through django-simple-history) and tells core.changes which enterprises
changed, so their forest layer follows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rainforest.core import changes, policy
from rainforest.core.choices import Role
from rainforest.core.policy import OFFICERS, Action
from rainforest.enterprises.models import Assignment, Certificate, Enterprise, YearlyFigures

ENTERPRISE_FIELDS = (
    "credit_code", "name", "district", "development_zone", "industry", "tech_field", "founded_on", "address",
    "resident_enterprise", "contact_name", "contact_phone", "contact_email",
)  # fmt: skip


def _attribute(instance: Any, user: Any, reason: str) -> None:
    instance._history_user = user if getattr(user, "is_authenticated", False) else None
    instance._change_reason = reason


@transaction.atomic
def enterprise_register(
    *, user: Any, reason: str = "", credit_code_override_reason: str = "", **fields: Any
) -> Enterprise:
    """Register a new enterprise. A credit code failing its check is refused unless a city officer gives
    an override reason."""
    if credit_code_override_reason and user is not policy.OPERATOR and policy.role_of(user) not in OFFICERS:
        raise PermissionDenied("只有市局工作人员可以登记未通过校验的统一社会信用代码")
    enterprise = Enterprise(credit_code_override_reason=credit_code_override_reason, **fields)
    with policy.checked(user, Action.ADD, enterprise, refusal=_("只能登记或修改本辖区的企业")):
        enterprise.full_clean()
        _attribute(enterprise, user, reason or "登记企业")
        enterprise.save()
    changes.records_changed(enterprise_ids=[enterprise.pk])
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, user: Any, reason: str = "", **fields: Any) -> Enterprise:
    """Change an enterprise the user reaches; moving it out of their reach (another district) is refused."""
    with policy.checked(user, Action.CHANGE, enterprise, refusal=_("只能登记或修改本辖区的企业")):
        for name, value in fields.items():
            if name not in ENTERPRISE_FIELDS:
                raise ValidationError({name: "不可修改的字段"})
            setattr(enterprise, name, value)
        enterprise.full_clean()
        _attribute(enterprise, user, reason or "修改企业信息")
        enterprise.save()
    changes.records_changed(enterprise_ids=[enterprise.pk])
    return enterprise


@transaction.atomic
def enterprise_delete(*, enterprise: Enterprise, user: Any, reason: str = "") -> None:
    with policy.checked(user, Action.DELETE, enterprise):
        _attribute(enterprise, user, reason or "删除企业")
        enterprise.delete()


@transaction.atomic
def figures_record(
    *, enterprise: Enterprise, year: int, user: Any, reason: str = "", **values: Any
) -> YearlyFigures:
    """Create or update an enterprise's figures for one year (upsert by enterprise and year)."""
    figures = YearlyFigures.objects.filter(enterprise=enterprise, year=year).first() or YearlyFigures(
        enterprise=enterprise, year=year
    )
    with policy.checked(user, Action.CHANGE if figures.pk else Action.ADD, figures):
        for name, value in values.items():
            setattr(figures, name, value)
        figures.full_clean()
        _attribute(figures, user, reason or "填报年度数据")
        figures.save()
    changes.records_changed(enterprise_ids=[enterprise.pk])
    return figures


@transaction.atomic
def figures_delete(*, figures: YearlyFigures, user: Any, reason: str = "") -> None:
    enterprise_id = figures.enterprise_id
    with policy.checked(user, Action.DELETE, figures):
        _attribute(figures, user, reason or "删除年度数据")
        figures.delete()
    changes.records_changed(enterprise_ids=[enterprise_id])


@transaction.atomic
def certificate_record(
    *,
    enterprise: Enterprise,
    kind: str,
    issued_on: date,
    user: Any,
    reason: str = "",
    expires_on: date | None = None,
    **values: Any,
) -> Certificate:
    """Create or update a certificate (upsert by enterprise, kind and issue date). The expiry defaults to
    the kind's term: 3 years for HNTE and MIIT titles, the year's end for a tech-SME registration."""
    certificate = Certificate.objects.filter(
        enterprise=enterprise, kind=kind, issued_on=issued_on
    ).first() or Certificate(enterprise=enterprise, kind=kind, issued_on=issued_on)
    with policy.checked(user, Action.CHANGE if certificate.pk else Action.ADD, certificate):
        for name, value in values.items():
            setattr(certificate, name, value)
        certificate.expires_on = expires_on or Certificate.default_expiry(kind, issued_on, values.get("year"))
        certificate.full_clean()
        _attribute(certificate, user, reason or "登记资质")
        certificate.save()
    changes.records_changed(enterprise_ids=[enterprise.pk])
    return certificate


@transaction.atomic
def certificate_delete(*, certificate: Certificate, user: Any, reason: str = "") -> None:
    enterprise_id = certificate.enterprise_id
    with policy.checked(user, Action.DELETE, certificate):
        _attribute(certificate, user, reason or "删除资质")
        certificate.delete()
    changes.records_changed(enterprise_ids=[enterprise_id])


@transaction.atomic
def assignment_start(*, enterprise: Enterprise, butler: Any, started_on: date, user: Any) -> Assignment:
    if getattr(butler, "role", None) != Role.BUTLER:
        raise ValidationError({"butler": "只能指派角色为科技管家的用户"})
    assignment = Assignment(enterprise=enterprise, butler=butler, started_on=started_on)
    with policy.checked(user, Action.ADD, assignment):
        assignment.full_clean()
        _attribute(assignment, user, "指派科技管家")
        assignment.save()
    return assignment
