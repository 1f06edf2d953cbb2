from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.tests.helpers import EVALUATED_ON, criterion, run, wan, with_year

RULEBOOK = "tech-sme-2017"


def firm(**changes: object) -> Facts:
    """The derived tech-SME case: staff 9/40, R&D/sales 4.2%, R&D/cost 21%, 2 Class II → 54."""
    facts = Facts(
        evaluated_on=EVALUATED_ON,
        resident_enterprise=True,
        restricted_industry=False,
        major_incident_tsme=False,
        dishonest_listed=False,
        has_valid_hnte=False,
        national_award_top3_5y=False,
        provincial_rd_institution=False,
        led_standard_5y=False,
        ip_class1=0,
        ip_class2=2,
        years=(
            YearFacts(
                year=2024,
                employees=40,
                tech_staff=9,
                sales_revenue=wan(1000),
                rd_expense=wan(42),
                cost_expense=wan(200),
                total_assets=wan(3000),
            ),
        ),
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def test_the_derived_case_scores_54_and_fails():
    result = run(firm(), RULEBOOK)
    assert [
        criterion(result, code)["points"] for code in ("TSME-A", "TSME-B1", "TSME-B2", "TSME-B", "TSME-C")
    ] == [12, 30, 30, 30, 12]
    assert result.score == (54, 54)
    assert result.eligible == "false"
    assert criterion(result, "TSME-5")["passed"] is False


def test_one_class_i_ip_instead_gives_72_and_passes():
    result = run(firm(ip_class1=1, ip_class2=0), RULEBOOK)
    assert result.score == (72, 72)
    assert result.eligible == "true"


def test_staff_3_of_40_is_a_veto_despite_80_other_points():
    facts = with_year(firm(ip_class1=1), 2024, tech_staff=3, rd_expense=wan(60))
    result = run(facts, RULEBOOK)
    assert criterion(result, "TSME-A")["points"] == 0
    assert criterion(result, "TSME-A")["passed"] is False
    assert result.score == (80, 80)
    assert result.eligible == "false"
    assert criterion(result, "TSME-5")["gap"].startswith("科技人员指标得分为0（一票否决）")


def test_a_direct_route_passes_despite_a_low_score():
    result = run(firm(has_valid_hnte=True), RULEBOOK)
    assert result.eligible == "true"
    assert criterion(result, "TSME-R1")["passed"] is True


def test_class_i_ip_is_not_a_direct_route():
    result = run(firm(ip_class1=5, ip_class2=0), RULEBOOK)
    assert [item["code"] for item in result.to_json()["criteria"] if item["code"].startswith("TSME-R")] == [
        "TSME-R1",
        "TSME-R2",
        "TSME-R3",
        "TSME-R4",
    ]
    assert criterion(result, "TSME-C")["points"] == 30


# Staff ratio A: ≥30 → 20, [25,30) → 16, [20,25) → 12, [15,20) → 8, [10,15) → 4, <10 → 0 (veto). 1,000 employees.
@pytest.mark.parametrize(
    ("tech_staff", "points"),
    [(300, 20), (299, 16), (250, 16), (249, 12), (200, 12), (199, 8), (150, 8), (149, 4), (100, 4), (99, 0)],
)
def test_staff_bands_on_both_sides_of_each_boundary(tech_staff, points):
    facts = with_year(firm(), 2024, employees=1000, tech_staff=tech_staff)
    assert criterion(run(facts, RULEBOOK), "TSME-A")["points"] == points


# B1 R&D ÷ sales (sales 10,000,000): 6% → 50, 5% → 40, 4% → 30, 3% → 20, 2% → 10, below → 0.
@pytest.mark.parametrize(
    ("rd", "points"),
    [
        (600000, 50),
        (599999, 40),
        (500000, 40),
        (499999, 30),
        (400000, 30),
        (399999, 20),
        (300000, 20),
        (299999, 10),
        (200000, 10),
        (199999, 0),
    ],
)
def test_rd_to_sales_bands_on_both_sides(rd, points):
    facts = with_year(
        firm(), 2024, sales_revenue=Decimal(10_000_000), rd_expense=Decimal(rd), cost_expense=None
    )
    assert criterion(run(facts, RULEBOOK), "TSME-B1")["points"] == points


# B2 R&D ÷ cost and expense (cost 1,000,000): 30% → 50, 25% → 40, 20% → 30, 15% → 20, 10% → 10, below → 0.
@pytest.mark.parametrize(
    ("rd", "points"),
    [
        (300000, 50),
        (299999, 40),
        (250000, 40),
        (249999, 30),
        (200000, 30),
        (199999, 20),
        (150000, 20),
        (149999, 10),
        (100000, 10),
        (99999, 0),
    ],
)
def test_rd_to_cost_bands_on_both_sides(rd, points):
    facts = with_year(
        firm(), 2024, cost_expense=Decimal(1_000_000), rd_expense=Decimal(rd), sales_revenue=None
    )
    assert criterion(run(facts, RULEBOOK), "TSME-B2")["points"] == points


def test_b_takes_the_higher_of_b1_and_b2():
    facts = with_year(
        firm(),
        2024,
        sales_revenue=Decimal(10_000_000),
        cost_expense=Decimal(1_000_000),
        rd_expense=Decimal(600000),
    )
    result = run(facts, RULEBOOK)
    assert (
        criterion(result, "TSME-B1")["points"],
        criterion(result, "TSME-B2")["points"],
        criterion(result, "TSME-B")["points"],
    ) == (50, 50, 50)
    facts = with_year(
        firm(),
        2024,
        sales_revenue=Decimal(10_000_000),
        cost_expense=Decimal(3_000_000),
        rd_expense=Decimal(310000),
    )
    assert criterion(run(facts, RULEBOOK), "TSME-B")["points"] == 20  # B1 3.1% → 20, B2 10.3% → 10


def test_b_is_a_range_up_to_50_when_only_one_measure_is_computable():
    facts = with_year(firm(), 2024, cost_expense=None)
    result = run(facts, RULEBOOK)
    assert criterion(result, "TSME-B")["points"] == [30, 50]
    assert criterion(result, "TSME-B2")["reason"] == "needs data: years[2024].cost_expense"
    assert result.score == (54, 74)
    assert result.eligible == "undetermined"


@pytest.mark.parametrize(
    ("class1", "class2", "points"),
    [(1, 0, 30), (0, 5, 24), (0, 4, 24), (0, 3, 18), (0, 2, 12), (0, 1, 6), (0, 0, 0)],
)
def test_ip_bands(class1, class2, points):
    assert criterion(run(firm(ip_class1=class1, ip_class2=class2), RULEBOOK), "TSME-C")["points"] == points


@pytest.mark.parametrize(
    ("field", "value", "passed"),
    [
        ("employees", 500, None),
        ("employees", 501, False),
        ("sales_revenue", Decimal(200_000_000), None),
        ("sales_revenue", Decimal(200_000_001), False),
        ("total_assets", Decimal(200_000_000), None),
        ("total_assets", Decimal(200_000_001), False),
    ],
)
def test_size_caps_are_inclusive(field, value, passed):
    base = {"employees": 40, "sales_revenue": wan(1000), "total_assets": wan(3000)}
    base[field] = value
    facts = with_year(firm(), 2024, **base)
    outcome = criterion(run(facts, RULEBOOK), "TSME-2")["passed"]
    assert outcome is (True if passed is None else passed)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"resident_enterprise": False}, "TSME-1"),
        ({"restricted_industry": True}, "TSME-3"),
        ({"major_incident_tsme": True}, "TSME-4"),
        ({"dishonest_listed": True}, "TSME-4"),
    ],
)
def test_a_failed_condition_fails_even_with_a_direct_route(changes, code):
    result = run(firm(has_valid_hnte=True, **changes), RULEBOOK)
    assert criterion(result, code)["passed"] is False
    assert result.eligible == "false"


