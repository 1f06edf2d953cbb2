"""/api/v1/matching: a demand's achievements, an achievement's demands and firms, a search; scoped."""

from __future__ import annotations

import pytest

from rainforest.api.tests import conftest as api_fixtures
from rainforest.matching.engine import store
from rainforest.matching.tests.factories import AchievementFactory, DemandFactory, UniversityFactory
from rainforest.matching.tests.test_engine_records import PROBLEM, SEAL

# The API's fixtures, for this module only (api_urls mounts only the API).
api = api_fixtures.api
api_urls = api_fixtures.api_urls


@pytest.fixture(autouse=True)
def _own_index(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    store.forget()
    yield
    store.forget()


def test_search_returns_reasons(api, city):
    seal = AchievementFactory(**SEAL)
    body = api(city, "GET", "/api/v1/matching/search", q=PROBLEM, top=5).json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == seal.pk and row["rank"] == 1 and row["number"] == seal.number
    assert row["concepts"][0]["trigger"] == "漏油"
    assert row["field_agrees"] is True
    assert "概念关联" in row["explanation"]


def test_search_is_scoped(api, university, organisations):
    AchievementFactory(owner=UniversityFactory(name="太原测试大学"), **SEAL)
    assert api(university, "GET", "/api/v1/matching/search", q=PROBLEM).json()["count"] == 0


def test_search_refuses_empty_query(api, city):
    assert api(city, "GET", "/api/v1/matching/search", q="").status_code == 422
    assert api(None, "GET", "/api/v1/matching/search", q=PROBLEM).status_code == 401


def test_demand_and_achievement_matches(api, owner, own_firm, city):
    seal = AchievementFactory(**SEAL)
    demand = DemandFactory(enterprise=own_firm, title="油缸漏油", description=PROBLEM, field="")
    body = api(owner, "GET", f"/api/v1/matching/demands/{demand.pk}/matches").json()
    assert [r["id"] for r in body["results"]] == [seal.pk]
    other = DemandFactory(title="油缸漏油", description=PROBLEM)
    assert api(owner, "GET", f"/api/v1/matching/demands/{other.pk}/matches").status_code == 404
    body = api(city, "GET", f"/api/v1/matching/achievements/{seal.pk}/matches", top=5).json()
    assert demand.pk in [r["id"] for r in body["results"]]
    assert own_firm.credit_code in [f["credit_code"] for f in body["firms"]]
