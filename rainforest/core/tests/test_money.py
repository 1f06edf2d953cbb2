from decimal import ROUND_CEILING, Decimal

from rainforest.core.money import WAN, YI, in_units


def test_yuan_are_shown_in_wan_rounded_half_up():
    assert in_units(Decimal("48474000"), WAN, 1) == Decimal("4847.4")
    assert in_units(Decimal("1250"), WAN, 2) == Decimal("0.13")


def test_a_gap_rounds_up_so_meeting_the_shown_figure_closes_it():
    assert in_units(Decimal("862001"), WAN, 2, ROUND_CEILING) == Decimal("86.21")


def test_yuan_are_shown_in_yi():
    assert in_units(229_000_000, YI, 2) == Decimal("2.29")
