"""Platforms refuse bad input with a message naming the field, in clean() and in the database alike."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation, Region
from rainforest.platforms.choices import PlatformLevel, PlatformStatus
from rainforest.platforms.models import (
    Platform,
    PlatformPartner,
    PlatformPerformance,
    PlatformPlan,
    PlatformType,
)
from rainforest.platforms.tests.factories import make_platform, platform_type, university_in

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_the_data_migration_seeds_the_six_types():
    assert list(PlatformType.objects.filter(seeded=True).values_list("name", "key_platform")) == [
        ("技术创新中心", True),
        ("重点实验室", True),
        ("工程技术研究中心", True),
        ("新型研发机构", False),
        ("中试基地", False),
        ("产业技术创新战略联盟", False),
    ]


def test_a_platform_takes_its_district_from_its_host(own_firm):
    platform = make_platform("测试中心", host=own_firm)
    assert platform.district == own_firm.district
    college = university_in("140703", "太谷测试学院")
    hosted = make_platform("学院实验室", host=college, type_name="重点实验室")
    assert hosted.district == Region.objects.get(code="140703")


def test_a_platform_needs_exactly_one_host(own_firm):
    college = university_in("140703", "太谷测试学院")
    none = Platform(name="无依托", type=platform_type(), level=PlatformLevel.MUNICIPAL, status="planned")
    assert errors_of(none)["host_enterprise"] == ["请填写依托企业或依托单位（二者填一）"]
    both = Platform(
        name="双依托",
        type=platform_type(),
        level=PlatformLevel.MUNICIPAL,
        status="planned",
        host_enterprise=own_firm,
        host_organisation=college,
    )
    assert errors_of(both)["host_enterprise"] == ["依托企业和依托单位只能填一个"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Platform.objects.create(name="双依托", type=platform_type(), level="municipal", host_enterprise=own_firm,
                                host_organisation=college)  # fmt: skip
    assert not Platform.objects.filter(name="双依托").exists()


def test_dates_follow_the_status_in_order(own_firm):
    def platform(**fields):
        values = {
            "name": "日期测试",
            "type": platform_type(),
            "level": "provincial",
            "host_enterprise": own_firm,
        }
        return Platform(**(values | fields))

    assert "recognised_on" in errors_of(platform(status=PlatformStatus.RECOGNISED))
    assert "approved_on" in errors_of(platform(status=PlatformStatus.BUILDING))
    assert errors_of(platform(status=PlatformStatus.REVOKED, recognised_on=date(2020, 1, 1)))[
        "revoked_on"
    ] == ["已撤销的平台须填写撤销日期"]
    early = platform(
        status=PlatformStatus.RECOGNISED, approved_on=date(2021, 5, 1), recognised_on=date(2021, 4, 1)
    )
    assert errors_of(early)["recognised_on"] == ["认定日期 2021-04-01 早于批准建设日期 2021-05-01"]
    backwards = platform(
        status=PlatformStatus.REVOKED, recognised_on=date(2021, 4, 1), revoked_on=date(2020, 1, 1)
    )
    assert errors_of(backwards)["revoked_on"] == ["撤销日期 2020-01-01 早于认定日期 2021-04-01"]
    not_revoked = platform(
        status=PlatformStatus.RECOGNISED, recognised_on=date(2021, 4, 1), revoked_on=date(2022, 1, 1)
    )
    assert errors_of(not_revoked)["revoked_on"] == ["只有已撤销的平台才有撤销日期"]
    future = platform(status=PlatformStatus.BUILDING, approved_on=date(2999, 1, 1))
    assert "approved_on" in errors_of(future)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "revoked", "recognised_on": date(2021, 1, 1)},  # revoked without its date
        {"status": "recognised", "approved_on": date(2021, 5, 1), "recognised_on": date(2021, 4, 1)},
        {"status": "recognised", "recognised_on": date(2021, 4, 1), "revoked_on": date(2022, 1, 1)},
        {"status": "building"},
    ],
)
def test_the_database_refuses_dates_out_of_order_too(own_firm, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Platform.objects.create(name="库约束", type=platform_type(), level="provincial", host_enterprise=own_firm,
                                **fields)  # fmt: skip
    assert not Platform.objects.filter(name="库约束").exists()


def test_performance_before_the_platform_existed_is_refused_naming_the_year(own_firm):
    platform = make_platform(
        "年度测试中心", host=own_firm, approved_on=date(2022, 3, 1), recognised_on=date(2023, 6, 1)
    )
    before = PlatformPerformance(platform=platform, year=2021, rd_input=Decimal(1))
    assert errors_of(before) == {"year": ["年度 2021 早于平台“年度测试中心”成立的年度 2022（2022-03-01）"]}
    PlatformPerformance(platform=platform, year=2022, rd_input=Decimal(1)).full_clean()
    planned = make_platform("计划中", host=own_firm, status="planned", approved_on=None)
    assert "year" in errors_of(PlatformPerformance(platform=planned, year=2024))
    assert PlatformPerformance.objects.count() == 0


def test_one_performance_a_year_and_no_negative_money(own_firm):
    platform = make_platform("唯一年度", host=own_firm)
    PlatformPerformance.objects.create(platform=platform, year=2024, rd_input=100)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlatformPerformance.objects.create(platform=platform, year=2024, rd_input=200)
    negative = PlatformPerformance(platform=platform, year=2023, rd_input=Decimal(-1))
    assert "rd_input" in errors_of(negative)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlatformPerformance.objects.create(platform=platform, year=2023, economic_benefit=-5)
    assert list(PlatformPerformance.objects.values_list("year", "rd_input")) == [(2024, Decimal(100))]


def test_a_partner_is_exactly_one_of_a_firm_an_organisation_or_an_outside_name(own_firm):
    platform = make_platform("共建中心", host=own_firm)
    assert "enterprise" in errors_of(PlatformPartner(platform=platform, role="co_builder"))
    college = Organisation.objects.create(name="共建学院", kind=OrganisationKind.UNIVERSITY)
    two = PlatformPartner(platform=platform, role="co_builder", organisation=college, outside_name="燕山大学")
    assert errors_of(two)["enterprise"] == ["合作企业、合作机构、市外单位名称须填且只填一个"]
    PlatformPartner(platform=platform, role="co_builder", outside_name=" 燕山大学 ").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlatformPartner.objects.create(platform=platform, role="co_builder")


def test_one_plan_line_per_year_type_and_level():
    pilot = platform_type("中试基地")
    PlatformPlan.objects.create(year=2025, type=pilot, level="municipal", planned=10)
    duplicate = PlatformPlan(year=2025, type=pilot, level="municipal", planned=3)
    assert "__all__" in errors_of(duplicate)
    assert "planned" in errors_of(PlatformPlan(year=2026, type=pilot, level="municipal", planned=0))
