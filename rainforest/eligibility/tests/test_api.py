"""The eligibility API per role: rulebooks, evaluating posted facts (422 naming the field) and an
enterprise's own evaluation within the user's data scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.api.tests import conftest as api_conftest
from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.facts import facts_from_json
from rainforest.eligibility.rulebook import all_rulebooks
from rainforest.enterprises import services as registry
from rainforest.enterprises.tests.factories import YearlyFiguresFactory

api = api_conftest.api

CAST = ["city", "admin", "district_yuci", "butler", "owner", "university", "bank", "outsider"]
# Who sees which firm of `two_districts` once the butler serves taigu.
VISIBLE = {
    "city": {"yuci", "taigu"},
    "admin": {"yuci", "taigu"},
    "district_yuci": {"yuci"},
    "butler": {"taigu"},
    "owner": {"yuci"},
    "university": set(),
    "bank": set(),
    "outsider": set(),
}
FACTS = {
    "evaluated_on": "2025-06-01",
    "resident_enterprise": True,
    "restricted_industry": False,
    "major_incident_tsme": False,
    "dishonest_listed": False,
    "has_valid_hnte": False,
    "national_award_top3_5y": False,
    "provincial_rd_institution": False,
    "led_standard_5y": False,
    "ip_class1": 0,
    "ip_class2": 2,
    "years": [
        {
            "year": 2024,
            "employees": 40,
            "tech_staff": 9,
            "sales_revenue": "10000000",
            "cost_expense": "2000000",
            "rd_expense": "420000",
            "total_assets": "8000000",
        }
    ],
}


@pytest.fixture
def served(two_districts, butler, city):
    registry.assignment_start(
        enterprise=two_districts["taigu"], butler=butler, started_on=date(2024, 1, 1), user=city
    )
    for enterprise in two_districts.values():
        YearlyFiguresFactory(enterprise=enterprise, year=2024, employees=100, tech_staff=12)
    return two_districts


@pytest.mark.parametrize("who", CAST)
def test_every_signed_in_user_may_list_the_rulebooks(api, request, who):
    response = api(request.getfixturevalue(who), "GET", "/api/v1/eligibility/rulebooks")

    assert response.status_code == 200
    assert [book["name"] for book in response.json()] == [book.name for book in all_rulebooks()]


def test_the_api_refuses_an_anonymous_caller(api, db):
    assert api(None, "GET", "/api/v1/eligibility/rulebooks").status_code == 401
    assert api(None, "POST", "/api/v1/eligibility/evaluate", FACTS).status_code == 401


@pytest.mark.parametrize("who", CAST)
def test_evaluate_answers_the_result_the_engine_gives(api, request, who):
    response = api(
        request.getfixturevalue(who),
        "POST",
        "/api/v1/eligibility/evaluate",
        {"rulebook": "tech-sme", "facts": FACTS},
    )

    assert response.status_code == 200
    assert response.json() == evaluate(facts_from_json(FACTS), "tech-sme").to_json()
    assert (response.json()["eligible"], response.json()["score"]) == ("false", 54)


def test_a_bad_fact_answers_422_naming_the_field(api, city):
    facts = {**FACTS, "years": [{**FACTS["years"][0], "sales_revenue": "a lot"}], "colour": "green"}

    response = api(city, "POST", "/api/v1/eligibility/evaluate", {"rulebook": "tech-sme", "facts": facts})

    assert response.status_code == 422
    locations = [item["loc"] for item in response.json()["detail"]]
    assert ["body", "facts", "years", 0, "sales_revenue"] in locations
    assert ["body", "facts", "colour"] in locations


def test_a_negative_head_count_answers_422_naming_it(api, city):
    facts = {**FACTS, "years": [{"year": 2024, "employees": -1}]}

    response = api(city, "POST", "/api/v1/eligibility/evaluate", {"rulebook": "hnte", "facts": facts})

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "facts", "years", 0, "employees"],
            "msg": "must not be negative",
            "type": "value_error",
        }
    ]


def test_an_unknown_rulebook_answers_422_naming_it(api, city):
    response = api(city, "POST", "/api/v1/eligibility/evaluate", {"rulebook": "nobel", "facts": FACTS})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "rulebook"]


def test_a_missing_rulebook_answers_422_in_the_same_shape(api, city):
    response = api(city, "POST", "/api/v1/eligibility/evaluate", {"facts": FACTS})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "rulebook"


@pytest.mark.parametrize("who", CAST)
def test_an_enterprise_evaluation_is_seen_within_the_users_scope(api, request, served, who):
    user = request.getfixturevalue(who)
    seen = set()
    for key, enterprise in served.items():
        response = api(
            user,
            "GET",
            f"/api/v1/enterprises/{enterprise.credit_code}/evaluation",
            rulebook="hnte",
            as_of="2025-06-01",
        )
        assert response.status_code in (200, 404)
        if response.status_code == 200:
            seen.add(key)
    assert seen == VISIBLE[who]


def test_an_enterprise_evaluation_replays_through_evaluate(api, city, served):
    enterprise = served["yuci"]

    stored = api(
        city,
        "GET",
        f"/api/v1/enterprises/{enterprise.credit_code}/evaluation",
        rulebook="hnte",
        as_of="2025-06-01",
    ).json()
    replayed = api(
        city, "POST", "/api/v1/eligibility/evaluate", {"rulebook": "hnte", "facts": stored["facts"]}
    )

    assert stored["credit_code"] == enterprise.credit_code
    assert stored["facts"]["years"][0]["employees"] == 100
    assert stored["facts"]["registered_on"] == enterprise.founded_on.isoformat()
    assert stored["result"]["version"] == "2016"
    assert replayed.json() == stored["result"]


def test_an_enterprise_evaluation_with_an_unknown_rulebook_answers_422(api, city, served):
    response = api(
        city, "GET", f"/api/v1/enterprises/{served['yuci'].credit_code}/evaluation", rulebook="nobel"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "rulebook"]


def test_the_money_of_a_stored_year_keeps_its_cents(api, city, served):
    YearlyFiguresFactory(
        enterprise=served["yuci"], year=2023, employees=90, tech_staff=10, rd_expense=Decimal("1.5")
    )

    response = api(
        city,
        "GET",
        f"/api/v1/enterprises/{served['yuci'].credit_code}/evaluation",
        rulebook="hnte",
        as_of="2025-06-01",
    )

    assert response.json()["facts"]["years"][0]["rd_expense"] == "1.50"
