"""factory_boy factories of the matching app's records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.matching.models import Achievement, Demand


class UniversityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"晋中测试学院{n:03d}")
    code = factory.Sequence(lambda n: f"test-univ-{n:03d}")
    kind = OrganisationKind.UNIVERSITY


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    owner = factory.SubFactory(UniversityFactory)
    number = factory.Sequence(lambda n: f"CG-2025-{n + 9000:04d}")
    title = "高强度碳纤维复合材料低成本制备技术"
    abstract = "以国产碳纤维为增强体，采用热塑性树脂快速模压工艺。制件强度高、周期短，适合汽车轻量化部件。"
    keywords = factory.LazyFunction(lambda: ["碳纤维", "复合材料", "轻量化"])
    discipline = "材料科学与工程"
    field = "new_materials"
    industry = "carbon_materials"
    maturity = 6
    transfer_modes = factory.LazyFunction(lambda: ["license", "codevelopment"])
    expected_price = Decimal("500000")
    published_on = date(2025, 3, 1)


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    enterprise = factory.SubFactory(EnterpriseFactory)
    number = factory.Sequence(lambda n: f"XQ-2025-{n + 9000:04d}")
    title = "汽车零部件减重"
    description = "我们生产的货车车厢板太重，油耗高，想找一种又轻又结实的替代材料。"
    field = "new_materials"
    budget = Decimal("300000")
    published_on = date(2025, 4, 1)
