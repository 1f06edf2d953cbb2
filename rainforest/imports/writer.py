"""Writing templates and exports (through core.xlsx, so no text is ever a live formula). Exports use
write-only mode for speed; both share the headers of the record type, so an export imports back cleanly
through the same type. Money is written in 万元 under a header that says so (units.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rainforest.core.xlsx import Book, editable_book, put, put_row
from rainforest.imports.base import Column, Kind, RecordType, follow
from rainforest.imports.units import TEMPLATE_UNIT, in_units, money_header, unit_word

HEADER_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")
OPTIONAL_FILL = PatternFill("solid", fgColor="EEF3E2")
KIND_WORDS = {
    Kind.TEXT: gettext_lazy("文本"),
    Kind.INT: gettext_lazy("整数"),
    Kind.MONEY: gettext_lazy("金额"),
    Kind.DATE: gettext_lazy("日期"),
    Kind.BOOL: gettext_lazy("是/否"),
    Kind.CHOICE: gettext_lazy("选项"),
    Kind.CREDIT_CODE: gettext_lazy("统一社会信用代码"),
    Kind.DISTRICT: gettext_lazy("县区"),
    Kind.ENTERPRISE: gettext_lazy("企业（统一社会信用代码）"),
    Kind.DEVELOPMENT_ZONE: gettext_lazy("开发区"),
    Kind.INDUSTRY: gettext_lazy("行业门类"),
    Kind.PARK: gettext_lazy("孵化载体"),
    Kind.TEAM: gettext_lazy("孵化团队"),
    Kind.PARK_ZONE: gettext_lazy("片区"),
    Kind.ORGANISATION: gettext_lazy("机构（名称或机构编码）"),
}
TEXT_KINDS = frozenset({Kind.TEXT, Kind.CREDIT_CODE, Kind.ENTERPRISE})
EXPORT_LOOKUP = {  # what a lookup column shows: the code or name the import reads back
    Kind.DISTRICT: "name",
    Kind.ENTERPRISE: "credit_code",
    Kind.DEVELOPMENT_ZONE: "name",
    Kind.INDUSTRY: "code",
    Kind.PARK: "name",
    Kind.TEAM: "name",
    Kind.PARK_ZONE: "name",
    Kind.ORGANISATION: "name",
}
WIDTHS = {Kind.CREDIT_CODE: 24, Kind.ENTERPRISE: 24, Kind.DATE: 14, Kind.MONEY: 18}


def _kind_word(column: Column) -> str:
    return str(KIND_WORDS[column.kind])


def column_header(column: Column) -> str:
    """The header templates and exports write: the label, a money column's in 万元."""
    return money_header(column.label) if _in_wan(column) else str(column.label)


def _in_wan(column: Column) -> bool:
    return in_units(column.kind is Kind.MONEY, column.label)


def _unit_note() -> str:
    return _("单位：{unit}（表头写“（元）”则按元填写，写“（亿元）”则按亿元）；单元格也可写 12.5万元").format(
        unit=unit_word(TEMPLATE_UNIT)
    )


def _explain(column: Column) -> str:
    parts = [_("必填") if column.required else _("选填"), _kind_word(column)]
    if _in_wan(column):
        parts.append(_unit_note())
    if column.kind is Kind.CHOICE:
        parts.append(
            _("可选：{values}").format(values="、".join(str(label) for _value, label in column.choices))
        )
    if column.hint:
        parts.append(str(column.hint))
    return "；".join(parts)


