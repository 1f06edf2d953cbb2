"""The demo city's finance figures come out of its records (the seed's S27–S33)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rainforest.core.models import User
from rainforest.core.policy import Action, restrict
from rainforest.demo.builder import build_demo
from rainforest.finance import models as m
from rainforest.finance import selectors


@pytest.mark.django_db
def test_the_demo_citys_finance_figures_are_the_seeds():
    build_demo(seed=2025, scale="city")
    city = User.objects.get(username="city")
    summary = selectors.summary(city, 2025)
    assert summary.get("service_institutions").value == 2  # S27
    assert summary.get("events").value == 7  # S28
    assert summary.get("firms_visited").value > 100  # S29
    assert summary.get("loans").value == Decimal("24000000")  # S30: 2,400万元 …
    assert "4 家企业" in summary.get("loans").note  # … to 4 firms
    assert summary.get("subsidy_applicants").value == 57  # S31: 57 applicants …
    assert "高新技术企业 57 家" in summary.get("subsidy_applicants").note  # … all HNTEs …
    assert "全省第 2 位" in summary.get("subsidy_applicants").note  # … ranking 2nd
    assert summary.get("insurance_premium").value == Decimal("19000")  # S32: 1.9万元
    assert summary.get("funds_planned").value == 1  # S33
    fund = m.Fund.objects.get()
    assert fund.size is None and "省晋创投资" in fund.partners and "晋信资本" in fund.partners
    # every subsidy request is within its loan's interest
    assert all(
        a.requested <= a.loan.interest for a in m.InterestSubsidyApplication.objects.select_related("loan")
    )
    # the bank user's pages are full of its own records
    bank = User.objects.get(username="bank")
    assert restrict(m.Loan.objects.all(), bank, Action.VIEW).count() > 10
    assert restrict(m.FinancingDemand.objects.all(), bank, Action.VIEW).exists()
    assert restrict(m.MatchmakingEvent.objects.all(), bank, Action.VIEW).count() == 7
    # a rebuild gives the same figures (the demo wipes what it made)
    build_demo(seed=2025, scale="city")
    assert selectors.summary(city, 2025).get("events").value == 7
    assert m.Fund.objects.count() == 1
