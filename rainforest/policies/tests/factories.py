"""Test data for the policy calculator: firms with the certificates and figures the derived policy cases need."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import cast

import factory

from rainforest.core.models import DevelopmentZone, Region
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.tests.factories import EnterpriseFactory, credit_code_for
from rainforest.policies.choices import BenefitKind, PolicyLevel
from rainforest.policies.models import Policy, PolicyCondition

AS_OF = date(2025, 6, 1)  # "this year" 2025, "last year" 2024


def taiyuan_district() -> Region:
    """小店区 of Taiyuan: the reference data holds Taiyuan (140100) but not its districts."""
    region, _ = Region.objects.get_or_create(
        code="140105",
        defaults={"name": "小店区", "level": "district", "parent": Region.objects.get(code="140100")},
    )
    return region


def zonggai_zone() -> DevelopmentZone:
    return DevelopmentZone.objects.get(short_name="晋中开发区")


_serial = iter(range(50_000, 60_000))


def firm(
    *, name: str = "", district: Region | None = None, zone: DevelopmentZone | None = None, **fields: object
) -> Enterprise:
    number = next(_serial)
    region = district or Region.objects.get(code="140702")
    return cast(
        Enterprise,
        EnterpriseFactory(
            credit_code=credit_code_for(number, region.code),
            name=name or f"政策测试企业{number}",
            district=region,
            development_zone=zone,
            **fields,
        ),
    )


def hnte(enterprise: Enterprise, *issued: date) -> None:
    for day in issued:
        Certificate.objects.create(
            enterprise=enterprise,
            kind=CertificateKind.HNTE,
            issued_on=day,
            expires_on=Certificate.default_expiry(CertificateKind.HNTE, day),
        )


def tech_sme(enterprise: Enterprise, *years: int) -> None:
    for year in years:
        Certificate.objects.create(
            enterprise=enterprise,
            kind=CertificateKind.TECH_SME,
            year=year,
            issued_on=date(year, 4, 1),
            expires_on=date(year + 1, 1, 1),
        )


def figures(enterprise: Enterprise, year: int, **values: object) -> YearlyFigures:
    money = {
        name: Decimal(str(value)) if isinstance(value, int | float | str) and name != "employees" else value
        for name, value in values.items()
    }
    return YearlyFigures.objects.create(enterprise=enterprise, year=year, **money)


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    code = factory.Sequence(lambda n: f"P-T-{n}")
    name = factory.Sequence(lambda n: f"测试政策{n}")
    level = PolicyLevel.CITY
    benefit_kind = BenefitKind.FIXED
    amount_yuan = Decimal("50000.00")


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyCondition

    policy = factory.SubFactory(PolicyFactory)
    order = factory.Sequence(lambda n: n + 1)
    label = "有效高新技术企业"
    expression = "hnte_valid"
