"""The registration pages: the queue, the workflow page's actions, the contract page's registration panel,
and a contract created through the generic pages starting its registration log."""

from __future__ import annotations

import pytest

from rainforest.enterprises.tests.factories import EnterpriseFactory, district
from rainforest.techmarket.choices import Status
from rainforest.techmarket.models import Contract
from rainforest.techmarket.tests.factories import contract

pytestmark = pytest.mark.django_db


def test_queue_lists_what_waits_within_scope(district_yuci, own_firm, client):
    taigu = EnterpriseFactory(name="太谷公司", district=district("140703"))
    waiting = contract(registered=False, status=Status.SUBMITTED, seller_enterprise=own_firm)
    contract(registered=False, status=Status.SUBMITTED, seller_enterprise=taigu)
    done = contract(seller_enterprise=own_firm)
    client.force_login(district_yuci)
    text = client.get("/techmarket/registration/").content.decode()
    assert waiting.number in text and done.number not in text and "太谷公司" not in text


def test_register_and_return_through_the_page(district_yuci, own_firm, client):
    row = contract(registered=False, status=Status.SUBMITTED, seller_enterprise=own_firm)
    client.force_login(district_yuci)
    page = client.get(f"/techmarket/contracts/{row.pk}/registration/").content.decode()
    assert "退回原因" in page and 'name="action" value="register"' in page
    client.post(f"/techmarket/contracts/{row.pk}/registration/decide/", {"action": "return", "reason": ""})
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED  # a return without a reason is refused
    client.post(
        f"/techmarket/contracts/{row.pk}/registration/decide/", {"action": "return", "reason": "缺附件"}
    )
    row.refresh_from_db()
    assert row.status == Status.RETURNED and row.return_reason == "缺附件"


def test_a_party_resubmits_but_cannot_register(owner, own_firm, client):
    row = contract(
        registered=False, status=Status.RETURNED, return_reason="缺附件", seller_enterprise=own_firm
    )
    client.force_login(owner)
    response = client.post(f"/techmarket/contracts/{row.pk}/registration/decide/", {"action": "register"})
    assert response.status_code == 403
    client.post(f"/techmarket/contracts/{row.pk}/registration/resubmit/", {"comment": "已补充"})
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED


def test_detail_page_shows_the_registration_panel(city, client):
    row = contract()
    client.force_login(city)
    text = client.get(f"/records/contract/{row.pk}/").content.decode()
    assert row.registration_number in text and f"/techmarket/contracts/{row.pk}/registration/" in text


def test_a_contract_entered_on_the_generic_page_is_logged_as_submitted(owner, own_firm, client):
    client.force_login(owner)
    response = client.post(
        "/records/contract/new/",
        {
            "number": "HT-WEB-1",
            "title": "检测方法研究",
            "category": "consulting",
            "sub_type": "consulting",
            "seller_enterprise": own_firm.credit_code,
            "buyer_name": "北京某公司",
            "buyer_province": "北京市",
            "contract_amount": "12.5",
            "tech_transaction_amount": "10",
            "signed_on": "2025-01-10",
            "submitted_on": "2025-01-12",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = Contract.objects.get(number="HT-WEB-1")
    assert row.contract_amount == 125000 and row.status == Status.SUBMITTED
    assert list(row.events.values_list("transition", "actor__username")) == [("submit", "enterprise")]


def test_a_party_cannot_enter_a_contract_between_others(owner, client):
    other = EnterpriseFactory(name="别家公司")
    client.force_login(owner)
    client.post(
        "/records/contract/new/",
        {
            "number": "HT-WEB-2",
            "title": "t",
            "category": "consulting",
            "sub_type": "consulting",
            "seller_enterprise": other.credit_code,
            "buyer_name": "北京某公司",
            "buyer_province": "北京市",
            "contract_amount": "1",
            "tech_transaction_amount": "1",
            "signed_on": "2025-01-10",
            "submitted_on": "2025-01-12",
        },
    )
    assert not Contract.objects.filter(number="HT-WEB-2").exists()
