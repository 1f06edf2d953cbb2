"""The demo city's talent records reproduce the seed's figures: 12 universities and institutes, 79 key
disciplines, 124 research teams, the TCM centre's 6 teams and 10 firms about to enter, and the first
primary class's 49 trainees; the `university` demo user's census is its own."""

from __future__ import annotations

from random import Random

import pytest

from rainforest.core.choices import OrganisationKind, Role
from rainforest.core.models import Organisation, User
from rainforest.demo import organisations, talent
from rainforest.demo.plan import AS_OF
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.talent import selectors
from rainforest.talent.choices import EntryStatus, ManagerGrade
from rainforest.talent.models import JointCentre, KeyDiscipline, ResearchTeam, TechManager, Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(city):
    organisations.build_organisations()
    for n in range(14):
        EnterpriseFactory(name=f"晋中中药测试有限公司{n:02d}", tech_field="bio_medicine")
    return talent.build(Random("2025:talent"), as_of=AS_OF)


def test_the_census_counts_come_out_of_the_records(built, city):
    assert built == {
        "高校院所": 12,
        "重点学科": 79,
        "科研团队": 124,
        "联合创新中心": 1,
        "技术经理人": 49 + 12 + 4,
        "培训学员": 49,
    }
    census = selectors.census_for(city)
    assert census.institutions == 12
    assert (census.total.disciplines, census.total.teams) == (79, 124)
    assert KeyDiscipline.objects.count() == 79
    assert ResearchTeam.objects.count() == 124
    assert Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY).count() == 12
    assert all(row.organisation.region_id is not None for row in census.rows)


def test_the_tcm_centre_has_six_teams_of_its_university_and_ten_firms_about_to_enter(built):
    centre = JointCentre.objects.get(name=talent.TCM_CENTRE)
    assert centre.organisation.name == "山西中医药大学"
    assert centre.teams.count() == 6
    assert set(centre.teams.values_list("organisation__name", flat=True)) == {"山西中医药大学"}
    assert centre.memberships.filter(status=EntryStatus.INTENDED).count() == 10
    assert centre.memberships.count() == 10


def test_the_first_primary_class_has_exactly_49_trainees_all_certified(built):
    trainees = Trainee.objects.filter(training_class__name=talent.FIRST_CLASS)
    assert trainees.count() == 49
    assert trainees.filter(passed=True).exclude(certificate_number="").count() == 49
    first = trainees.first()
    assert first is not None
    assert (first.training_class.host, first.training_class.starts_on.month) == ("山西大学国家大学科技园", 5)
    assert TechManager.objects.filter(grade=ManagerGrade.INTERMEDIATE).count() == 12
    assert TechManager.objects.filter(grade=ManagerGrade.SENIOR).count() == 4


def test_the_university_demo_user_sees_a_census_full_of_its_own_institution(built, client):
    user = User.objects.create_user(
        username="university-demo",
        password="pass-1234-word",
        role=Role.UNIVERSITY_USER,
        organisation=Organisation.objects.get(name="山西农业大学"),
    )
    census = selectors.census_for(user)
    assert [row.organisation.name for row in census.rows] == ["山西农业大学"]
    assert (census.total.disciplines, census.total.national, census.total.teams) == (24, 2, 30)
    client.force_login(user)
    html = client.get("/talent/census/").content.decode()
    assert "山西农业大学" in html
    assert "晋中学院" not in html


def test_a_rebuild_keeps_the_institutions_and_the_same_figures(built, city):
    codes = set(Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY).values_list("code", flat=True))
    KeyDiscipline.objects.all().delete()
    Trainee.objects.all().delete()
    TechManager.objects.all().delete()
    JointCentre.objects.all().delete()
    ResearchTeam.objects.all().delete()
    from rainforest.talent.models import TrainingClass

    TrainingClass.objects.all().delete()
    again = talent.build(Random("2025:talent"), as_of=AS_OF)
    assert again == built
    assert (
        set(Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY).values_list("code", flat=True))
        == codes
    )
