"""The demo city's platforms reproduce the seed's figures (S11–S19, S36) from their records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rainforest.core.choices import OrganisationKind, Role
from rainforest.core.models import User
from rainforest.demo.builder import build_demo
from rainforest.demo.plan import AS_OF
from rainforest.enterprises.models import Enterprise
from rainforest.platforms import selectors
from rainforest.platforms.models import Platform, PlatformPartner, PlatformPlan, PlatformType

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)


@pytest.fixture
def demo(db):
    build_demo(seed=7, scale="tiny", size=150)


@pytest.fixture
def officer(demo):
    return User.objects.create_user(username="platforms-city", role=Role.CITY_OFFICER)


def test_the_demo_city_has_the_seeds_platform_figures(officer):
    figures = selectors.summary(officer, as_of=AS_OF)
    assert figures.key_platforms == 8
    assert figures.rd_input == 3 * YI
    assert figures.economic_benefit == Decimal("21.56") * YI
    top = figures.top_conversion
    assert top is not None
    assert top.platform.host_enterprise.name == "山西普丽环境工程股份有限公司"
    assert top.platform.type.name == "技术创新中心"
    assert top.conversion_income == Decimal("1.01") * YI
    assert figures.recommended == 3
    assert figures.co_built == 2
    assert figures.university_hosted == 51


def test_the_recommended_institutions_and_the_co_built_centres_are_the_seeds(demo):
    recommended = Platform.objects.filter(recommended_year=2025)
    hosts = sorted(p.host_enterprise.name for p in recommended)
    assert "山西晋农生物科技有限公司" in hosts
    assert any("通用航空" in name for name in hosts)
    assert {p.type.name for p in recommended} == {"新型研发机构"}
    pairs = {
        (partner.platform.host_enterprise.name, partner.outside_name or partner.organisation.name)
        for partner in PlatformPartner.objects.filter(role="co_builder").select_related("platform")
    }
    assert pairs == {("太重集团榆次液压工业有限公司", "燕山大学"), ("山西德元堂药业有限公司", "沈阳药科大学")}


def test_the_2025_plan_is_the_seeds_with_some_of_it_done(officer):
    lines = {
        (line.plan.type.name, line.plan.level): line for line in selectors.plan_progress(officer, year=2025)
    }
    assert {key: line.planned for key, line in lines.items()} == {
        ("新型研发机构", "municipal"): 3,
        ("中试基地", "municipal"): 10,
        ("产业技术创新战略联盟", "municipal"): 2,
    }
    assert {key[0]: (line.done, line.building, line.gap) for key, line in lines.items()} == {
        "新型研发机构": (1, 1, 2),
        "中试基地": (4, 3, 6),
        "产业技术创新战略联盟": (0, 1, 2),
    }


def test_the_university_platforms_are_spread_over_the_universities(demo):
    hosted = Platform.objects.filter(host_organisation__kind=OrganisationKind.UNIVERSITY)
    assert hosted.count() == 51
    assert hosted.values("host_organisation").distinct().count() > 1


def test_a_rebuild_keeps_the_seeded_types_and_makes_the_same_platforms(demo):
    names = sorted(Platform.objects.values_list("name", flat=True))
    build_demo(seed=7, scale="tiny", size=150)
    assert sorted(Platform.objects.values_list("name", flat=True)) == names
    assert PlatformType.objects.filter(seeded=True).count() == 6
    assert PlatformPlan.objects.filter(year=2025).count() == 3
    assert Enterprise.objects.filter(name__contains="通用航空").exists()
