"""The platforms' own pages and API operations: the summary links each figure to its records, the
scorecards sort and paginate, the plan shows planned, done and the gap; every answer within the caller's
scope."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from rainforest.platforms.models import PlatformPlan
from rainforest.platforms.tests.factories import make_platform, make_year, platform_type

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 1)


@pytest.fixture
def platforms(two_districts, settings):
    settings.RAINFOREST = {**settings.RAINFOREST, "AS_OF": AS_OF}
    yuci, taigu = two_districts["yuci"], two_districts["taigu"]
    first = make_platform("榆次省级中心", host=yuci)
    second = make_platform("太谷省级实验室", host=taigu, type_name="重点实验室")
    make_year(first, 2024, "100", "700", "90")
    make_year(second, 2024, "200", "600", "30")
    PlatformPlan.objects.create(year=2025, type=platform_type("中试基地"), level="municipal", planned=10)
    make_platform("榆次中试基地", host=yuci, type_name="中试基地", level="municipal",
                  approved_on=date(2024, 5, 1), recognised_on=date(2025, 3, 1))  # fmt: skip
    return {"first": first, "second": second}


def test_the_summary_shows_the_figures_and_links_each_to_its_records(client, city, platforms):
    from rainforest.platforms.models import Platform, PlatformPartner

    PlatformPartner.objects.create(platform=platforms["first"], outside_name="燕山大学", role="co_builder")
    base = Platform.objects.get(name="榆次中试基地")  # recognised in 2025
    PlatformPartner.objects.create(platform=base, outside_name="沈阳药科大学", role="co_builder")
    client.force_login(city)
    response = client.get(reverse("platforms:summary"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.key_platforms, figures.rd_input, figures.economic_benefit) == (2, 3_000_000, 13_000_000)
    links = response.context["links"]
    listed = client.get(links["key_platforms"])
    assert [row.obj.name for row in listed.context["rows"]] == ["太谷省级实验室", "榆次省级中心"]
    years = client.get(links["last_year"])
    assert sorted(row.obj.platform.name for row in years.context["rows"]) == [
        "太谷省级实验室",
        "榆次省级中心",
    ]
    assert parse_qs(urlparse(links["last_year"]).query)["year"] == ["2024"]
    assert links["top"] == reverse("platforms:platform", args=[platforms["first"].pk]) + "?year=2024"
    assert "0.03" in response.content.decode()  # 3,000,000 yuan shown in 亿元
    co_built = client.get(links["co_built"])  # co-builders of platforms approved or recognised in 2025
    assert [row.obj.outside_name for row in co_built.context["rows"]] == ["沈阳药科大学"]


def test_a_district_officer_sees_only_its_own_platforms_figures(client, district_yuci, platforms):
    client.force_login(district_yuci)
    response = client.get(reverse("platforms:summary"))
    assert response.context["figures"].key_platforms == 1
    assert "太谷省级实验室" not in response.content.decode()
    page = client.get(reverse("platforms:scorecards"), {"year": 2024})
    names = [card.platform.name for card in page.context["page"].object_list]
    assert names == ["榆次省级中心", "榆次中试基地"]  # the base has no 2024 figures: unranked, last


def test_the_scorecards_page_sorts_by_an_allowed_column_and_filters(client, city, platforms):
    client.force_login(city)
    page = client.get(reverse("platforms:scorecards"), {"year": 2024, "ordering": "-ratio"})
    assert [card.platform.name for card in page.context["page"].object_list] == [
        "榆次省级中心",
        "太谷省级实验室",
        "榆次中试基地",
    ]
    page = client.get(
        reverse("platforms:scorecards"), {"year": 2024, "ordering": "ratio; DROP", "level": "municipal"}
    )
    assert [card.platform.name for card in page.context["page"].object_list] == ["榆次中试基地"]
    empty = client.get(reverse("platforms:scorecards"), {"type": "999999"})
    assert "没有符合筛选条件的平台" in empty.content.decode()


def test_the_plan_page_shows_planned_done_and_the_gap(client, city, platforms):
    client.force_login(city)
    response = client.get(reverse("platforms:plan"), {"year": 2025})
    [row] = response.context["rows"]
    assert (row["line"].planned, row["line"].done, row["line"].gap) == (10, 1, 9)
    done = client.get(row["done_url"])
    assert [r.obj.name for r in done.context["rows"]] == ["榆次中试基地"]
    empty = client.get(reverse("platforms:plan"), {"year": 2030})
    assert "还没有 2030 年的平台建设计划" in empty.content.decode()


def test_the_api_gives_scorecards_plan_and_summary_within_the_callers_scope(
    api, city, owner, bank, platforms
):
    body = api(city, "GET", "/api/v1/platforms/scorecards", year=2024, ordering="-ratio").json()
    assert (body["count"], body["year"]) == (3, 2024)
    assert [(r["name"], r["ratio"], r["rank"]) for r in body["results"][:2]] == [
        ("榆次省级中心", "7", 1),
        ("太谷省级实验室", "3", 1),
    ]
    assert api(city, "GET", "/api/v1/platforms/scorecards", ordering="drop").status_code == 422
    assert api(owner, "GET", "/api/v1/platforms/scorecards", year=2024).json()["count"] == 2
    assert api(bank, "GET", "/api/v1/platforms/scorecards", year=2024).json()["count"] == 0
    [line] = api(city, "GET", "/api/v1/platforms/plan", year=2025).json()
    assert (line["type"], line["planned"], line["done"], line["gap"]) == ("中试基地", 10, 1, 9)
    summary = api(city, "GET", "/api/v1/platforms/summary").json()
    assert (summary["as_of"], summary["key_platforms"], summary["top_conversion_platform"]) == (
        "2025-06-01",
        2,
        "榆次省级中心",
    )
    assert api(None, "GET", "/api/v1/platforms/summary").status_code == 401


def test_a_platforms_page_shows_its_scorecard_partners_and_years(client, city, district_yuci, platforms):
    from rainforest.platforms.models import PlatformPartner

    first = platforms["first"]
    PlatformPartner.objects.create(platform=first, outside_name="燕山大学", role="co_builder")
    client.force_login(city)
    response = client.get(reverse("platforms:platform", args=[first.pk]), {"year": 2024})
    assert response.status_code == 200
    card = response.context["card"]
    assert (card.ratio, card.rank, card.ranked) == (7, 1, 1)
    text = response.content.decode()
    assert "燕山大学" in text and 'data-record="platform_performance"' in text
    assert "?platform=" in text  # the performance section's link to add a year for this platform
    client.force_login(district_yuci)
    assert client.get(reverse("platforms:platform", args=[platforms["second"].pk])).status_code == 404


def test_the_scorecards_and_the_platform_list_read_a_fixed_number_of_queries(
    client, city, own_firm, platforms
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(city)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    pages = (reverse("platforms:scorecards") + "?year=2024", reverse("records:platform_list"),
             reverse("records:platform_performance_list"), reverse("platforms:summary"))  # fmt: skip
    before = [queries(url) for url in pages]
    for n in range(8):
        make_year(make_platform(f"加测中心{n}", host=own_firm, level="municipal"), 2024, "10", str(20 + n))
    assert [queries(url) for url in pages] == before
