"""Reading a spreadsheet with python-calamine (about 9x faster than openpyxl's read-only mode) and
matching its header row to a record type's columns. A header may be the template's Chinese label or the
column's name (`credit_code`, `founded_on`, …)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from rainforest.imports.base import Column, RecordType
from rainforest.imports.cells import in_every_language, is_blank, text

PARENTHESES = str.maketrans({"(": "（", ")": "）"})


@dataclass
class Sheet:
    """The data rows of the first sheet: (Excel row number, cells) with cells in column order."""

    columns: list[Column] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # the sheet column index of each of `columns`
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def header_key(raw: Any) -> str:
    return text(raw).replace(" ", "").rstrip("*").strip().translate(PARENTHESES).lower()


def header_names(record_type: RecordType) -> dict[str, Column]:
    names: dict[str, Column] = {}
    for column in record_type.columns:
        names[header_key(column.name)] = column
        for label in in_every_language(column.label):
            names[header_key(label)] = column
    return names


def read_cells(path: str | Path) -> list[list[Any]]:
    """Every row of the first sheet, from cell A1, as python-calamine returns them."""
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    finally:
        workbook.close()


def count_rows(path: str | Path) -> int:
    """The number of data rows (below the header), blank rows included; cheap enough to decide sync or task."""
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return max(0, workbook.get_sheet_by_index(0).height - 1)
    finally:
        workbook.close()


def read_sheet(record_type: RecordType, path: str | Path) -> Sheet:
    sheet = Sheet()
    try:
        cells = read_cells(path)
    except Exception as error:  # calamine raises its own error types for every unreadable file
        sheet.errors.append(
            {"row": 0, "field": "", "message": _("无法读取文件：{error}").format(error=error)}
        )
        return sheet
    if not cells:
        sheet.errors.append({"row": 1, "field": "", "message": _("文件是空的：第1行应为表头")})
        return sheet
    names = header_names(record_type)
    seen: set[str] = set()
    for position, raw in enumerate(cells[0]):
        if is_blank(raw):
            continue
        column = names.get(header_key(raw))
        if column is None:
            sheet.errors.append(
                {
                    "row": 1,
                    "field": text(raw),
                    "message": _("无法识别的列“{header}”").format(header=text(raw)),
                }
            )
            continue
        if column.name in seen:
            sheet.errors.append(
                {
                    "row": 1,
                    "field": column.name,
                    "message": _("列“{label}”重复出现").format(label=column.label),
                }
            )
            continue
        seen.add(column.name)
        sheet.columns.append(column)
        sheet.positions.append(position)
    for column in record_type.columns:
        if column.required and column.name not in seen:
            sheet.errors.append(
                {
                    "row": 1,
                    "field": column.name,
                    "message": _("缺少必填列“{label}”（{name}）").format(
                        label=column.label, name=column.name
                    ),
                }
            )
    width = len(cells[0])
    for index, row in enumerate(cells[1:], start=2):
        if all(is_blank(value) for value in row):
            continue
        if len(row) < width:
            row = [*row, *([""] * (width - len(row)))]
        sheet.rows.append((index, [row[position] for position in sheet.positions]))
    return sheet
