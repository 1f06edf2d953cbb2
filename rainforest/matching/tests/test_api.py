"""/api/v1/matching/deals/{id}/advance|sign|drop: a deal's moves through the API, with a real token; the
errors in the API's one shape; nothing changes on a refusal."""

from __future__ import annotations

from datetime import date

import pytest

from rainforest.api.tests import conftest as api_fixtures
from rainforest.matching import services
from rainforest.matching.choices import DealStatus
from rainforest.matching.models import Deal
from rainforest.matching.tests.factories import AchievementFactory, DemandFactory
from rainforest.techmarket.tests.factories import contract

api = api_fixtures.api
api_urls = api_fixtures.api_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(city, own_firm, organisations):
    return services.deal_open(
        user=city,
        demand=DemandFactory(enterprise=own_firm),
        achievement=AchievementFactory(owner=organisations["university"]),
        number="DJ-A-0001",
        opened_on=date(2025, 3, 1),
    )


def test_a_deal_is_advanced_and_signed_through_the_api(api, api_urls, city, deal):
    base = f"/api/v1/matching/deals/{deal.pk}"
    response = api(city, "POST", f"{base}/advance", {"comment": "双方见面"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "negotiating"
    registered = contract()
    response = api(city, "POST", f"{base}/sign", {"contract": registered.number, "amount": "800000"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "signed" and body["contract"] == registered.number
    assert Deal.objects.get(pk=deal.pk).amount == 800000


def test_refusals_name_the_field_and_change_nothing(api, api_urls, city, owner, university, deal):
    base = f"/api/v1/matching/deals/{deal.pk}"
    response = api(city, "POST", f"{base}/sign", {"contract": "HT-NONE", "amount": "1"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "contract"
    response = api(city, "POST", f"{base}/drop", {"comment": ""})
    assert response.status_code == 422
    for user in (owner, university):  # the deal's sides watch it; they do not move it
        assert api(user, "POST", f"{base}/advance", {}).status_code == 403
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.CONTACTED
