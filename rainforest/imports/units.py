"""Money units of a spreadsheet column. Amounts are stored in 元; bureau spreadsheets keep them in 万元. A money
column's header says its unit: "营业收入（万元）", "营业收入（元）" or "营业收入（亿元）" (English: "(10k yuan)",
"(yuan)", "(100m yuan)"). A header without a unit (the field name `operating_revenue`, or the bare label)
is in 元, as files written before units were declared are. Templates and exports are in 万元. A cell's own
unit ("12.5万元") wins over its column's. Conversion is exact (Decimal), rounded to the cent."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

YUAN = Decimal(1)
WAN = Decimal(10_000)
YI = Decimal(100_000_000)
TEMPLATE_UNIT = WAN  # templates and exports
# Unit words after normalisation (no spaces, lower case); see reader.header_key.
FACTORS = {
    "元": YUAN,
    "万元": WAN,
    "亿元": YI,
    "yuan": YUAN,
    "10kyuan": WAN,
    "10,000yuan": WAN,
    "100myuan": YI,
}
UNIT_WORDS = {YUAN: gettext_lazy("元"), WAN: gettext_lazy("万元"), YI: gettext_lazy("亿元")}
SUFFIX = re.compile(r"\s*[（(]\s*([^（()）]+?)\s*[）)]\s*$")


def split_unit(header: str) -> tuple[str, Decimal | None]:
    """("营业收入", 10000) for "营业收入（万元）"; (header, None) when it declares no known unit."""
    match = SUFFIX.search(header)
    if match:
        factor = FACTORS.get(match.group(1).replace(" ", "").lower())
        if factor is not None:
            return header[: match.start()], factor
    return header, None


def in_units(kind_is_money: bool, label: object) -> bool:
    """Whether a column's amounts follow its header's unit: a money column whose label names a unit
    ("营业收入（元）"). A money column labelled without one (a threshold that may count people) is
    written and read as it is."""
    return kind_is_money and split_unit(str(label))[1] is not None


def unit_word(factor: Decimal) -> str:
    return str(UNIT_WORDS[factor])


def money_header(label: object, factor: Decimal = TEMPLATE_UNIT) -> str:
    """The header of a money column in `factor`'s unit: the label without its own unit, then the unit."""
    base, _unit = split_unit(str(label))
    return _("{label}（{unit}）").format(label=base, unit=unit_word(factor))
