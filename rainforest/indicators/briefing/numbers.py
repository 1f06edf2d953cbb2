"""Numbers as Chinese statistics write them: money in 万元 (one decimal) or, from 1亿 up, in 亿元 (two
decimals, as the bureau writes 2.29亿元), rounded half up (四舍五入) for display only, with a trailing zero
dropped (2400万元, 3亿元); counts with their unit (24份); ranks and places in Chinese numerals (全省第四,
前进一位); periods as a briefing names them (一季度, 1–4月, 3月, 全年).

Pure functions: no database, no translation (the briefing is a Chinese document)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from rainforest.indicators.periods import QUARTER_NAMES, Period

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
MONEY_UNIT = "元"

_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """0–99 in Chinese numerals: 4 → 四, 10 → 十, 11 → 十一, 20 → 二十, 35 → 三十五; larger as digits."""
    if not 0 <= number <= 99:
        return str(number)
    if number < 10:
        return _DIGITS[number]
    tens, ones = divmod(number, 10)
    head = "十" if tens == 1 else _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")


def ordinal(number: int) -> str:
    """第四, 第十一."""
    return "第" + chinese_number(number)


def places(number: int) -> str:
    """How many places a rank moved: 一位, 两位, 三位 (两, not 二, before a measure word)."""
    return ("两" if number == 2 else chinese_number(number)) + "位"


def _trim(text: str) -> str:
    """Drop trailing zeros of a decimal text, and the point if nothing is left after it."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _group(text: str) -> str:
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-')):,}"
    return sign + whole + (f".{fraction}" if fraction else "")


def _round(value: Decimal, places_: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places_), rounding=ROUND_HALF_UP)


def money(yuan: Decimal, *, grouping: bool = False) -> str:
    """4,847.4万元 from 48,474,000 yuan (with `grouping`, 4847.4万元 without); 2.29亿元 from 229,000,000."""
    if abs(yuan) >= YI:
        return _trim(str(_round(yuan / YI, 2))) + "亿元"
    text = _trim(str(_round(yuan / WAN, 1)))
    return (_group(text) if grouping else text) + "万元"


def quantity(value: Decimal, unit: str, *, grouping: bool = False) -> str:
    """24份, 1,460项 (with `grouping`); a fractional value with one decimal (12.5人)."""
    text = str(int(value)) if value == value.to_integral_value() else _trim(str(_round(value, 1)))
    return (_group(text) if grouping else text) + unit


def amount(value: Decimal, unit: str, *, grouping: bool = False) -> str:
    """A figure's value with its unit: money (unit 元, values in yuan) in 万元/亿元, anything else as counted."""
    if unit == MONEY_UNIT:
        return money(value, grouping=grouping)
    return quantity(value, unit, grouping=grouping)


def percent(value: Decimal) -> str:
    """27.0%, one decimal, half up; the sign is the verb's business (上升/下降), so it is dropped."""
    return f"{_round(abs(value), 1)}%"


def period_phrase(period: Period) -> str:
    """How a briefing opens a sentence: 一季度, 1–4月 (1月 for January alone), 3月, 全年."""
    if period.kind == "quarter":
        return QUARTER_NAMES[period.number - 1] + "季度"
    if period.kind == "ytd":
        return "1月" if period.number == 1 else f"1–{period.number}月"
    if period.kind == "month":
        return f"{period.number}月"
    return "全年"
