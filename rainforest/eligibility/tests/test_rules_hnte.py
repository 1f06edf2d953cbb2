from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.rules.hnte import hnte_years
from rainforest.eligibility.rules.hnte_score import growth
from rainforest.eligibility.tests.helpers import EVALUATED_ON, criterion, run, wan, with_year

RULEBOOK = "hnte-2016"


def firm(**changes: object) -> Facts:
    """H-1/H-2/H-3 figures (sales 2,800 / 3,200 / 3,724万; R&D 120 / 130 / 150万; net assets 1,000 → 1,300 → 1,690万)."""
    years = []
    for year, sales, rd, net in ((2022, 2800, 120, 1000), (2023, 3200, 130, 1300), (2024, 3724, 150, 1690)):
        years.append(
            YearFacts(
                year=year,
                sales_revenue=wan(sales),
                rd_expense=wan(rd),
                rd_expense_domestic=wan(rd),
                net_assets=wan(net),
                conversions=5,
                employees=100,
                tech_staff=20,
                total_income=wan(4000),
                hitech_income=wan(3000),
            )
        )
    facts = Facts(
        evaluated_on=EVALUATED_ON,
        registered_on=date(2015, 3, 1),
        owns_core_ip=True,
        tech_field="new_materials",
        major_incident_12m=False,
        ip_class1=2,
        ip_class2=0,
        ip_advancement="A",
        ip_core_support="A",
        ip_acquisition="self",
        standards_participation=True,
        rd_mgmt_system="present",
        rd_mgmt_institution="present",
        rd_mgmt_conversion="present",
        rd_mgmt_talent="present",
        years=tuple(years),
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def test_h1_rd_share_411_fails_5_percent_with_a_gap_of_86_2_wan():
    item = criterion(run(firm(), RULEBOOK), "HNTE-5")
    assert (item["passed"], item["value"], item["threshold"]) == (False, "0.0411", "0.05")
    assert item["gap"] == "近三年研发费用需增加86.2万元，方可达到5%"
    assert item["source"] == "国科发火〔2016〕32号 第十一条(五)"


def test_h1_reaching_the_gap_exactly_passes():
    facts = with_year(firm(), 2024, rd_expense=wan("236.2"), rd_expense_domestic=wan("236.2"))
    assert criterion(run(facts, RULEBOOK), "HNTE-5")["passed"] is True


def test_h2_sales_growth_15_33_percent_is_band_c():
    item = criterion(run(firm(), RULEBOOK), "GR-2")
    assert (item["value"], item["points"]) == ("0.1533", [5, 6])


def test_h3_net_asset_growth_30_percent_is_band_b():
    item = criterion(run(firm(), RULEBOOK), "GR-1")
    assert (item["value"], item["points"]) == ("0.3000", [7, 8])


def test_h4_a_zero_middle_year_gives_0_points():
    facts = with_year(
        with_year(with_year(firm(), 2022, net_assets=wan(1000)), 2023, net_assets=Decimal(0)),
        2024,
        net_assets=wan(500),
    )
    assert criterion(run(facts, RULEBOOK), "GR-1")["points"] == 0


@pytest.mark.parametrize(
    ("latest_sales", "rate"),
    [
        (Decimal(50_000_000), "0.05"),
        (Decimal(50_000_100), "0.04"),
        (Decimal(200_000_000), "0.04"),
        (Decimal(200_000_001), "0.03"),
    ],
)
def test_h5_the_band_follows_the_latest_years_sales(latest_sales, rate):
    facts = with_year(firm(), 2024, sales_revenue=latest_sales)
    assert criterion(run(facts, RULEBOOK), "HNTE-5")["threshold"] == rate


@pytest.mark.parametrize(("total_rd", "passed"), [(Decimal(1_500_000), True), (Decimal(1_499_999), False)])
def test_rd_share_on_both_sides_of_5_percent(total_rd, passed):
    # Σ sales 3 × 1,000万 = 3,000万; 5% = 150万 (4.99999…% fails although it displays as 5.00%)
    facts = firm()
    for year in (2022, 2023):
        facts = with_year(
            facts, year, sales_revenue=wan(1000), rd_expense=wan(50), rd_expense_domestic=wan(50)
        )
    latest = total_rd - wan(100)
    facts = with_year(facts, 2024, sales_revenue=wan(1000), rd_expense=latest, rd_expense_domestic=latest)
    assert criterion(run(facts, RULEBOOK), "HNTE-5")["passed"] is passed


@pytest.mark.parametrize(("tech_staff", "passed"), [(10, True), (9, False)])
def test_staff_share_on_both_sides_of_10_percent(tech_staff, passed):
    facts = with_year(firm(), 2024, employees=100, tech_staff=tech_staff)
    assert criterion(run(facts, RULEBOOK), "HNTE-4")["passed"] is passed


def test_staff_gap_150_employees_12_staff_is_3_reassigned_or_4_hired():
    facts = with_year(firm(), 2024, employees=150, tech_staff=12)
    item = criterion(run(facts, RULEBOOK), "HNTE-4")
    assert item["gap"] == "需将3名职工调整为科技人员，方可达到10%；新聘4名科技人员，方可达到10%"


@pytest.mark.parametrize(("domestic_2024", "passed"), [(wan(90), True), (wan(90) - 1, False)])
def test_domestic_rd_on_both_sides_of_60_percent(domestic_2024, passed):
    # Σ R&D 400万; 60% = 240万 = 120 × 0 + … : domestic 2022 = 120, 2023 = 30, 2024 = 90
    facts = with_year(
        with_year(firm(), 2023, rd_expense_domestic=wan(30)), 2024, rd_expense_domestic=domestic_2024
    )
    assert criterion(run(facts, RULEBOOK), "HNTE-5b")["passed"] is passed


@pytest.mark.parametrize(("hitech", "passed"), [(wan(2400), True), (wan(2400) - 1, False)])
def test_hitech_income_on_both_sides_of_60_percent(hitech, passed):
    facts = with_year(firm(), 2024, total_income=wan(4000), hitech_income=hitech)
    assert criterion(run(facts, RULEBOOK), "HNTE-6")["passed"] is passed


@pytest.mark.parametrize(("registered_on", "passed"), [(date(2024, 6, 1), True), (date(2024, 6, 2), False)])
def test_registration_age_on_both_sides_of_365_days(registered_on, passed):
    # 2024-06-01 → 2025-06-01 is 365 days; a day later is 364
    item = criterion(run(firm(registered_on=registered_on), RULEBOOK), "HNTE-1")
    assert item["passed"] is passed


def test_a_young_firm_is_told_when_it_becomes_eligible():
    item = criterion(run(firm(registered_on=date(2025, 1, 1)), RULEBOOK), "HNTE-1")
    assert item["gap"] == "2026-01-01起方可满足（注册满一年，还需214天）"


@pytest.mark.parametrize(("field", "passed"), [("new_materials", True), ("none", False), (None, None)])
def test_tech_field(field, passed):
    assert criterion(run(firm(tech_field=field), RULEBOOK), "HNTE-3")["passed"] is passed


def test_the_full_firm_scores_a_range_and_passes_when_the_low_end_reaches_71():
    result = run(firm(), RULEBOOK)
    # IP: 7–8 + 7–8 + 7–8 + 1–6 + 1–2 = [23, 32] capped to [23, 30]; CONV 25–30; RDM 4–20; GR 7–8 + 5–6
    assert result.score == (64, 94)
    assert criterion(result, "HNTE-7")["passed"] is None
    assert result.expert_inputs == [
        "ip_advancement",
        "ip_core_support",
        "expert_points.IP-3",
        "ip_acquisition",
        "standards_participation",
        "expert_points.CONV",
        "rd_mgmt_system",
        "rd_mgmt_institution",
        "rd_mgmt_conversion",
        "rd_mgmt_talent",
        "expert_points.GR-1",
        "expert_points.GR-2",
    ]


def _scored(points: int) -> Facts:
    """Every item collapsed by experts so that the total is exactly `points`."""
    experts = {
        "IP-1": 8,
        "IP-2": 8,
        "IP-3": 8,
        "IP-4": 6,
        "IP-5": 0,
        "CONV": 30,
        "RDM-1": 6,
        "RDM-2": 6,
        "RDM-3": 4,
        "RDM-4": 4,
        "GR-1": 10,
        "GR-2": 10,
    }
    surplus = 100 - points
    for code in ("CONV", "GR-1", "GR-2", "RDM-1"):
        take = min(surplus, experts[code])
        experts[code] -= take
        surplus -= take
    return firm(expert_points=experts)


@pytest.mark.parametrize(("points", "passed", "eligible"), [(71, True, "false"), (70, False, "false")])
def test_score_71_passes_and_70_fails(points, passed, eligible):
    result = run(_scored(points), RULEBOOK)
    assert result.score == (points, points)
    assert criterion(result, "HNTE-7")["passed"] is passed
    assert result.eligible == eligible  # HNTE-5 (H-1) still fails


def test_a_firm_meeting_every_condition_with_71_points_is_eligible():
    facts = with_year(_scored(71), 2024, rd_expense=wan(300), rd_expense_domestic=wan(300))
    result = run(facts, RULEBOOK)
    assert result.eligible == "true"


def test_ip_is_capped_at_30():
    result = run(firm(expert_points={"IP-1": 8, "IP-2": 8, "IP-3": 8, "IP-4": 6, "IP-5": 2}), RULEBOOK)
    low, high = result.score or (0, 0)
    assert (low, high) == (30 + 25 + 4 + 12, 30 + 30 + 20 + 14)


@pytest.mark.parametrize(
    ("class1", "class2", "points"),
    [
        (1, 0, [7, 8]),
        (0, 5, [5, 6]),
        (0, 4, [3, 4]),
        (0, 3, [3, 4]),
        (0, 2, [1, 2]),
        (0, 1, [1, 2]),
        (0, 0, 0),
        (None, 3, [3, 8]),
        (0, None, [0, 6]),
    ],
)
def test_ip_count_bands(class1, class2, points):
    assert criterion(run(firm(ip_class1=class1, ip_class2=class2), RULEBOOK), "IP-3")["points"] == points


def test_one_more_class_i_ip_raises_the_ip_count_band():
    item = criterion(run(firm(ip_class1=0, ip_class2=2, expert_points={"CONV": 0}), RULEBOOK), "IP-3")
    assert "再取得1项Ⅰ类知识产权，知识产权数量得分可升至7–8分（+6分）" in item["gap"]


@pytest.mark.parametrize(
    ("grade", "points"),
    [("A", [7, 8]), ("B", [5, 6]), ("C", [3, 4]), ("D", [1, 2]), ("E", 0), (None, [0, 8])],
)
def test_expert_grades(grade, points):
    assert criterion(run(firm(ip_advancement=grade), RULEBOOK), "IP-1")["points"] == points


@pytest.mark.parametrize(
    ("acquisition", "points"), [("self", [1, 6]), ("acquired_only", [1, 3]), ("none", 0)]
)
def test_ip_acquisition(acquisition, points):
    assert criterion(run(firm(ip_acquisition=acquisition), RULEBOOK), "IP-4")["points"] == points


@pytest.mark.parametrize(("judged", "points"), [("absent", 0), ("present", [1, 6]), (None, [0, 6]), (5, 5)])
def test_rd_management_defaults(judged, points):
    assert criterion(run(firm(rd_mgmt_system=judged), RULEBOOK), "RDM-1")["points"] == points


# CONV: yearly average n over 3 years: ≥5 → 25–30; ≥4 → 19–24; ≥3 → 13–18; ≥2 → 7–12; ≥1 → 1–6; below → 0.
@pytest.mark.parametrize(
    ("total", "points"),
    [
        (15, [25, 30]),
        (14, [19, 24]),
        (12, [19, 24]),
        (11, [13, 18]),
        (9, [13, 18]),
        (8, [7, 12]),
        (6, [7, 12]),
        (5, [1, 6]),
        (3, [1, 6]),
        (2, 0),
        (0, 0),
    ],
)
def test_conversion_bands_on_both_sides(total, points):
    facts = firm()
    per_year = [total // 3 + (1 if index < total % 3 else 0) for index in range(3)]
    for year, count in zip((2022, 2023, 2024), per_year, strict=True):
        facts = with_year(facts, year, conversions=count)
    assert criterion(run(facts, RULEBOOK), "CONV")["points"] == points


# Growth bands: ≥35% 9–10; ≥25% 7–8; ≥15% 5–6; ≥5% 3–4; >0 1–2; ≤0 0. Two operating years make g = Y2/Y1 − 1 exact.
@pytest.mark.parametrize(
    ("latest", "points"),
    [
        (13500, [9, 10]),
        (13499, [7, 8]),
        (12500, [7, 8]),
        (12499, [5, 6]),
        (11500, [5, 6]),
        (11499, [3, 4]),
        (10500, [3, 4]),
        (10499, [1, 2]),
        (10001, [1, 2]),
        (10000, 0),
        (9000, 0),
    ],
)
def test_growth_bands_on_both_sides(latest, points):
    facts = replace(
        firm(registered_on=date(2023, 1, 1)),
        years=(
            YearFacts(year=2023, net_assets=Decimal(10000)),
            YearFacts(year=2024, net_assets=Decimal(latest)),
        ),
    )
    assert criterion(run(facts, RULEBOOK), "GR-1")["points"] == points


@pytest.mark.parametrize(
    ("values", "expected", "how"),
    [
        ((1000, 1300, 1690), Fraction(3, 10), "g = ½ × (Y2 ÷ Y1 + Y3 ÷ Y2) − 1"),
        ((0, 100, 150), Fraction(1, 2), "Y1 = 0 → g = Y3 ÷ Y2 − 1 (SECONDARY)"),
        ((1000, 0, 500), None, "Y2 = 0 → 0分 (SECONDARY)"),
        ((100, 120), Fraction(1, 5), "经营2年: g = Y2 ÷ Y1 − 1 (UNCONFIRMED)"),
        ((100,), None, "经营不足2年 → 0分 (UNCONFIRMED)"),
    ],
)
def test_growth_formula_and_its_edge_cases(values, expected, how):
    assert growth([Decimal(value) for value in values]) == (expected, how)


def test_negative_growth_scores_0():
    facts = with_year(with_year(firm(), 2023, net_assets=wan(900)), 2024, net_assets=wan(800))
    assert criterion(run(facts, RULEBOOK), "GR-1")["points"] == 0


def test_a_negative_base_year_gives_the_full_range_and_an_expert_flag():
    facts = with_year(firm(), 2022, net_assets=wan(-100))
    result = run(facts, RULEBOOK)
    assert criterion(result, "GR-1")["points"] == [0, 10]
    assert "expert_points.GR-1" in result.expert_inputs


def test_one_operating_year_gives_0_growth_points():
    facts = replace(firm(registered_on=date(2024, 2, 1)), evaluated_on=date(2025, 6, 1))
    assert criterion(run(facts, RULEBOOK), "GR-2")["points"] == 0


@pytest.mark.parametrize(
    ("registered_on", "years"),
    [
        (date(2015, 1, 1), [2022, 2023, 2024]),
        (date(2023, 7, 1), [2023, 2024]),
        (date(2024, 1, 1), [2024]),
        (None, [2022, 2023, 2024]),
    ],
)
def test_years_are_the_3_before_the_application_year_or_fewer_operating_years(registered_on, years):
    assert hnte_years(firm(registered_on=registered_on), 3) == years


def test_missing_sales_makes_hnte5_undetermined():
    facts = with_year(firm(), 2023, sales_revenue=None)
    result = run(facts, RULEBOOK)
    assert criterion(result, "HNTE-5")["reason"] == "needs data: years[2023].sales_revenue"
    assert criterion(result, "HNTE-5")["passed"] is None


def test_missing_facts_never_pass_silently():
    result = run(Facts(evaluated_on=EVALUATED_ON), RULEBOOK)
    assert result.eligible == "undetermined"
    assert result.score == (0, 100)
    assert {item["passed"] for item in result.to_json()["criteria"] if item["code"].startswith("HNTE")} == {
        None
    }


def test_the_result_has_the_contract_shape():
    data = run(firm(), RULEBOOK).to_json()
    assert list(data) == [
        "rulebook",
        "version",
        "evaluated_on",
        "eligible",
        "score",
        "pass_mark",
        "expert_inputs",
        "criteria",
        "gaps",
    ]
    assert (data["rulebook"], data["version"], data["evaluated_on"], data["pass_mark"]) == (
        "hnte",
        "2016",
        "2025-06-01",
        71,
    )
    assert list(data["criteria"][0]) == [
        "code",
        "label",
        "passed",
        "value",
        "threshold",
        "points",
        "reason",
        "gap",
        "source",
        "status",
    ]
