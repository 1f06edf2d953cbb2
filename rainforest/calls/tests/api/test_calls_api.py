"""The calls API: calls by status, one call, the precheck in the shape of the evaluate endpoint, the
funnel, applications within the user's scope, and the workflow through the transitions endpoint."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rainforest.calls.choices import State
from rainforest.calls.models import Application
from rainforest.calls.tests.factories import ANSWERS, ApplicationFactory, CallFactory, attach
from rainforest.core.models import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    day = today()
    return {
        "open": CallFactory(code="open-call", rulebook="tech-sme"),
        "reviewing": CallFactory(
            code="reviewing-call",
            opens_on=day - timedelta(days=60),
            closes_on=day - timedelta(days=30),
            district_review_ends_on=day - timedelta(days=20),
            expert_review_ends_on=day + timedelta(days=10),
        ),
        "decided": CallFactory(
            code="decided-call",
            opens_on=date(2025, 1, 1),
            closes_on=date(2025, 2, 1),
            district_review_ends_on=date(2025, 3, 1),
            expert_review_ends_on=date(2025, 4, 1),
            decided_on=date(2025, 5, 1),
        ),
    }


@pytest.mark.parametrize("status", ["open", "reviewing", "decided"])
def test_calls_by_status(api, calls, owner, status):
    response = api(owner, "GET", "/api/v1/calls", status=status)
    assert response.status_code == 200
    body = response.json()
    assert [row["code"] for row in body["results"]] == [calls[status].code]
    assert body["results"][0]["status"] == status
    assert body["count"] == 1


def test_bad_status_is_refused(api, calls, owner):
    response = api(owner, "GET", "/api/v1/calls", status="closed")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "status"


def test_call_detail_and_unknown_call(api, calls, owner):
    response = api(owner, "GET", "/api/v1/calls/open-call")
    assert response.status_code == 200
    assert response.json()["form_fields"][0]["name"] == "project"
    assert api(owner, "GET", "/api/v1/calls/no-such-call").status_code == 404


def test_precheck_has_the_shape_of_evaluate(api, calls, owner, own_firm):
    response = api(owner, "GET", "/api/v1/calls/open-call/precheck")
    assert response.status_code == 200
    body = response.json()
    assert body["rulebook"] == "tech-sme"
    assert body["eligible"] in ("true", "false", "undetermined")
    assert {"version", "evaluated_on", "score", "pass_mark", "expert_inputs", "criteria", "gaps"} <= set(body)


def test_precheck_of_a_cel_condition(api, owner, own_firm):
    CallFactory(code="cel-call", condition='district_code == "140702"')
    body = api(owner, "GET", "/api/v1/calls/cel-call/precheck").json()
    assert body["eligible"] == "true"
    assert body["criteria"][-1]["code"] == "CALL"


def test_precheck_of_an_officer_needs_the_firm(api, calls, city, own_firm):
    response = api(city, "GET", "/api/v1/calls/open-call/precheck")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "credit_code"
    ok = api(city, "GET", "/api/v1/calls/open-call/precheck", credit_code=own_firm.credit_code)
    assert ok.status_code == 200


def test_the_firm_applies_fills_and_submits(api, calls, owner, own_firm):
    started = api(owner, "POST", "/api/v1/calls/open-call/applications", {"title": "智能装备"})
    assert started.status_code == 201
    application = started.json()
    assert application["status"] == State.DRAFT
    assert application["prefilled"]["name"] == own_firm.name
    pk = application["id"]
    bad = api(owner, "PUT", f"/api/v1/calls/applications/{pk}", {"answers": {"staff": "many"}})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "staff"]
    assert Application.objects.get(pk=pk).answers == {}
    saved = api(owner, "PUT", f"/api/v1/calls/applications/{pk}", {"answers": ANSWERS})
    assert saved.status_code == 200
    assert saved.json()["answers"]["staff"] == 12
    missing = api(owner, "POST", f"/api/v1/calls/applications/{pk}/transitions", {"transition": "submit"})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "attachments"]
    attach(Application.objects.get(pk=pk))
    submitted = api(owner, "POST", f"/api/v1/calls/applications/{pk}/transitions", {"transition": "submit"})
    assert submitted.status_code == 200
    assert submitted.json()["status"] == State.SUBMITTED
    again = api(owner, "POST", "/api/v1/calls/open-call/applications", {})
    assert again.status_code == 422


def test_a_jump_is_refused_naming_the_status(api, calls, own_firm, city):
    application = ApplicationFactory(call=calls["open"], enterprise=own_firm)
    response = api(
        city, "POST", f"/api/v1/calls/applications/{application.pk}/transitions", {"transition": "approve"}
    )
    assert response.status_code == 422
    assert "草稿" in response.json()["detail"][0]["msg"]


def test_scope_of_applications(api, calls, owner, district_yuci, city, two_districts):
    mine = ApplicationFactory(call=calls["open"], enterprise=two_districts["yuci"])
    other = ApplicationFactory(call=calls["open"], enterprise=two_districts["taigu"])

    def ids(user):
        return {
            row["id"] for row in api(user, "GET", "/api/v1/calls/open-call/applications").json()["results"]
        }

    assert ids(owner) == {mine.pk}
    assert ids(district_yuci) == {mine.pk}
    assert ids(city) == {mine.pk, other.pk}
    assert api(owner, "GET", f"/api/v1/calls/applications/{other.pk}").status_code == 404
    assert api(district_yuci, "GET", f"/api/v1/calls/applications/{other.pk}").status_code == 404
    assert api(city, "GET", f"/api/v1/calls/applications/{other.pk}").status_code == 200


def test_funnel_counts_by_district(api, calls, city, two_districts):
    for enterprise, status in (
        (two_districts["yuci"], State.SUBMITTED),
        (two_districts["taigu"], State.APPROVED),
    ):
        application = ApplicationFactory(call=calls["open"], enterprise=enterprise)
        Application.objects.filter(pk=application.pk).update(status=status)
    body = api(city, "GET", "/api/v1/calls/open-call/funnel").json()
    stages = {row["stage"]: row["count"] for row in body["stages"]}
    assert stages["started"] == 2 and stages["submitted"] == 2 and stages["approved"] == 1
    by_district = {row["district"]: row["counts"] for row in body["by_district"]}
    assert by_district["太谷区"]["approved"] == 1
    assert "approved" not in by_district["榆次区"]


def test_anonymous_is_refused(api, calls):
    assert api(None, "GET", "/api/v1/calls").status_code == 401


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/calls/projects", {"call": "open\x00call"}),
        ("/api/v1/calls/open-call/precheck", {"credit_code": "9114\x00"}),
    ],
)
def test_a_nul_byte_in_a_query_is_bad_input_not_a_server_error(api, calls, city, path, params):
    # PostgreSQL refuses NUL bytes in text: the schema's pattern turns them away first (found by schemathesis)
    response = api(city, "GET", path, **params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == next(iter(params))
