"""The record pages of achievements, demands and deals: what the matching app adds to them (keywords,
deals, the engine's 匹配结果 section, a deal's moves) and who may move a deal from its page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rainforest.enterprises.models import Assignment
from rainforest.matching import services
from rainforest.matching.choices import DealStatus
from rainforest.matching.models import Deal
from rainforest.matching.tests.factories import AchievementFactory, DemandFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_index(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"


@pytest.fixture
def deal(city, own_firm, organisations):
    demand = DemandFactory(enterprise=own_firm, title="油缸漏油返修多")
    achievement = AchievementFactory(owner=organisations["university"], keywords=["液压缸", "往复密封"])
    return services.deal_open(
        user=city, demand=demand, achievement=achievement, number="DJ-P-0001", opened_on=date(2025, 3, 1)
    )


def test_the_demand_page_shows_its_deals_and_the_match_section(client, owner, deal):
    client.force_login(owner)
    response = client.get(reverse("records:demand_detail", args=[deal.demand_id]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "DJ-P-0001" in text and "成果对接" in text
    assert "匹配的科技成果" in text  # the engine's section, included when its template exists


def test_the_achievement_page_shows_keywords_and_transfer_modes(client, university, deal):
    client.force_login(university)
    response = client.get(reverse("records:achievement_detail", args=[deal.achievement_id]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "往复密封" in text and "许可、合作开发" in text and "DJ-P-0001" in text


def test_a_butler_moves_the_deal_of_a_firm_it_serves_and_the_firm_only_watches(client, butler, owner, deal):
    Assignment.objects.create(enterprise=deal.demand.enterprise, butler=butler)
    client.force_login(owner)
    page = client.get(reverse("records:deal_detail", args=[deal.pk])).content.decode()
    assert "已接洽" in page and reverse("matching:deal_advance", args=[deal.pk]) not in page
    refused = client.post(reverse("matching:deal_advance", args=[deal.pk]), {"comment": "试图推进"})
    assert refused.status_code == 403
    deal.refresh_from_db()
    assert deal.status == DealStatus.CONTACTED

    client.force_login(butler)
    page = client.get(reverse("records:deal_detail", args=[deal.pk])).content.decode()
    assert reverse("matching:deal_advance", args=[deal.pk]) in page
    response = client.post(reverse("matching:deal_advance", args=[deal.pk]), {"comment": "约定下周洽谈"})
    assert response.status_code == 302
    deal.refresh_from_db()
    assert deal.status == DealStatus.NEGOTIATING
    page = client.get(reverse("records:deal_detail", args=[deal.pk])).content.decode()
    assert "约定下周洽谈" in page


def test_signing_from_the_page_refuses_an_unknown_contract_and_changes_nothing(client, city, deal):
    services.deal_advance(user=city, deal=deal)
    client.force_login(city)
    response = client.post(
        reverse("matching:deal_sign", args=[deal.pk]), {"contract": "HT-NONE", "amount": "80"}, follow=True
    )
    assert "HT-NONE" in response.content.decode()
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.NEGOTIATING


def test_dropping_from_the_page_needs_a_reason(client, city, deal):
    client.force_login(city)
    response = client.post(reverse("matching:deal_drop", args=[deal.pk]), {"comment": ""}, follow=True)
    assert "请填写终止原因" in response.content.decode()
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.CONTACTED
    client.post(reverse("matching:deal_drop", args=[deal.pk]), {"comment": "企业暂缓"})
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.DROPPED


def test_a_demand_with_deals_is_not_deleted_and_the_page_says_why(client, city, deal):
    client.force_login(city)
    response = client.post(reverse("records:demand_delete", args=[deal.demand_id]), follow=True)
    assert response.status_code == 200
    assert "仍被其他记录引用" in response.content.decode()
    assert Deal.objects.filter(pk=deal.pk, demand_id=deal.demand_id).exists()
