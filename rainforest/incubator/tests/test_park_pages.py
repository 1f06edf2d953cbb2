"""The park's pages and API: occupancy, the pipeline board, promotions, graduates and one tenancy with its
steps; a step and a move recorded on the page and through the API; scope per role (another district's
park is a 404, roles outside the bureau a 403); the site record type's Excel import, good and bad."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from rainforest.core import policy
from rainforest.core.choices import DataScope, OrganisationKind, Role
from rainforest.core.models import DevelopmentZone, Organisation, User
from rainforest.core.policy import Action
from rainforest.enterprises.tests.factories import district
from rainforest.imports.registry import record_type
from rainforest.imports.services import import_file
from rainforest.incubator.choices import TenancyStatus
from rainforest.incubator.models import Park, Site, StageChange, Team, Tenancy, ZoneStay

pytestmark = pytest.mark.django_db

PAGES = (
    "incubator:park",
    "incubator:occupancy",
    "incubator:pipeline",
    "incubator:promotions",
    "incubator:graduates",
)


@pytest.fixture
def resident(park, zones, own_firm):
    tenancy = Tenancy.objects.create(
        park=park, enterprise=own_firm, entered_on=date(2024, 3, 1), zone=zones["incubation"]
    )
    ZoneStay.objects.create(
        tenancy=tenancy, zone=zones["incubation"], started_on=date(2024, 3, 1), space_m2=80
    )
    return tenancy


@pytest.fixture
def taigu_park(db):
    return Park.objects.create(name="太谷孵化器", district=district("140703"))


@pytest.mark.parametrize("page", PAGES)
def test_the_park_pages_answer_within_scope(client, district_yuci, park, taigu_park, resident, page):
    client.force_login(district_yuci)

    assert client.get(reverse(page, args=[park.pk])).status_code == 200
    assert client.get(reverse(page, args=[taigu_park.pk])).status_code == 404


@pytest.mark.parametrize("who", ["owner", "bank", "university", "butler"])
@pytest.mark.parametrize("page", PAGES)
def test_roles_outside_the_bureau_do_not_see_the_park_pages(client, request, park, page, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse(page, args=[park.pk])).status_code == 403


def test_the_occupancy_page_shows_each_zone_on_the_day(client, city, park, resident):
    client.force_login(city)

    response = client.get(reverse("incubator:occupancy", args=[park.pk]), {"on": "2024-06-01"})

    rows = [(r.zone.name, r.tenants, r.space_used_m2) for r in response.context["rows"]]
    assert rows == [("孵化型片区", 1, 80), ("初创型片区", 0, 0), ("成长型片区", 0, 0)]
    assert "25%" in response.content.decode()  # 1 of a capacity of 4


def test_the_pipeline_board_counts_each_stage_and_lists_the_chosen_one(client, city, park, resident):
    client.force_login(city)

    response = client.get(
        reverse("incubator:pipeline", args=[park.pk]), {"on": "2024-06-01", "stage": "resident"}
    )

    counts = {s.status: s.total for s in response.context["stages"]}
    assert counts["resident"] == 1
    assert list(response.context["page"].object_list) == [resident]


def test_a_step_recorded_on_the_page_is_logged_with_its_user(client, city, park, resident):
    client.force_login(city)

    response = client.post(
        reverse("incubator:tenancy_advance", args=[resident.pk]),
        {"to_status": "graduated", "on": "2025-03-01", "comment": "毕业"},
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.status, resident.left_on) == (TenancyStatus.GRADUATED, date(2025, 3, 1))
    assert list(StageChange.objects.values_list("to_status", "user", "comment")) == [
        ("graduated", city.pk, "毕业")
    ]
    page = client.get(reverse("incubator:tenancy", args=[resident.pk])).content.decode()
    assert "毕业" in page and "city" in page


def test_a_move_to_a_zone_the_tenant_is_already_in_is_refused_on_the_page(
    client, city, park, zones, resident
):
    client.force_login(city)

    response = client.post(
        reverse("incubator:tenancy_move", args=[resident.pk]),
        {"zone": zones["incubation"].pk, "on": "2024-09-01"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["zone"] == ["该主体已在片区“孵化型片区”"]
    assert ZoneStay.objects.count() == 1


def test_the_api_records_a_promotion_and_lists_the_stays(api, city, park, zones, resident):
    response = api(
        city,
        "POST",
        f"/api/v1/incubator/tenancies/{resident.pk}/stays",
        {"zone_id": zones["startup"].pk, "on": "2024-10-01", "comment": "晋级"},
    )

    assert response.status_code == 201, response.content
    stays = api(city, "GET", f"/api/v1/incubator/tenancies/{resident.pk}/stays").json()
    assert [(s["tier"], s["started_on"], s["ended_on"]) for s in stays] == [
        ("incubation", "2024-03-01", "2024-10-01"),
        ("startup", "2024-10-01", None),
    ]
    promotions = api(
        city, "GET", f"/api/v1/incubator/parks/{park.pk}/promotions", start="2024-01-01", end="2024-12-31"
    )
    assert [p["to_zone"] for p in promotions.json()] == ["初创型片区"]


def test_the_api_refuses_a_step_the_pipeline_does_not_allow_naming_the_field(api, city, resident):
    response = api(
        city,
        "POST",
        f"/api/v1/incubator/tenancies/{resident.pk}/stages",
        {"to_status": "negotiating", "on": "2024-05-01"},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "to_status"]
    assert StageChange.objects.count() == 0


def test_the_api_pipeline_and_occupancy(api, district_yuci, park, resident, taigu_park):
    pipeline = api(
        district_yuci, "GET", f"/api/v1/incubator/parks/{park.pk}/pipeline", on="2024-06-01"
    ).json()
    occupancy = api(
        district_yuci, "GET", f"/api/v1/incubator/parks/{park.pk}/occupancy", on="2024-06-01"
    ).json()

    assert {s["status"]: s["total"] for s in pipeline["stages"]}["resident"] == 1
    assert next((z["name"], z["tenants"], z["tenant_ratio"]) for z in occupancy["zones"]) == (
        "孵化型片区",
        1,
        0.25,
    )
    assert api(district_yuci, "GET", f"/api/v1/incubator/parks/{taigu_park.pk}/pipeline").status_code == 404


@pytest.fixture
def manager(park):
    """A user of 晋创谷管委会 whose scope is 晋中开发区, the zone `park` now belongs to."""
    zone = DevelopmentZone.objects.get(short_name="晋中开发区")
    park.development_zone = zone
    park.save()
    organisation = Organisation.objects.create(name="晋创谷管委会", kind=OrganisationKind.PARK, zone=zone)
    manager = User.objects.create_user(
        username="park-manager",
        password="pass-1234-word",
        role=Role.DISTRICT_OFFICER,
        organisation=organisation,
    )
    manager.data_scope = DataScope.DISTRICT
    manager.save()
    return manager


def test_a_park_manager_sees_their_park_and_not_another(client, manager, park, taigu_park):
    client.force_login(manager)

    assert client.get(reverse("incubator:park", args=[park.pk])).status_code == 200
    assert client.get(reverse("incubator:occupancy", args=[park.pk])).status_code == 200
    assert client.get(reverse("incubator:park", args=[taigu_park.pk])).status_code == 404


def test_a_park_manager_reaches_the_teams_resident_in_their_park_and_no_other_team(manager, park, taigu_park):
    # Both teams are registered in 太谷区, outside the zone; only one is resident in the zone's park.
    resident = Team.objects.create(name="驻园团队", district=district("140703"))
    elsewhere = Team.objects.create(name="太谷团队", district=district("140703"))
    tenancy = Tenancy.objects.create(park=park, team=resident, entered_on=date(2024, 3, 1))
    Tenancy.objects.create(park=taigu_park, team=elsewhere, entered_on=date(2024, 3, 1))

    assert list(policy.restrict(Team.objects.all(), manager, Action.VIEW).values_list("name", flat=True)) == [
        "驻园团队"
    ]
    assert list(policy.restrict(Tenancy.objects.all(), manager, Action.CHANGE)) == [tenancy]


def test_sites_are_imported_from_a_spreadsheet(xlsx, city, park):
    headers = ["孵化载体", "园区名称", "所在开发区", "地址", "总面积（平方米）"]
    path = xlsx(
        headers,
        [
            [park.name, "开发区园区", "晋中开发区", "汇通路1号", 42000],
            [park.name, "农高区园区", "农高区", "", 26000],
        ],
    )

    result = import_file(record_type=record_type("site"), path=path, user=city)

    assert (result.stored, result.errors) == (True, [])
    assert list(
        Site.objects.order_by("name").values_list("name", "development_zone__short_name", "space_m2")
    ) == [
        ("农高区园区", "农高区", 26000),
        ("开发区园区", "晋中开发区", 42000),
    ]


def test_a_site_of_an_unknown_park_is_refused_with_its_row_and_nothing_is_stored(xlsx, city, park):
    headers = ["孵化载体", "园区名称", "所在开发区", "地址", "总面积（平方米）"]
    path = xlsx(
        headers, [[park.name, "开发区园区", "", "", 100], ["不存在的孵化器", "农高区园区", "", "", "很多"]]
    )

    result = import_file(record_type=record_type("site"), path=path, user=city)

    assert result.stored is False
    assert {(e["row"], e["field"]) for e in result.errors} == {(3, "park"), (3, "space_m2")}
    assert Site.objects.count() == 0


@pytest.mark.parametrize("page", PAGES)
def test_a_park_page_asks_the_same_number_of_queries_for_2_and_12_tenants(client, city, park, zones, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rainforest.enterprises.tests.factories import EnterpriseFactory

    client.force_login(city)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(page, args=[park.pk]), {"on": "2025-01-01"}).status_code == 200
        return len(captured)

    def add(count: int) -> None:
        for _ in range(count):
            firm: Any = EnterpriseFactory()
            tenancy = Tenancy.objects.create(
                park=park,
                enterprise=firm,
                status=TenancyStatus.GRADUATED,
                entered_on=date(2023, 1, 1),
                left_on=date(2024, 6, 1),
                zone=zones["startup"],
            )
            ZoneStay.objects.create(
                tenancy=tenancy,
                zone=zones["incubation"],
                started_on=date(2023, 1, 1),
                ended_on=date(2023, 9, 1),
            )
            ZoneStay.objects.create(
                tenancy=tenancy, zone=zones["startup"], started_on=date(2023, 9, 1), ended_on=date(2024, 6, 1)
            )

    add(2)
    few = queries()
    add(10)
    assert queries() == few


def test_the_api_starts_a_tenancy_and_lists_it_at_its_stage(api, city, park, two_districts):
    firm = two_districts["taigu"]

    response = api(
        city,
        "POST",
        f"/api/v1/incubator/parks/{park.pk}/tenancies",
        {"credit_code": firm.credit_code, "status": "negotiating", "on": "2025-03-01", "comment": "首次洽谈"},
    )

    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["negotiating_on"]) == ("negotiating", "2025-03-01")
    listed = api(
        city, "GET", f"/api/v1/incubator/parks/{park.pk}/tenancies", stage="negotiating", on="2025-04-01"
    )
    assert [(r["credit_code"], r["status"]) for r in listed.json()["results"]] == [
        (firm.credit_code, "negotiating")
    ]
    assert StageChange.objects.get().comment == "首次洽谈"


def test_a_district_officer_cannot_start_a_tenancy_for_another_districts_firm(
    api, district_yuci, park, two_districts
):
    response = api(
        district_yuci,
        "POST",
        f"/api/v1/incubator/parks/{park.pk}/tenancies",
        {"credit_code": two_districts["taigu"].credit_code, "on": "2025-03-01"},
    )

    assert response.status_code == 404
    assert Tenancy.objects.count() == 0
