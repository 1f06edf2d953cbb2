"""Zones, zone stays and the stage log by spreadsheet (real .xlsx files): good files store every row, a bad
row names its row and column and nothing is stored; a tenant in two zones at once is refused."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.imports.registry import record_type
from rainforest.imports.services import import_file
from rainforest.incubator.models import Site, StageChange, Tenancy, Zone, ZoneStay

pytestmark = pytest.mark.django_db

ZONE_HEADERS = ["孵化载体", "名称", "类型", "所在园区", "面积（平方米）", "可容纳主体数"]
STAY_HEADERS = [
    "孵化载体",
    "入驻企业统一社会信用代码",
    "入驻团队",
    "片区",
    "进入片区日期",
    "离开片区日期",
    "使用面积（平方米）",
    "说明",
]


def test_zones_are_imported_with_their_site_space_and_capacity(xlsx, city, park):
    Site.objects.create(park=park, name="农高区园区")
    path = xlsx(ZONE_HEADERS, [[park.name, "农高区孵化型片区", "孵化型", "农高区园区", 1200, 15]])

    result = import_file(record_type=record_type("zone"), path=path, user=city)

    assert (result.stored, result.errors) == (True, [])
    assert list(Zone.objects.values_list("name", "tier", "site__name", "space_m2", "capacity")) == [
        ("农高区孵化型片区", "incubation", "农高区园区", 1200, 15)
    ]


def test_a_zone_on_a_site_the_park_does_not_have_is_refused(xlsx, city, park):
    path = xlsx(ZONE_HEADERS, [[park.name, "某片区", "成长型", "不存在的园区", 100, 2]])

    result = import_file(record_type=record_type("zone"), path=path, user=city)

    assert result.stored is False
    assert [(e["row"], e["field"]) for e in result.errors] == [(2, "site")]
    assert Zone.objects.count() == 0


def test_zone_stays_are_imported_for_an_entered_tenant(xlsx, city, park, zones, own_firm):
    Tenancy.objects.create(park=park, enterprise=own_firm, entered_on=date(2023, 1, 1))
    rows = [
        [park.name, own_firm.credit_code, "", "孵化型片区", "2023-01-01", "2024-01-01", 60, ""],
        [park.name, own_firm.credit_code, "", "初创型片区", "2024-01-01", "", 200, "晋级"],
    ]

    result = import_file(record_type=record_type("zone_stay"), path=xlsx(STAY_HEADERS, rows), user=city)

    assert (result.stored, result.errors) == (True, [])
    assert list(
        ZoneStay.objects.order_by("started_on").values_list("zone__tier", "started_on", "ended_on")
    ) == [
        ("incubation", date(2023, 1, 1), date(2024, 1, 1)),
        ("startup", date(2024, 1, 1), None),
    ]


def test_a_tenant_in_two_zones_at_once_is_refused_in_a_file_naming_the_row(xlsx, city, park, zones, own_firm):
    tenancy = Tenancy.objects.create(park=park, enterprise=own_firm, entered_on=date(2023, 1, 1))
    ZoneStay.objects.create(tenancy=tenancy, zone=zones["incubation"], started_on=date(2023, 1, 1))
    rows = [[park.name, own_firm.credit_code, "", "初创型片区", "2024-01-01", "", 200, ""]]

    result = import_file(record_type=record_type("zone_stay"), path=xlsx(STAY_HEADERS, rows), user=city)

    assert result.stored is False
    assert [(e["row"], e["field"]) for e in result.errors] == [(2, "zone")]
    assert "孵化型片区" in result.errors[0]["message"]
    assert ZoneStay.objects.count() == 1


def test_a_stay_without_a_tenancy_is_refused(xlsx, city, park, zones, own_firm):
    rows = [[park.name, own_firm.credit_code, "", "孵化型片区", "2023-01-01", "", "", ""]]

    result = import_file(record_type=record_type("zone_stay"), path=xlsx(STAY_HEADERS, rows), user=city)

    assert result.stored is False
    assert [(e["row"], e["field"]) for e in result.errors] == [(2, "started_on")]


def test_the_stage_log_is_exported_within_scope(client, district_yuci, park, two_districts):
    for firm in two_districts.values():
        tenancy = Tenancy.objects.create(park=park, enterprise=firm, entered_on=date(2024, 1, 1))
        StageChange.objects.create(tenancy=tenancy, to_status="resident", on=date(2024, 1, 1))
    client.force_login(district_yuci)

    response = client.get(reverse("imports:export", args=["stage_change"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == [two_districts["yuci"].credit_code]
