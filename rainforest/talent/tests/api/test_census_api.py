"""/api/v1/talent: the census figures within each role's reach, a manager's brokered work."""

from __future__ import annotations

import pytest

from rainforest.core.models import Region
from rainforest.talent.tests.factories import (
    KeyDisciplineFactory,
    ResearchTeamFactory,
    TechManagerFactory,
    institution,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def census(organisations):
    own = organisations["university"]
    own.region = Region.objects.get(code="140702")
    own.code = "sxau"
    own.save()
    KeyDisciplineFactory(organisation=own, level="national")
    ResearchTeamFactory(organisation=own, size=10)
    ResearchTeamFactory(organisation=institution("太谷测试学院", "140703", code="tg"), size=3)
    return own


def test_the_census_answers_each_role_within_its_reach(api, city, university, bank, census):
    body = api(city, "GET", "/api/v1/talent/census").json()
    assert body["institutions"] == 2
    assert (body["total"]["disciplines"], body["total"]["teams"], body["total"]["members"]) == (1, 2, 13)
    own = api(university, "GET", "/api/v1/talent/census").json()
    assert [(row["code"], row["teams"], row["national"]) for row in own["rows"]] == [("sxau", 1, 1)]
    assert api(bank, "GET", "/api/v1/talent/census").status_code == 403
    assert api(None, "GET", "/api/v1/talent/census").status_code == 401


def test_a_manager_s_brokered_work_is_the_bureau_s(api, city, bank, census):
    manager = TechManagerFactory(organisation=census)
    body = api(city, "GET", f"/api/v1/talent/managers/{manager.pk}/brokered").json()
    assert (body["manager"], body["contracts"], body["deals"], body["deal_amount"]) == (
        manager.pk,
        0,
        {},
        "0",
    )
    assert api(bank, "GET", f"/api/v1/talent/managers/{manager.pk}/brokered").status_code == 403
    assert api(city, "GET", "/api/v1/talent/managers/999999/brokered").status_code == 404
