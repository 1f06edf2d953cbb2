"""factory_boy factories for the registry. Credit codes are built valid (GB 32100) from a sequence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from rainforest.core import credit_code
from rainforest.core.models import Region
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures

ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code_for(n: int, region: str = "140702") -> str:
    body = ""
    for _ in range(8):
        body = ORG_ALPHABET[n % 31] + body
        n //= 31
    return credit_code.build("91", region, body)


def district(code: str = "140702") -> Region:
    return Region.objects.get(code=code)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        django_get_or_create = ("credit_code",)

    credit_code = factory.Sequence(lambda n: credit_code_for(n + 1000))
    name = factory.Sequence(lambda n: f"晋中测试科技有限公司{n:04d}")
    district = factory.LazyFunction(district)
    founded_on = date(2015, 3, 1)
    tech_field = "advanced_manufacturing"
    contact_name = "张三丰"
    contact_phone = "13912345678"
    contact_email = "zhang@example.cn"


class YearlyFiguresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyFigures

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2024
    employees = 100
    tech_staff = 20
    sales_revenue = Decimal("30000000")
    operating_revenue = Decimal("30000000")
    total_income = Decimal("31000000")
    hitech_income = Decimal("20000000")
    total_assets = Decimal("50000000")
    rd_expense = Decimal("1500000")


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = CertificateKind.HNTE
    issued_on = date(2023, 11, 1)
    expires_on = factory.LazyAttribute(lambda o: Certificate.default_expiry(o.kind, o.issued_on, None))
