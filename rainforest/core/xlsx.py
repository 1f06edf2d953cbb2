"""The one place Rainforest writes .xlsx cells. Every export and template goes through `Book`, so no
exported text can ever run as a formula.

Excel evaluates a cell typed as a formula (openpyxl types any string starting with "=" as one), and on
editing it re-reads text starting with "=", "+", "-", "@", a tab or a carriage return as a formula
(CSV/formula injection: `=HYPERLINK("http://…","点此")` in a firm's name). Here every text value is written
as a string cell (`data_type` "s", an inline string): Excel shows it as typed and never evaluates it.
Nothing is prefixed, so an export imported back gives the same text. A carriage return inside text is
written as the character reference `&#13;` (a raw one would be read back as a line feed, since XML
normalises line ends), so Excel, openpyxl and python-calamine all read back exactly what was written."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

TEXT = "s"


def inert(cell: Cell, value: Any) -> Cell:
    """Put `value` into `cell`; text is stored as a string cell whatever it starts with."""
    if isinstance(value, str):
        cell.value = value  # validates the characters openpyxl refuses
        cell.data_type = TEXT
    else:
        cell.value = value
    return cell


class Sheet:
    """A write-only sheet whose rows are appended through `append`: text cells are inert."""

    def __init__(self, worksheet: Any, book: Book) -> None:
        self.worksheet = worksheet
        self.book = book
        self.column_dimensions = worksheet.column_dimensions

    def cell(self, value: Any, *, number_format: str | None = None, font: Any = None) -> Cell:
        """A cell for `append`, with a number format or font of its own."""
        cell = inert(WriteOnlyCell(self.worksheet), value)
        if isinstance(value, str) and "\r" in value:
            self.book.carriage_returns = True
        if number_format:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        return cell

    def append(self, values: Iterable[Any]) -> None:
        self.worksheet.append([value if isinstance(value, Cell) else self.cell(value) for value in values])


class Book:
    """A write-only workbook (fast and light for big exports): `sheet(title)`, then `save(target)` or
    `bytes()`."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)
        self.carriage_returns = False

    def sheet(self, title: str) -> Sheet:
        return Sheet(self.workbook.create_sheet(str(title)[:31]), self)

    def save(self, target: str | Path | IO[bytes]) -> None:
        if isinstance(target, str | Path):
            Path(target).write_bytes(self.bytes())
        else:
            target.write(self.bytes())

    def bytes(self) -> bytes:
        buffer = BytesIO()
        self.workbook.save(buffer)
        content = buffer.getvalue()
        return _with_carriage_returns(content) if self.carriage_returns else content


def _with_carriage_returns(content: bytes) -> bytes:
    """The archive with every raw carriage return in a worksheet written as `&#13;`. The XML writer
    escapes them in attributes already, so a raw one is always inside text."""
    source = zipfile.ZipFile(BytesIO(content))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b"\r", b"&#13;")
            target.writestr(info, data)
    return buffer.getvalue()


def editable_book() -> Workbook:
    """A normal (not write-only) workbook, for templates with comments and drop-downs: write its text
    cells with `put`."""
    return Workbook()


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell of an editable workbook; text is inert."""
    return inert(sheet.cell(row=row, column=column), value)


def put_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row to an editable workbook's sheet; text is inert."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(list(values) or [None], start=1):
        put(sheet, row, column, value)
