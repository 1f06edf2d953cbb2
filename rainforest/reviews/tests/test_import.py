"""Score sheets from Excel: a real .xlsx from the panel's template is stored; a file with bad rows is
refused naming every row and column, and nothing is stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.reviews.models import ScoreSheet
from rainforest.reviews.spreadsheet import sheets_import, template
from rainforest.reviews.tests.factories import CallFactory, pool, seated, under_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    call = CallFactory(code="import-test")
    applications = [under_review(call, EnterpriseFactory(name=f"导入企业{n}")) for n in range(2)]
    experts = pool(technical=4, financial=1)
    return {"call": call, "applications": applications, "experts": experts, "panel": seated(call, experts)}


def _filled(panel, tmp_path, change=None):
    """The panel's template filled in with 25/24/16/15 (80), `change(row_number, row)` applied."""
    path = tmp_path / "scores.xlsx"
    path.write_bytes(template(panel))
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for number, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        for cell, value in zip(row[4:8], (25, 24, 16, 15), strict=True):
            cell.value = value
        row[8].value = "同意"
        if change:
            change(number, row)
    book.save(path)
    return path


def test_the_template_has_a_row_per_member_and_application_and_a_column_per_criterion(review):
    from io import BytesIO

    sheet = load_workbook(BytesIO(template(review["panel"]))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "专家编号",
        "专家姓名",
        "统一社会信用代码",
        "企业名称",
        "知识产权",
        "科技成果转化能力",
        "研究开发组织管理水平",
        "企业成长性",
        "评审意见",
    ]
    assert len(rows) == 1 + 5 * 2


def test_a_good_sheet_is_stored(city, review, tmp_path):
    path = _filled(review["panel"], tmp_path)
    assert sheets_import(user=city, call=review["call"], upload=path.read_bytes()) == 10
    assert set(ScoreSheet.objects.values_list("total", flat=True)) == {Decimal("80.00")}
    assert ScoreSheet.objects.filter(comment="同意").count() == 10


def test_every_bad_row_is_named_and_nothing_is_stored(city, review, tmp_path):
    def spoil(number, row):
        if number == 2:
            row[4].value = 35
        if number == 4:
            row[0].value = 999999
        if number == 5:
            row[2].value = "91140700000000000X"
            row[7].value = "很好"

    path = _filled(review["panel"], tmp_path, spoil)
    with pytest.raises(ValidationError) as refused:
        sheets_import(user=city, call=review["call"], upload=path.read_bytes())
    assert refused.value.messages == [
        "第 2 行：知识产权：“知识产权”须在 0 到 30 分之间：35",
        "第 4 行：专家编号：未知专家“999999”",
        "第 5 行：统一社会信用代码：91140700000000000X 未申报本通知",
    ]
    assert ScoreSheet.objects.count() == 0


def test_a_file_that_is_not_a_workbook_or_lacks_a_column_is_refused(city, review, tmp_path):
    with pytest.raises(ValidationError) as refused:
        sheets_import(user=city, call=review["call"], upload=b"not a workbook")
    assert "无法读取 Excel 文件" in refused.value.messages[0]
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["专家编号", "统一社会信用代码"])
    path = tmp_path / "short.xlsx"
    book.save(path)
    with pytest.raises(ValidationError) as refused:
        sheets_import(user=city, call=review["call"], upload=path.read_bytes())
    assert refused.value.messages == [
        "缺少列：专家姓名、企业名称、知识产权、科技成果转化能力、研究开发组织管理水平、企业成长性"
    ]
    assert ScoreSheet.objects.count() == 0
