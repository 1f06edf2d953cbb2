"""The policy endpoints: the catalogue, the push list per role with filters and pagination, an
enterprise's policies with each condition and gap, and 401/404/422 answers."""

from __future__ import annotations

from datetime import date

import pytest

from rainforest.policies.tests.conftest import VISIBLE
from rainforest.policies.tests.factories import figures, firm, hnte, zonggai_zone

LIST = "/api/v1/policies"
PUSH = "/api/v1/policies/P-SX-1/enterprises"


def test_the_api_needs_a_token(client, catalogue):
    assert client.get(LIST).status_code == 401


def test_the_catalogue_lists_every_policy_with_its_conditions(api, city, catalogue):
    response = api(city, "GET", LIST)
    assert response.status_code == 200
    body = response.json()
    assert [p["code"] for p in body] == [
        "P-SX-1",
        "P-SX-2",
        "P-SX-3",
        "P-SX-4",
        "P-TY-1",
        "P-TY-2",
        "P-TY-3",
        "P-ZG-1",
    ]
    zone = body[-1]
    assert zone["conditions"][3] == {
        "order": 4, "label": "上年在园区纳税不低于2万元（含）", "expression": "zone_tax_last_year >= 20000.0",
        "gap_fact": "zone_tax_last_year", "gap_threshold": "20000.00",
    }  # fmt: skip


@pytest.mark.parametrize("who", list(VISIBLE))
def test_the_push_list_answers_within_the_users_scope(who, request, api, recognised):
    response = api(request.getfixturevalue(who), "GET", PUSH, as_of="2025-06-01")
    assert response.status_code == 200
    assert {row["credit_code"] for row in response.json()["results"]} == {
        recognised[name].credit_code for name in VISIBLE[who]
    }


def test_a_push_row_carries_its_verdict_amount_range_and_condition_statuses(api, district_yuci, recognised):
    body = api(district_yuci, "GET", PUSH, as_of="2025-06-01").json()
    assert body["counts"] == {"eligible": 1, "undetermined": 0, "not_eligible": 0}
    assert body["results"][0] == {
        "credit_code": recognised["yuci"].credit_code,
        "name": recognised["yuci"].name,
        "district_code": "140702",
        "incubator_park": "",
        "verdict": "eligible",
        "amount": {"low": "0.00", "high": "200000.00", "reason": "金额计算办法未公布"},
        "conditions": [
            {"label": "注册在山西省", "status": "met"},
            {"label": "本年度获高新技术企业认定", "status": "met"},
            {"label": "首次认定或连续第三次认定", "status": "met"},
        ],
    }


def test_the_push_list_filters_and_pages(api, city, recognised):
    taigu = api(city, "GET", PUSH, as_of="2025-06-01", district="140703").json()
    assert [row["credit_code"] for row in taigu["results"]] == [recognised["taigu"].credit_code]
    second = api(city, "GET", PUSH, as_of="2025-06-01", page=2, page_size=1).json()
    assert (second["count"], second["page"], len(second["results"])) == (2, 2, 1)
    none = api(city, "GET", PUSH, as_of="2024-06-01", verdict="eligible").json()
    assert (none["count"], none["counts"]["not_eligible"]) == (0, 2)


@pytest.mark.parametrize(
    ("field", "value"), [("district", "yuci"), ("verdict", "maybe"), ("as_of", "2025-13-01")]
)
def test_bad_push_list_input_answers_422_naming_the_field(field, value, api, city, catalogue):
    response = api(city, "GET", PUSH, **{field: value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field


def test_an_unknown_policy_answers_404(api, city, catalogue):
    assert api(city, "GET", "/api/v1/policies/P-NONE/enterprises").status_code == 404


def test_an_enterprises_policies_show_each_condition_value_and_gap(api, city, catalogue):
    enterprise = firm(zone=zonggai_zone())
    hnte(enterprise, date(2025, 3, 1))
    figures(enterprise, 2024, tax_paid_in_zone="15000")
    body = api(
        city, "GET", f"/api/v1/policies/for-enterprise/{enterprise.credit_code}", as_of="2025-06-01"
    ).json()
    results = {result["code"]: result for result in body["results"]}
    zone = results["P-ZG-1"]
    assert zone["verdict"] == "not_eligible"
    tax = zone["conditions"][3]
    assert tax["status"] == "unmet"
    assert tax["values"] == {"zone_tax_last_year": 15000.0}
    assert tax["gap"] == {
        "fact": "zone_tax_last_year", "value": "15000.0", "threshold": "20000.00", "shortfall": "5000.00",
        "text": "上年在园区纳税额须增加0.5万元",
    }  # fmt: skip
    assert results["P-SX-1"]["verdict"] == "eligible"
    assert results["P-SX-1"]["amount"] == {"low": "0.00", "high": "200000.00", "reason": "金额计算办法未公布"}


def test_an_owner_reads_only_their_own_firms_policies(api, owner, recognised):
    own = api(owner, "GET", f"/api/v1/policies/for-enterprise/{recognised['yuci'].credit_code}")
    assert own.status_code == 200
    other = api(owner, "GET", f"/api/v1/policies/for-enterprise/{recognised['taigu'].credit_code}")
    assert other.status_code == 404


def test_an_enterprises_policies_are_also_under_the_enterprise(api, owner, recognised):
    code = recognised["yuci"].credit_code
    nested = api(owner, "GET", f"/api/v1/enterprises/{code}/policies", as_of="2025-06-01")
    assert nested.status_code == 200
    assert (
        nested.json()
        == api(owner, "GET", f"/api/v1/policies/for-enterprise/{code}", as_of="2025-06-01").json()
    )
    assert (
        api(owner, "GET", f"/api/v1/enterprises/{recognised['taigu'].credit_code}/policies").status_code
        == 404
    )


def test_the_openapi_schema_lists_the_policy_endpoints_once_each(api, city, catalogue):
    paths = api(city, "GET", "/api/v1/openapi.json").json()["paths"]
    assert {path for path in paths if "polic" in path} == {
        "/api/v1/policies",
        "/api/v1/policies/{code}",
        "/api/v1/policies/{code}/enterprises",
        "/api/v1/policies/for-enterprise/{credit_code}",
        "/api/v1/enterprises/{credit_code}/policies",
    }
