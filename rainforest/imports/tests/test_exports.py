"""Every export writes text as inert text: a firm called `=HYPERLINK(...)` is shown as typed by Excel, never
run. Each export is read back with openpyxl: the cell is a string cell ('s') holding exactly the text."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.tests.factories import YearlyFiguresFactory
from rainforest.imports.base import Kind, RecordType
from rainforest.imports.registry import RECORD_TYPES
from rainforest.imports.services import import_file
from rainforest.imports.writer import EXPORT_LOOKUP, export_write
from rainforest.policies.services import policies_load_catalogue
from rainforest.policies.tests.factories import hnte

HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "@SUM(A1:A2)",
    "+1+2",
    "-1-2",
    "\tcmd",
    "\rcmd",
)
ROOT = Path(__file__).resolve().parents[3]


def stand_in(record_type: RecordType, text: str) -> Any:
    """A row of `record_type` whose every exported value is `text` (lookups: the related row's code or
    name is `text`), so every column of every record type is written with it."""
    row = SimpleNamespace()
    for column in record_type.columns:
        parts = column.target.split("__")
        holder = row
        for part in parts[:-1]:
            if not hasattr(holder, part):
                setattr(holder, part, SimpleNamespace())
            holder = getattr(holder, part)
        if column.is_lookup:
            value: Any = SimpleNamespace(**{EXPORT_LOOKUP[column.kind]: text})
        elif column.kind is Kind.BOOL:
            value = True
        else:
            value = text
        setattr(holder, parts[-1], value)
    return row


def string_cells(content: bytes, sheet: str | None = None) -> list[tuple[str, Any]]:
    workbook = load_workbook(BytesIO(content))
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    return [(cell.data_type, cell.value) for row in worksheet.iter_rows(min_row=2) for cell in row]


@pytest.mark.parametrize("name", sorted(RECORD_TYPES))
def test_every_record_type_exports_hostile_text_as_inert_text(name, tmp_path):
    record_type = RECORD_TYPES[name]
    target = tmp_path / "export.xlsx"
    export_write(record_type, [stand_in(record_type, text) for text in HOSTILE], target)
    workbook = load_workbook(target)
    rows = list(workbook.worksheets[0].iter_rows(min_row=2))
    for text, row in zip(HOSTILE, rows, strict=True):
        for column, cell in zip(record_type.columns, row, strict=True):
            expected = ("s", "是") if column.kind is Kind.BOOL else ("s", text)
            assert (cell.data_type, cell.value) == expected, (column.name, text)


def test_the_enterprise_export_page_writes_a_formula_like_name_as_text(client, city, own_firm):
    Enterprise.objects.filter(pk=own_firm.pk).update(name=HOSTILE[0], address=HOSTILE[4])
    client.force_login(city)
    response = client.get(reverse("imports:export", args=["enterprise"]))
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    row = sheet[2]
    name = row[headers.index("企业名称")]
    address = row[headers.index("地址")]
    assert (name.data_type, name.value) == ("s", HOSTILE[0])
    assert (address.data_type, address.value) == ("s", HOSTILE[4])


@pytest.mark.parametrize("text", HOSTILE[:4])
def test_a_formula_like_name_exported_and_imported_back_is_kept_as_typed(
    text, client, city, own_firm, tmp_path
):
    Enterprise.objects.filter(pk=own_firm.pk).update(name=text)
    client.force_login(city)
    exported = tmp_path / "企业.xlsx"
    exported.write_bytes(client.get(reverse("imports:export", args=["enterprise"])).content)
    Enterprise.objects.filter(pk=own_firm.pk).update(name="晋中改名科技有限公司")

    result = import_file(record_type=RECORD_TYPES["enterprise"], path=exported, user=city)

    assert (result.errors, result.updated) == ([], 1)
    assert Enterprise.objects.get(pk=own_firm.pk).name == text


def test_the_cultivation_pool_export_writes_a_formula_like_name_as_text(client, city, own_firm):
    Enterprise.objects.filter(pk=own_firm.pk).update(name=HOSTILE[1])
    for year in (2022, 2023, 2024):
        YearlyFiguresFactory(
            enterprise=own_firm, year=year, rd_expense=1_500_000, rd_expense_domestic=1_500_000
        )
    client.force_login(city)
    response = client.get(reverse("cultivation:pool_export"), {"as_of": "2025-06-01", "rulebook": "tech-sme"})
    cells = string_cells(response.content, "培育库")
    assert ("s", HOSTILE[1]) in cells
    assert [value for kind, value in cells if kind == "f"] == []


def test_the_policy_push_export_writes_a_formula_like_name_as_text(client, city, own_firm):
    policies_load_catalogue()
    Enterprise.objects.filter(pk=own_firm.pk).update(name=HOSTILE[2])
    hnte(Enterprise.objects.get(pk=own_firm.pk), date(2025, 3, 1))
    client.force_login(city)
    response = client.get(reverse("policies:push_export", args=["P-SX-1"]), {"as_of": "2025-06-01"})
    cells = string_cells(response.content, "企业清单")
    assert ("s", HOSTILE[2]) in cells
    assert [value for kind, value in cells if kind == "f"] == []


def test_no_module_writes_a_workbook_except_through_the_inert_writer():
    """A new export cannot forget: only rainforest/core/xlsx.py makes openpyxl workbooks or cells."""
    offenders = []
    pattern = re.compile(r"from openpyxl import .*Workbook|WriteOnlyCell|openpyxl\.Workbook\(")
    for path in (ROOT / "rainforest").rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or relative == "rainforest/core/xlsx.py":
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []
