"""Deals: open, advance, sign, drop; each move logged; refused moves change nothing; the policy's reach."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rainforest.enterprises.models import Assignment
from rainforest.matching import services
from rainforest.matching.choices import DealStatus, DemandStatus
from rainforest.matching.models import Deal, DealEvent
from rainforest.matching.tests.factories import AchievementFactory, DemandFactory
from rainforest.techmarket.tests.factories import contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(own_firm, organisations):
    return DemandFactory(enterprise=own_firm), AchievementFactory(owner=organisations["university"])


def _open(user, pair, number="DJ-T-0001"):
    demand, achievement = pair
    return services.deal_open(
        user=user, demand=demand, achievement=achievement, number=number, opened_on=date(2025, 3, 1)
    )


def test_a_deal_goes_from_contact_to_signature_and_logs_each_move(city, pair):
    deal = _open(city, pair)
    deal = services.deal_advance(user=city, deal=deal, comment="双方见面")
    registered = contract()
    deal = services.deal_sign(user=city, deal=deal, contract=registered, amount=Decimal("800000"))
    assert deal.status == DealStatus.SIGNED and deal.contract == registered
    assert deal.amount == Decimal("800000") and deal.closed_on is not None
    moves = list(DealEvent.objects.filter(deal=deal).values_list("from_status", "to_status", "by__username"))
    assert moves == [
        ("", "contacted", "city"),
        ("contacted", "negotiating", "city"),
        ("negotiating", "signed", "city"),
    ]
    assert deal.demand.__class__.objects.get(pk=deal.demand_id).status == DemandStatus.MATCHED


def test_signing_needs_a_registered_contract_and_changes_nothing_otherwise(city, pair):
    deal = services.deal_advance(user=city, deal=_open(city, pair))
    pending = contract(registered=False)
    with pytest.raises(ValidationError) as refused:
        services.deal_sign(user=city, deal=deal, contract=pending, amount=Decimal("1"))
    assert "contract" in refused.value.message_dict
    deal.refresh_from_db()
    assert deal.status == DealStatus.NEGOTIATING and deal.contract is None
    assert DealEvent.objects.filter(deal=deal).count() == 2


def test_a_deal_cannot_skip_negotiation_or_move_after_it_ends(city, pair):
    deal = _open(city, pair)
    with pytest.raises(ValidationError):
        services.deal_sign(user=city, deal=deal, contract=contract(), amount=Decimal("1"))
    deal = services.deal_drop(user=city, deal=deal, comment="企业暂缓")
    assert deal.status == DealStatus.DROPPED
    with pytest.raises(ValidationError):
        services.deal_advance(user=city, deal=deal)
    assert DealEvent.objects.filter(deal=deal).count() == 2


def test_dropping_needs_a_reason(city, pair):
    deal = _open(city, pair)
    with pytest.raises(ValidationError) as refused:
        services.deal_drop(user=city, deal=deal, comment="  ")
    assert "comment" in refused.value.message_dict
    deal.refresh_from_db()
    assert deal.status == DealStatus.CONTACTED


def test_a_pair_is_one_deal(city, pair):
    _open(city, pair)
    with pytest.raises(ValidationError):
        _open(city, pair, number="DJ-T-0002")
    assert Deal.objects.count() == 1


def test_the_firm_and_the_university_see_the_deal_but_only_the_bureau_moves_it(
    city, butler, owner, university, bank, district_yuci, pair
):
    Assignment.objects.create(enterprise=pair[0].enterprise, butler=butler)
    deal = _open(city, pair)
    for user in (owner, university, butler, district_yuci):
        assert Deal.objects.restrict(user).filter(pk=deal.pk).exists(), user.username
    assert not Deal.objects.restrict(bank).exists()
    for user in (owner, university):
        with pytest.raises(PermissionDenied):
            services.deal_advance(user=user, deal=deal)
    deal.refresh_from_db()
    assert deal.status == DealStatus.CONTACTED
    assert services.deal_advance(user=butler, deal=deal).status == DealStatus.NEGOTIATING


def test_a_district_officer_opens_deals_for_its_own_firms_only(district_yuci, two_districts, organisations):
    achievement = AchievementFactory(owner=organisations["university"])
    elsewhere = DemandFactory(enterprise=two_districts["taigu"])
    with pytest.raises(PermissionDenied):
        services.deal_open(user=district_yuci, demand=elsewhere, achievement=achievement, number="DJ-X")
    assert not Deal.objects.exists()
    mine = DemandFactory(enterprise=two_districts["yuci"])
    deal = services.deal_open(user=district_yuci, demand=mine, achievement=achievement, number="DJ-Y")
    assert deal.status == DealStatus.CONTACTED
