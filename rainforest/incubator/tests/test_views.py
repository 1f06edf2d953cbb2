"""The incubator pages: parks, zones, teams and tenancies, for every role of the cast."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from rainforest.core.models import today
from rainforest.enterprises.tests.factories import district
from rainforest.forest.models import LayerSpan
from rainforest.incubator.models import Park, Team, Tenancy, Zone

pytestmark = pytest.mark.django_db

INDEX = reverse("incubator:index")


@pytest.fixture
def parks(db):
    return {
        "yuci": Park.objects.create(name="晋创谷·晋中", district=district("140702")),
        "taigu": Park.objects.create(name="太谷众创空间", district=district("140703")),
    }


@pytest.fixture
def team(db):
    return Team.objects.create(name="农大育种团队", district=district("140702"), formed_on=date(2023, 5, 1))


def park_names(response) -> list[str]:
    return re.findall(r'<td class="park-name"><a [^>]*>([^<]+)</a></td>', response.content.decode())


def errors(response) -> dict[str, list[str]]:
    return {field: list(messages) for field, messages in response.context["form"].errors.items()}


@pytest.mark.parametrize(
    ("who", "status", "visible"),
    [
        ("city", 200, ["太谷众创空间", "晋创谷·晋中"]),
        ("admin", 200, ["太谷众创空间", "晋创谷·晋中"]),
        ("district_yuci", 200, ["晋创谷·晋中"]),
        ("butler", 403, []),
        ("owner", 403, []),
        ("university", 403, []),
        ("bank", 403, []),
        ("outsider", 403, []),
    ],
)
def test_the_park_list_shows_exactly_the_parks_in_scope(client, request, parks, who, status, visible):
    client.force_login(request.getfixturevalue(who))
    response = client.get(INDEX)
    assert response.status_code == status
    assert park_names(response) == visible


@pytest.mark.parametrize(
    ("who", "yuci", "taigu"), [("city", 200, 200), ("district_yuci", 200, 404), ("owner", 403, 403)]
)
def test_a_park_page_answers_within_scope_only(client, request, parks, who, yuci, taigu):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("incubator:park", args=[parks["yuci"].pk])).status_code == yuci
    assert client.get(reverse("incubator:park", args=[parks["taigu"].pk])).status_code == taigu


def test_a_district_officer_adds_a_park_in_their_own_district_only(client, district_yuci):
    client.force_login(district_yuci)
    url = reverse("incubator:park_create")
    refused = client.post(url, {"name": "外区园区", "district": district("140703").pk, "level": ""})
    assert errors(refused)["district"] == ["只能选择您有权登记的县区"]
    assert Park.objects.count() == 0
    response = client.post(url, {"name": "榆次双创园", "district": district("140702").pk, "level": "省级"})
    park = Park.objects.get()
    assert response.url == reverse("incubator:park", args=[park.pk])
    assert (park.name, park.level, park.history.latest().history_user) == (
        "榆次双创园",
        "省级",
        district_yuci,
    )


def test_editing_and_deleting_a_park(client, city, parks):
    client.force_login(city)
    park = parks["taigu"]
    client.post(
        reverse("incubator:park_edit", args=[park.pk]),
        {"name": "太谷农谷众创空间", "district": park.district_id, "level": "国家级"},
    )
    park.refresh_from_db()
    assert (park.name, park.level) == ("太谷农谷众创空间", "国家级")
    delete = reverse("incubator:park_delete", args=[park.pk])
    assert "确定要删除“太谷农谷众创空间”吗？" in client.get(delete).content.decode()
    assert Park.objects.filter(pk=park.pk).exists()
    client.post(delete)
    assert not Park.objects.filter(pk=park.pk).exists()


def test_a_park_with_tenants_is_not_deleted(client, city, parks, team):
    Tenancy.objects.create(park=parks["yuci"], team=team, entered_on=date(2024, 1, 1))
    client.force_login(city)
    response = client.post(reverse("incubator:park_delete", args=[parks["yuci"].pk]), follow=True)
    assert "该孵化载体仍有入驻记录，请先删除入驻记录" in response.content.decode()
    assert Park.objects.filter(pk=parks["yuci"].pk).exists()


def test_a_district_officer_cannot_write_another_districts_park(client, district_yuci, parks):
    client.force_login(district_yuci)
    taigu = parks["taigu"]
    assert (
        client.post(
            reverse("incubator:park_edit", args=[taigu.pk]), {"name": "改名", "district": taigu.district_id}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("incubator:zone_create", args=[taigu.pk]), {"name": "A区", "tier": "growth"}
        ).status_code
        == 404
    )
    assert Park.objects.get(pk=taigu.pk).name == "太谷众创空间"
    assert Zone.objects.count() == 0


def test_adding_zones_with_unique_names_within_a_park(client, city, parks):
    client.force_login(city)
    url = reverse("incubator:zone_create", args=[parks["yuci"].pk])
    client.post(url, {"name": "孵化区", "tier": "incubation"})
    refused = client.post(url, {"name": "孵化区", "tier": "startup"})
    assert errors(refused)["name"] == ["该孵化载体已有名为“孵化区”的片区"]
    assert list(Zone.objects.values_list("park__name", "name", "tier")) == [
        ("晋创谷·晋中", "孵化区", "incubation")
    ]


def test_teams_list_and_form(client, city, district_yuci, team):
    client.force_login(district_yuci)
    assert "农大育种团队" in client.get(reverse("incubator:teams")).content.decode()
    tomorrow = (today() + timedelta(days=1)).isoformat()
    url = reverse("incubator:team_create")
    refused = client.post(url, {"name": "未来团队", "district": district("140702").pk, "formed_on": tomorrow})
    assert errors(refused)["formed_on"] == ["日期不能晚于今天"]
    assert Team.objects.count() == 1
    client.post(
        url,
        {
            "name": "新材料团队",
            "district": district("140702").pk,
            "formed_on": "2024-03-01",
            "leader": "王五",
        },
    )
    assert list(Team.objects.order_by("name").values_list("name", "leader")) == [
        ("农大育种团队", ""),
        ("新材料团队", "王五"),
    ]


def test_a_team_linked_to_an_enterprise_needs_its_incorporation_date(client, city, team, own_firm):
    client.force_login(city)
    data = {
        "name": team.name,
        "district": team.district_id,
        "formed_on": "2023-05-01",
        "enterprise": own_firm.pk,
    }
    refused = client.post(reverse("incubator:team_edit", args=[team.pk]), data)
    assert errors(refused)["incorporated_on"] == ["已关联企业的团队须填写注册成立日期"]
    assert Team.objects.get(pk=team.pk).enterprise_id is None


def test_a_tenancy_places_a_team_in_the_seed_layer(client, city, parks, team):
    client.force_login(city)
    response = client.post(
        reverse("incubator:tenancy_create"),
        {"park": parks["yuci"].pk, "team": team.pk, "status": "resident", "entered_on": "2024-02-01"},
    )
    assert response.url == reverse("incubator:park", args=[parks["yuci"].pk])
    assert list(Tenancy.objects.values_list("team__name", "status", "entered_on")) == [
        ("农大育种团队", "resident", date(2024, 2, 1))
    ]
    assert LayerSpan.objects.filter(team=team, layer=1, starts_on=date(2024, 2, 1)).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"enterprise": "own"}, "__all__", "入驻主体须为企业或团队之一"),
        ({"team": ""}, "__all__", "入驻主体须为企业或团队之一"),
        ({"entered_on": "future"}, "entered_on", "日期不能晚于今天"),
        ({"left_on": "2020-01-01"}, "left_on", "迁出日期不能早于入驻日期"),
        ({"entered_on": ""}, "entered_on", "已入驻、已毕业或已迁出的须填写入驻日期"),
    ],
)
def test_bad_tenancies_are_refused(client, city, parks, team, own_firm, changes, field, message):
    client.force_login(city)
    data = {"park": parks["yuci"].pk, "team": team.pk, "status": "resident", "entered_on": "2024-02-01"}
    data.update(changes)
    if data.get("enterprise") == "own":
        data["enterprise"] = own_firm.pk
    if data["entered_on"] == "future":
        data["entered_on"] = (today() + timedelta(days=3)).isoformat()
    response = client.post(reverse("incubator:tenancy_create"), data)
    assert errors(response)[field] == [message]
    assert Tenancy.objects.count() == 0


def test_editing_and_deleting_a_tenancy(client, city, parks, team):
    tenancy = Tenancy.objects.create(park=parks["yuci"], team=team, entered_on=date(2024, 1, 1))
    client.force_login(city)
    client.post(
        reverse("incubator:tenancy_edit", args=[tenancy.pk]),
        {
            "park": parks["yuci"].pk,
            "team": team.pk,
            "status": "left",
            "entered_on": "2024-01-01",
            "left_on": "2025-01-01",
        },
    )
    tenancy.refresh_from_db()
    assert (tenancy.status, tenancy.left_on) == ("left", date(2025, 1, 1))
    delete = reverse("incubator:tenancy_delete", args=[tenancy.pk])
    assert "确认删除" in client.get(delete).content.decode()
    client.post(delete)
    assert Tenancy.objects.count() == 0


@pytest.mark.parametrize("who", ["butler", "owner", "university", "bank", "outsider"])
def test_users_outside_the_bureaus_cannot_write_incubator_records(client, request, parks, team, who):
    client.force_login(request.getfixturevalue(who))
    assert (
        client.post(reverse("incubator:park_create"), {"name": "X", "district": district().pk}).status_code
        == 403
    )
    assert (
        client.post(reverse("incubator:team_create"), {"name": "X", "district": district().pk}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("incubator:tenancy_create"), {"park": parks["yuci"].pk, "team": team.pk}
        ).status_code
        == 403
    )
    assert (Park.objects.count(), Team.objects.count(), Tenancy.objects.count()) == (2, 1, 0)