def test_missing_inputs_make_it_undetermined_with_needs_data():
    facts = firm(resident_enterprise=None, ip_class1=1)
    result = run(facts, RULEBOOK)
    assert criterion(result, "TSME-1")["passed"] is None
    assert criterion(result, "TSME-1")["reason"] == "needs data: resident_enterprise"
    assert result.eligible == "undetermined"


def test_missing_staff_gives_the_full_staff_range_and_no_verdict():
    facts = with_year(firm(ip_class1=1, ip_class2=0), 2024, tech_staff=None)
    result = run(facts, RULEBOOK)
    assert criterion(result, "TSME-A")["points"] == [0, 20]
    assert criterion(result, "TSME-A")["reason"] == "needs data: years[2024].tech_staff"
    assert result.score == (60, 80)
    assert result.eligible == "undetermined"


def test_missing_ip_counts_give_the_narrowest_range():
    assert criterion(run(firm(ip_class1=None), RULEBOOK), "TSME-C")["points"] == [12, 30]
    assert criterion(run(firm(ip_class1=0, ip_class2=None), RULEBOOK), "TSME-C")["points"] == [0, 24]
    assert criterion(run(firm(ip_class1=None, ip_class2=None), RULEBOOK), "TSME-C")["points"] == [0, 30]


def test_the_figures_are_those_of_the_year_before_evaluation():
    facts = replace(firm(), evaluated_on=EVALUATED_ON.replace(year=2026))
    result = run(facts, RULEBOOK)
    assert (
        criterion(result, "TSME-A")["reason"] == "needs data: years[2025].tech_staff, years[2025].employees"
    )
