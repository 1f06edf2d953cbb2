"""The forest endpoints over a small hand-built city whose every layer is known: counts by layer and by
district for a date, the flows of a year and its moves, each within the caller's scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.core.models import today
from rainforest.enterprises import services
from rainforest.enterprises.tests.factories import credit_code_for, district

FOREST = "/api/v1/forest"
ZERO = {"none": 0, "seed": 0, "herb": 0, "shrub": 0, "tree": 0}


@pytest.fixture
def grove(city):
    """Five firms, written through the services so their layer spans follow (core.changes). On 2025-06-01:
    A shrub without 2024 revenue (needs data), B shrub, E none in 榆次区; C tree, D herb in 太谷区."""

    def firm(n: int, name: str, code: str, founded_on: date = date(2015, 3, 1)):
        return services.enterprise_register(
            user=city,
            credit_code=credit_code_for(n),
            name=name,
            district=district(code),
            founded_on=founded_on,
        )

    a = firm(9001, "甲高新", "140702")
    b = firm(9002, "乙高新", "140702")
    c = firm(9003, "丙龙头", "140703")
    d = firm(9004, "丁科小", "140703")
    e = firm(9005, "戊未入林", "140702", founded_on=date(2010, 1, 1))
    services.certificate_record(enterprise=a, kind="hnte", issued_on=date(2024, 1, 10), user=city)
    services.certificate_record(enterprise=b, kind="hnte", issued_on=date(2024, 1, 10), user=city)
    services.figures_record(enterprise=b, year=2024, user=city, operating_revenue=Decimal("30000000"))
    services.certificate_record(enterprise=c, kind="longtou", issued_on=date(2024, 5, 1), user=city)
    services.certificate_record(
        enterprise=d, kind="tech_sme", issued_on=date(2025, 3, 1), year=2025, user=city
    )
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def district_row(summary: dict, code: str) -> dict:
    return next(row for row in summary["by_district"] if row["code"] == code)


def test_the_summary_counts_every_layer_and_district_for_a_date(grove, city, api):
    summary = api(city, "GET", FOREST, as_of="2025-06-01").json()
    assert summary["as_of"] == "2025-06-01"
    assert summary["rulebook_version"] == "1"
    assert summary["by_layer"] == {"none": 1, "seed": 0, "herb": 1, "shrub": 2, "tree": 1}
    assert (summary["total"], summary["needs_data"]) == (5, 1)
    assert district_row(summary, "140702") == {
        "code": "140702",
        "name": "榆次区",
        "counts": {**ZERO, "none": 1, "shrub": 2},
        "total": 3,
    }
    assert district_row(summary, "140703") == {
        "code": "140703",
        "name": "太谷区",
        "counts": {**ZERO, "herb": 1, "tree": 1},
        "total": 2,
    }
    assert len(summary["by_district"]) == 11
    assert sum(row["total"] for row in summary["by_district"]) == 5


def test_an_earlier_date_replays_the_forest_of_that_day(grove, city, api):
    summary = api(city, "GET", FOREST, as_of="2023-12-31").json()
    assert summary["by_layer"] == {**ZERO, "none": 5}
    assert summary["needs_data"] == 0


def test_the_summary_defaults_to_today(grove, city, api):
    summary = api(city, "GET", FOREST).json()
    assert summary["as_of"] == today().isoformat()
    assert summary["total"] == 5


def test_a_district_officer_counts_only_their_district(grove, district_yuci, api):
    summary = api(district_yuci, "GET", FOREST, as_of="2025-06-01").json()
    assert summary["by_layer"] == {**ZERO, "none": 1, "shrub": 2}
    assert (summary["total"], summary["needs_data"]) == (3, 1)
    assert district_row(summary, "140703")["total"] == 0


@pytest.mark.parametrize("role", ["university", "bank", "outsider"])
def test_a_user_without_enterprises_in_scope_counts_nothing(role, request, grove, api):
    summary = api(request.getfixturevalue(role), "GET", FOREST, as_of="2025-06-01").json()
    assert (summary["by_layer"], summary["total"], summary["needs_data"]) == (ZERO, 0, 0)


def test_a_bad_date_is_refused_naming_the_parameter(city, api, db):
    response = api(city, "GET", FOREST, as_of="2025-13-01")
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["query", "as_of"]]


def test_the_flows_of_a_year_link_the_layers_of_its_eve_and_its_last_day(grove, city, api):
    flows = api(city, "GET", f"{FOREST}/flows", year=2024).json()
    assert (flows["year"], flows["start"], flows["end"]) == (2024, "2023-12-31", "2024-12-31")
    assert flows["links"] == [
        {"source": "none", "target": "none", "value": 2},
        {"source": "none", "target": "shrub", "value": 2},
        {"source": "none", "target": "tree", "value": 1},
    ]
    assert flows["moves"] == {"sprout": 0, "rise": 3, "grow": 0, "strengthen": 1, "regress": 0}


def test_the_flows_of_the_next_year_carry_the_layers_on(grove, city, api):
    flows = api(city, "GET", f"{FOREST}/flows", year=2025).json()
    assert flows["links"] == [
        {"source": "none", "target": "herb", "value": 1},
        {"source": "none", "target": "none", "value": 1},
        {"source": "shrub", "target": "shrub", "value": 2},
        {"source": "tree", "target": "tree", "value": 1},
    ]
    assert flows["moves"] == {"sprout": 0, "rise": 0, "grow": 0, "strengthen": 0, "regress": 0}


def test_the_flows_are_scoped_too(grove, district_yuci, api):
    flows = api(district_yuci, "GET", f"{FOREST}/flows", year=2024).json()
    assert flows["links"] == [
        {"source": "none", "target": "none", "value": 1},
        {"source": "none", "target": "shrub", "value": 2},
    ]
    assert flows["moves"] == {"sprout": 0, "rise": 2, "grow": 0, "strengthen": 0, "regress": 0}


def test_the_flows_default_to_this_year(grove, city, api):
    assert api(city, "GET", f"{FOREST}/flows").json()["year"] == today().year


def test_a_year_out_of_range_is_refused_naming_the_parameter(city, api, db):
    response = api(city, "GET", f"{FOREST}/flows", year=1800)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["query", "year"]]


def test_the_forest_needs_credentials(client, db):
    assert client.get(FOREST).status_code == 401
    assert client.get(f"{FOREST}/flows").status_code == 401
