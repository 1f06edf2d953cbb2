"""Writing the policy catalogue through /api/v1/policies: city officers and admins create, replace and
delete policies with their conditions; a condition that does not parse answers 422 at
`conditions[i].expression` with the parser's message and nothing is stored; everyone else gets 403."""

from __future__ import annotations

import pytest

from rainforest.policies.models import Policy, PolicyCondition
from rainforest.policies.tests.factories import ConditionFactory, PolicyFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/policies"


def body(**changes):
    policy = {
        "code": "P-JZ-1",
        "name": "晋中市高企认定奖励",
        "level": "city",
        "document_number": "市科字〔2024〕1号",
        "benefit_kind": "fixed",
        "amount_yuan": "100000",
        "conditions": [
            {"label": "有效高新技术企业", "expression": "hnte_valid"},
            {"label": "注册在山西省", "expression": 'province_code == "140000"'},
        ],
    }
    return policy | changes


@pytest.mark.parametrize("who", ["city", "admin"])
def test_an_editor_creates_a_policy_with_its_conditions(who, request, api):
    user = request.getfixturevalue(who)
    response = api(user, "POST", LIST, body())
    assert response.status_code == 201
    created = response.json()
    assert (created["code"], created["amount_yuan"], created["status"]) == (
        "P-JZ-1",
        "100000.00",
        "UNCONFIRMED",
    )
    assert [(c["order"], c["expression"]) for c in created["conditions"]] == [
        (1, "hnte_valid"),
        (2, 'province_code == "140000"'),
    ]
    policy = Policy.objects.get(code="P-JZ-1")
    assert policy.history.get().history_user == user
    assert api(user, "GET", f"{LIST}/P-JZ-1").json() == created


def test_a_condition_that_does_not_parse_answers_422_naming_it_and_stores_nothing(api, city):
    conditions = [
        {"label": "有效高新技术企业", "expression": "hnte_valid"},
        {"label": "写错了", "expression": "hnte_valid &&"},
    ]
    response = api(city, "POST", LIST, body(conditions=conditions))
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "conditions[1].expression"]
    assert problem["msg"].startswith(
        "条件“写错了”无法解析：ERROR: <input>:1:14: Syntax error: mismatched input"
    )
    assert problem["msg"].endswith("| hnte_valid &&\n| .............^")
    assert (Policy.objects.count(), PolicyCondition.objects.count()) == (0, 0)


def test_bad_fields_answer_422_naming_each(api, city):
    response = api(city, "POST", LIST, body(code="p 1", amount_yuan=None))
    assert response.status_code == 422
    assert sorted(tuple(p["loc"]) for p in response.json()["detail"]) == [
        ("body", "amount_yuan"),
        ("body", "code"),
    ]
    assert api(city, "POST", LIST, body(level="township")).status_code == 422
    assert Policy.objects.count() == 0


def test_an_update_replaces_the_fields_and_conditions(api, city):
    policy = PolicyFactory(code="P-JZ-1", name="旧名称")
    ConditionFactory(policy=policy, order=1, label="旧条件", expression="hnte_valid")
    ConditionFactory(policy=policy, order=2, label="将被删除", expression="hnte_valid")
    conditions = [{"order": 1, "label": "新条件", "expression": "hnte_recognised_this_year"}]
    response = api(city, "PUT", f"{LIST}/P-JZ-1", body(name="新名称", conditions=conditions))
    assert response.status_code == 200
    policy.refresh_from_db()
    assert policy.name == "新名称"
    assert list(policy.conditions.values_list("order", "label", "expression")) == [
        (1, "新条件", "hnte_recognised_this_year")
    ]


def test_a_bad_update_changes_nothing(api, city):
    policy = PolicyFactory(code="P-JZ-1", name="旧名称")
    ConditionFactory(policy=policy, order=1, expression="hnte_valid")
    conditions = [{"order": 1, "label": "x", "expression": "nope("}]
    response = api(city, "PUT", f"{LIST}/P-JZ-1", body(name="新名称", conditions=conditions))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "conditions[0].expression"]
    policy.refresh_from_db()
    assert (policy.name, policy.conditions.get().expression) == ("旧名称", "hnte_valid")


def test_an_editor_deletes_a_policy_and_its_conditions(api, city):
    ConditionFactory(policy=PolicyFactory(code="P-JZ-1"))
    assert api(city, "DELETE", f"{LIST}/P-JZ-1").status_code == 204
    assert (Policy.objects.count(), PolicyCondition.objects.count()) == (0, 0)
    assert api(city, "DELETE", f"{LIST}/P-JZ-1").status_code == 404


@pytest.mark.parametrize("who", ["district_yuci", "butler", "owner", "university", "bank", "outsider"])
def test_everyone_else_is_refused_and_nothing_changes(who, request, api):
    user = request.getfixturevalue(who)
    ConditionFactory(policy=PolicyFactory(code="P-JZ-2", name="原名称"))
    assert api(user, "POST", LIST, body()).status_code == 403
    assert api(user, "PUT", f"{LIST}/P-JZ-2", body(code="P-JZ-2", name="改名")).status_code == 403
    assert api(user, "DELETE", f"{LIST}/P-JZ-2").status_code == 403
    assert list(Policy.objects.values_list("code", "name")) == [("P-JZ-2", "原名称")]
    assert PolicyCondition.objects.count() == 1


def test_writes_need_a_token(client):
    assert client.post(LIST, {}, content_type="application/json").status_code == 401
