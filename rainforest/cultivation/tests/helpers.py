"""Hand-built facts and registry rows for the cultivation tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from rainforest.cultivation.probability import Model
from rainforest.eligibility.facts import Facts, YearFacts

WAN = Decimal(10_000)
EVALUATED_ON = date(2025, 6, 1)
# A fixed model, so ranking tests do not move when the city's model is recalibrated.
MODEL = {
    "hnte": Model(
        "hnte", {"intercept": 0.5, "failing": -2.0, "rd_gap": -3.0, "margin": 0.3, "completeness": 1.0}
    ),
    "tech-sme": Model(
        "tech-sme", {"intercept": 0.0, "failing": -2.0, "rd_gap": -1.0, "margin": 0.5, "completeness": 0.0}
    ),
}


def year(
    y: int, sales: int, rd: int, *, employees: int = 150, tech_staff: int = 30, hitech: float = 0.7
) -> YearFacts:
    """One year of figures; money in 万元."""
    return YearFacts(
        year=y,
        employees=employees,
        tech_staff=tech_staff,
        sales_revenue=Decimal(sales) * WAN,
        operating_revenue=Decimal(sales) * WAN,
        rd_expense=Decimal(rd) * WAN,
        rd_expense_domestic=Decimal(rd) * WAN,
        total_income=Decimal(sales) * WAN,
        hitech_income=Decimal(sales) * WAN * Decimal(str(hitech)),
        cost_expense=Decimal(sales) * WAN * Decimal("0.9"),
        total_assets=Decimal(5000) * WAN,
        net_assets=Decimal({2022: 1000, 2023: 1300, 2024: 1690}.get(y, 2000)) * WAN,
        conversions=2,
    )


def firm(**changes: object) -> Facts:
    """The HNTE case H-1: sales 2,800 / 3,200 / 3,724万, R&D 120 / 130 / 150万 (4.11%: R&D short by 86.2万元);
    30 of 150 staff in S&T (passes HNTE-4); 70% high-tech income (passes HNTE-6)."""
    facts = Facts(
        evaluated_on=EVALUATED_ON,
        registered_on=date(2015, 1, 1),
        resident_enterprise=True,
        tech_field="new_materials",
        has_valid_hnte=False,
        ip_class1=1,
        ip_class2=3,
        years=(year(2022, 2800, 120), year(2023, 3200, 130), year(2024, 3724, 150)),
    )
    return replace(facts, **changes)  # type: ignore[arg-type]
