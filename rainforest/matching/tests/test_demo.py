"""The demo city's achievements and demands: the census's 1,460 achievements across the 12 universities and
institutes (the `university` demo user's a good share), about 120 demands of demo firms in plain words,
deals in the open states, the enterprise user's demand with its intended achievement; deterministic, and
every record passes its model's checks."""

from __future__ import annotations

from collections import Counter
from random import Random

import pytest

from rainforest.core.choices import OrganisationKind
from rainforest.demo import matching, organisations, talent
from rainforest.demo.plan import AS_OF
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.matching.choices import DealStatus
from rainforest.matching.models import Achievement, Deal, DealEvent, Demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(city, owner):
    organisations.build_organisations()
    for n in range(30):
        EnterpriseFactory(name=f"晋中演示测试有限公司{n:02d}")
    talent.build(Random("2025:talent"), as_of=AS_OF)
    return matching.build(Random("2025:matching"), as_of=AS_OF)


def test_the_census_achievements_demands_and_deals(built):
    assert built == {"achievements": 1460, "demands": 120, "deals": 13}
    assert Achievement.objects.count() == 1460
    assert Demand.objects.count() == 120
    owners = Counter(Achievement.objects.values_list("owner__name", flat=True))
    assert len(owners) == 12
    assert set(Achievement.objects.values_list("owner__kind", flat=True)) == {OrganisationKind.UNIVERSITY}
    assert owners[matching.UNIVERSITY] >= 0.25 * 1460
    states = Counter(Deal.objects.values_list("status", flat=True))
    assert states == {DealStatus.CONTACTED: 5, DealStatus.NEGOTIATING: 5, DealStatus.DROPPED: 3}
    # every deal's moves are logged, from its first contact
    assert DealEvent.objects.filter(from_status="").count() == 13
    assert DealEvent.objects.count() == 13 + 5 + 3


def test_every_demo_record_passes_its_checks(built):
    for achievement in Achievement.objects.select_related("owner").order_by("pk")[::7]:
        achievement.full_clean()
        assert 2 <= len(achievement.abstract.split("。")) - 1 <= 4, achievement.abstract
        assert 3 <= len(achievement.keywords) <= 6
    for demand in Demand.objects.all():
        demand.full_clean()
    assert Achievement.objects.values("title").distinct().count() == 1460


def test_the_enterprise_users_demand_and_its_intended_achievement(built, owner, own_firm):
    demand = Demand.objects.get(number=matching.PAIR_DEMAND)
    assert demand.enterprise == own_firm
    assert Demand.objects.restrict(owner).filter(pk=demand.pk).exists()
    achievement = Achievement.objects.get(number=matching.PAIR_ACHIEVEMENT)
    assert "漏油" in demand.description and "漏油" not in achievement.abstract  # different words
    assert Achievement.objects.restrict(owner).filter(pk=achievement.pk).exists()  # on offer to the firm


def test_the_university_user_keeps_its_own_achievements(built, university):
    university.organisation = organisations.Organisation.objects.get(name=matching.UNIVERSITY)
    university.save()
    mine = Achievement.objects.restrict(university)
    assert mine.count() == Achievement.objects.filter(owner__name=matching.UNIVERSITY).count() > 400


def test_the_generator_is_deterministic(built):
    first = [row.title for row in matching._achievement_rows(Random("2025:matching"), AS_OF)]
    second = [row.title for row in matching._achievement_rows(Random("2025:matching"), AS_OF)]
    assert first == second
    assert first == list(Achievement.objects.order_by("pk").values_list("title", flat=True))


def test_signed_deals_follow_registered_contracts_of_the_technology_market(built, own_firm):
    from rainforest.techmarket.tests.factories import contract

    achievement = Achievement.objects.get(number=matching.PAIR_ACHIEVEMENT)
    registered = contract(achievement=achievement, buyer_enterprise=own_firm)
    assert matching.sign_deals(Random("2025:matching:signed"), as_of=AS_OF) == 1
    deal = Deal.objects.get(contract=registered)
    deal.full_clean()
    assert deal.status == DealStatus.SIGNED and deal.amount == registered.tech_transaction_amount
    assert list(deal.events.values_list("to_status", flat=True)) == ["contacted", "negotiating", "signed"]


def test_the_engine_puts_the_intended_achievement_first_for_the_enterprise_users_demand(
    built, owner, settings, tmp_path
):
    """The demo's promise: the firm's problem words find the laboratory's technique at the top."""
    from rainforest.matching.engine import matches, store

    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    store.forget()
    try:
        demand = Demand.objects.restrict(owner).get(number=matching.PAIR_DEMAND)
        results = matches.for_demand(owner, demand, top=5)
    finally:
        store.forget()
    assert results, "no match for the enterprise user's demand"
    assert results[0].record.number == matching.PAIR_ACHIEVEMENT, [r.record.number for r in results]
