"""Importing achievements, demands and deals from real .xlsx files: keywords and transfer modes split on
any separator, amounts in the header's unit, the owner by name or code; a demand without a description,
an unknown owner or transfer mode refused naming the row and the field, and nothing stored then."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from rainforest.imports.registry import record_type
from rainforest.imports.services import import_file
from rainforest.imports.writer import export_write
from rainforest.matching.models import Achievement, Deal, Demand
from rainforest.matching.tests.factories import AchievementFactory, DemandFactory, UniversityFactory

pytestmark = pytest.mark.django_db

ACHIEVEMENT_HEADERS = [
    "完成单位",
    "成果编号",
    "成果名称",
    "成果简介",
    "关键词",
    "学科",
    "技术领域",
    "所属产业",
    "技术成熟度",
    "转化方式",
    "预期价格（万元）",
    "发布日期",
]


def achievement_row(owner="晋中测试学院", number="CG-2025-0101", **over):
    values = {
        "完成单位": owner,
        "成果编号": number,
        "成果名称": "液压缸组合密封技术",
        "成果简介": "设计多级组合密封结构，密封寿命提高三倍。",
        "关键词": "液压缸，密封;泄漏；耐磨、聚氨酯",
        "学科": "机械工程",
        "技术领域": "先进制造与自动化",
        "所属产业": "装备制造/液压",
        "技术成熟度": 6,
        "转化方式": "许可、合作开发",
        "预期价格（万元）": "80",
        "发布日期": "2025-03-01",
    }
    values.update(over)
    return values


def write(xlsx, rows, headers):
    return xlsx(headers, [[r.get(h, "") for h in headers] for r in rows])


def test_achievements_import_with_words_split_and_the_price_in_the_headers_unit(xlsx, city):
    owner = UniversityFactory(name="晋中测试学院", code="jz-test")
    rows = [achievement_row(), achievement_row(owner="jz-test", number="CG-2025-0102", 转化方式="转让")]
    result = import_file(
        record_type=record_type("achievement"), path=write(xlsx, rows, ACHIEVEMENT_HEADERS), user=city
    )
    assert result.stored, result.errors
    first, second = Achievement.objects.order_by("number")
    assert first.owner == owner and second.owner == owner
    assert first.keywords == ["液压缸", "密封", "泄漏", "耐磨", "聚氨酯"]
    assert first.transfer_modes == ["license", "codevelopment"] and second.transfer_modes == ["assignment"]
    assert first.expected_price == Decimal("800000")
    assert first.field == "advanced_manufacturing" and first.industry == "hydraulics" and first.maturity == 6


def test_a_price_header_in_yuan_is_converted(xlsx, city):
    UniversityFactory(name="晋中测试学院")
    headers = [h.replace("（万元）", "（元）") for h in ACHIEVEMENT_HEADERS]
    values = achievement_row()
    values["预期价格（元）"] = values.pop("预期价格（万元）").replace("80", "800000")
    result = import_file(
        record_type=record_type("achievement"), path=write(xlsx, [values], headers), user=city
    )
    assert result.stored, result.errors
    assert Achievement.objects.get().expected_price == Decimal("800000")


def test_bad_achievement_rows_are_refused_naming_row_and_field(xlsx, city):
    UniversityFactory(name="晋中测试学院")
    rows = [
        achievement_row(number="CG-1"),
        achievement_row(number="CG-2", 完成单位="不存在的大学"),
        achievement_row(number="CG-3", 转化方式="赠送"),
        achievement_row(number="CG-4", 技术成熟度=12),
        achievement_row(number="CG-5", 成果简介=""),
    ]
    result = import_file(
        record_type=record_type("achievement"), path=write(xlsx, rows, ACHIEVEMENT_HEADERS), user=city
    )
    assert not result.stored
    by_row = {(e["row"], e["field"]): e["message"] for e in result.errors}
    assert "不存在的大学" in by_row[(3, "owner")]
    assert "赠送" in by_row[(4, "transfer_modes")] and "转化方式" in by_row[(4, "transfer_modes")]
    assert (5, "maturity") in by_row
    assert "成果简介" in by_row[(6, "abstract")]
    assert not any(row == 2 for row, _field in by_row)
    assert not Achievement.objects.exists()


def test_the_owner_must_be_a_university(xlsx, city, organisations):
    rows = [achievement_row(owner=organisations["bank"].name)]
    result = import_file(
        record_type=record_type("achievement"), path=write(xlsx, rows, ACHIEVEMENT_HEADERS), user=city
    )
    assert not result.stored
    assert any(e["field"] == "owner" and "高校院所" in e["message"] for e in result.errors), result.errors
    assert not Achievement.objects.exists()


def test_an_export_imports_again_unchanged(xlsx, city, tmp_path):
    achievement = AchievementFactory(keywords=["碳纤维", "复合材料"], transfer_modes=["license", "equity"])
    target = io.BytesIO()
    export_write(record_type("achievement"), Achievement.objects.all(), target)
    sheet = load_workbook(io.BytesIO(target.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = list(rows[0])
    assert rows[1][headers.index("关键词")] == "碳纤维、复合材料"
    assert rows[1][headers.index("转化方式")] == "许可、作价入股"
    path = tmp_path / "again.xlsx"
    path.write_bytes(target.getvalue())
    result = import_file(record_type=record_type("achievement"), path=path, user=city)
    assert result.errors == [] and result.stored
    achievement.refresh_from_db()
    assert achievement.keywords == ["碳纤维", "复合材料"] and achievement.transfer_modes == [
        "license",
        "equity",
    ]


DEMAND_HEADERS = [
    "统一社会信用代码",
    "需求编号",
    "需求名称",
    "需求描述",
    "技术领域",
    "预算（万元）",
    "截止日期",
    "发布日期",
]


def demand_row(firm, number="XQ-2025-0101", **over):
    values = {
        "统一社会信用代码": firm.credit_code,
        "需求编号": number,
        "需求名称": "车厢板减重",
        "需求描述": "车厢太重，油耗高，想找又轻又结实的材料。",
        "技术领域": "新材料",
        "预算（万元）": "30",
        "截止日期": "2025-12-31",
        "发布日期": "2025-03-01",
    }
    values.update(over)
    return values


def test_demands_import_and_a_demand_with_no_text_is_refused_naming_row_and_field(xlsx, city, own_firm):
    good = import_file(
        record_type=record_type("demand"), path=write(xlsx, [demand_row(own_firm)], DEMAND_HEADERS), user=city
    )
    assert good.stored, good.errors
    demand = Demand.objects.get()
    assert demand.budget == Decimal("300000") and demand.enterprise == own_firm
    rows = [
        demand_row(own_firm, number="XQ-2"),
        demand_row(own_firm, number="XQ-3", 需求描述=""),
        demand_row(own_firm, number="XQ-4", 需求描述="   "),
        demand_row(own_firm, number="XQ-5", 截止日期="2025-01-01"),
    ]
    bad = import_file(
        record_type=record_type("demand"),
        path=xlsx(DEMAND_HEADERS, [[r.get(h, "") for h in DEMAND_HEADERS] for r in rows], name="bad.xlsx"),
        user=city,
    )
    assert not bad.stored
    by_row = {(e["row"], e["field"]): e["message"] for e in bad.errors}
    assert "需求描述" in by_row[(3, "description")]
    assert "需求描述" in by_row[(4, "description")]
    assert "截止日期" in by_row[(5, "deadline")] or "发布日期" in by_row[(5, "deadline")]
    assert list(Demand.objects.values_list("number", flat=True)) == ["XQ-2025-0101"]


def test_a_district_imports_demands_of_its_own_firms_only(xlsx, district_yuci, two_districts):
    rows = [
        demand_row(two_districts["yuci"], number="XQ-1"),
        demand_row(two_districts["taigu"], number="XQ-2"),
    ]
    result = import_file(
        record_type=record_type("demand"), path=write(xlsx, rows, DEMAND_HEADERS), user=district_yuci
    )
    assert not result.stored
    assert {e["row"] for e in result.errors} == {3}
    assert not Demand.objects.exists()


def test_deals_import_by_the_numbers_of_their_demand_and_achievement(xlsx, city, own_firm):
    demand = DemandFactory(enterprise=own_firm)
    achievement = AchievementFactory()
    headers = ["对接编号", "需求编号", "成果编号", "接洽日期"]
    rows = [
        ["DJ-1", demand.number, achievement.number, "2025-03-01"],
        ["DJ-2", "XQ-NONE", achievement.number, "2025-03-01"],
    ]
    result = import_file(record_type=record_type("deal"), path=xlsx(headers, rows), user=city)
    assert not result.stored
    assert any(e["row"] == 3 and "XQ-NONE" in e["message"] for e in result.errors), result.errors
    result = import_file(
        record_type=record_type("deal"), path=xlsx(headers, rows[:1], name="ok.xlsx"), user=city
    )
    assert result.stored, result.errors
    deal = Deal.objects.get()
    assert (deal.demand, deal.achievement, deal.status) == (demand, achievement, "contacted")
