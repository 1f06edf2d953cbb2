"""Reading a spreadsheet with python-calamine (about 9x faster than openpyxl's read-only mode) and
matching its header row to a record type's columns. A header may be the template's Chinese label or the
column's name (`credit_code`, `founded_on`, …); a money column's header may declare its unit (units.py).
A file is inspected (inspection.py) before it is read, and its rows are streamed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from rainforest.imports.base import Column, Kind, RecordType
from rainforest.imports.cells import in_every_language, is_blank, text
from rainforest.imports.inspection import FileRefused, inspect_xlsx
from rainforest.imports.units import YUAN, split_unit

PARENTHESES = str.maketrans({"(": "（", ")": "）"})


@dataclass
class Sheet:
    """The data rows of the first sheet: (Excel row number, cells) with cells in column order, and the unit
    factor of each column (what a number in it is multiplied by to be in 元; 1 for every other column)."""

    columns: list[Column] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # the sheet column index of each of `columns`
    units: list[Decimal] = field(default_factory=list)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def header_key(raw: Any) -> str:
    return text(raw).replace(" ", "").rstrip("*").strip().translate(PARENTHESES).lower()


def header_names(record_type: RecordType) -> dict[str, Column]:
    """Every header a column is known by: its name, its label in each language and, for a money column,
    the label without its unit (a unit in the header is read by `header_unit`)."""
    names: dict[str, Column] = {}
    for column in record_type.columns:
        names[header_key(column.name)] = column
        for label in in_every_language(column.label):
            names[header_key(label)] = column
            if column.kind is Kind.MONEY:
                names[header_key(split_unit(label)[0])] = column
    return names


def _find_column(names: dict[str, Column], raw: Any) -> tuple[Column | None, Decimal]:
    key = header_key(raw)
    column = names.get(key)
    base, factor = split_unit(key)
    if column is None and factor is not None:
        column = names.get(base)
    if column is None or column.kind is not Kind.MONEY:
        return column, YUAN
    return column, factor or YUAN


def _rows(path: str | Path) -> Iterator[list[Any]]:
    """The rows of the first sheet from row 1, each from column A, streamed: the sheet's extent was checked
    by `inspect_xlsx` first, so the reader's grid is bounded."""
    with CalamineWorkbook.from_path(str(path)) as workbook:
        sheet = workbook.get_sheet_by_index(0)
        start = sheet.start
        padding = [""] * (start[1] if start else 0)
        for row in sheet.iter_rows():
            yield [*padding, *row] if padding else row


def read_cells(path: str | Path) -> list[list[Any]]:
    """Every row of the first sheet, from cell A1 (the import benchmark reads a file this way)."""
    inspect_xlsx(path)
    return list(_rows(path))


def count_rows(path: str | Path) -> int:
    """The number of data rows (below the header), blank rows included, counted without reading the cells;
    cheap enough to decide sync or task. A file `inspect_xlsx` refuses counts 0 (its run says why)."""
    try:
        return max(0, inspect_xlsx(path).rows - 1)
    except FileRefused:
        return 0


def _error(row: int, message: str, name: str = "") -> dict[str, Any]:
    return {"row": row, "field": name, "message": message}


def read_sheet(record_type: RecordType, path: str | Path) -> Sheet:
    """The first sheet of a file `inspect_xlsx` accepts; a refused, unreadable or empty file is one error."""
    sheet = Sheet()
    try:
        inspect_xlsx(path)
    except FileRefused as refusal:
        sheet.errors.append(_error(0, str(refusal)))
        return sheet
    try:
        rows = _rows(path)
        header = next(rows, None)
    except Exception as error:  # calamine raises its own error types for every unreadable file
        sheet.errors.append(_error(0, _("无法读取文件：{error}").format(error=error)))
        return sheet
    if header is None or all(is_blank(value) for value in header):
        sheet.errors.append(_error(1, _("文件是空的：第1行应为表头")))
        return sheet
    _read_header(record_type, sheet, header)
    width = len(header)
    positions = sheet.positions
    try:
        for index, row in enumerate(rows, start=2):
            if all(is_blank(value) for value in row):
                continue
            if len(row) < width:
                row = [*row, *([""] * (width - len(row)))]
            sheet.rows.append((index, [row[position] for position in positions]))
    except Exception as error:
        sheet.errors.append(_error(0, _("无法读取文件：{error}").format(error=error)))
        return sheet
    if not sheet.rows and not sheet.errors:
        sheet.errors.append(
            _error(2, _("文件没有数据：第1行是表头，请从第2行起每行填写一条记录，没有保存任何内容"))
        )
    return sheet


def _read_header(record_type: RecordType, sheet: Sheet, header: list[Any]) -> None:
    names = header_names(record_type)
    seen: set[str] = set()
    for position, raw in enumerate(header):
        if is_blank(raw):
            continue
        column, factor = _find_column(names, raw)
        if column is None:
            sheet.errors.append(_error(1, _("无法识别的列“{header}”").format(header=text(raw)), text(raw)))
            continue
        if column.name in seen:
            sheet.errors.append(_error(1, _("列“{label}”重复出现").format(label=column.label), column.name))
            continue
        seen.add(column.name)
        sheet.columns.append(column)
        sheet.positions.append(position)
        sheet.units.append(factor)
    for column in record_type.columns:
        if column.required and column.name not in seen:
            sheet.errors.append(
                _error(
                    1,
                    _("缺少必填列“{label}”（{name}）").format(label=column.label, name=column.name),
                    column.name,
                )
            )
