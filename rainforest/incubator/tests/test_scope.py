"""A district officer writes and reads incubator records only when every record they name is in scope:
the park, the enterprise and the team of a tenancy (issue 6, item 1)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.enterprises.selectors import enterprise_change_log
from rainforest.enterprises.tests.factories import district
from rainforest.incubator import services
from rainforest.incubator.models import Park, Team, Tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def yuci_park(db):
    return Park.objects.create(name="晋创谷·晋中", district=district("140702"))


@pytest.fixture
def foreign_tenancy(yuci_park, two_districts):
    """A firm of 太谷区 resident in a park of 榆次区: the park is the officer's, the firm is not."""
    return Tenancy.objects.create(
        park=yuci_park, enterprise=two_districts["taigu"], entered_on=date(2024, 3, 1)
    )


@pytest.fixture
def own_tenancy(yuci_park, two_districts):
    return Tenancy.objects.create(
        park=yuci_park, enterprise=two_districts["yuci"], entered_on=date(2024, 3, 1)
    )


def test_a_district_officer_cannot_delete_the_tenancy_of_a_firm_of_another_district(
    client, district_yuci, foreign_tenancy
):
    client.force_login(district_yuci)
    response = client.post(reverse("incubator:tenancy_delete", args=[foreign_tenancy.pk]))
    assert response.status_code == 404
    assert Tenancy.objects.filter(pk=foreign_tenancy.pk).exists()


def test_the_delete_service_refuses_a_tenancy_of_a_firm_out_of_scope(district_yuci, foreign_tenancy):
    with pytest.raises(PermissionDenied):
        services.tenancy_delete(tenancy=foreign_tenancy, user=district_yuci)
    assert Tenancy.objects.filter(pk=foreign_tenancy.pk).exists()


def test_a_district_officer_cannot_edit_the_tenancy_of_a_firm_of_another_district(
    client, district_yuci, foreign_tenancy
):
    client.force_login(district_yuci)
    url = reverse("incubator:tenancy_edit", args=[foreign_tenancy.pk])
    response = client.post(
        url, {"park": foreign_tenancy.park_id, "status": "left", "entered_on": "2024-03-01"}
    )
    foreign_tenancy.refresh_from_db()
    assert (response.status_code, foreign_tenancy.status) == (404, "resident")


def test_the_save_service_refuses_to_move_a_tenancy_onto_a_firm_out_of_scope(
    district_yuci, own_tenancy, two_districts
):
    with pytest.raises(PermissionDenied):
        services.tenancy_save(user=district_yuci, tenancy=own_tenancy, enterprise=two_districts["taigu"])
    own_tenancy.refresh_from_db()
    assert own_tenancy.enterprise == two_districts["yuci"]


def test_the_save_service_refuses_a_new_tenancy_of_a_firm_out_of_scope(
    district_yuci, yuci_park, two_districts
):
    with pytest.raises(PermissionDenied):
        services.tenancy_save(
            user=district_yuci, park=yuci_park, enterprise=two_districts["taigu"], entered_on=date(2024, 1, 1)
        )
    assert Tenancy.objects.count() == 0


def test_the_park_page_lists_no_firm_out_of_scope(client, district_yuci, own_tenancy, foreign_tenancy):
    client.force_login(district_yuci)
    page = client.get(reverse("incubator:park", args=[own_tenancy.park_id])).content.decode()
    assert ("晋中自有科技有限公司" in page, "太谷测试有限公司" in page) == (True, False)


def test_the_park_list_counts_only_residents_in_scope(client, district_yuci, own_tenancy, foreign_tenancy):
    client.force_login(district_yuci)
    parks = list(client.get(reverse("incubator:index")).context["parks"])
    assert [(park.name, park.resident_count) for park in parks] == [("晋创谷·晋中", 1)]


def _exported_names(client, record_type: str) -> list[str]:
    response = client.get(reverse("imports:export", args=[record_type]))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return sorted(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)


def test_the_tenancy_export_holds_no_firm_out_of_scope(
    client, district_yuci, own_tenancy, foreign_tenancy, two_districts
):
    client.force_login(district_yuci)
    cells = _exported_names(client, "tenancy")
    codes = (two_districts["yuci"].credit_code in cells, two_districts["taigu"].credit_code in cells)
    assert codes == (True, False)


def test_the_team_export_holds_no_team_of_a_firm_out_of_scope(client, district_yuci, two_districts):
    Team.objects.create(name="本区团队", district=district("140702"))
    Team.objects.create(
        name="外区企业的团队",
        district=district("140702"),
        enterprise=two_districts["taigu"],
        incorporated_on=date(2024, 1, 1),
    )
    client.force_login(district_yuci)
    names = _exported_names(client, "team")
    assert ("本区团队" in names, "外区企业的团队" in names) == (True, False)


def test_a_tenancy_write_shows_in_the_firms_change_log_with_the_acting_user(
    district_yuci, yuci_park, own_firm
):
    tenancy = services.tenancy_save(
        user=district_yuci, park=yuci_park, enterprise=own_firm, entered_on=date(2024, 1, 1)
    )
    services.tenancy_delete(tenancy=tenancy, user=district_yuci)
    log = enterprise_change_log(own_firm, viewer=district_yuci)
    assert [(entry.record, entry.action, entry.user) for entry in log[:2]] == [
        ("入驻记录", "删除", str(district_yuci)),
        ("入驻记录", "创建", str(district_yuci)),
    ]