def template_write(record_type: RecordType, target: str | Path | IO[bytes]) -> None:
    """The template: Chinese headers with a comment on each (required or not, type, hint), text format for
    codes, drop-downs for choices, and a second sheet 说明 explaining every column."""
    workbook = editable_book()
    sheet: Worksheet = workbook.active  # type: ignore[assignment]
    sheet.title = str(record_type.label)[:31]
    for index, column in enumerate(record_type.columns, start=1):
        cell = put(sheet, 1, index, column_header(column))
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        cell.alignment = Alignment(horizontal="center")
        comment = Comment(_explain(column), "Rainforest")
        comment.width, comment.height = 300, 120
        cell.comment = comment
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(
            WIDTHS.get(column.kind, 14), len(column_header(column)) * 2 + 2
        )
        if column.kind in TEXT_KINDS:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.kind in (Kind.CHOICE, Kind.BOOL):
            options = (
                [str(label) for _value, label in column.choices]
                if column.kind is Kind.CHOICE
                else [_("是"), _("否")]
            )
            formula = '"{}"'.format(",".join(options))
            if len(formula) <= 255:  # Excel's limit for an inline list
                validation = DataValidation(type="list", formula1=formula, allow_blank=True)
                validation.error = _("请从下拉列表中选择")
                validation.add(f"{letter}2:{letter}100000")
                sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("说明"))
    put_row(notes, [_("{label}导入模板").format(label=record_type.label)])
    notes["A1"].font = Font(bold=True, size=14)
    if record_type.description:
        put_row(notes, [str(record_type.description)])
    put_row(
        notes,
        [
            _(
                "第1行为表头，可用中文列名或英文字段名；从第2行起每行一条。整个文件全部校验通过才会保存，"
                "有任何一行出错则全部不保存。已存在的记录按唯一键更新，空白单元格不会清除已保存的值。"
            )
        ],
    )
    put_row(
        notes,
        [
            _("唯一键：{keys}").format(
                keys="＋".join(str(record_type.column(name).label) for name in record_type.key)
            )
        ],
    )
    put_row(notes, [])
    put_row(notes, [_("列名"), _("字段名"), _("必填"), _("类型"), _("说明")])
    for cell in notes[notes.max_row]:
        cell.font = HEADER_FONT
    for column in record_type.columns:
        hint = str(column.hint)
        if _in_wan(column):
            hint = "；".join(filter(None, [_unit_note(), hint]))
        if column.kind is Kind.CHOICE:
            hint = "；".join(
                filter(
                    None,
                    [
                        _("可选：{values}").format(
                            values="、".join(str(label) for _v, label in column.choices)
                        ),
                        hint,
                    ],
                )
            )
        put_row(
            notes,
            [
                column_header(column),
                column.name,
                _("是") if column.required else _("否"),
                _kind_word(column),
                hint,
            ],
        )
    for letter, width in zip("ABCDE", (30, 24, 8, 24, 70), strict=True):
        notes.column_dimensions[letter].width = width
    workbook.save(target)


def export_value(column: Column, obj: models.Model) -> Any:
    value = follow(obj, column.target)
    if value is None:
        return None
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    if column.is_lookup:
        return getattr(value, EXPORT_LOOKUP[column.kind])
    if column.kind is Kind.CHOICE:
        return str(dict(column.choices).get(value, value))
    if column.kind is Kind.BOOL:
        return _("是") if value else _("否")
    if _in_wan(column) and isinstance(value, Decimal):
        return value / TEMPLATE_UNIT  # exact: the header says 万元
    if value == "":
        return None
    return value


def export_write(
    record_type: RecordType, rows: Iterable[models.Model], target: str | Path | IO[bytes]
) -> int:
    """Write the rows with the template's headers (write-only mode); returns the number of rows."""
    book = Book()
    sheet = book.sheet(str(record_type.label))
    for index, column in enumerate(record_type.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(
            WIDTHS.get(column.kind, 14), len(column_header(column)) * 2 + 2
        )
    sheet.append([sheet.cell(column_header(column), font=HEADER_FONT) for column in record_type.columns])
    date_columns = [index for index, column in enumerate(record_type.columns) if column.kind is Kind.DATE]
    count = 0
    for obj in rows:
        values = [export_value(column, obj) for column in record_type.columns]
        for index in date_columns:
            if isinstance(values[index], date):
                values[index] = sheet.cell(values[index], number_format="yyyy-mm-dd")
        sheet.append(values)
        count += 1
    book.save(target)
    return count
