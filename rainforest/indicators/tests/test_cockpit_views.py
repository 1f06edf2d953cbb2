"""The cockpit's pages for every role of the cast, its period selector and map, the district officer's
own district, the briefing button and the kept briefings (the matrix test asks every route as well)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from rainforest.core.models import Region
from rainforest.indicators.models import Briefing
from rainforest.techmarket.tests.factories import contract

pytestmark = pytest.mark.django_db

OFFICERS = ["city", "admin", "district_yuci"]
OTHERS = ["butler", "owner", "university", "bank", "outsider"]


@pytest.fixture
def contracts(two_districts):
    """Three contracts of 榆次区's firm and two of 太谷区's registered in 2025 Q1, one of 榆次区's in 2024 Q1."""
    made = []
    for number, firm, amount, day in (
        ("HT-C-1", "yuci", "1000000", date(2025, 1, 10)),
        ("HT-C-2", "yuci", "2000000", date(2025, 2, 10)),
        ("HT-C-3", "yuci", "3000000", date(2025, 3, 10)),
        ("HT-C-4", "taigu", "40000000", date(2025, 2, 20)),
        ("HT-C-5", "taigu", "50000000", date(2025, 3, 20)),
        ("HT-C-6", "yuci", "1000000", date(2024, 2, 10)),
    ):
        made.append(
            contract(
                number=number,
                seller_enterprise=two_districts[firm],
                contract_amount=Decimal(amount),
                tech_transaction_amount=Decimal(amount),
                signed_on=day,
                submitted_on=day,
                registered_on=day,
            )
        )
    return made


@pytest.mark.parametrize("who", OFFICERS)
def test_officers_open_the_cockpit(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("cockpit:index"), {"period": "2025Q1"})
    assert response.status_code == 200
    assert response.context["period"].code == "2025Q1"


@pytest.mark.parametrize("who", OTHERS)
def test_other_roles_are_refused_the_cockpit_and_its_briefings(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cockpit:index")).status_code == 403
    assert client.get(reverse("cockpit:briefings")).status_code == 403
    assert client.post(reverse("cockpit:briefing_create"), {"period": "2025Q1"}).status_code == 403
    assert Briefing.objects.count() == 0


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("cockpit:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_wrong_period_is_named_and_the_default_period_shown(client, city):
    client.force_login(city)
    response = client.get(reverse("cockpit:index"), {"period": "2025Q7"})
    assert response.status_code == 400
    assert "统计期" in response.content.decode()
    assert response.context["query"].errors["period"] == ["季度 7 无效：应在 1–4 之间"]


def test_the_period_selector_offers_quarters_months_cumulative_months_and_years(client, city, settings):
    settings.RAINFOREST = {**settings.RAINFOREST, "AS_OF": date(2025, 6, 1)}
    client.force_login(city)
    response = client.get(reverse("cockpit:index"))
    assert response.context["period"].code == "2025Q1"  # the latest quarter ended by the as-of date
    groups = dict(response.context["period_groups"])
    assert [code for code, _label in groups["2025年"]] == [
        "2025Q2",
        "2025Q1",
        "2025YTD06",
        "2025YTD05",
        "2025YTD04",
        "2025YTD03",
        "2025YTD02",
        "2025M06",
        "2025M05",
        "2025M04",
        "2025M03",
        "2025M02",
        "2025M01",
        "2025",
    ]


def test_the_district_officers_map_holds_their_district_only(client, district_yuci, city, two_districts):
    client.force_login(district_yuci)
    data = client.get(reverse("cockpit:index"), {"period": "2025Q1"}).context["cockpit_data"]
    assert [d["code"] for d in data["map"]["districts"]] in ([], ["140702"])
    client.force_login(city)
    data = client.get(reverse("cockpit:index"), {"period": "2025Q1"}).context["cockpit_data"]
    codes = [d["code"] for d in data["map"]["districts"]]
    assert codes == [] or set(codes) == set(
        Region.objects.districts().filter(parent__code="140700").values_list("code", flat=True)
    )


def test_a_district_officer_may_not_ask_for_another_district(client, district_yuci, two_districts):
    client.force_login(district_yuci)
    assert client.get(reverse("cockpit:index"), {"district": "140703"}).status_code == 404
    response = client.post(reverse("cockpit:briefing_create"), {"period": "2025Q1", "district": "140703"})
    assert response.status_code == 400
    assert "县区 太谷区 不在您的数据范围内" in response.content.decode()
    assert Briefing.objects.count() == 0


def test_an_unknown_district_is_not_found(client, city):
    client.force_login(city)
    assert client.get(reverse("cockpit:index"), {"district": "999999"}).status_code == 404


def test_the_briefing_button_keeps_a_briefing_and_leads_to_it(client, city, contracts):
    client.force_login(city)
    response = client.post(reverse("cockpit:briefing_create"), {"period": "2025Q1"})
    kept = Briefing.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cockpit:briefing", args=[kept.pk])
    assert (kept.period, kept.district, kept.created_by) == ("2025Q1", None, city)
    page = client.get(response.url).content.decode()
    assert kept.title in page
    download = client.get(reverse("cockpit:briefing_docx", args=[kept.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in download["Content-Disposition"]
    document = Document(io.BytesIO(download.content))
    assert document.paragraphs[0].text == kept.title


def test_a_briefing_without_a_period_is_refused_naming_the_field(client, city):
    client.force_login(city)
    response = client.post(reverse("cockpit:briefing_create"), {"period": ""})
    assert response.status_code == 400
    assert "统计期" in response.content.decode()
    assert Briefing.objects.count() == 0


def test_a_district_officer_generates_their_districts_briefing_and_sees_only_theirs(
    client, district_yuci, city, two_districts
):
    client.force_login(city)
    client.post(reverse("cockpit:briefing_create"), {"period": "2025Q1"})
    city_briefing = Briefing.objects.get()
    client.force_login(district_yuci)
    client.post(reverse("cockpit:briefing_create"), {"period": "2025Q1"})
    own = Briefing.objects.exclude(pk=city_briefing.pk).get()
    assert own.district.code == "140702"
    assert own.title.startswith("榆次区")
    listing = client.get(reverse("cockpit:briefings"))
    assert [b.pk for b in listing.context["page"].object_list] == [own.pk]
    assert client.get(reverse("cockpit:briefing", args=[city_briefing.pk])).status_code == 404
    assert client.get(reverse("cockpit:briefing_docx", args=[city_briefing.pk])).status_code == 404
    client.force_login(city)
    listing = client.get(reverse("cockpit:briefings"))
    assert {b.pk for b in listing.context["page"].object_list} == {own.pk, city_briefing.pk}


def test_the_briefing_list_filters_by_period_and_says_when_nothing_matches(client, city):
    client.force_login(city)
    client.post(reverse("cockpit:briefing_create"), {"period": "2025Q1"})
    client.post(reverse("cockpit:briefing_create"), {"period": "2024"})
    listing = client.get(reverse("cockpit:briefings"), {"period": "2024"})
    assert [b.period for b in listing.context["page"].object_list] == ["2024"]
    empty = client.get(reverse("cockpit:briefings"), {"period": "2023Q2"})
    assert 'data-empty="briefings"' in empty.content.decode()
    assert "没有符合条件的简报" in empty.content.decode()


def test_the_map_endpoint_names_a_wrong_field(client, city):
    client.force_login(city)
    response = client.get(reverse("cockpit:map"), {"period": "abc"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "period"


def test_the_menu_leads_officers_to_the_cockpit(client, city, butler):
    client.force_login(city)
    assert reverse("cockpit:index") in client.get(reverse("home")).content.decode()
    client.force_login(butler)
    assert reverse("cockpit:index") not in client.get(reverse("home")).content.decode()
