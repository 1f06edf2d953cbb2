"""The census page and its Excel export, the roster of technology managers (phones masked unless the user
may see personal data, in the pages, the API and the change log) and a manager's page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.core.models import Region
from rainforest.talent.tests.factories import (
    KeyDisciplineFactory,
    ResearchTeamFactory,
    TechManagerFactory,
    TraineeFactory,
    institution,
)

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
MASKED = "139****5678"


@pytest.fixture
def census(organisations):
    own = organisations["university"]
    own.region = Region.objects.get(code="140702")
    own.code = "sxau"
    own.save()
    other = institution("太谷测试学院", "140703", code="tg")
    KeyDisciplineFactory(organisation=own, name="作物学", level="national")
    KeyDisciplineFactory(organisation=own, name="园艺学")
    ResearchTeamFactory(organisation=own, name="杂粮育种创新团队", size=12)
    ResearchTeamFactory(organisation=other, name="太谷果树团队", size=6)
    return {"own": own, "other": other}


def test_the_census_page_shows_each_institution_with_links_to_its_records(client, city, census):
    client.force_login(city)
    response = client.get(reverse("talent:census"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="total-institutions">2<' in html
    disciplines = reverse("records:key_discipline_list") + "?organisation=sxau"
    assert f'<a href="{disciplines}">2</a>' in html
    teams = reverse("records:research_team_list") + "?organisation=tg"
    assert f'<a href="{teams}">1</a>' in html
    # the link's filter finds exactly the records behind the figure
    listed = client.get(disciplines).content.decode()
    assert "作物学" in listed and "园艺学" in listed
    assert (
        client.get(reverse("records:key_discipline_list") + "?organisation=tg")
        .content.decode()
        .count("作物学")
        == 0
    )


def test_the_census_export_is_a_real_workbook_with_a_total_row(client, city, census):
    client.force_login(city)
    response = client.get(reverse("talent:census_export"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("高校院所", "机构编码", "所在区县", "重点学科")
    by_code = {row[1]: row for row in rows[1:-1]}
    assert by_code["sxau"][3:7] == (2, 1, 1, 0)
    assert by_code["sxau"][8:10] == (1, 12)
    assert rows[-1][0] == "合计（2 所）"
    assert (rows[-1][3], rows[-1][8], rows[-1][9]) == (2, 2, 18)


def test_a_university_user_sees_only_its_own_census(client, university, census):
    client.force_login(university)
    html = client.get(reverse("talent:census")).content.decode()
    assert "山西农业大学" in html
    assert "太谷测试学院" not in html
    assert 'id="total-institutions">1<' in html


def test_the_census_is_refused_to_an_enterprise_user_and_empty_states_say_so(client, owner, district_yuci):
    client.force_login(owner)
    assert client.get(reverse("talent:census")).status_code == 403
    client.force_login(district_yuci)
    html = client.get(reverse("talent:census")).content.decode()
    assert "您的数据范围内还没有高校院所。" in html


@pytest.fixture
def manager(census):
    found = TechManagerFactory(
        name="周八", phone=PHONE, organisation=census["own"], certificate_number="JZJL-1"
    )
    TraineeFactory(manager=found, certificate_number="JSJL-1")
    return found


def test_the_roster_masks_phones_unless_the_user_may_see_personal_data(client, city, university, manager):
    client.force_login(city)  # the city officer of the cast may see personal data
    html = client.get(reverse("talent:managers")).content.decode()
    assert PHONE in html
    client.force_login(university)  # the university user may not; it reads its own institution's managers
    html = client.get(reverse("talent:managers")).content.decode()
    assert MASKED in html and PHONE not in html
    detail = client.get(reverse("talent:manager", args=[manager.pk])).content.decode()
    assert MASKED in detail and PHONE not in detail
    assert "JSJL-1" not in detail  # trainees are the bureau's: a university does not read them
    client.force_login(city)
    assert "JSJL-1" in client.get(reverse("talent:manager", args=[manager.pk])).content.decode()


def test_the_api_and_the_change_log_mask_the_phone_too(client, university, city, manager):
    client.force_login(university)
    body = client.get(f"/api/v1/records/tech-manager/{manager.pk}").json()
    assert body["phone"] == MASKED
    generic = client.get(reverse("records:tech_manager_detail", args=[manager.pk])).content.decode()
    assert PHONE not in generic
    client.force_login(city)
    assert client.get(f"/api/v1/records/tech-manager/{manager.pk}").json()["phone"] == PHONE


def test_the_roster_filters_sorts_and_counts(client, city, manager):
    TechManagerFactory(name="吴九", grade="senior")
    client.force_login(city)
    html = client.get(reverse("talent:managers") + "?grade=senior").content.decode()
    assert "吴九" in html and "周八" not in html
    html = client.get(reverse("talent:managers") + "?ordering=-name").content.decode()
    assert html.index("周八") < html.index("吴九")
    html = client.get(reverse("talent:managers") + "?q=不存在").content.decode()
    assert "没有符合筛选条件的技术经理人。" in html


def test_bank_and_enterprise_users_have_no_roster(client, bank, owner, manager):
    for user in (bank, owner):
        client.force_login(user)
        assert client.get(reverse("talent:managers")).status_code == 403
        assert client.get(reverse("talent:manager", args=[manager.pk])).status_code == 403


def test_a_district_officer_reads_the_roster_but_cannot_change_it(client, district_yuci, manager):
    client.force_login(district_yuci)
    assert client.get(reverse("talent:manager", args=[manager.pk])).status_code == 200
    response = client.post(reverse("records:tech_manager_edit", args=[manager.pk]), {"name": "改名"})
    assert response.status_code == 403
    manager.refresh_from_db()
    assert manager.name == "周八"


def test_a_manager_s_page_shows_brokered_deals_and_their_signed_amount(client, city, manager):
    from decimal import Decimal

    from rainforest.matching import services as matching
    from rainforest.matching.tests.factories import AchievementFactory, DemandFactory
    from rainforest.techmarket.tests.factories import contract

    signed = matching.deal_open(
        user=city,
        demand=DemandFactory(),
        achievement=AchievementFactory(),
        number="DJ-T-1",
        tech_manager=manager,
    )
    signed = matching.deal_advance(user=city, deal=signed)
    matching.deal_sign(
        user=city, deal=signed, contract=contract(tech_manager=manager), amount=Decimal("2500000")
    )
    matching.deal_open(
        user=city,
        demand=DemandFactory(),
        achievement=AchievementFactory(),
        number="DJ-T-2",
        tech_manager=manager,
    )
    client.force_login(city)
    html = client.get(reverse("talent:manager", args=[manager.pk])).content.decode()
    assert "DJ-T-1" in html and "DJ-T-2" in html
    assert 'id="deal-amount">250.00<' in html
    assert 'id="contract-count">1<' in html
