"""GET /api/v1/changes: the change log across record types, deleted records included with their last
values, filtered and paginated, within the caller's scope (a deleted record by the values it had)."""

from __future__ import annotations

from datetime import date

import pytest

from rainforest.enterprises import services
from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.tests.factories import EnterpriseFactory, district

CHANGES = "/api/v1/changes"


@pytest.fixture
def deleted_firm(city):
    """A firm of 榆次区 registered, renamed and deleted by the city officer; its row no longer exists."""
    firm = EnterpriseFactory(name="晋中旧名科技有限公司")
    firm = services.enterprise_update(enterprise=firm, user=city, name="晋中新名科技有限公司", reason="更名")
    record_id = firm.pk
    services.enterprise_delete(enterprise=firm, user=city, reason="注销")
    assert not Enterprise.objects.filter(pk=record_id).exists()
    return record_id


def test_a_deleted_enterprise_is_found_with_its_last_values(api, city, deleted_firm):
    body = api(city, "GET", CHANGES, record_type="enterprises.enterprise", action="deleted").json()
    assert body["count"] == 1
    entry = body["results"][0]
    assert (entry["record_id"], entry["user"], entry["action"], entry["reason"]) == (
        deleted_firm,
        "city",
        "deleted",
        "注销",
    )
    last = {change["field"]: (change["old"], change["new"]) for change in entry["changes"]}
    assert last["name"] == ("晋中新名科技有限公司", "")
    assert last["district"] == ("榆次区", "")


def test_a_change_lists_only_the_fields_that_changed_old_to_new(api, city, deleted_firm):
    body = api(city, "GET", CHANGES, record_type="enterprises.enterprise", record_id=deleted_firm).json()
    assert [entry["action"] for entry in body["results"]] == ["deleted", "changed", "created"]
    changed = body["results"][1]
    assert changed["changes"] == [
        {"field": "name", "label": "企业名称", "old": "晋中旧名科技有限公司", "new": "晋中新名科技有限公司"}
    ]
    assert changed["reason"] == "更名"


def test_a_district_officer_sees_a_deleted_firm_of_their_district_but_not_of_another(
    api, city, district_yuci, deleted_firm
):
    taigu = EnterpriseFactory(name="太谷已删科技有限公司", district=district("140703"))
    taigu_id = taigu.pk
    services.enterprise_delete(enterprise=taigu, user=city)
    body = api(district_yuci, "GET", CHANGES, record_type="enterprises.enterprise", action="deleted").json()
    assert [entry["record_id"] for entry in body["results"]] == [deleted_firm]
    everything = api(city, "GET", CHANGES, record_type="enterprises.enterprise", action="deleted").json()
    assert sorted(entry["record_id"] for entry in everything["results"]) == sorted([deleted_firm, taigu_id])


def test_an_enterprise_user_sees_nothing_of_other_firms(api, owner, deleted_firm):
    body = api(owner, "GET", CHANGES, record_type="enterprises.enterprise", action="deleted").json()
    assert (body["count"], body["results"]) == (0, [])


def test_the_log_filters_by_user_and_date_and_pages(api, city, deleted_firm):
    today = date.today().isoformat()
    mine = api(city, "GET", CHANGES, username="city", since=today, until=today, page_size=1).json()
    assert (mine["count"], mine["page_size"], [e["action"] for e in mine["results"]]) == (2, 1, ["deleted"])
    second = api(city, "GET", CHANGES, username="city", since=today, page=2, page_size=1).json()
    assert [entry["action"] for entry in second["results"]] == ["changed"]
    assert api(city, "GET", CHANGES, username="nobody").json()["count"] == 0
    assert api(city, "GET", CHANGES, until="2001-01-01").json()["count"] == 0


def test_an_unknown_record_type_is_refused_naming_the_parameter(api, city):
    response = api(city, "GET", CHANGES, record_type="nope.nothing")
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", "record_type"]]
