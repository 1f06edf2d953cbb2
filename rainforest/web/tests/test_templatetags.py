"""Money shown in 万元 and 亿元: Decimal arithmetic, rounded half-up for display only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rainforest.web.templatetags.rainforest_tags import bureau_note, wan, yi


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [
        (Decimal("48474000"), "4,847.4"),
        (Decimal("48474999.99"), "4,847.5"),
        (Decimal("2500"), "0.3"),  # half-up, where banker's rounding would show 0.2
        (Decimal("-2500"), "-0.3"),
        (Decimal("0"), "0.0"),
        (12345678, "1,234.6"),
        (None, "—"),
        ("", "—"),
        ("not a number", "—"),
    ],
)
def test_wan_shows_yuan_in_ten_thousands(yuan, shown):
    assert wan(yuan) == shown


def test_wan_takes_the_number_of_decimals():
    assert wan(Decimal("48474000"), 2) == "4,847.40"
    assert wan(Decimal("48475000"), 0) == "4,848"


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [
        (Decimal("123456789"), "1.23"),
        (Decimal("125000000"), "1.25"),
        (Decimal("1234500000000"), "12,345.00"),
        (None, "—"),
    ],
)
def test_yi_shows_yuan_in_hundred_millions(yuan, shown):
    assert yi(yuan) == shown


def test_yi_rounds_half_up():
    assert yi(Decimal("125000000"), 1) == "1.3"


def test_a_note_for_the_bureau_drops_the_internal_question_code():
    assert bureau_note("Q10：奖励金额计算公式未公开（待核实）") == "奖励金额计算公式未公开（待核实）"
    assert bureau_note("能否叠加未确认（Q11），金额分列") == "能否叠加未确认，金额分列"
    assert bureau_note("单户额度及申领条件未公布") == "单户额度及申领条件未公布"
    assert bureau_note(None) == ""
