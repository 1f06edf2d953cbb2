"""Saving policies: a condition that does not parse is refused with the parser's message naming the
condition, and nothing is stored; only city officers and admins edit; the catalogue loads idempotently."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from rainforest.policies.models import Policy, PolicyCondition
from rainforest.policies.services import (
    OTHER_JURISDICTIONS,
    policies_load_catalogue,
    policy_delete,
    policy_save,
)

FIELDS = {
    "code": "P-TEST-1",
    "name": "测试奖励",
    "level": "city",
    "benefit_kind": "fixed",
    "amount_yuan": Decimal("50000"),
}
GOOD = {"label": "有效高新技术企业", "expression": "hnte_valid"}
BAD = {"label": "园区纳税门槛", "expression": "zone_tax_last_year >= "}


def snapshot() -> tuple[object, ...]:
    return (
        list(Policy.objects.order_by("pk").values_list()),
        list(PolicyCondition.objects.order_by("pk").values_list()),
        Policy.history.count(),
        PolicyCondition.history.count(),
    )


def test_it_saves_a_policy_with_its_conditions_in_order(city):
    policy = policy_save(
        user=city, fields=FIELDS, conditions=[GOOD, {"label": "太原", "expression": 'city_code == "140100"'}]
    )
    assert [(c.order, c.label) for c in policy.conditions.all()] == [(1, "有效高新技术企业"), (2, "太原")]
    assert policy.history.first().history_user == city


def test_it_refuses_a_condition_that_does_not_parse_naming_it_and_stores_nothing(city):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        policy_save(user=city, fields=FIELDS, conditions=[GOOD, BAD])
    errors = refused.value.message_dict
    assert list(errors) == ["conditions[1].expression"]
    message = errors["conditions[1].expression"][0]
    assert message.startswith("条件“园区纳税门槛”无法解析：")
    assert ":1:23:" in message  # the parser's line:column, at the end of the source
    assert snapshot() == before


def test_it_refuses_a_bad_condition_on_an_existing_policy_and_keeps_the_stored_one(city):
    policy = policy_save(user=city, fields=FIELDS, conditions=[GOOD])
    before = snapshot()
    with pytest.raises(ValidationError):
        policy_save(user=city, policy=policy, fields={**FIELDS, "name": "改名"}, conditions=[BAD])
    assert snapshot() == before
    assert Policy.objects.get(code="P-TEST-1").name == "测试奖励"


def test_it_refuses_a_condition_reading_a_fact_that_does_not_exist(city):
    with pytest.raises(ValidationError) as refused:
        policy_save(user=city, fields=FIELDS, conditions=[{"label": "拼错", "expression": "hnte_vaild"}])
    assert refused.value.message_dict["conditions[0].expression"] == [
        "条件“拼错”无法解析：引用了未定义的事实：hnte_vaild"
    ]
    assert Policy.objects.count() == 0


def test_it_refuses_a_benefit_formula_that_does_not_parse(city):
    with pytest.raises(ValidationError) as refused:
        policy_save(
            user=city,
            fields={**FIELDS, "benefit_kind": "formula", "amount_yuan": None, "benefit_expression": "1 +"},
            conditions=[GOOD],
        )
    assert list(refused.value.message_dict) == ["benefit_expression"]
    assert Policy.objects.count() == 0


def test_an_up_to_benefit_needs_its_cap(city):
    with pytest.raises(ValidationError) as refused:
        policy_save(
            user=city, fields={**FIELDS, "benefit_kind": "up_to", "amount_yuan": None}, conditions=[GOOD]
        )
    assert list(refused.value.message_dict) == ["amount_yuan"]


def test_a_gap_hint_needs_both_its_fact_and_its_threshold(city):
    with pytest.raises(ValidationError) as refused:
        policy_save(user=city, fields=FIELDS, conditions=[{**GOOD, "gap_fact": "zone_tax_last_year"}])
    assert list(refused.value.message_dict) == ["conditions[0].gap_threshold"]


def test_editing_replaces_conditions_by_order(city):
    policy = policy_save(
        user=city, fields=FIELDS, conditions=[GOOD, {"label": "太原", "expression": 'city_code == "140100"'}]
    )
    policy_save(
        user=city,
        policy=policy,
        fields=FIELDS,
        conditions=[{"label": "改为科技型中小企业", "expression": "tech_sme_valid"}],
    )
    assert list(policy.conditions.values_list("order", "label")) == [(1, "改为科技型中小企业")]


@pytest.mark.parametrize("who", ["district_yuci", "butler", "owner", "university", "bank", "outsider"])
def test_only_city_officers_and_admins_edit_policies(who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        policy_save(user=user, fields=FIELDS, conditions=[GOOD])
    assert Policy.objects.count() == 0


def test_an_admin_may_delete_a_policy_with_its_conditions(admin):
    policy = policy_save(user=admin, fields=FIELDS, conditions=[GOOD])
    policy_delete(user=admin, policy=policy)
    assert (Policy.objects.count(), PolicyCondition.objects.count()) == (0, 0)


def test_the_catalogue_loads_every_section_10_policy_once(db):
    first = policies_load_catalogue()
    assert (first.created, first.updated, first.unchanged) == (4, 0, 0)
    assert list(Policy.objects.values_list("code", flat=True)) == ["P-SX-1", "P-SX-2", "P-SX-3", "P-SX-4"]
    assert set(Policy.objects.values_list("status", flat=True)) == {"SECONDARY"}
    history = Policy.history.count()
    again = policies_load_catalogue()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert Policy.history.count() == history


def test_the_policies_of_other_jurisdictions_are_kept_apart_and_load_only_on_purpose(db):
    """Issue 6 item 12: a city's catalogue holds its own and the province's policies; Taiyuan's and the
    综改示范区's load only from their own file."""
    policies_load_catalogue()
    assert Policy.objects.filter(code__in=["P-TY-1", "P-TY-2", "P-TY-3", "P-ZG-1"]).count() == 0

    loaded = policies_load_catalogue(path=OTHER_JURISDICTIONS)

    assert loaded.created == 4
    assert sorted(Policy.objects.values_list("code", flat=True)) == [
        "P-SX-1", "P-SX-2", "P-SX-3", "P-SX-4", "P-TY-1", "P-TY-2", "P-TY-3", "P-ZG-1",
    ]  # fmt: skip


def test_the_catalogue_restores_a_policy_edited_away_from_the_file(city):
    policies_load_catalogue()
    policy = Policy.objects.get(code="P-SX-1")
    policy_save(user=city, policy=policy, fields={"name": "改过的名字"}, conditions=[GOOD])
    result = policies_load_catalogue()
    assert (result.updated, result.unchanged) == (1, 3)
    restored = Policy.objects.get(code="P-SX-1")
    assert restored.name == "高新技术企业首次认定及连续第三次认定奖励"
    assert restored.conditions.count() == 3


def test_the_management_command_loads_the_catalogue(db, capsys):
    call_command("policies", "load")
    assert "4 created" in capsys.readouterr().out
    call_command("policies", "load")
    assert "4 unchanged" in capsys.readouterr().out
