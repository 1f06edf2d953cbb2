"""Checks made on an uploaded file before it is read, so that a hostile or mistaken file is refused with a
clear message instead of costing the server its memory.

A spreadsheet reader allocates a grid as large as the farthest cell: one cell at XFD1048576 in a 2 KB file
asks for 17 billion cells, one at Z1000000 for 26 million. So before python-calamine sees a file:

1. its size is at most `IMPORT_MAX_BYTES`;
2. it is an .xlsx (an Office Open XML zip holding `xl/workbook.xml`), not a renamed text, .xls or .ods;
3. its parts unpack to at most `IMPORT_MAX_UNPACKED_BYTES` (a zip bomb is refused), counted while
   unpacking, not trusted from the zip's headers;
4. the first sheet's declared `<dimension>` and every cell reference in it (streamed, never held whole)
   stay within `IMPORT_MAX_ROWS` data rows and `IMPORT_MAX_COLUMNS` columns, and so does the number of
   rows. The reader's grid is then at most rows x columns cells (about 32 bytes each)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and other OLE files
CHUNK = 1 << 20
OVERLAP = 32  # longer than any cell reference attribute, so none is missed across two chunks
SMALL_PART = 5 << 20  # workbook.xml and its relationships are small; more is not a spreadsheet
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


class FileRefused(Exception):
    """A file that is not read: the message says why and, for a limit, which setting sets it."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_unpacked_bytes: int
    max_rows: int  # data rows, below the header
    max_columns: int

    @classmethod
    def from_settings(cls) -> Limits:
        config = settings.RAINFOREST
        return cls(
            max_bytes=config["IMPORT_MAX_BYTES"],
            max_unpacked_bytes=config["IMPORT_MAX_UNPACKED_BYTES"],
            max_rows=config["IMPORT_MAX_ROWS"],
            max_columns=config["IMPORT_MAX_COLUMNS"],
        )


@dataclass(frozen=True)
class Inspection:
    """What was learnt of an accepted file: its rows (header included) and the first sheet's part."""

    rows: int
    sheet: str


def megabytes(size: int) -> str:
    """A size as people read it: 20 MB, 1.5 MB, 300 KB."""
    if size >= 10_000_000:
        return f"{size // 1_000_000} MB"
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _digits_above(limit: int) -> str:
    """A regular expression matching a decimal number (no leading zero) greater than `limit`."""
    text = str(limit)
    alternatives = [r"[1-9]\d{" + str(len(text)) + ",}"]
    for index, digit in enumerate(text):
        if digit != "9":
            rest = len(text) - index - 1
            alternatives.append(
                f"{text[:index]}[{int(digit) + 1}-9]" + (r"\d{" + str(rest) + "}" if rest else "")
            )
    return "(?:" + "|".join(alternatives) + ")"


def _letters_above(limit: int) -> str:
    """A regular expression matching column letters beyond column `limit` (at most XFD)."""
    text = column_letters(limit)
    alternatives = ["[A-Z]{" + str(len(text) + 1) + ",}"]
    for index, letter in enumerate(text):
        if letter != "Z":
            rest = len(text) - index - 1
            alternatives.append(
                f"{text[:index]}[{chr(ord(letter) + 1)}-Z]" + ("[A-Z]{" + str(rest) + "}" if rest else "")
            )
    return "(?:" + "|".join(alternatives) + ")"


def _beyond(limits: Limits) -> re.Pattern[bytes]:
    """A cell reference (`r="AB12"`) beyond the last allowed row or column."""
    rows = _digits_above(limits.max_rows + 1)
    columns = _letters_above(limits.max_columns)
    pattern = rf'\sr="0*(?:{columns}\d+|[A-Z]{{1,3}}0*{rows})"'
    return re.compile(pattern.encode())


