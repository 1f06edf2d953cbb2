"""Stored evaluations through /api/v1/enterprises/{credit_code}/evaluations, per role: whoever may see the
enterprise lists its stored evaluations and stores a new one (as the enterprise page and the enterprise's
self-assessment do); everyone else gets 404 and nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest

from rainforest.eligibility import services
from rainforest.eligibility.models import Evaluation
from rainforest.eligibility.tests import test_api as shared

# The token-authenticated caller, the firms (the butler serves taigu) and who sees which of them.
api, served, CAST, VISIBLE = shared.api, shared.served, shared.CAST, shared.VISIBLE

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 1)


def url(firm):
    return f"/api/v1/enterprises/{firm.credit_code}/evaluations"


@pytest.mark.parametrize("who", CAST)
def test_stored_evaluations_are_listed_only_for_firms_the_user_sees(who, request, api, served, city):
    for firm in served.values():
        services.evaluation_record(enterprise=firm, rulebook="tech-sme", evaluated_on=AS_OF, user=city)
    user = request.getfixturevalue(who)
    for name, firm in served.items():
        response = api(user, "GET", url(firm))
        if name in VISIBLE[who]:
            assert response.status_code == 200
            assert [row["credit_code"] for row in response.json()["results"]] == [firm.credit_code]
        else:
            assert response.status_code == 404


def test_the_list_is_newest_first_filters_by_family_and_keeps_every_criterion(api, city, served):
    firm = served["yuci"]
    older = services.evaluation_record(enterprise=firm, rulebook="tech-sme", evaluated_on=AS_OF, user=city)
    newer = services.evaluation_record(enterprise=firm, rulebook="hnte", evaluated_on=AS_OF, user=city)
    body = api(city, "GET", url(firm)).json()
    assert (body["count"], [row["id"] for row in body["results"]]) == (2, [newer.pk, older.pk])
    row = body["results"][0]
    assert {key: row[key] for key in ("rulebook", "family", "version", "evaluated_on", "created_by")} == {
        "rulebook": "hnte-2016",
        "family": "hnte",
        "version": "2016",
        "evaluated_on": "2025-06-01",
        "created_by": "city",
    }
    assert [c["code"] for c in row["result"]["criteria"]] == [c["code"] for c in newer.result["criteria"]]
    only = api(city, "GET", url(firm), family="tech-sme").json()
    assert [r["id"] for r in only["results"]] == [older.pk]


def test_the_list_pages_with_a_query_ceiling(api, city, served, django_assert_max_num_queries):
    firm = served["yuci"]
    for _ in range(4):
        services.evaluation_record(enterprise=firm, rulebook="tech-sme", evaluated_on=AS_OF, user=city)
    api(city, "GET", url(firm))
    with django_assert_max_num_queries(6):
        body = api(city, "GET", url(firm), page=2, page_size=3).json()
    assert (body["count"], len(body["results"])) == (4, 1)


@pytest.mark.parametrize("who", ["city", "district_yuci", "owner"])
def test_a_user_who_sees_the_firm_stores_an_evaluation_attributed_to_them(who, request, api, served):
    user = request.getfixturevalue(who)
    firm = served["yuci"]
    response = api(user, "POST", url(firm), {"rulebook": "tech-sme", "as_of": "2025-06-01"})
    assert response.status_code == 201
    stored = Evaluation.objects.get()
    assert (stored.enterprise, stored.rulebook, stored.evaluated_on, stored.created_by) == (
        firm,
        "tech-sme-2017",
        AS_OF,
        user,
    )
    assert response.json()["id"] == stored.pk
    assert response.json()["result"]["eligible"] == stored.eligible


@pytest.mark.parametrize("who", ["butler", "bank", "outsider"])
def test_a_user_who_does_not_see_the_firm_stores_nothing(who, request, api, served):
    response = api(request.getfixturevalue(who), "POST", url(served["yuci"]), {"rulebook": "tech-sme"})
    assert response.status_code == 404
    assert Evaluation.objects.count() == 0


def test_an_unknown_rulebook_answers_422_naming_it_and_stores_nothing(api, city, served):
    response = api(city, "POST", url(served["yuci"]), {"rulebook": "nope", "as_of": "2025-06-01"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "rulebook"]
    assert Evaluation.objects.count() == 0
