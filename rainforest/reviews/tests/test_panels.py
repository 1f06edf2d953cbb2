"""Panels drawn by rule on crafted pools: size and mix, the applicant's own organisation, declared conflicts,
unavailable experts, determinism, and a pool too small (a clear message, no partial panel)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rainforest.core.choices import OrganisationKind
from rainforest.core.policy import OPERATOR
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.reviews.choices import Exclusion
from rainforest.reviews.models import Conflict, Panel, PanelMember
from rainforest.reviews.services import panel_draw, panel_set_up
from rainforest.reviews.tests.factories import CallFactory, ExpertFactory, organisation, pool, under_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(code="panel-test")


@pytest.fixture
def applicant(call):
    firm = EnterpriseFactory(name="申报甲公司")
    under_review(call, firm)
    return firm


def test_it_draws_five_with_at_least_sixty_percent_technical_and_one_financial(call, applicant):
    pool(technical=10, financial=4)
    draw = panel_draw(user=OPERATOR, call=call, seed=7)
    assert len(draw.experts) == 5
    assert sum(e.technical for e in draw.experts) >= 3
    assert sum(e.financial for e in draw.experts) >= 1
    assert PanelMember.objects.filter(panel=draw.panel).count() == 5


def test_a_pool_mostly_financial_still_gives_the_technical_share(call, applicant):
    pool(technical=3, financial=12)
    draw = panel_draw(user=OPERATOR, call=call, seed=3)
    assert sum(e.technical for e in draw.experts) == 3
    assert sum(e.financial for e in draw.experts) == 2


def test_the_same_seed_draws_the_same_panel_and_another_seed_may_not(call, applicant):
    pool(technical=15, financial=5)
    first = [e.pk for e in panel_draw(user=OPERATOR, call=call, seed=11).experts]
    Panel.objects.all().delete()
    again = [e.pk for e in panel_draw(user=OPERATOR, call=call, seed=11).experts]
    assert again == first
    seeds = set()
    for seed in range(1, 6):
        Panel.objects.all().delete()
        seeds.add(tuple(e.pk for e in panel_draw(user=OPERATOR, call=call, seed=seed).experts))
    assert len(seeds) > 1


def test_a_drawn_panel_is_shown_not_drawn_again(call, applicant):
    pool(technical=15, financial=5)
    first = [e.pk for e in panel_draw(user=OPERATOR, call=call, seed=1).experts]
    assert [e.pk for e in panel_draw(user=OPERATOR, call=call, seed=2).experts] == first


def test_it_never_draws_an_expert_of_an_applicants_own_organisation(call):
    firm = EnterpriseFactory(name="专家所在企业")
    under_review(call, firm)
    own = organisation("专家所在企业", OrganisationKind.ENTERPRISE, credit_code=firm.credit_code)
    insiders = pool(technical=3, financial=1, organisation=own)
    pool(technical=4, financial=1)
    draw = panel_draw(user=OPERATOR, call=call, seed=5)
    assert not {e.pk for e in insiders} & {e.pk for e in draw.experts}
    assert {(row.expert.pk, row.reason) for row in draw.excluded} == {
        (e.pk, Exclusion.OWN_ORGANISATION) for e in insiders
    }


def test_it_never_draws_an_expert_with_a_declared_conflict_or_an_unavailable_one(call, applicant):
    experts = pool(technical=4, financial=1)
    conflicted = ExpertFactory(name="回避专家")
    Conflict.objects.create(expert=conflicted, enterprise=applicant, grounds="曾任该企业顾问")
    by_organisation = ExpertFactory(name="机构回避专家")
    firm_organisation = organisation(
        "申报甲公司", OrganisationKind.ENTERPRISE, credit_code=applicant.credit_code
    )
    Conflict.objects.create(expert=by_organisation, organisation=firm_organisation, grounds="兼职")
    away = ExpertFactory(name="出差专家", available=False)
    draw = panel_draw(user=OPERATOR, call=call, seed=9)
    assert {e.pk for e in draw.experts} == {e.pk for e in experts}
    assert {(row.expert.name, row.reason) for row in draw.excluded} == {
        ("回避专家", Exclusion.CONFLICT),
        ("机构回避专家", Exclusion.CONFLICT),
        ("出差专家", Exclusion.UNAVAILABLE),
    }
    assert away.pk not in {e.pk for e in draw.experts}


@pytest.mark.parametrize(
    ("technical", "financial", "short"),
    [(3, 1, "可抽取的专家 4 人"), (6, 0, "财务专家至少 1 人"), (2, 5, "技术专家至少 3 人")],
)
def test_a_pool_too_small_gives_a_clear_message_and_no_partial_panel(
    call, applicant, technical, financial, short
):
    pool(technical=technical, financial=financial)
    with pytest.raises(ValidationError) as refused:
        panel_draw(user=OPERATOR, call=call, seed=1)
    message = refused.value.message_dict["panel"][0]
    assert "专家库不足以组成评审专家组" in message and short in message and "未抽取任何专家" in message
    assert PanelMember.objects.count() == 0
    assert not Panel.objects.filter(drawn_at__isnull=False).exists()


def test_a_call_states_its_own_rules(call, applicant):
    panel_set_up(user=OPERATOR, call=call, size=7, min_members=7, min_technical_percent=50, min_financial=2)
    pool(technical=4, financial=4)
    draw = panel_draw(user=OPERATOR, call=call, seed=2)
    assert len(draw.experts) == 7
    assert sum(e.financial for e in draw.experts) >= 2
    assert sum(e.technical for e in draw.experts) >= 4


def test_the_rules_are_fixed_once_drawn(call, applicant):
    pool(technical=5, financial=1)
    draw = panel_draw(user=OPERATOR, call=call, seed=2)
    with pytest.raises(ValidationError):
        panel_set_up(user=OPERATOR, call=call, size=6)
    draw.panel.refresh_from_db()
    assert draw.panel.size == 5


def test_an_officer_draws_and_a_district_officer_may_not(call, applicant, city, district_yuci):
    from django.core.exceptions import PermissionDenied

    pool(technical=5, financial=1)
    with pytest.raises(PermissionDenied):
        panel_draw(user=district_yuci, call=call, seed=2)
    assert not Panel.objects.exists()
    assert len(panel_draw(user=city, call=call, seed=2).experts) == 5