def _refuse_size(limits: Limits, size: int) -> None:
    if size > limits.max_bytes:
        raise FileRefused(
            _("文件过大（{size}），上传的文件不能超过 {limit}（由设置 IMPORT_MAX_BYTES 规定）").format(
                size=megabytes(size), limit=megabytes(limits.max_bytes)
            )
        )


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as part:
        data = part.read(SMALL_PART + 1)
    if len(data) > SMALL_PART:
        raise FileRefused(_("文件结构异常（{name} 过大），不是正常的 Excel 文件").format(name=name))
    return data


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part of the workbook's first sheet (the one the import reads), from workbook.xml and its
    relationships."""
    unreadable = _("文件结构异常（找不到第一个工作表），不是正常的 Excel 文件")
    try:
        workbook = ElementTree.fromstring(_read_small(archive, "xl/workbook.xml"))
        sheet = next(element for element in workbook.iter() if element.tag.endswith("}sheet"))
        target_id = sheet.get(RELATIONSHIP)
        relations = ElementTree.fromstring(_read_small(archive, "xl/_rels/workbook.xml.rels"))
        target = next(
            element.get("Target", "")
            for element in relations.iter()
            if element.tag.endswith("}Relationship") and element.get("Id") == target_id
        )
    except (KeyError, StopIteration, ElementTree.ParseError):
        raise FileRefused(unreadable) from None
    name = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    parts: list[str] = []
    for part in name.split("/"):  # "xl/../xl/worksheets/sheet1.xml" as the zip names it
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    name = "/".join(parts)
    if name not in archive.namelist():
        raise FileRefused(unreadable)
    return name


def _too_big(limits: Limits, rows: int, columns: int | None) -> FileRefused:
    size = (
        _("有 {rows} 行").format(rows=rows)
        if columns is None
        else _("用到了第 {rows} 行、第 {columns} 列（{cell}）").format(
            rows=rows, columns=columns, cell=f"{column_letters(columns)}{rows}"
        )
    )
    return FileRefused(
        _(
            "表格范围过大：第一个工作表{size}，而每个文件最多 {max_rows} 行数据（由设置 IMPORT_MAX_ROWS 规定）、"
            "{max_columns} 列（由设置 IMPORT_MAX_COLUMNS 规定）。请删除多余的行列（包括远处的空白格式单元格），"
            "或拆分为多个文件"
        ).format(size=size, max_rows=limits.max_rows, max_columns=limits.max_columns)
    )


def _scan_sheet(archive: zipfile.ZipFile, name: str, limits: Limits, unpacked: int) -> int:
    """Stream the sheet's XML once: the declared dimension, every cell reference against the limits, and
    the number of rows. Returns the rows, header included."""
    beyond = _beyond(limits)
    rows = 0
    tail = b""
    first = True
    with archive.open(name) as part:
        while chunk := part.read(CHUNK):
            unpacked += len(chunk)
            if unpacked > limits.max_unpacked_bytes:
                raise _unpacked_refusal(limits)
            buffer = tail + chunk
            if first:
                first = False
                dimension = DIMENSION.search(buffer)
                if dimension and dimension.group(3):
                    last_row = int(dimension.group(4))
                    last_column = column_number(dimension.group(3).decode())
                    if last_row > limits.max_rows + 1 or last_column > limits.max_columns:
                        raise _too_big(limits, last_row, last_column)
            found = beyond.search(buffer)
            if found:
                reference = found.group(0).decode().split('"')[1].lstrip("0")
                letters = reference.rstrip("0123456789")
                raise _too_big(limits, int(reference[len(letters) :] or 0), column_number(letters))
            rows += len(ROW_TAG.findall(buffer, len(tail) - 4 if len(tail) >= 4 else 0))
            if rows > limits.max_rows + 1:
                raise _too_big(limits, rows, None)
            tail = buffer[-OVERLAP:]
    return rows


def _unpacked_refusal(limits: Limits) -> FileRefused:
    return FileRefused(
        _("文件解压后过大（超过 {limit}，由设置 IMPORT_MAX_UNPACKED_BYTES 规定），不予读取").format(
            limit=megabytes(limits.max_unpacked_bytes)
        )
    )


def inspect_xlsx(source: str | Path | IO[bytes], limits: Limits | None = None) -> Inspection:
    """Refuse (FileRefused) a file that is too large, not an .xlsx, a zip bomb, or whose first sheet
    reaches beyond the limits; otherwise say how many rows it has. `source` is a path or an open binary
    file (an upload), left at its start. Nothing is loaded whole."""
    limits = limits or Limits.from_settings()
    if isinstance(source, str | Path):
        with Path(source).open("rb") as handle:
            return _inspect(handle, limits)
    source.seek(0)
    try:
        return _inspect(source, limits)
    finally:
        source.seek(0)


def _inspect(handle: IO[bytes], limits: Limits) -> Inspection:
    size = handle.seek(0, 2)
    handle.seek(0)
    _refuse_size(limits, size)
    head = handle.read(8)
    handle.seek(0)
    if head.startswith(OLE_SIGNATURE):
        raise FileRefused(_("这是旧版 Excel 97-2003（.xls）文件：请在 Excel 中“另存为” .xlsx 格式后再上传"))
    not_xlsx = _(
        "不是 Excel .xlsx 文件（文件内容不是 .xlsx 格式，可能只是改了扩展名）：请在 Excel 中“另存为” .xlsx 后再上传"
    )
    if not head.startswith(ZIP_SIGNATURE):
        raise FileRefused(not_xlsx)
    damaged = _("文件已损坏，无法作为 .xlsx 打开：请在 Excel 中重新保存后再上传")
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError):
        raise FileRefused(damaged) from None
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise FileRefused(not_xlsx)
        declared = sum(info.file_size for info in archive.infolist())
        if declared > limits.max_unpacked_bytes:
            raise _unpacked_refusal(limits)
        try:
            sheet = _first_sheet(archive)
            rows = _scan_sheet(archive, sheet, limits, 0)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError):
            raise FileRefused(damaged) from None  # a damaged, encrypted or oddly compressed part
    return Inspection(rows=rows, sheet=sheet)
