"""Achievements, demands and deals: their clean() and the database's own checks of the same rules."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rainforest.matching.choices import DealStatus
from rainforest.matching.models import Achievement, Deal, Demand, split_words
from rainforest.matching.tests.factories import AchievementFactory, DemandFactory

pytestmark = pytest.mark.django_db


def test_words_are_split_on_any_separator_without_empties_or_repeats():
    assert split_words("碳纤维，复合材料,轻量化;模压；碳纤维、 ") == ["碳纤维", "复合材料", "轻量化", "模压"]
    assert split_words(["a、b", " c "]) == ["a", "b", "c"]
    assert split_words(None) == []


def test_an_achievement_cleans_its_keywords_and_names_what_is_wrong(organisations):
    achievement = AchievementFactory.build(
        owner=organisations["university"], keywords=[" 碳纤维 ", "碳纤维", "复合材料"]
    )
    achievement.full_clean()
    assert achievement.keywords == ["碳纤维", "复合材料"]
    bad = AchievementFactory.build(
        owner=organisations["bank"], abstract="  ", transfer_modes=["gift"], keywords=["词"] * 1 + ["x" * 31]
    )
    with pytest.raises(ValidationError) as refused:
        bad.full_clean()
    assert {"owner", "abstract", "transfer_modes", "keywords"} <= set(refused.value.message_dict)


@pytest.mark.parametrize("maturity", [0, 10])
def test_the_readiness_level_is_1_to_9_in_clean_and_in_the_database(organisations, maturity):
    achievement = AchievementFactory.build(owner=organisations["university"], maturity=maturity)
    with pytest.raises(ValidationError) as refused:
        achievement.full_clean()
    assert "maturity" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        achievement.save()
    assert not Achievement.objects.exists()


def test_the_database_refuses_a_demand_without_description_and_a_deadline_before_publication(own_firm):
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandFactory(enterprise=own_firm, description="")
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandFactory(enterprise=own_firm, published_on=date(2025, 5, 1), deadline=date(2025, 4, 1))
    assert not Demand.objects.exists()
    demand = DemandFactory.build(enterprise=own_firm, description="\n  ")
    with pytest.raises(ValidationError) as refused:
        demand.full_clean()
    assert "需求描述" in str(refused.value.message_dict["description"])


def test_numbers_are_unique(own_firm):
    AchievementFactory(number="CG-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        AchievementFactory(number="CG-1")
    DemandFactory(enterprise=own_firm, number="XQ-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandFactory(enterprise=own_firm, number="XQ-1")


def test_a_signed_deal_needs_its_contract_and_amount(own_firm):
    deal = Deal(
        number="DJ-1",
        demand=DemandFactory(enterprise=own_firm),
        achievement=AchievementFactory(),
        opened_on=date(2025, 3, 1),
        status=DealStatus.SIGNED,
    )
    with pytest.raises(ValidationError) as refused:
        deal.full_clean()
    assert "contract" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        deal.save()
    assert not Deal.objects.exists()
