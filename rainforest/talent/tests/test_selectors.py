"""The census counted from records, per institution and in total, within each role's reach; a manager's
brokered contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.core.models import Organisation, Region
from rainforest.talent import selectors
from rainforest.talent.models import CentreFirm, CentreTeam
from rainforest.talent.tests.factories import (
    JointCentreFactory,
    KeyDisciplineFactory,
    ResearchTeamFactory,
    TechManagerFactory,
    TraineeFactory,
    institution,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def census(organisations, own_firm):
    """Two institutions in 榆次区 (one the `university` user's own) and one in 太谷区, with records."""
    own = organisations["university"]
    own.region = Region.objects.get(code="140702")
    own.save()
    yuci = institution("晋中学院", "140702", code="jzu")
    taigu = institution("太谷测试学院", "140703", code="tg")
    for level in ("national", "provincial", "provincial", "school"):
        KeyDisciplineFactory(organisation=own, level=level)
    KeyDisciplineFactory(organisation=yuci, level="school")
    KeyDisciplineFactory(organisation=taigu, level="national")
    teams = [ResearchTeamFactory(organisation=own, size=size) for size in (5, 7, 11)]
    ResearchTeamFactory(organisation=taigu, size=4)
    centre = JointCentreFactory(organisation=own)
    for team in teams[:2]:
        CentreTeam.objects.create(centre=centre, team=team)
    CentreFirm.objects.create(centre=centre, enterprise=own_firm, status="intended")
    return {"own": own, "yuci": yuci, "taigu": taigu, "centre": centre}


def _figures(result: selectors.Census) -> dict[str, tuple[int, int, int, int, int]]:
    return {
        row.organisation.name: (row.disciplines, row.national, row.teams, row.members, row.centres)
        for row in result.rows
    }


def test_the_city_sees_every_institution_with_figures_counted_from_records(census, city):
    result = selectors.census_for(city)
    assert result.institutions == 3
    assert _figures(result) == {
        "山西农业大学": (4, 1, 3, 23, 1),
        "晋中学院": (1, 0, 0, 0, 0),
        "太谷测试学院": (1, 1, 1, 4, 0),
    }
    assert (result.total.disciplines, result.total.national, result.total.teams, result.total.members) == (
        6, 2, 4, 27,
    )  # fmt: skip


def test_a_district_sees_its_institutions_and_a_university_its_own(census, district_yuci, university):
    assert sorted(_figures(selectors.census_for(district_yuci))) == ["山西农业大学", "晋中学院"]
    own = selectors.census_for(university)
    assert _figures(own) == {"山西农业大学": (4, 1, 3, 23, 1)}
    assert own.total.teams == 3


@pytest.mark.parametrize("role", ["butler", "owner", "bank", "outsider"])
def test_roles_without_the_census_see_no_institution(census, request, role):
    result = selectors.census_for(request.getfixturevalue(role))
    assert (result.institutions, result.total.disciplines, result.total.teams) == (0, 0, 0)


def test_platforms_and_achievements_of_other_apps_are_counted_when_their_records_exist(census, city):
    from rainforest.matching.tests.factories import AchievementFactory
    from rainforest.platforms.tests.factories import make_platform

    make_platform("山西农业大学杂粮工程技术研究中心", host=census["own"])
    make_platform("太谷测试学院重点实验室", host=census["taigu"], type_name="重点实验室")
    for _n in range(3):
        AchievementFactory(owner=census["own"])
    result = selectors.census_for(city)
    by_name = {row.organisation.name: (row.platforms, row.achievements) for row in result.rows}
    assert by_name == {"山西农业大学": (1, 3), "晋中学院": (0, 0), "太谷测试学院": (1, 0)}
    assert (result.total.platforms, result.total.achievements) == (2, 3)
    assert result.platforms_available and result.achievements_available


def test_a_figure_whose_records_are_missing_is_none_not_zero(census, city, monkeypatch):
    monkeypatch.setattr(selectors, "platform_model", lambda: None)
    result = selectors.census_for(city)
    assert result.total.platforms is None
    assert {row.platforms for row in result.rows} == {None}
    assert not result.platforms_available


def test_the_tcm_style_centre_counts_its_teams_and_firms_about_to_enter(census, city, university, bank):
    (summary,) = selectors.centres_for(city)
    assert (summary.teams, summary.firms, summary.intended) == (2, 1, 1)
    assert [item.centre.pk for item in selectors.centres_for(university)] == [census["centre"].pk]
    assert selectors.centres_for(bank) == []


def test_institutions_follow_the_census_scope_rule(census, city, district_yuci, university):
    from rainforest.core.policy import Action, restrict
    from rainforest.talent.models import KeyDiscipline

    for user in (city, district_yuci, university):
        reached = set(
            restrict(KeyDiscipline.objects.all(), user, Action.VIEW).values_list("organisation", flat=True)
        )
        listed = set(selectors.institutions_for(user).values_list("pk", flat=True))
        assert reached <= listed
        assert listed - reached <= {census["yuci"].pk}  # 晋中学院 has a discipline: all are reached
    assert Organisation.objects.filter(kind="university").count() == 3


def test_a_manager_s_brokered_contracts_are_summed_when_registered(city):
    from rainforest.techmarket.tests.factories import contract

    manager = TechManagerFactory()
    other = TechManagerFactory()
    TraineeFactory(manager=manager)
    contract(
        tech_manager=manager, contract_amount=Decimal("1200000"), tech_transaction_amount=Decimal("900000")
    )
    contract(
        tech_manager=manager, contract_amount=Decimal("300000"), tech_transaction_amount=Decimal("300000")
    )
    contract(tech_manager=manager, registered=False, status="submitted", contract_amount=Decimal("5000000"))
    contract(tech_manager=other, contract_amount=Decimal("7000000"))
    brokered = selectors.brokered_by(manager, city)
    assert (brokered.contract_count, brokered.contract_amount, brokered.transaction_amount) == (
        2, Decimal("1500000"), Decimal("1200000"),
    )  # fmt: skip
    assert len(brokered.contracts or []) == 3  # the list shows the submitted one too
    assert selectors.trainings_of(manager, city).get().training_class.starts_on == date(2025, 5, 12)


def test_a_role_that_may_not_read_contracts_sees_none_rather_than_zero(university):
    from rainforest.core.policy import Action, may
    from rainforest.techmarket.models import Contract

    manager = TechManagerFactory()
    brokered = selectors.brokered_by(manager, university)
    if may(university, Action.VIEW, Contract):
        assert brokered.contracts == []
    else:
        assert brokered.contracts is None


def test_the_census_takes_the_same_queries_for_three_institutions_or_thirty(
    census, city, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as small:
        selectors.census_for(city)
    for n in range(27):
        place = institution(f"测试学院{n:02d}", "140702", code=f"t{n:02d}")
        KeyDisciplineFactory(organisation=place)
        ResearchTeamFactory(organisation=place)
    with django_assert_max_num_queries(len(small.captured_queries)):
        result = selectors.census_for(city)
    assert result.institutions == 30
