"""/api/v1/cultivation: the pool, targets and their forecast, and logging a visit, per role."""

from __future__ import annotations

from datetime import date

import pytest

from rainforest.cultivation import forecast
from rainforest.cultivation.choices import TargetIndicator
from rainforest.cultivation.models import FollowUp, Target, Visit
from rainforest.cultivation.pool import pool_for
from rainforest.enterprises.models import Assignment, Enterprise
from rainforest.enterprises.tests.factories import YearlyFiguresFactory

pytestmark = pytest.mark.django_db

POOL = "/api/v1/cultivation/pool"
VISITS = "/api/v1/cultivation/visits"


@pytest.fixture
def firms(two_districts, butler):
    for enterprise in two_districts.values():
        for year in (2022, 2023, 2024):
            YearlyFiguresFactory(enterprise=enterprise, year=year)
    Assignment.objects.create(enterprise=two_districts["yuci"], butler=butler, started_on=date(2025, 1, 2))
    return two_districts


def test_the_pool_lists_candidates_in_rank_order_with_their_gaps(api, city, firms):
    body = api(city, "GET", POOL, rulebook="tech-sme", as_of="2025-06-01").json()
    expected = pool_for(Enterprise.objects.all(), rulebook="tech-sme", day=date(2025, 6, 1))
    assert [row["credit_code"] for row in body["results"]] == [c.enterprise.credit_code for c in expected]
    assert [row["rank"] for row in body["results"]] == [1, 2]
    assert body["results"][0]["probability"] == round(expected[0].probability, 6)
    assert body["results"][0]["shortfalls"] == [
        {"code": s.code, "text": s.text, "yuan": str(s.yuan), "persons": s.persons}
        for s in expected[0].shortfalls
    ]


def test_a_butler_gets_only_assigned_firms_from_the_api(api, butler, firms):
    body = api(butler, "GET", POOL, as_of="2025-06-01").json()
    assert [row["name"] for row in body["results"]] == ["晋中自有科技有限公司"]


def test_the_district_filter_of_the_api(api, city, firms):
    body = api(city, "GET", POOL, district="140703", as_of="2025-06-01").json()
    assert [row["district"] for row in body["results"]] == ["140703"]


def test_an_enterprise_user_is_refused_the_pool(api, owner, firms):
    assert api(owner, "GET", POOL).status_code == 403
    assert api(owner, "GET", "/api/v1/cultivation/targets").status_code == 403


def test_a_bad_rulebook_is_a_422(api, city):
    assert api(city, "GET", POOL, rulebook="nope").status_code == 422


def test_the_forecast_equals_the_exact_attainment_of_the_listed_probabilities(api, city, firms):
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2025, value=1, source="测试")
    listed = api(city, "GET", "/api/v1/cultivation/targets").json()
    assert [(t["id"], t["value"]) for t in listed] == [(target.pk, 1)]
    body = api(city, "GET", f"/api/v1/cultivation/targets/{target.pk}/forecast", as_of="2025-06-01").json()
    probabilities = [
        c.probability for c in pool_for(Enterprise.objects.all(), rulebook="hnte", day=date(2025, 6, 1))
    ]
    expected = forecast.attainment(1, 0, probabilities)
    assert (body["achieved"], body["candidates"], body["needed"]) == (0, 2, 1)
    assert body["probability"] == pytest.approx(expected.probability)
    assert body["distribution"] == pytest.approx(expected.distribution)


def test_a_butler_logs_a_visit_through_the_api(api, butler, firms):
    payload = {
        "credit_code": firms["yuci"].credit_code,
        "visited_on": "2025-05-06",
        "topics": ["hnte_application"],
        "follow_ups": [{"action": "整理申报材料", "owner": "企业财务负责人", "due_on": "2025-06-30"}],
    }
    response = api(butler, "POST", VISITS, payload)
    assert response.status_code == 201
    assert (response.json()["butler"], [f["action"] for f in response.json()["follow_ups"]]) == (
        "butler",
        ["整理申报材料"],
    )


def test_a_refused_visit_names_the_field_and_stores_nothing(api, butler, firms):
    payload = {
        "credit_code": firms["yuci"].credit_code,
        "visited_on": "2025-05-06",
        "topics": ["hnte_application"],
        "follow_ups": [{"action": "整理申报材料", "owner": "企业财务负责人", "due_on": "2025-05-01"}],
    }
    response = api(butler, "POST", VISITS, payload)
    assert response.status_code == 422
    assert "follow_ups[0].due_on" in str(response.json()["detail"])
    assert (Visit.objects.count(), FollowUp.objects.count()) == (0, 0)


def test_a_butler_cannot_log_a_visit_to_a_firm_outside_their_caseload(api, butler, firms):
    payload = {"credit_code": firms["taigu"].credit_code, "visited_on": "2025-05-06", "topics": ["ip"]}
    assert api(butler, "POST", VISITS, payload).status_code == 404
    assert Visit.objects.count() == 0


def test_the_pool_api_names_the_facts_to_verify_by_field_and_says_them_in_chinese(api, city, firms):
    body = api(city, "GET", POOL, rulebook="hnte", as_of="2025-06-01").json()
    row = body["results"][0]
    # These firms' yearly figures leave out domestic R&D (HNTE-5b): named by year in the text.
    assert row["to_verify"] == [
        "owns_core_ip",
        "years[2022].rd_expense_domestic",
        "years[2023].rd_expense_domestic",
        "years[2024].rd_expense_domestic",
        "major_incident_12m",
    ]
    assert row["to_verify_text"] == (
        "待核实：是否拥有核心自主知识产权、2022年境内研发费用、2023年境内研发费用、2024年境内研发费用、"
        "近一年有无重大安全质量事故或严重环境违法行为"
    )
    assert [m["code"] for m in row["margins"]] == ["HNTE-5", "HNTE-6", "HNTE-7", "HNTE-7"]
