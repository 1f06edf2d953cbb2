"""GET /api/v1/indicators: the same objects as `rainforest indicators --json`, within the caller's scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from rainforest.techmarket.tests.factories import contract

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_urls")]

URL = "/api/v1/indicators"


@pytest.fixture
def contracts(two_districts: dict[str, Any]) -> None:
    for firm, amount in ((two_districts["yuci"], "1200000"), (two_districts["taigu"], "800000")):
        contract(seller_enterprise=firm, registered_on=date(2025, 2, 3), contract_amount=Decimal(amount))


def _row(response: Any, code: str) -> dict[str, Any]:
    return next(row for row in response.json() if row["code"] == code)


def test_it_gives_each_indicator_of_the_period(api: Any, city: Any, contracts: None) -> None:
    response = api(city, "GET", URL, period="2025Q1")
    assert response.status_code == 200
    assert _row(response, "contracts.turnover") == {
        "code": "contracts.turnover",
        "name": "技术合同成交额",
        "unit": "元",
        "value": 2000000,
        "previous": 0,
        "change": None,
        "rank": None,
        "previous_rank": None,
    }
    assert len(response.json()) == 27


def test_it_takes_the_iso_spellings_of_a_month_and_a_cumulative_range(
    api: Any, city: Any, contracts: None
) -> None:
    assert _row(api(city, "GET", URL, period="2025-02"), "contracts.count")["value"] == 2
    assert _row(api(city, "GET", URL, period="2025-01..2025-05"), "contracts.count")["value"] == 2
    assert _row(api(city, "GET", URL, period="2025-03"), "contracts.count")["value"] == 0


def test_a_district_officer_gets_their_district_and_no_other(
    api: Any, district_yuci: Any, contracts: None
) -> None:
    assert _row(api(district_yuci, "GET", URL, period="2025Q1"), "contracts.turnover")["value"] == 1200000
    refused = api(district_yuci, "GET", URL, period="2025Q1", district="140703")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "县区 太谷区 不在您的数据范围内"}
    assert api(district_yuci, "GET", URL, period="2025Q1", district="999999").status_code == 404


@pytest.mark.parametrize("period", ["", "2025Q5", "2025-02..2025-05", "x" * 40, "2025-13", "2025-00"])
def test_a_period_the_schema_does_not_allow_is_refused_naming_the_field(
    api: Any, city: Any, period: str
) -> None:
    response = api(city, "GET", URL, period=period)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:2] == ["query", "period"]


@pytest.mark.parametrize(
    ("period", "message"), [("2024-01..2025-05", "须在同一年内"), ("1900Q1", "须晚于 1900")]
)
def test_a_period_the_schema_allows_but_that_is_no_period_is_not_found(
    api: Any, city: Any, period: str, message: str
) -> None:
    response = api(city, "GET", URL, period=period)
    assert response.status_code == 404
    assert message in response.json()["detail"]


def test_it_needs_a_signed_in_caller(api: Any) -> None:
    assert api(None, "GET", URL, period="2025Q1").status_code == 401
