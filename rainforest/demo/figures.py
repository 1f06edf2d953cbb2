"""Yearly figures of a demo firm, 2021-2024, that make sense together: tech staff within employees,
high-tech income within total income, domestic R&D within R&D, assets = liabilities + net assets, and
ranges by track (a high-tech firm spends 3.6-9% of sales on R&D, a plain firm under 2.5%)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from random import Random

from rainforest.demo.bulk import Rows
from rainforest.demo.plan import (
    BIG,
    FIRST_FIGURES_YEAR,
    HNTE,
    LAST_FIGURES_YEAR,
    PARK_LEFT,
    PARK_NEXT,
    PARK_RESIDENT,
    PARK_TEAM,
    PLAIN,
    TSME,
)
from rainforest.enterprises.models import YearlyFigures

TECH_SME_CAP_EMPLOYEES = 500
TECH_SME_CAP_MONEY = 200_000_000

make_figures = Rows(YearlyFigures)

RATIOS: dict[
    int,
    tuple[
        tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float], tuple[int, int]
    ],
] = {
    BIG: ((6e5, 2.5e6), (0.10, 0.22), (0.031, 0.05), (0.61, 0.85), (5, 60)),
    HNTE: ((2.5e5, 1.2e6), (0.12, 0.42), (0.036, 0.09), (0.62, 0.92), (1, 15)),
    TSME: ((2.5e5, 1.2e6), (0.08, 0.50), (0.015, 0.09), (0.20, 0.75), (0, 4)),
    PLAIN: ((2.5e5, 1.5e6), (0.02, 0.15), (0.0, 0.025), (0.0, 0.30), (0, 1)),
    PARK_TEAM: ((1.5e5, 6e5), (0.25, 0.80), (0.05, 0.30), (0.30, 0.90), (0, 3)),
}


def money(value: float) -> Decimal:
    return Decimal(int(value))


def yearly_figures(
    rng: Random,
    track: int,
    founded: date,
    revenue_2024: float,
    in_zone: bool,
    growth_2024: float | None = None,
) -> list[YearlyFigures]:
    """The firm's figures from its founding year (or 2021) to 2024, drawn backwards from its 2024 revenue;
    `growth_2024` fixes the growth of 2024 over 2023 (otherwise drawn)."""
    per_employee, staff_share, rd_share, hitech_share, ip1_range = RATIOS.get(track, RATIOS[PARK_TEAM])
    productivity = rng.uniform(*per_employee)
    staff_ratio = rng.uniform(*staff_share)
    rd_ratio = rng.uniform(*rd_share)
    hitech_ratio = rng.uniform(*hitech_share)
    asset_turn = rng.uniform(0.6, 1.6)
    ip1 = rng.randint(*ip1_range)
    ip2 = rng.randint(0, 30 if track in (BIG, HNTE) else 8)
    capped = track in (TSME, PARK_TEAM, PARK_RESIDENT, PARK_LEFT, PARK_NEXT)
    revenue = {LAST_FIGURES_YEAR: revenue_2024}
    for year in range(LAST_FIGURES_YEAR, FIRST_FIGURES_YEAR, -1):
        growth = rng.uniform(-0.08, 0.3) + (0.12 if rng.random() < 0.15 else 0.0)
        if year == LAST_FIGURES_YEAR and growth_2024 is not None:
            growth = growth_2024
        revenue[year - 1] = revenue[year] / (1 + growth)
    rows = []
    for year in range(max(FIRST_FIGURES_YEAR, founded.year), LAST_FIGURES_YEAR + 1):
        operating = revenue[year]
        if year == founded.year:  # the founding year is a part year
            operating *= (date(year, 12, 31) - founded).days / 365
        operating = max(operating, 5e4)
        employees = max(3, round(operating / productivity * rng.uniform(0.9, 1.1)))
        if capped:
            employees = min(employees, 480)
        tech_staff = min(employees, max(1, round(employees * staff_ratio * rng.uniform(0.9, 1.1))))
        sales = operating * rng.uniform(0.96, 1.0)
        total_income = operating * rng.uniform(1.0, 1.06)
        assets = operating * asset_turn * rng.uniform(0.95, 1.05)
        if capped:
            assets = min(assets, 1.95e8)
        liabilities = assets * rng.uniform(0.2, 0.72)
        cost = operating * rng.uniform(0.82, 1.02)
        rd = sales * rd_ratio * rng.uniform(0.9, 1.1)
        behind = LAST_FIGURES_YEAR - year
        rows.append(
            make_figures(
                year=year,
                employees=employees,
                tech_staff=tech_staff,
                rd_staff=round(tech_staff * rng.uniform(0.5, 0.9)),
                sales_revenue=money(sales),
                operating_revenue=money(operating),
                main_business_revenue=money(sales * rng.uniform(0.82, 0.99)),
                total_income=money(total_income),
                hitech_income=money(total_income * min(1.0, hitech_ratio * rng.uniform(0.95, 1.05))),
                total_assets=money(assets),
                total_liabilities=money(liabilities),
                net_assets=money(assets) - money(liabilities),
                net_profit=money((operating - cost) * (0.85 if operating > cost else 1.0)),
                cost_expense=money(cost),
                rd_expense=money(rd),
                rd_expense_domestic=money(rd if rng.random() < 0.8 else rd * rng.uniform(0.9, 1.0)),
                ip_class1=max(0, ip1 - behind // 2),
                ip_class2=max(0, ip2 - behind),
                conversions=rng.randint(1, 6) if track in (BIG, HNTE) else rng.randint(0, 2),
                tax_paid_in_zone=money(operating * rng.uniform(0.005, 0.03)) if in_zone else None,
            )
        )
    return rows


def within_tech_sme_caps(row: YearlyFigures | None) -> bool:
    return bool(
        row is not None
        and row.employees is not None
        and row.employees <= TECH_SME_CAP_EMPLOYEES
        and row.sales_revenue is not None
        and row.sales_revenue <= TECH_SME_CAP_MONEY
        and row.total_assets is not None
        and row.total_assets <= TECH_SME_CAP_MONEY
    )
