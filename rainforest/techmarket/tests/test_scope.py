"""Who sees which contracts: a party's district, a butler's firms, a firm's or university's own."""

from __future__ import annotations

import pytest

from rainforest.core.policy import Action
from rainforest.enterprises.models import Assignment
from rainforest.enterprises.tests.factories import EnterpriseFactory, district
from rainforest.techmarket.models import Contract
from rainforest.techmarket.tests.factories import contract

pytestmark = pytest.mark.django_db


def seen(user) -> set[str]:
    return set(Contract.objects.restrict(user, Action.VIEW).values_list("number", flat=True))


def test_scopes(city, district_yuci, butler, owner, own_firm, university, organisations, bank):
    taigu = EnterpriseFactory(name="太谷公司", district=district("140703"))
    sold_by_own = contract(number="A", seller_enterprise=own_firm)
    bought_by_own = contract(number="B", seller_enterprise=taigu, buyer_enterprise=own_firm)
    taigu_only = contract(number="C", seller_enterprise=taigu)
    by_university = contract(
        number="D", seller_organisation=organisations["university"], buyer_enterprise=taigu
    )
    outside = contract(number="E")
    Assignment.objects.create(enterprise=taigu, butler=butler, started_on="2025-01-01")
    assert seen(city) == {"A", "B", "C", "D", "E"}
    assert seen(district_yuci) == {sold_by_own.number, bought_by_own.number}
    assert seen(owner) == {"A", "B"}
    assert seen(university) == {by_university.number}
    assert seen(butler) == {"B", "C", "D"}
    assert seen(bank) == set()
    assert outside.number not in seen(district_yuci) | seen(owner)
    assert taigu_only.number not in seen(owner)


def test_an_unsaved_contract_is_judged_by_its_parties(
    city, district_yuci, butler, owner, own_firm, university
):
    from rainforest.core.scope import scope_for
    from rainforest.techmarket.records import contract_unsaved

    taigu = EnterpriseFactory(name="太谷公司", district=district("140703"))
    Assignment.objects.create(enterprise=own_firm, butler=butler, started_on="2025-01-01")
    ours = Contract(seller_enterprise=taigu, buyer_enterprise=own_firm)
    theirs = Contract(seller_enterprise=taigu, buyer_name="北京某公司")
    for user, expected in (
        (city, (True, True)),
        (district_yuci, (True, False)),
        (butler, (True, False)),
        (owner, (True, False)),
        (university, (False, False)),
    ):
        scope = scope_for(user)
        assert (
            contract_unsaved(scope, Action.ADD, ours),
            contract_unsaved(scope, Action.ADD, theirs),
        ) == expected
