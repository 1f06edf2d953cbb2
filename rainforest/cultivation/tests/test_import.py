"""The `visit` and `target` record types of the Excel framework: a good file stores its rows with the
butler and topics resolved, a bad file names the row and field and stores nothing, and an export imports
back unchanged."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook

from rainforest.cultivation.choices import TargetIndicator
from rainforest.cultivation.models import Target, Visit
from rainforest.imports.registry import record_type
from rainforest.imports.services import import_file
from rainforest.imports.writer import export_write

pytestmark = pytest.mark.django_db


def workbook(path, header, *rows):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


VISIT_HEADER = ["统一社会信用代码", "走访日期", "科技管家用户名", "走访事项", "发现的问题", "计划下次走访"]


def test_a_visit_file_stores_its_rows_with_the_butler_and_topics_resolved(tmp_path, city, butler, own_firm):
    path = workbook(
        tmp_path / "visits.xlsx",
        VISIT_HEADER,
        [own_firm.credit_code, "2025-05-06", "butler", "高企申报、研发费用归集", "辅助账不全", "2025-07-01"],
    )
    result = import_file(record_type=record_type("visit"), path=path, user=city)
    assert (result.stored, result.errors, result.created) == (True, [], 1)
    visit = Visit.objects.get()
    assert (visit.butler, visit.topics, visit.next_visit_on) == (
        butler,
        ["hnte_application", "rd_accounting"],
        date(2025, 7, 1),
    )


def test_a_visit_file_with_an_unknown_topic_or_butler_stores_nothing(tmp_path, city, butler, own_firm):
    path = workbook(
        tmp_path / "visits.xlsx",
        VISIT_HEADER,
        [own_firm.credit_code, "2025-05-06", "butler", "高企申报", "", ""],
        [own_firm.credit_code, "2025-05-07", "butler", "喝茶", "", ""],
        [own_firm.credit_code, "2025-05-08", "nobody", "知识产权", "", ""],
    )
    result = import_file(record_type=record_type("visit"), path=path, user=city)
    assert result.stored is False
    assert [(error["row"], error["field"]) for error in result.errors] == [
        (3, "topics_text"),
        (4, "butler_username"),
    ]
    assert Visit.objects.count() == 0


def test_a_target_file_sets_city_and_district_targets(tmp_path, city):
    path = workbook(
        tmp_path / "targets.xlsx",
        ["指标", "年度", "县区", "目标值", "来源"],
        ["新认定高新技术企业数", 2025, "", 109, "seed"],
        ["科技型中小企业总数", 2025, "榆次区", 150, ""],
    )
    result = import_file(record_type=record_type("target"), path=path, user=city)
    assert (result.stored, result.errors) == (True, [])
    assert sorted(Target.objects.values_list("indicator", "district__code", "value")) == [
        (TargetIndicator.NEW_HNTE, None, 109),
        (TargetIndicator.TECH_SME_TOTAL, "140702", 150),
    ]


def test_an_exported_visit_file_imports_back_unchanged(tmp_path, city, butler, own_firm):
    Visit.objects.create(
        enterprise=own_firm, butler=butler, visited_on=date(2025, 5, 6), topics=["ip", "talent"], findings="x"
    )
    path = tmp_path / "export.xlsx"
    kind = record_type("visit")
    assert export_write(kind, kind.export_queryset(city, {}), path) == 1
    result = import_file(record_type=kind, path=path, user=city)
    assert (result.errors, result.created, result.updated) == ([], 0, 0)
    assert Visit.objects.get().topics == ["ip", "talent"]
