"""Importing contracts and peer figures from real .xlsx files: amounts in the header's unit, refusals that
name the row and the field, and nothing stored when a row is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rainforest.enterprises.tests.factories import EnterpriseFactory, district
from rainforest.imports.registry import record_type
from rainforest.imports.services import import_file
from rainforest.indicators.models import PeerFigure
from rainforest.techmarket.choices import SellerClass, Status
from rainforest.techmarket.models import Contract

pytestmark = pytest.mark.django_db

HEADERS = [
    "合同编号",
    "合同名称",
    "合同类别",
    "合同子类",
    "卖方统一社会信用代码",
    "买方外部单位",
    "买方所在地",
    "买方所在省份",
    "合同成交额（万元）",
    "技术交易额（万元）",
    "签订日期",
    "登记日期",
    "登记号",
]


def row(firm, number="HT-1", turnover="120.5", tech="100", category="技术开发", **over):
    values = {
        "合同编号": number,
        "合同名称": "秸秆饲料化技术开发",
        "合同类别": category,
        "合同子类": over.pop("sub_type", "委托开发"),
        "卖方统一社会信用代码": firm.credit_code,
        "买方外部单位": "北京某科技有限公司",
        "买方所在地": "北京市海淀区",
        "买方所在省份": "北京市",
        "合同成交额（万元）": turnover,
        "技术交易额（万元）": tech,
        "签订日期": "2025-01-10",
        "登记日期": "2025-02-01",
        "登记号": f"2025140700{number[-1]:0>6}",
    }
    values.update(over)
    return values


def write(xlsx, rows, headers=HEADERS):
    return xlsx(headers, [[r.get(h, "") for h in headers] for r in rows])


def test_amounts_in_wan_are_stored_in_yuan_and_parties_derived(xlsx, city):
    firm = EnterpriseFactory()
    result = import_file(record_type=record_type("contract"), path=write(xlsx, [row(firm)]), user=city)
    assert result.stored, result.errors
    contract = Contract.objects.get()
    assert contract.contract_amount == Decimal("1205000") and contract.tech_transaction_amount == Decimal(
        "1000000"
    )
    assert contract.status == Status.REGISTERED and contract.seller_class == SellerClass.ENTERPRISE
    assert contract.seller_district.code == "140702" and not contract.buyer_in_province


def test_a_header_in_yuan_is_converted(xlsx, city):
    firm = EnterpriseFactory()
    headers = [h.replace("（万元）", "（元）") for h in HEADERS]
    values = row(firm, turnover="1205000", tech="1000000")
    values["合同成交额（元）"] = values.pop("合同成交额（万元）")
    values["技术交易额（元）"] = values.pop("技术交易额（万元）")
    result = import_file(record_type=record_type("contract"), path=write(xlsx, [values], headers), user=city)
    assert result.stored, result.errors
    assert Contract.objects.get().contract_amount == Decimal("1205000")


def test_a_wrong_unit_is_refused_naming_the_column(xlsx, city):
    firm = EnterpriseFactory()
    headers = [h.replace("合同成交额（万元）", "合同成交额（美元）") for h in HEADERS]
    values = row(firm)
    values["合同成交额（美元）"] = values.pop("合同成交额（万元）")
    result = import_file(record_type=record_type("contract"), path=write(xlsx, [values], headers), user=city)
    assert not result.stored
    assert any("合同成交额（美元）" in e["message"] for e in result.errors), result.errors
    assert not Contract.objects.exists()


def test_unknown_category_and_tech_above_turnover_are_refused_naming_row_and_field(xlsx, city):
    firm = EnterpriseFactory()
    rows = [
        row(firm, number="HT-1"),
        row(firm, number="HT-2", category="技术承包"),
        row(firm, number="HT-3", turnover="100", tech="100.01"),
        row(firm, number="HT-4", sub_type="专利实施许可"),
    ]
    result = import_file(record_type=record_type("contract"), path=write(xlsx, rows), user=city)
    assert not result.stored
    by_row = {(e["row"], e["field"]): e["message"] for e in result.errors}
    assert (3, "category") in by_row and "技术承包" in by_row[(3, "category")]
    assert (4, "tech_transaction_amount") in by_row
    assert "技术交易额不能高于合同成交额" in by_row[(4, "tech_transaction_amount")]
    assert (5, "sub_type") in by_row
    assert not Contract.objects.exists()


def test_a_district_imports_only_its_own(xlsx, district_yuci):
    own = EnterpriseFactory()
    other = EnterpriseFactory(name="太谷公司", district=district("140703"))
    result = import_file(
        record_type=record_type("contract"),
        path=write(xlsx, [row(own, number="HT-1"), row(other, number="HT-2")]),
        user=district_yuci,
    )
    assert not result.stored
    assert [e["row"] for e in result.errors] == [3]
    assert not Contract.objects.exists()


def test_peer_figures_import_and_refuse_a_bad_period(xlsx, city):
    headers = ["指标", "城市", "统计期", "数值", "单位", "同比增长（%）", "来源", "发布日期"]
    good = [
        "技术合同成交额（输出）",
        "太原市",
        "2025Q1",
        "70318.6",
        "万元",
        "14.8",
        "演示数据",
        "2025-04-25",
    ]
    result = import_file(record_type=record_type("peer_figure"), path=xlsx(headers, [good]), user=city)
    assert result.stored, result.errors
    figure = PeerFigure.objects.get()
    assert (
        figure.period_kind == "quarter"
        and figure.value == Decimal("70318.6")
        and figure.growth == Decimal("14.8")
    )
    bad = [*good[:2], "2025Q5", *good[3:]]
    bad[1] = "大同市"
    result = import_file(
        record_type=record_type("peer_figure"), path=xlsx(headers, [bad], name="bad.xlsx"), user=city
    )
    assert not result.stored
    assert result.errors[0]["row"] == 2 and result.errors[0]["field"] == "period"
    assert "季度 5" in result.errors[0]["message"]
    assert PeerFigure.objects.count() == 1
