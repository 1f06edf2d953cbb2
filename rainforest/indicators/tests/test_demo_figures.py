"""The demo city's 2025 Q1 figures are those of the bureau's report the demo retells (contracts, their turnover and rank,
the sci-tech service enterprises, their revenue, rank and the 1–4月 estimate), computed from its records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rainforest.core.models import User
from rainforest.demo.builder import build_demo
from rainforest.indicators.figures import figures, target_progress
from rainforest.indicators.periods import Period

pytestmark = pytest.mark.django_db


def test_the_demo_citys_first_quarter_shows_the_seeds_figures() -> None:
    build_demo(seed=2025, scale="city")
    city = User.objects.get(username="city")
    rows = {row.code: row for row in figures(Period.parse("2025Q1"), user=city)}

    def seen(code: str) -> tuple[object, ...]:
        row = rows[code]
        return (row.value, row.change, row.rank, row.previous_rank)

    assert rows["contracts.count"].value == Decimal(24)  # S01
    assert seen("contracts.turnover")[0] == Decimal("48474000")  # S02: 4,847.4万元 …
    assert seen("contracts.turnover")[2:] == (4, 5)  # S03: 4th, one place up on 5th
    assert rows["sci_service.enterprises"].value == Decimal(21)  # S04
    assert seen("sci_service.revenue") == (Decimal("229000000"), Decimal("27.0"), 3, 6)  # S05–S07
    assert rows["sci_service.revenue"].previous == Decimal("180310000")  # ≈ 1.80亿
    # S08: the estimate for 1–4月
    april = {row.code: row for row in figures(Period.parse("2025-01..2025-04"), user=city)}
    assert (april["sci_service.revenue"].value, april["sci_service.revenue"].estimate) == (
        Decimal("298000000"),
        True,
    )
    # S36: the census
    assert [rows[f"census.{key}"].value for key in ("universities", "disciplines", "platforms", "teams")] == [
        Decimal(12),
        Decimal(79),
        Decimal(51),
        Decimal(124),
    ]
    assert rows["census.achievements"].value == Decimal(1460)
    # S09, S10, S17–S19: the year's targets with the seed as their source
    planned = sorted(
        row.target for row in target_progress(2025, user=city) if row.code.startswith("platforms.plan")
    )
    assert planned == [Decimal(2), Decimal(3), Decimal(10)]
    codes = {row.code: row.target for row in target_progress(2025, user=city)}
    assert (codes["hnte.new"], codes["tech_sme.count"]) == (Decimal(109), Decimal(400))  # S09, S10
