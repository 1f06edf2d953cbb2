"""Test data of the finance app: organisations by name and records with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation, Region
from rainforest.finance import models as m

_serial = itertools.count(1)


def organisation(name: str, kind: str = OrganisationKind.BANK, region: Region | None = None) -> Organisation:
    found = Organisation.objects.filter(name=name).first()
    if found is not None:
        return found
    return Organisation.objects.create(name=name, kind=kind, region=region)


def event(
    *, district: Region | None = None, held_on: date = date(2025, 3, 18), **fields: Any
) -> m.MatchmakingEvent:
    fields.setdefault("title", f"银企对接会 {next(_serial)}")
    return m.MatchmakingEvent.objects.create(district=district, held_on=held_on, **fields)


def loan(enterprise: Any, *, bank: Organisation | None = None, **fields: Any) -> m.Loan:
    values: dict[str, Any] = {
        "contract_number": f"JZ-{next(_serial):05d}",
        "amount": Decimal("5000000"),
        "lent_on": date(2025, 4, 1),
        "rate": Decimal("3.65"),
        "term_months": 12,
        "guarantee": "credit",
    }
    values.update(fields)
    return m.Loan.objects.create(bank=bank or organisation("测试银行"), enterprise=enterprise, **values)


def demand(enterprise: Any, **fields: Any) -> m.FinancingDemand:
    values: dict[str, Any] = {
        "raised_on": date(2025, 3, 1),
        "amount": Decimal("3000000"),
        "purpose": f"研发投入 {next(_serial)}",
    }
    values.update(fields)
    return m.FinancingDemand.objects.create(enterprise=enterprise, **values)


def subsidy(loan_: m.Loan, **fields: Any) -> m.InterestSubsidyApplication:
    values: dict[str, Any] = {
        "year": 2025,
        "interest_paid": Decimal("100000"),
        "requested": Decimal("50000"),
    }
    values.update(fields)
    return m.InterestSubsidyApplication.objects.create(loan=loan_, enterprise=loan_.enterprise, **values)


def insurance(enterprise: Any, **fields: Any) -> m.TechInsurance:
    values: dict[str, Any] = {
        "policy_number": f"PICC-{next(_serial):05d}",
        "kind": "rd_loss",
        "premium": Decimal("9500"),
        "cover": Decimal("1000000"),
        "starts_on": date(2025, 5, 1),
        "ends_on": date(2026, 5, 1),
    }
    values.update(fields)
    insurer = values.pop("insurer", None) or organisation("测试保险", OrganisationKind.SERVICE)
    return m.TechInsurance.objects.create(enterprise=enterprise, insurer=insurer, **values)


def fund(**fields: Any) -> m.Fund:
    fields.setdefault("name", f"测试基金 {next(_serial)}")
    return m.Fund.objects.create(**fields)


def product(**fields: Any) -> m.FinancialProduct:
    values: dict[str, Any] = {
        "name": f"科创贷 {next(_serial)}",
        "kind": "tech_loan",
        "rate_min": Decimal("3.2"),
        "rate_max": Decimal("4.5"),
        "term_months": 36,
    }
    values.update(fields)
    institution = values.pop("institution", None) or organisation("测试银行")
    return m.FinancialProduct.objects.create(institution=institution, **values)
