"""Periods: codes, labels, first and last days (leap years and month ends), the period a year before."""

from __future__ import annotations

from datetime import date

import pytest

from rainforest.indicators.periods import Period, choices_around, validate_code


@pytest.mark.parametrize(
    ("code", "kind", "year", "number", "start", "end", "label"),
    [
        ("2025", "year", 2025, 0, date(2025, 1, 1), date(2025, 12, 31), "2025年"),
        ("2025Q1", "quarter", 2025, 1, date(2025, 1, 1), date(2025, 3, 31), "2025年一季度"),
        ("2025Q2", "quarter", 2025, 2, date(2025, 4, 1), date(2025, 6, 30), "2025年二季度"),
        ("2025Q3", "quarter", 2025, 3, date(2025, 7, 1), date(2025, 9, 30), "2025年三季度"),
        ("2025Q4", "quarter", 2025, 4, date(2025, 10, 1), date(2025, 12, 31), "2025年四季度"),
        ("2025M03", "month", 2025, 3, date(2025, 3, 1), date(2025, 3, 31), "2025年3月"),
        ("2025M02", "month", 2025, 2, date(2025, 2, 1), date(2025, 2, 28), "2025年2月"),
        ("2024M02", "month", 2024, 2, date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
        ("2000M02", "month", 2000, 2, date(2000, 2, 1), date(2000, 2, 29), "2000年2月"),
        ("1900M02", "month", 1900, 2, date(1900, 2, 1), date(1900, 2, 28), "1900年2月"),
        ("2025M04", "month", 2025, 4, date(2025, 4, 1), date(2025, 4, 30), "2025年4月"),
        ("2025M12", "month", 2025, 12, date(2025, 12, 1), date(2025, 12, 31), "2025年12月"),
        ("2025YTD04", "ytd", 2025, 4, date(2025, 1, 1), date(2025, 4, 30), "2025年1–4月"),
        ("2024YTD02", "ytd", 2024, 2, date(2024, 1, 1), date(2024, 2, 29), "2024年1–2月"),
        ("2025YTD01", "ytd", 2025, 1, date(2025, 1, 1), date(2025, 1, 31), "2025年1月"),
        ("2025YTD12", "ytd", 2025, 12, date(2025, 1, 1), date(2025, 12, 31), "2025年1–12月"),
    ],
)
def test_parse_code_label_and_days(code, kind, year, number, start, end, label):
    period = Period.parse(code)
    assert (period.kind, period.year, period.number) == (kind, year, number)
    assert (period.start, period.end) == (start, end)
    assert period.label == label
    assert period.code == code
    assert Period.parse(period.code) == period


def test_lenient_spelling_gives_the_canonical_code():
    assert Period.parse(" 2025q1 ").code == "2025Q1"
    assert Period.parse("2025M3").code == "2025M03"
    assert Period.parse("2025ytd4").code == "2025YTD04"
    assert validate_code("2025m11") == "2025M11"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("", "统计期代码"),
        ("25Q1", "统计期代码"),
        ("2025Q5", "季度 5"),
        ("2025Q0", "季度 0"),
        ("2025M13", "月份 13"),
        ("2025M00", "月份 0"),
        ("2025YTD13", "月份 13"),
        ("2025H1", "统计期代码"),
        ("0999", "年份"),
    ],
)
def test_bad_codes_are_refused_in_chinese(code, words):
    with pytest.raises(ValueError, match=words):
        Period.parse(code)


def test_bad_construction_is_refused():
    with pytest.raises(ValueError, match="年度统计期不带序号"):
        Period("year", 2025, 3)
    with pytest.raises(ValueError, match="统计期类型"):
        Period("week", 2025, 3)  # type: ignore[arg-type]


def test_previous_year_keeps_the_kind_and_handles_leap_days():
    assert Period.parse("2025Q1").previous_year() == Period.parse("2024Q1")
    assert Period.parse("2025YTD04").previous_year().label == "2024年1–4月"
    assert Period.parse("2025").previous_year().code == "2024"
    february = Period.parse("2025M02").previous_year()
    assert february.end == date(2024, 2, 29)
    assert Period.parse("2024M02").previous_year().end == date(2023, 2, 28)


def test_previous_period():
    assert Period.parse("2025M01").previous().code == "2024M12"
    assert Period.parse("2025M05").previous().code == "2025M04"
    assert Period.parse("2025Q1").previous().code == "2024Q4"
    assert Period.parse("2025Q3").previous().code == "2025Q2"
    assert Period.parse("2025").previous().code == "2024"


@pytest.mark.parametrize(
    ("day", "kind", "code"),
    [
        (date(2025, 1, 1), "quarter", "2025Q1"),
        (date(2025, 3, 31), "quarter", "2025Q1"),
        (date(2025, 4, 1), "quarter", "2025Q2"),
        (date(2025, 12, 31), "quarter", "2025Q4"),
        (date(2024, 2, 29), "month", "2024M02"),
        (date(2025, 6, 1), "ytd", "2025YTD06"),
        (date(2025, 12, 31), "year", "2025"),
    ],
)
def test_containing(day, kind, code):
    period = Period.containing(day, kind)
    assert period.code == code
    assert day in period
    assert period.start <= day <= period.end


def test_containing_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="统计期类型"):
        Period.containing(date(2025, 1, 1), "week")  # type: ignore[arg-type]


def test_membership_is_inclusive_at_both_ends():
    q1 = Period.parse("2025Q1")
    assert date(2025, 1, 1) in q1
    assert date(2025, 3, 31) in q1
    assert date(2024, 12, 31) not in q1
    assert date(2025, 4, 1) not in q1
    assert "2025-01-01" not in q1


def test_periods_are_hashable_and_ordered():
    assert len({Period.parse("2025Q1"), Period.quarter(2025, 1)}) == 1
    assert Period.quarter(2024, 4) < Period.quarter(2025, 1)


def test_choices_around_lists_latest_first():
    choices = choices_around(date(2025, 6, 1), years=2)
    codes = [code for code, _label in choices]
    assert codes[:4] == ["2025Q2", "2025Q1", "2025YTD06", "2025"]
    assert "2024Q4" in codes and "2024YTD12" in codes


# --- the spellings scripts use (issue 11) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2025-03", "2025M03"),
        ("2025-3", "2025M03"),
        ("2025-01..2025-05", "2025YTD05"),
        ("2025-01..2025-01", "2025YTD01"),
        ("2025-1..2025-12", "2025YTD12"),
        (" 2025-01..2025-03 ", "2025YTD03"),
    ],
)
def test_it_reads_a_month_and_a_cumulative_range_as_scripts_write_them(text: str, code: str) -> None:
    assert Period.parse(text).code == code


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02..2025-05", "须从 1 月开始"),
        ("2024-01..2025-05", "须在同一年内"),
        ("2025-01..2025-13", "月份 13 无效"),
        ("2025-00", "月份 0 无效"),
        ("2025-01..", "无效"),
    ],
)
def test_a_range_not_starting_in_january_of_its_year_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Period.parse(text)
