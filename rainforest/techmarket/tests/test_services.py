"""The registration workflow: who may submit, register and return, numbering, and the log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rainforest.enterprises.tests.factories import EnterpriseFactory, district
from rainforest.techmarket import services
from rainforest.techmarket.choices import Category, Status, SubType, Transition
from rainforest.techmarket.models import Contract

pytestmark = pytest.mark.django_db


def new(seller, **values) -> Contract:
    defaults = dict(
        number="HT-2025-001",
        title="秸秆饲料化技术开发",
        category=Category.DEVELOPMENT,
        sub_type=SubType.COOPERATIVE,
        seller_enterprise=seller,
        buyer_name="北京某公司",
        buyer_province="北京市",
        contract_amount=Decimal("500000"),
        tech_transaction_amount=Decimal("400000"),
        signed_on=date(2025, 3, 1),
        submitted_on=date(2025, 3, 2),
    )
    defaults.update(values)
    return Contract(**defaults)


def test_submit_register_number_and_log(owner, own_firm, district_yuci):
    row = services.contract_submit(user=owner, contract=new(own_firm))
    assert row.status == Status.SUBMITTED
    row = services.contract_register(user=district_yuci, contract=row, registered_on=date(2025, 3, 20))
    assert row.status == Status.REGISTERED
    assert row.registration_number == f"2025{services.REGISTRY_CODE}000001"
    second = services.contract_submit(user=owner, contract=new(own_firm, number="HT-2025-002"))
    second = services.contract_register(user=district_yuci, contract=second, registered_on=date(2025, 3, 21))
    assert second.registration_number.endswith("000002")
    log = list(row.events.values_list("transition", "from_status", "to_status", "actor__username"))
    assert log == [
        (Transition.SUBMIT, "", Status.SUBMITTED, "enterprise"),
        (Transition.REGISTER, Status.SUBMITTED, Status.REGISTERED, "district-yuci"),
    ]


def test_return_needs_a_reason_then_resubmit(owner, own_firm, city):
    row = services.contract_submit(user=owner, contract=new(own_firm))
    with pytest.raises(ValidationError) as error:
        services.contract_return(user=city, contract=row, reason="  ")
    assert "return_reason" in error.value.message_dict
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED
    row = services.contract_return(user=city, contract=row, reason="技术交易额核定依据不足")
    assert row.status == Status.RETURNED and row.return_reason == "技术交易额核定依据不足"
    with pytest.raises(ValidationError):
        services.contract_register(user=city, contract=row)
    row = services.contract_resubmit(
        user=owner, contract=row, changes={"tech_transaction_amount": Decimal("300000")}, comment="已补充"
    )
    assert row.status == Status.SUBMITTED and row.return_reason == ""
    assert row.tech_transaction_amount == Decimal("300000")
    assert [e.transition for e in row.events.all()] == ["submit", "return", "resubmit"]
    assert row.events.last().comment == "已补充"


def test_resubmit_refuses_bad_changes_and_changes_nothing(owner, own_firm, city):
    row = services.contract_return(
        user=city, contract=services.contract_submit(user=owner, contract=new(own_firm)), reason="缺附件"
    )
    with pytest.raises(ValidationError) as error:
        services.contract_resubmit(
            user=owner, contract=row, changes={"tech_transaction_amount": Decimal("900000")}
        )
    assert "tech_transaction_amount" in error.value.message_dict
    row.refresh_from_db()
    assert row.status == Status.RETURNED and row.tech_transaction_amount == Decimal("400000")


def test_parties_cannot_register_and_others_cannot_touch(owner, own_firm, university, butler):
    row = services.contract_submit(user=owner, contract=new(own_firm))
    with pytest.raises(PermissionDenied):
        services.contract_register(user=owner, contract=row)
    with pytest.raises(PermissionDenied):
        services.contract_register(user=university, contract=row)
    with pytest.raises(PermissionDenied):
        services.contract_return(user=butler, contract=row, reason="x")
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED and not row.registration_number


def test_a_firm_cannot_submit_a_contract_between_others(owner):
    other = EnterpriseFactory(name="别家公司")
    with pytest.raises(PermissionDenied):
        services.contract_submit(user=owner, contract=new(other))
    assert not Contract.objects.exists()


def test_a_district_registers_only_its_own(district_yuci, city):
    taigu_firm = EnterpriseFactory(name="太谷公司", district=district("140703"))
    row = services.contract_submit(user=city, contract=new(taigu_firm))
    with pytest.raises(PermissionDenied):
        services.contract_register(user=district_yuci, contract=row)
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED
