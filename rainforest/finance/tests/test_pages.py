"""The finance pages and API operations: the summary, the funnel and an enterprise's ledger answer within
the user's scope, with Chinese notices for bad parameters and empty states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rainforest.enterprises.tests.factories import EnterpriseFactory, district
from rainforest.finance import models as m
from rainforest.finance.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def taigu_firm(db):
    return EnterpriseFactory(name="太谷金融页面测试有限公司", district=district("140703"))


def test_the_summary_page_links_each_figure_to_its_records(client, city, own_firm):
    arranged = f.loan(own_firm, amount=Decimal("24000000"), lent_on=date(2025, 3, 1), event=f.event())
    other = f.loan(own_firm, amount=Decimal("1000000"), lent_on=date(2025, 3, 2))
    client.force_login(city)
    response = client.get(reverse("finance:summary") + "?year=2025")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2,400.00" in text  # 万元: the arranged loan only
    assert reverse("records:loan_list") + "?year=2025&amp;arranged=true" in text
    # the link lists the loans behind the figure, not the bank's other loans
    listed = client.get(reverse("records:loan_list") + "?year=2025&arranged=true").content.decode()
    assert arranged.contract_number in listed and other.contract_number not in listed
    response = client.get(reverse("finance:summary") + "?year=abc")
    assert response.status_code == 200
    assert "年度“abc”无效" in response.content.decode()


def test_the_funnel_page_shows_its_stages_or_says_it_is_empty(client, city, own_firm):
    client.force_login(city)
    response = client.get(reverse("finance:funnel") + "?period=2025Q1")
    assert "该统计期内没有对接活动、融资需求或贷款" in response.content.decode()
    f.loan(own_firm, lent_on=date(2025, 2, 1))
    response = client.get(reverse("finance:funnel") + "?period=2025Q1")
    assert 'id="stage-loans"' in response.content.decode()
    response = client.get(reverse("finance:funnel") + "?period=2025Q9")
    assert "统计期“2025Q9”无效" in response.content.decode()


def test_the_ledger_is_a_404_outside_the_scope(client, district_yuci, own_firm, taigu_firm):
    loan = f.loan(own_firm)
    f.subsidy(loan, requested=Decimal("10000"), approved=Decimal("10000"), status="approved")
    client.force_login(district_yuci)
    response = client.get(reverse("finance:ledger", args=[own_firm.credit_code]))
    assert response.status_code == 200
    text = response.content.decode()
    assert loan.contract_number in text
    assert 'id="leverage">500.00<' in text  # 5,000,000 loan yuan per 10,000 subsidy yuan
    assert client.get(reverse("finance:ledger", args=[taigu_firm.credit_code])).status_code == 404


def test_the_bank_user_lands_on_its_own_loans_and_shared_demands(
    client, bank, organisations, own_firm, taigu_firm
):
    mine = f.loan(own_firm, bank=organisations["bank"])
    theirs = f.loan(taigu_firm, bank=f.organisation("中国银行晋中分行"))
    shared = f.demand(taigu_firm, purpose="共享给晋中银行的需求")
    m.DemandShare.objects.create(demand=shared, bank=organisations["bank"])
    f.demand(own_firm, purpose="未共享的需求")
    client.force_login(bank)
    text = client.get(reverse("records:loan_list")).content.decode()
    assert mine.contract_number in text and theirs.contract_number not in text
    text = client.get(reverse("records:financing_demand_list")).content.decode()
    assert "共享给晋中银行的需求" in text and "未共享的需求" not in text


def test_the_api_answers_the_summary_funnel_and_ledger(client, city, own_firm):
    f.loan(own_firm, amount=Decimal("6000000"), lent_on=date(2025, 3, 1), event=f.event())
    client.force_login(city)
    body = client.get("/api/v1/finance/summary?year=2025").json()
    loans = next(fig for fig in body["figures"] if fig["key"] == "loans")
    assert Decimal(loans["value"]) == Decimal("6000000")
    body = client.get("/api/v1/finance/funnel?period=2025").json()
    assert [s["key"] for s in body["stages"]] == ["events", "firms", "demands", "loans", "borrowers"]
    assert client.get("/api/v1/finance/funnel?period=bad").status_code == 422
    body = client.get(f"/api/v1/finance/enterprises/{own_firm.credit_code}/ledger").json()
    assert Decimal(body["loan_total"]) == Decimal("6000000") and body["leverage"] is None
    assert client.get("/api/v1/finance/enterprises/91140700MA0000000X/ledger").status_code == 404


def test_the_ledger_lookup_opens_one_match_and_lists_several(client, district_yuci, own_firm, taigu_firm):
    client.force_login(district_yuci)
    response = client.get(reverse("finance:ledger_lookup"))
    assert response.status_code == 200
    response = client.get(reverse("finance:ledger_lookup") + f"?q={own_firm.credit_code}")
    assert response.status_code == 302
    assert response["Location"] == reverse("finance:ledger", args=[own_firm.credit_code])
    response = client.get(reverse("finance:ledger_lookup") + f"?q={taigu_firm.credit_code}")
    assert response.status_code == 200  # outside the district: not found
    assert taigu_firm.name not in response.content.decode()
