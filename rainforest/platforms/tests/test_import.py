"""Platforms, their yearly performance, partners and plans in real .xlsx files: a good file stores its
rows, a bad one names the row and the field and stores nothing, an export imports back unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.imports.registry import record_type
from rainforest.imports.services import import_file
from rainforest.imports.writer import export_write
from rainforest.platforms.models import Platform, PlatformPartner, PlatformPerformance, PlatformPlan
from rainforest.platforms.tests.factories import make_platform, university_in

pytestmark = pytest.mark.django_db

PLATFORM_HEADER = [
    "平台名称",
    "平台类型",
    "级别",
    "依托企业统一社会信用代码",
    "依托单位",
    "状态",
    "批准建设日期",
    "认定日期",
]
PERFORMANCE_HEADER = ["平台名称", "年度", "研发投入（万元）", "直接经济效益（万元）", "成果转化收入（万元）"]


def test_a_platform_file_stores_hosts_and_types_and_derives_the_district(xlsx, city, own_firm):
    college = university_in("140703", "太谷测试学院", "tg-college")
    path = xlsx(
        PLATFORM_HEADER,
        [
            [
                "山西省测试技术创新中心",
                "技术创新中心",
                "省级",
                own_firm.credit_code,
                "",
                "已认定",
                "2020-03-01",
                "2021-06-01",
            ],
            ["太谷测试中试基地", "中试基地", "市级", "", "tg-college", "建设中", "2025-03-01", ""],
        ],
    )
    result = import_file(record_type=record_type("platform"), path=path, user=city)
    assert (result.errors, result.created) == ([], 2)
    centre = Platform.objects.get(name="山西省测试技术创新中心")
    assert (centre.host_enterprise, centre.type.name, centre.level, centre.district) == (
        own_firm,
        "技术创新中心",
        "provincial",
        own_firm.district,
    )
    base = Platform.objects.get(name="太谷测试中试基地")
    assert (base.host_organisation, base.district.code, base.status) == (college, "140703", "building")
    assert base.history.get().history_change_reason.startswith("导入")


def test_a_bad_platform_file_names_each_row_and_field_and_stores_nothing(xlsx, city, own_firm):
    path = xlsx(
        PLATFORM_HEADER,
        [
            [
                "好的中心",
                "技术创新中心",
                "省级",
                own_firm.credit_code,
                "",
                "已认定",
                "2020-03-01",
                "2021-06-01",
            ],
            ["没有依托", "技术创新中心", "省级", "", "", "计划建设", "", ""],
            ["未知类型", "孵化器", "市级", own_firm.credit_code, "", "计划建设", "", ""],
            ["已认定没日期", "重点实验室", "省级", own_firm.credit_code, "", "已认定", "2020-03-01", ""],
            [
                "日期颠倒",
                "重点实验室",
                "省级",
                own_firm.credit_code,
                "",
                "已认定",
                "2021-03-01",
                "2020-01-01",
            ],
        ],
    )
    result = import_file(record_type=record_type("platform"), path=path, user=city)
    assert not result.stored
    assert [(e["row"], e["field"]) for e in result.errors] == [
        (3, "host_credit_code"),
        (4, "type_name"),
        (5, "recognised_on"),
        (6, "recognised_on"),
    ]
    assert "依托企业" in result.errors[0]["message"] and "孵化器" in result.errors[1]["message"]
    assert Platform.objects.count() == 0


def test_a_district_officer_imports_only_platforms_of_its_district(xlsx, district_yuci, two_districts):
    path = xlsx(
        PLATFORM_HEADER,
        [["太谷的中心", "技术创新中心", "市级", two_districts["taigu"].credit_code, "", "计划建设", "", ""]],
    )
    result = import_file(record_type=record_type("platform"), path=path, user=district_yuci)
    assert [(e["row"], e["field"]) for e in result.errors] == [(2, "host_credit_code")]
    assert Platform.objects.count() == 0


def test_performance_in_wan_is_stored_in_yuan_and_a_year_before_the_platform_is_refused(xlsx, city, own_firm):
    make_platform("年度中心", host=own_firm, approved_on=date(2022, 3, 1), recognised_on=date(2023, 6, 1))
    good = xlsx(PERFORMANCE_HEADER, [["年度中心", 2024, 1234.5, "1.2亿元", 80]], name="good.xlsx")
    result = import_file(record_type=record_type("platform_performance"), path=good, user=city)
    assert (result.errors, result.created) == ([], 1)
    row = PlatformPerformance.objects.get()
    assert (row.rd_input, row.economic_benefit, row.conversion_income) == (
        Decimal("12345000"),
        Decimal("120000000"),
        Decimal("800000"),
    )
    bad = xlsx(
        PERFORMANCE_HEADER,
        [["年度中心", 2023, 10, 20, 0], ["年度中心", 2021, 10, 20, 0], ["没有的平台", 2024, 1, 1, 0]],
        name="bad.xlsx",
    )
    result = import_file(record_type=record_type("platform_performance"), path=bad, user=city)
    assert [(e["row"], e["field"]) for e in result.errors] == [(3, "year"), (4, "platform_name")]
    assert "早于平台“年度中心”成立的年度 2022" in result.errors[0]["message"]
    assert PlatformPerformance.objects.count() == 1


def test_partners_and_plans_import_and_an_export_imports_back_unchanged(xlsx, tmp_path, city, own_firm):
    centre = make_platform("共建中心", host=own_firm)
    PlatformPerformance.objects.create(platform=centre, year=2024, rd_input=Decimal("1234567.89"))
    partners = xlsx(
        ["平台名称", "市外单位名称", "合作方式"], [["共建中心", "燕山大学", "共建单位"]], name="p.xlsx"
    )
    assert import_file(record_type=record_type("platform_partner"), path=partners, user=city).created == 1
    again = import_file(record_type=record_type("platform_partner"), path=partners, user=city)
    assert (again.errors, again.created, again.updated) == ([], 0, 0)
    assert PlatformPartner.objects.get().outside_name == "燕山大学"
    plans = xlsx(["年度", "平台类型", "级别", "计划新增数", "来源"], [[2025, "中试基地", "市级", 10, "种子报告"]],
                 name="plan.xlsx")  # fmt: skip
    assert import_file(record_type=record_type("platform_plan"), path=plans, user=city).created == 1
    for name in ("platform", "platform_partner", "platform_performance", "platform_plan"):
        kind = record_type(name)
        path = tmp_path / f"{name}-export.xlsx"
        export_write(kind, kind.export_queryset(city, {}), path)
        result = import_file(record_type=kind, path=path, user=city)
        assert (result.errors, result.created, result.updated) == ([], 0, 0), name
    assert PlatformPlan.objects.get().planned == 10
