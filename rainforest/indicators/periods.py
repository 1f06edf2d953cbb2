"""Statistical periods: a month, a quarter, January to month N cumulative (1–N月), or a year.

A `Period` knows its first and last day (both inclusive), its code (what URLs, imports and stored figures
use) and its Chinese label, and the same period a year before (what 同比 compares with).

| kind      | code        | label            | start … end               |
|-----------|-------------|------------------|---------------------------|
| `month`   | `2025M03`   | 2025年3月        | 2025-03-01 … 2025-03-31   |
| `quarter` | `2025Q1`    | 2025年一季度     | 2025-01-01 … 2025-03-31   |
| `ytd`     | `2025YTD04` | 2025年1–4月      | 2025-01-01 … 2025-04-30   |
| `year`    | `2025`      | 2025年           | 2025-01-01 … 2025-12-31   |

Parsing also takes `2025-03` for a month and `2025-01..2025-05` for 1–5月 (a range must start in January
of the same year); the canonical code is the one above.

`2025YTD12` is the whole year counted as 1–12月; it covers the same days as `2025` but keeps its own code
and label (a published "1–12月" figure is stored as such).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Kind = Literal["month", "quarter", "ytd", "year"]
KINDS: tuple[Kind, ...] = ("month", "quarter", "ytd", "year")

MIN_YEAR = 1900
MAX_YEAR = 2999
QUARTER_NAMES = ("一", "二", "三", "四")
KIND_LABELS: dict[str, str] = {"month": "月度", "quarter": "季度", "ytd": "1–N月累计", "year": "年度"}

_CODE = re.compile(r"^(?P<year>\d{4})(?:(?P<q>Q\d{1,2})|(?P<m>M\d{1,2})|(?P<ytd>YTD\d{1,2}))?$")
# The ISO-like spellings scripts use: 2025-03 (a month) and 2025-01..2025-05 (1–5月 cumulative).
_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")
_RANGE = re.compile(r"^(?P<y1>\d{4})-(?P<m1>\d{1,2})\.\.(?P<y2>\d{4})-(?P<m2>\d{1,2})$")
_LIMITS: dict[str, int] = {"month": 12, "quarter": 4, "ytd": 12, "year": 0}


@dataclass(frozen=True, order=True)
class Period:
    """One statistical period. `number` is the month (month), the quarter (quarter), the last month N of
    1–N月 (ytd), and 0 for a year."""

    kind: Kind
    year: int
    number: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"统计期类型 {self.kind!r} 无效：应为 month、quarter、ytd 或 year")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"统计期年份 {self.year} 超出范围（{MIN_YEAR}–{MAX_YEAR}）")
        limit = _LIMITS[self.kind]
        if self.kind == "year":
            if self.number != 0:
                raise ValueError("年度统计期不带序号")
        elif not 1 <= self.number <= limit:
            unit = "季度" if self.kind == "quarter" else "月份"
            raise ValueError(f"{unit} {self.number} 无效：应在 1–{limit} 之间")

    # --- constructors -------------------------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls("month", year, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls("quarter", year, quarter)

    @classmethod
    def ytd(cls, year: int, month: int) -> Period:
        return cls("ytd", year, month)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls("year", year, 0)

    @classmethod
    def parse(cls, code: str) -> Period:
        """The period of a code: "2025", "2025Q1", "2025M03" (or "2025M3", "2025-03"), "2025YTD04" or
        "2025-01..2025-04" (1–4月; a range must start in January of its year).
        Surrounding spaces and lower case are accepted; anything else raises ValueError in Chinese."""
        text = str(code).strip().upper()
        if month := _MONTH.match(text):
            return cls("month", int(month["year"]), int(month["month"]))
        if span := _RANGE.match(text):
            return cls._range(str(code), span)
        match = _CODE.match(text)
        if not match:
            raise ValueError(
                f"统计期代码 {str(code)!r} 无效：应为 2025（年）、2025Q1（季度）、2025M03 或 2025-03（月）、"
                "2025YTD04 或 2025-01..2025-04（1–4月累计）"
            )
        year = int(match["year"])
        if match["q"]:
            return cls("quarter", year, int(match["q"][1:]))
        if match["m"]:
            return cls("month", year, int(match["m"][1:]))
        if match["ytd"]:
            return cls("ytd", year, int(match["ytd"][3:]))
        return cls("year", year, 0)

    @classmethod
    def _range(cls, code: str, span: re.Match[str]) -> Period:
        """1–N月 written as a range of months: it must start in January and end in the same year."""
        first_year, first_month = int(span["y1"]), int(span["m1"])
        last_year, last_month = int(span["y2"]), int(span["m2"])
        if first_year != last_year:
            raise ValueError(f"统计期 {code!r} 无效：累计区间须在同一年内（如 2025-01..2025-05）")
        if first_month != 1:
            raise ValueError(
                f"统计期 {code!r} 无效：累计区间须从 1 月开始（如 {first_year}-01..{last_year}-05）"
            )
        return cls("ytd", last_year, last_month)

    @classmethod
    def containing(cls, day: date, kind: Kind) -> Period:
        """The period of `kind` that contains `day` (for ytd: January to `day`'s month)."""
        if kind == "month":
            return cls("month", day.year, day.month)
        if kind == "quarter":
            return cls("quarter", day.year, (day.month - 1) // 3 + 1)
        if kind == "ytd":
            return cls("ytd", day.year, day.month)
        if kind == "year":
            return cls("year", day.year, 0)
        raise ValueError(f"统计期类型 {kind!r} 无效：应为 month、quarter、ytd 或 year")

    # --- what it covers -----------------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        if self.kind == "month":
            return self.number
        if self.kind == "quarter":
            return 3 * self.number - 2
        return 1

    @property
    def last_month(self) -> int:
        if self.kind in ("month", "ytd"):
            return self.number
        if self.kind == "quarter":
            return 3 * self.number
        return 12

    @property
    def start(self) -> date:
        """The first day (inclusive)."""
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """The last day (inclusive)."""
        month = self.last_month
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def months(self) -> int:
        return self.last_month - self.first_month + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    # --- names --------------------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.year}M{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        if self.kind == "ytd":
            return f"{self.year}YTD{self.number:02d}"
        return f"{self.year}"

    @property
    def label(self) -> str:
        """Chinese: 2025年3月, 2025年一季度, 2025年1–4月, 2025年 (1月 for 1–1月)."""
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.year}年{QUARTER_NAMES[self.number - 1]}季度"
        if self.kind == "ytd":
            return f"{self.year}年1月" if self.number == 1 else f"{self.year}年1–{self.number}月"
        return f"{self.year}年"

    def __str__(self) -> str:
        return self.label

    # --- neighbours ---------------------------------------------------------------------------------------

    def previous_year(self) -> Period:
        """The same period a year before (what 同比 compares with)."""
        return Period(self.kind, self.year - 1, self.number)

    def previous(self) -> Period:
        """The period just before (环比): the month, quarter or year before; for 1–N月, 1–(N−1)月 is not
        a neighbour, so the same 1–N月 a year before."""
        if self.kind == "month":
            return (
                Period.month(self.year - 1, 12)
                if self.number == 1
                else Period.month(self.year, self.number - 1)
            )
        if self.kind == "quarter":
            return (
                Period.quarter(self.year - 1, 4)
                if self.number == 1
                else Period.quarter(self.year, self.number - 1)
            )
        return self.previous_year()


def validate_code(code: str) -> str:
    """The canonical code of `code` (ValueError with a Chinese message if it is not one)."""
    return Period.parse(code).code


def choices_around(day: date, *, years: int = 3) -> list[tuple[str, str]]:
    """Period choices for a selector: quarters, 1–N月 and years of the last `years` years, latest first."""
    result: list[tuple[str, str]] = []
    for year in range(day.year, day.year - years, -1):
        last_month = day.month if year == day.year else 12
        for quarter in range((last_month - 1) // 3 + 1, 0, -1):
            period = Period.quarter(year, quarter)
            result.append((period.code, period.label))
        ytd = Period.ytd(year, last_month)
        result.append((ytd.code, ytd.label))
        whole = Period.whole_year(year)
        result.append((whole.code, whole.label))
    return result
