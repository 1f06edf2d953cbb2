"""Scorecards, the plan against what was done and the summary, computed from the records; each role sees
the platforms of its scope (a platform follows its host)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.core.models import Region
from rainforest.core.policy import Action, may
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.platforms import selectors
from rainforest.platforms.models import PlatformPartner, PlatformPlan
from rainforest.platforms.tests.factories import WAN, make_platform, make_year, platform_type, university_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def centres(two_districts):
    """Three provincial technology innovation centres and a municipal one, with their years."""
    yuci, taigu = two_districts["yuci"], two_districts["taigu"]
    a = make_platform("甲中心", host=yuci)
    b = make_platform("乙中心", host=taigu)
    c = make_platform(
        "丙中心", host=EnterpriseFactory(name="丙公司", district=Region.objects.get(code="140702"))
    )
    d = make_platform("丁中心", host=taigu, level="municipal")
    make_year(a, 2023, "100", "400")
    make_year(a, 2024, "100", "500", "80")  # 5.00, up from 4.00
    make_year(b, 2023, "200", "1000")
    make_year(b, 2024, "200", "600")  # 3.00, down from 5.00
    make_year(c, 2024, "50", "250")  # 5.00: ties with 甲
    make_year(d, 2024, "10", "90")  # 9.00, alone among municipal centres
    return {"a": a, "b": b, "c": c, "d": d}


def test_a_scorecard_gives_output_per_yuan_its_trend_and_rank_within_type_and_level(centres, city):
    cards = {card.platform.name: card for card in selectors.scorecards(city, year=2024)}
    assert {name: (card.ratio, card.trend, card.rank, card.ranked) for name, card in cards.items()} == {
        "甲中心": (Decimal(5), "up", 1, 3),
        "丙中心": (Decimal(5), "", 1, 3),
        "乙中心": (Decimal(3), "down", 3, 3),
        "丁中心": (Decimal(9), "", 1, 1),
    }
    assert cards["甲中心"].change == Decimal(1)
    assert [point.year for point in cards["甲中心"].points] == [2023, 2024]


def test_scorecards_sort_by_an_allowed_column_with_the_missing_last(centres, city):
    make_platform("戊中心", host=centres["a"].host_enterprise, level="municipal")  # no years
    names = [card.platform.name for card in selectors.scorecards(city, year=2024, ordering="-ratio")]
    assert names == ["丁中心", "丙中心", "甲中心", "乙中心", "戊中心"]
    names = [card.platform.name for card in selectors.scorecards(city, year=2024, ordering="rd_input")]
    assert names == ["丁中心", "丙中心", "甲中心", "乙中心", "戊中心"]
    names = [card.platform.name for card in selectors.scorecards(city, year=2024, ordering="nonsense")]
    assert names[:2] == ["丁中心", "丙中心"]  # by rank, ties by name


def test_a_district_sees_its_own_platforms_ranked_among_the_whole_city(centres, district_yuci):
    cards = selectors.scorecards(district_yuci, year=2024)
    assert sorted(card.platform.name for card in cards) == ["丙中心", "甲中心"]
    assert {card.platform.name: card.rank for card in cards} == {"甲中心": 1, "丙中心": 1}


def test_each_role_sees_the_platforms_of_its_hosts(two_districts, city, district_yuci, butler, owner,
                                                   university, bank, outsider, organisations):  # fmt: skip
    from rainforest.enterprises.models import Assignment

    Assignment.objects.create(enterprise=two_districts["yuci"], butler=butler)
    own = organisations["university"]
    own.region = Region.objects.get(code="140703")
    own.save()
    platforms = {
        "firm_yuci": make_platform("榆次企业中心", host=two_districts["yuci"]),
        "firm_taigu": make_platform("太谷企业中心", host=two_districts["taigu"]),
        "own_university": make_platform("本校实验室", host=own, type_name="重点实验室"),
        "other_university": make_platform(
            "他校实验室", host=university_in("140702", "榆次测试学院"), type_name="重点实验室"
        ),
    }
    expected = {
        city: set(platforms),
        district_yuci: {"firm_yuci", "other_university"},
        butler: {"firm_yuci"},
        owner: {"firm_yuci"},
        university: {"own_university"},
        bank: set(),
        outsider: set(),
    }
    for user, keys in expected.items():
        seen = {key for key, platform in platforms.items() if may(user, Action.VIEW, platform)}
        assert seen == keys, user.username
        assert set(selectors.visible_platforms(user).values_list("name", flat=True)) == {
            platforms[key].name for key in keys
        }
    assert may(district_yuci, Action.CHANGE, platforms["firm_yuci"])
    assert not may(district_yuci, Action.CHANGE, platforms["firm_taigu"])
    assert not may(university, Action.CHANGE, platforms["own_university"])


def test_the_plan_counts_what_was_recognised_in_its_year_and_what_is_being_built(own_firm, city):
    pilot = platform_type("中试基地")
    PlatformPlan.objects.create(year=2025, type=pilot, level="municipal", planned=10, source="种子报告")
    for n, recognised in enumerate((date(2025, 2, 1), date(2025, 5, 1), date(2024, 12, 31))):
        make_platform(f"中试{n}", host=own_firm, type_name="中试基地", level="municipal",
                      approved_on=date(2024, 3, 1), recognised_on=recognised)  # fmt: skip
    make_platform("中试在建", host=own_firm, type_name="中试基地", level="municipal", status="building",
                  approved_on=date(2025, 3, 1))  # fmt: skip
    make_platform("省级中试", host=own_firm, type_name="中试基地", level="provincial",
                  approved_on=date(2024, 3, 1), recognised_on=date(2025, 3, 1))  # fmt: skip
    [line] = selectors.plan_progress(city, year=2025)
    assert (line.planned, line.done, line.building, line.gap) == (10, 2, 1, 8)
    assert line.share == Decimal("0.2")


def test_the_summary_counts_key_platforms_on_the_day_and_sums_their_last_year(centres, city, own_firm):
    lab = make_platform("已撤销实验室", host=own_firm, type_name="重点实验室", status="revoked",
                        recognised_on=date(2021, 6, 1), revoked_on=date(2025, 1, 10))  # fmt: skip
    make_year(lab, 2024, "1000", "1000")
    pilot = make_platform("省级中试基地", host=own_firm, type_name="中试基地")  # not a key type
    make_year(pilot, 2024, "1000", "1000")
    PlatformPartner.objects.create(platform=centres["d"], outside_name="燕山大学", role="co_builder")
    figures = selectors.summary(city, as_of=date(2025, 6, 1))
    assert figures.key_platforms == 3  # 甲, 乙, 丙 (丁 is municipal; the lab was revoked in January)
    assert figures.rd_input == Decimal(350) * WAN
    assert figures.economic_benefit == Decimal(1350) * WAN
    assert figures.top_conversion is not None and figures.top_conversion.platform == centres["a"]
    assert figures.co_built == 0  # 丁 was approved in 2020
    earlier = selectors.summary(city, as_of=date(2024, 12, 31))
    assert earlier.key_platforms == 4  # the lab was still recognised
