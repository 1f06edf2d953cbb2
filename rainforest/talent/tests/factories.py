"""factory_boy factories of the talent app."""

from __future__ import annotations

from datetime import date

import factory

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation, Region
from rainforest.talent.choices import DisciplineLevel, ManagerGrade
from rainforest.talent.models import (
    JointCentre,
    KeyDiscipline,
    ResearchTeam,
    TechManager,
    Trainee,
    TrainingClass,
)


def institution(name: str = "晋中测试学院", region: str | None = "140702", code: str = "") -> Organisation:
    """A university or institute of this district (made once per name)."""
    organisation, _created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": OrganisationKind.UNIVERSITY,
            "code": code or f"inst-{abs(hash(name)) % 10**8}",
            "region": Region.objects.get(code=region) if region else None,
        },
    )
    return organisation


class TechManagerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechManager

    name = factory.Sequence(lambda n: f"经理人{n:03d}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    grade = ManagerGrade.PRIMARY


class TrainingClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingClass

    name = factory.Sequence(lambda n: f"初级技术经理人培训班第{n}期")
    grade = ManagerGrade.PRIMARY
    host = "山西大学国家大学科技园"
    starts_on = date(2025, 5, 12)
    ends_on = date(2025, 5, 16)
    place = "山西大学城"


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    training_class = factory.SubFactory(TrainingClassFactory)
    manager = factory.SubFactory(TechManagerFactory)
    passed = True
    certificate_number = factory.Sequence(lambda n: f"JSJL-2025-{n:04d}")


class KeyDisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyDiscipline

    organisation = factory.LazyFunction(institution)
    name = factory.Sequence(lambda n: f"测试学科{n:03d}")
    level = DisciplineLevel.PROVINCIAL
    code = "0703"


class ResearchTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchTeam

    organisation = factory.LazyFunction(institution)
    name = factory.Sequence(lambda n: f"测试团队{n:03d}")
    leader = "李教授"
    size = 8
    discipline = "化学"
    field = "new_materials"
    founded_year = 2018


class JointCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointCentre

    name = factory.Sequence(lambda n: f"测试联合创新中心{n:03d}")
    organisation = factory.LazyFunction(institution)
    founded_on = date(2024, 9, 1)
