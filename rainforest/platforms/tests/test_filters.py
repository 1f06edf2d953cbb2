"""A year filter takes a whole year within bounds. A plain number filter once took "0" (a server error: year 0
is out of range) and "7e19793067838045329" (int() of it never returned, holding the worker)."""

from __future__ import annotations

import pytest
from django.test import Client

from rainforest.core.filters import YEAR_MAX, YEAR_MIN
from rainforest.core.services import api_token_create


@pytest.fixture
def get(city):
    secret = api_token_create(user=city)[1]
    return lambda url: Client().get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize("value", ["0", "7e19793067838045329", "2025.5", str(YEAR_MAX + 1), "-1"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/records/platform?approved_year=",
        "/api/v1/records/platform?recommended_year=",
        "/api/v1/records/platform-partner?year=",
        "/api/v1/records/achievement?maturity_min=",
    ],
)
def test_an_impossible_year_or_level_is_refused_naming_the_parameter(db, get, url, value):
    response = get(url + value)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == url.rsplit("?", 1)[1].rstrip("=")


@pytest.mark.parametrize("url", ["/records/platform/?approved_year=", "/records/platform-partner/?year="])
def test_the_list_page_refuses_an_impossible_year_without_an_error(db, client, city, url):
    client.force_login(city)
    assert client.get(url + "7e19793067838045329").status_code == 200
    assert client.get(url + "0").status_code == 200


def test_a_year_within_bounds_is_taken(db, get):
    assert get(f"/api/v1/records/platform?approved_year={YEAR_MIN}").status_code == 200
    assert get("/api/v1/records/platform-partner?year=2025").status_code == 200
