"""Reading one spreadsheet cell into a Python value. Every function takes what python-calamine returns
(str, float, int, bool, date, datetime) and returns the typed value, or raises `CellError` with a Chinese
sentence (the caller puts the column's label in front)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from rainforest.core import credit_code as uscc

# Full-width digits, letters and the punctuation that appears in numbers and dates, to ASCII.
FULL_WIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"，": ",", "．": ".", "－": "-", "／": "/", "：": ":", "\u3000": " ", "\xa0": " "}
)
EXCEL_EPOCH = date(1899, 12, 30)
MONEY_UNITS = (
    ("亿元", Decimal("100000000")),
    ("万元", Decimal("10000")),
    ("亿", Decimal("100000000")),
    ("万", Decimal("10000")),
    ("元", Decimal("1")),
)
CENT = Decimal("0.01")
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "有"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "✗", "无"})


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user after the column's label."""


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def text(raw: Any) -> str:
    """Any cell as text: numbers lose a trailing .0 (Excel stores 2024 as 2024.0)."""
    if isinstance(raw, str):
        return raw.translate(FULL_WIDTH).strip()
    if isinstance(raw, bool):
        return _("是") if raw else _("否")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw).strip()


def integer(raw: Any) -> int:
    if isinstance(raw, bool):
        raise CellError(_("应为整数，实为“{value}”").format(value=text(raw)))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise CellError(_("应为整数，实为 {value}").format(value=raw))
    cleaned = (
        text(raw).replace(",", "").replace(" ", "").removesuffix("人").removesuffix("个").removesuffix("件")
    )
    try:
        return int(cleaned)
    except ValueError:
        number = _decimal_or_none(cleaned)
        if number is not None and number == number.to_integral_value():
            return int(number)
        raise CellError(_("应为整数，实为“{value}”").format(value=text(raw))) from None


def _decimal_or_none(cleaned: str) -> Decimal | None:
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def money(raw: Any, unit: Decimal = Decimal(1)) -> Decimal:
    """Decimal yuan, rounded to the cent. A number is in the column's `unit` (10000 for a header in 万元);
    a unit written in the cell (万元, 亿元, 元) is honoured instead. Exact: no float arithmetic."""
    if isinstance(raw, bool):
        raise CellError(_("应为金额，实为“{value}”").format(value=text(raw)))
    if isinstance(raw, int):
        return _cents(Decimal(raw) * unit, raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise CellError(_("应为金额，实为“{value}”").format(value=text(raw)))
        number = Decimal(int(raw)) if raw.is_integer() else Decimal(repr(raw))
        return _cents(number * unit, raw)
    cleaned = text(raw).replace(",", "").replace(" ", "")
    factor = unit
    for suffix, cell_unit in MONEY_UNITS:
        if cleaned.endswith(suffix):
            cleaned, factor = cleaned[: -len(suffix)], cell_unit
            break
    amount = _decimal_or_none(cleaned)
    if amount is None:
        raise CellError(_("应为金额，实为“{value}”").format(value=text(raw)))
    return _cents(amount * factor, raw)


def _cents(amount: Decimal, raw: Any) -> Decimal:
    try:
        return amount.quantize(CENT)
    except InvalidOperation:
        raise CellError(_("金额过大：“{value}”").format(value=text(raw))) from None


def day(raw: Any) -> date:
    """A date from a date cell, an Excel date serial, or text in the usual Chinese forms."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if 1 <= raw < 2958466:  # Excel's range: 1900-01-01 .. 9999-12-31
            return EXCEL_EPOCH + timedelta(days=int(raw))
        raise CellError(_("不是有效的日期：{value}").format(value=raw))
    cleaned = text(raw)
    match = DATE_PATTERN.match(cleaned) or COMPACT_DATE.match(cleaned)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise CellError(
        _("不是有效的日期“{value}”（可写作 2024-05-01、2024/5/1 或 2024年5月1日）").format(value=cleaned)
    )


def boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = text(raw).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("应填“是”或“否”，实为“{value}”").format(value=text(raw)))


def in_every_language(label: Any) -> set[str]:
    """A label as it reads in each interface language: a file filled in from an English session must
    import in a Chinese one, and in a background task, which runs in the default language."""
    words = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.add(str(label))
    return words


def choice(raw: Any, choices: tuple[tuple[str, Any], ...]) -> str:
    word = text(raw)
    for value, label in choices:
        if word == value or word in in_every_language(label):
            return value
    allowed = "、".join(str(label) for _value, label in choices)
    raise CellError(_("“{value}”不是可选值（可选：{allowed}）").format(value=word, allowed=allowed))


def credit_code(raw: Any) -> str:
    """A unified social credit code, normalised (full-width, spaces, case) and checked (GB 32100)."""
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        raise CellError(_("被 Excel 存成了数字（已丢失精度），请将该列设为文本格式后重新填写"))
    code = uscc.normalise(text(raw))
    problem = uscc.problem(code)
    if problem:
        raise CellError(problem)
    return code
