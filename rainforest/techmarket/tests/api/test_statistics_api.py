"""GET /api/v1/techmarket/statistics."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rainforest.techmarket.tests.test_statistics import world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_api(world, city, api):  # noqa: F811
    answer = api(city, "get", "/api/v1/techmarket/statistics?period=2025Q1")
    assert answer.status_code == 200
    body = answer.json()
    assert body["output"]["current"]["count"] == 2 and body["period_label"] == "2025年一季度"
    assert Decimal(body["output"]["amount_growth"]) == 3
    refused = api(city, "get", "/api/v1/techmarket/statistics?period=2025Q9")
    assert refused.status_code == 422
