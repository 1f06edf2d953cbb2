from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from rainforest.eligibility.engine import choose, evaluate_all
from rainforest.eligibility.facts import Award, Facts, YearFacts
from rainforest.eligibility.rulebook import all_rulebooks
from rainforest.eligibility.tests.helpers import EVALUATED_ON, criterion, run, wan, with_year


def sme(**changes: object) -> Facts:
    """A firm that meets the MIIT base conditions, with 3 years of figures (last year = 2024)."""
    years = (
        YearFacts(
            year=2022,
            main_business_revenue=wan(1000),
            operating_revenue=wan(1100),
            rd_expense=wan(60),
            equity_qualified=Decimal(0),
        ),
        YearFacts(
            year=2023,
            main_business_revenue=wan(1100),
            operating_revenue=wan(1200),
            rd_expense=wan(60),
            equity_qualified=Decimal(0),
        ),
        YearFacts(
            year=2024,
            main_business_revenue=wan(1210),
            operating_revenue=wan(1300),
            rd_expense=wan(65),
            equity_qualified=Decimal(0),
            total_assets=wan(1000),
            total_liabilities=wan(500),
            net_profit=wan(130),
            employees=100,
            rd_staff=20,
        ),
    )
    facts = Facts(
        evaluated_on=EVALUATED_ON,
        is_sme=True,
        dishonest_listed=False,
        restricted_industry=False,
        major_incident_3y=False,
        has_valid_hnte=False,
        honours_valid=frozenset(),
        awards=(),
        provincial_rd_institution=False,
        rd_institution_level="city",
        ip_class1_high_value=0,
        ip_class1_self_developed=0,
        ip_class1=0,
        ip_class2=0,
        ip_class1_applied=0,
        strategic_emerging_field=True,
        niche_market_since=date(2020, 1, 1),
        chuangke_rank_3y=None,
        market_share=Decimal("0.12"),
        market_rank_national=5,
        years=years,
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


# ---- version choice -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "day", "name"),
    [
        ("srdi", date(2026, 3, 31), "srdi-2022"),
        ("srdi", date(2026, 4, 1), "srdi-2026"),
        ("little-giant", date(2026, 3, 31), "little-giant-2022"),
        ("little-giant", date(2026, 4, 1), "little-giant-2026"),
        ("innovative-sme", date(2026, 3, 31), "innovative-sme-2022"),
        ("hnte", date(2026, 4, 1), "hnte-2016"),
        ("tech-sme", date(2026, 4, 1), "tech-sme-2017"),
    ],
)
def test_the_version_follows_the_evaluation_date(family, day, name):
    assert choose(family, Facts(evaluated_on=day)).name == name


def test_no_innovative_sme_rulebook_is_in_force_from_2026_04_01():
    with pytest.raises(LookupError):
        choose("innovative-sme", Facts(evaluated_on=date(2026, 4, 1)))
    assert sorted(evaluate_all(Facts(evaluated_on=date(2026, 4, 1)))) == [
        "hnte",
        "little-giant",
        "srdi",
        "tech-sme",
    ]


def test_a_name_fixes_the_version_whatever_the_date():
    assert choose("little-giant-2022", Facts(evaluated_on=date(2026, 5, 1))).name == "little-giant-2022"


# ---- 创新型中小企业 2022 --------------------------------------------------------------------------------------------


def test_innovative_sme_scores_every_indicator():
    result = run(sme(ip_class1=1), "innovative-sme-2022")
    points = {code: criterion(result, code)["points"] for code in ("I-1", "I-2", "G-1", "G-2", "P-1", "P-2")}
    # R&D 65/1300 = 5% → 20; growth 1210/1100 − 1 = 10% → 15; debt 50% → 10; P-2 1210/1300 = 93% → 20
    assert points == {"I-1": 10, "I-2": 20, "G-1": 15, "G-2": 10, "P-1": 10, "P-2": 20}
    assert result.score == (85, 85)
    assert result.eligible == "true"


def test_innovative_sme_group_minimum_fails_despite_the_total():
    # One Class I (10) and R&D 1.5% (5): 创新能力 15 < 20 although the total is 70 ≥ 60
    facts = with_year(sme(ip_class1=1), 2024, rd_expense=wan("19.5"))
    result = run(facts, "innovative-sme-2022")
    assert result.score == (70, 70)
    assert criterion(result, "INN-PASS")["passed"] is False
    assert result.eligible == "false"


@pytest.mark.parametrize(
    ("changes", "points"),
    [
        ({"ip_class1_high_value": 1, "ip_class1_self_developed": 1, "ip_class1": 1}, 20),
        ({"ip_class1_self_developed": 1, "ip_class1": 1}, 15),
        ({"ip_class1": 1}, 10),
        ({"ip_class2": 1}, 5),
        ({}, 0),
        ({"ip_class1_high_value": None}, [0, 20]),
    ],
)
def test_innovative_sme_ip_tiers(changes, points):
    assert criterion(run(sme(**changes), "innovative-sme-2022"), "I-1")["points"] == points


@pytest.mark.parametrize(
    ("rd", "points"),
    [
        (Decimal(500000), 20),
        (Decimal(499999), 15),
        (Decimal(300000), 15),
        (Decimal(299999), 10),
        (Decimal(200000), 10),
        (Decimal(199999), 5),
        (Decimal(100000), 5),
        (Decimal(99999), 0),
    ],
)
def test_innovative_sme_rd_bands(rd, points):
    facts = with_year(sme(), 2024, rd_expense=rd, operating_revenue=Decimal(10_000_000))
    assert criterion(run(facts, "innovative-sme-2022"), "I-2")["points"] == points


@pytest.mark.parametrize(
    ("latest", "points"),
    [(11500, 20), (11499, 15), (11000, 15), (10999, 10), (10500, 10), (10499, 5), (10000, 5), (9999, 0)],
)
def test_innovative_sme_growth_bands(latest, points):
    facts = with_year(
        with_year(sme(), 2023, main_business_revenue=Decimal(10000)),
        2024,
        main_business_revenue=Decimal(latest),
    )
    assert criterion(run(facts, "innovative-sme-2022"), "G-1")["points"] == points


@pytest.mark.parametrize(("liabilities", "points"), [(5500, 10), (5501, 5), (7499, 5), (7500, 0)])
def test_innovative_sme_debt_bands(liabilities, points):
    facts = with_year(sme(), 2024, total_assets=Decimal(10000), total_liabilities=Decimal(liabilities))
    assert criterion(run(facts, "innovative-sme-2022"), "G-2")["points"] == points


@pytest.mark.parametrize(
    ("main", "points"),
    [(7000, 20), (6999, 15), (6000, 15), (5999, 10), (5500, 10), (5499, 5), (5000, 5), (4999, 0)],
)
def test_innovative_sme_main_business_bands(main, points):
    facts = with_year(sme(), 2024, operating_revenue=Decimal(10000), main_business_revenue=Decimal(main))
    assert criterion(run(facts, "innovative-sme-2022"), "P-2")["points"] == points


@pytest.mark.parametrize(("field", "points"), [(True, 10), (False, 5), (None, [5, 10])])
def test_innovative_sme_strategic_field(field, points):
    assert (
        criterion(run(sme(strategic_emerging_field=field), "innovative-sme-2022"), "P-1")["points"] == points
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"awards": (Award(level="provincial", rank=9, year=2022),)},
        {"honours_valid": frozenset({"ip_demo"})},
        {"has_valid_hnte": True},
        {"provincial_rd_institution": True},
    ],
)
def test_innovative_sme_direct_routes(changes):
    facts = with_year(sme(**changes), 2024, rd_expense=wan(1))
    assert run(facts, "innovative-sme-2022").eligible == "true"


@pytest.mark.parametrize(("equity", "eligible"), [(wan(500), "true"), (wan(500) - 1, "false")])
def test_innovative_sme_equity_route_on_both_sides_of_500_wan(equity, eligible):
    facts = with_year(with_year(sme(), 2024, rd_expense=wan(1)), 2023, equity_qualified=equity)
    assert run(facts, "innovative-sme-2022").eligible == eligible


def test_an_award_outside_the_window_does_not_count():
    facts = with_year(sme(awards=(Award(level="national", rank=1, year=2021),)), 2024, rd_expense=wan(1))
    assert criterion(run(facts, "innovative-sme-2022"), "INN-R1")["passed"] is False


@pytest.mark.parametrize("flag", ["dishonest_listed", "restricted_industry", "major_incident_3y"])
def test_a_base_condition_fails_every_tier(flag):
    for name in ("innovative-sme-2022", "srdi-2022", "little-giant-2022"):
        assert run(sme(**{flag: True}), name).eligible == "false"


# ---- 专精特新 2022 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("since", "passed"), [(date(2023, 6, 1), True), (date(2023, 6, 2), False)])
def test_srdi_niche_of_2_years_on_both_sides(since, passed):
    assert criterion(run(sme(niche_market_since=since), "srdi-2022"), "SRDI-1")["passed"] is passed


@pytest.mark.parametrize(
    ("revenue", "equity", "passed"),
    [
        (wan(1000), Decimal(0), True),
        (wan(1000) - 1, Decimal(0), False),
        (wan(999), wan(2000), True),
        (wan(999), wan(2000) - 1, False),
    ],
)
def test_srdi_revenue_or_equity(revenue, equity, passed):
    facts = with_year(sme(), 2024, operating_revenue=revenue, equity_qualified=equity)
    assert criterion(run(facts, "srdi-2022"), "SRDI-2")["passed"] is passed


@pytest.mark.parametrize(
    ("rd", "revenue", "passed"),
    [
        (wan(100), wan(3000), True),
        (wan(100) - 1, wan(3000), False),
        (wan(150), wan(5000), True),
        (wan(150), wan(5000) + 1, False),
    ],
)
def test_srdi_rd_100_wan_and_3_percent(rd, revenue, passed):
    facts = with_year(sme(), 2024, rd_expense=rd, operating_revenue=revenue)
    assert criterion(run(facts, "srdi-2022"), "SRDI-3")["passed"] is passed


def test_srdi_score_leaves_officer_items_as_ranges():
    result = run(sme(), "srdi-2022")
    assert criterion(result, "FS-1")["points"] == [0, 15]
    assert criterion(result, "FS-1")["reason"] == "needs data: expert_points.FS-1"
    assert result.expert_inputs == [
        "expert_points.SP-4",
        "expert_points.FP-1",
        "expert_points.FP-2",
        "expert_points.FS-1",
    ]


@pytest.mark.parametrize(
    ("code", "year_changes", "points"),
    [
        ("SP-1", {"main_business_revenue": Decimal(8000), "operating_revenue": Decimal(10000)}, 5),
        ("SP-1", {"main_business_revenue": Decimal(7999), "operating_revenue": Decimal(10000)}, 3),
        ("SP-1", {"main_business_revenue": Decimal(6999), "operating_revenue": Decimal(10000)}, 1),
        ("SP-1", {"main_business_revenue": Decimal(5999), "operating_revenue": Decimal(10000)}, 0),
        ("FP-3", {"net_profit": Decimal(1000), "operating_revenue": Decimal(10000)}, 10),
        ("FP-3", {"net_profit": Decimal(999), "operating_revenue": Decimal(10000)}, 8),
        ("FP-3", {"net_profit": Decimal(200), "operating_revenue": Decimal(10000)}, 2),
        ("FP-3", {"net_profit": Decimal(199), "operating_revenue": Decimal(10000)}, 0),
        ("FP-4", {"total_liabilities": Decimal(5000), "total_assets": Decimal(10000)}, 5),
        ("FP-4", {"total_liabilities": Decimal(5001), "total_assets": Decimal(10000)}, 3),
        ("FP-4", {"total_liabilities": Decimal(6000), "total_assets": Decimal(10000)}, 3),
        ("FP-4", {"total_liabilities": Decimal(7000), "total_assets": Decimal(10000)}, 1),
        ("FP-4", {"total_liabilities": Decimal(7001), "total_assets": Decimal(10000)}, 0),
        ("IN-3", {"rd_staff": 20, "employees": 100}, 5),
        ("IN-3", {"rd_staff": 19, "employees": 100}, 3),
        ("IN-3", {"rd_staff": 5, "employees": 100}, 1),
        ("IN-3", {"rd_staff": 4, "employees": 100}, 0),
        ("IN-2", {"rd_expense": wan(500), "operating_revenue": wan(100000)}, 10),
        ("IN-2", {"rd_expense": wan(500) - 1, "operating_revenue": wan(100000)}, 8),
        ("IN-2", {"rd_expense": wan(100), "operating_revenue": wan(1000)}, 10),
        ("IN-2", {"rd_expense": wan(99), "operating_revenue": wan(3300)}, 2),
        ("IN-2", {"rd_expense": wan(99), "operating_revenue": wan(3301)}, 0),
    ],
)
def test_srdi_score_bands(code, year_changes, points):
    facts = with_year(sme(), 2024, **year_changes)
    assert criterion(run(facts, "srdi-2022"), code)["points"] == points


@pytest.mark.parametrize(
    ("since", "points"),
    [(date(2015, 6, 1), 5), (date(2019, 6, 1), 3), (date(2019, 6, 2), 2), (date(2024, 1, 1), 0)],
)
def test_srdi_niche_points_one_per_full_2_years_capped_at_5(since, points):
    assert criterion(run(sme(niche_market_since=since), "srdi-2022"), "SP-3")["points"] == points


@pytest.mark.parametrize(
    ("level", "points"), [("national", 10), ("provincial", 8), ("city", 4), ("below_city", 2), ("none", 0)]
)
def test_srdi_institution_levels(level, points):
    assert criterion(run(sme(rd_institution_level=level), "srdi-2022"), "IN-4")["points"] == points


@pytest.mark.parametrize(("rank", "passed"), [(500, True), (501, False)])
def test_srdi_chuangke_route(rank, passed):
    assert criterion(run(sme(chuangke_rank_3y=rank), "srdi-2022"), "SRDI-R4")["passed"] is passed


def test_srdi_score_is_a_range_until_an_officer_scores_the_manual_items():
    # 专业化 5 + 10 + 2 (+ SP-4); 精细化 (FP-1, FP-2) + 10 + 5; (特色化); 创新能力 0 + 4 + 5 + 4 = 45 known
    result = run(sme(), "srdi-2022")
    assert result.score == (45, 75)
    assert criterion(result, "SRDI-4")["passed"] is None
    experts = {"SP-4": 5, "FP-1": 5, "FP-2": 5, "FS-1": 15}
    result = run(sme(expert_points=experts), "srdi-2022")
    assert result.score == (75, 75)
    assert criterion(result, "SRDI-4")["passed"] is True
    assert criterion(result, "SRDI-3")["passed"] is False  # R&D 65万 < 100万
    assert result.eligible == "false"


# ---- 小巨人 2022 -----------------------------------------------------------------------------------------------------


def giant(**changes: object) -> Facts:
    facts = sme(
        ip_class1_applied=2,
        niche_market_since=date(2021, 1, 1),
        registered_on=date(2015, 3, 1),
        valid_titles=frozenset({"specialised_sme"}),
        own_brand=True,
        information_system=True,
        management_certification=True,
        key_chain_role=True,
        key_field_product=True,
    )
    facts = with_year(
        facts, 2022, operating_revenue=wan(11000), main_business_revenue=wan(10000), rd_expense=wan(400)
    )
    facts = with_year(
        facts, 2023, operating_revenue=wan(12000), main_business_revenue=wan(10500), rd_expense=wan(400)
    )
    facts = with_year(
        facts, 2024, operating_revenue=wan(12000), main_business_revenue=wan(11025), rd_expense=wan(400)
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def test_little_giant_2022_passes_every_indicator():
    result = run(giant(), "little-giant-2022")
    assert result.eligible == "true"


@pytest.mark.parametrize(
    ("year_changes", "code", "passed"),
    [
        ({"main_business_revenue": wan(8400), "operating_revenue": wan(12000)}, "LG-2", True),  # 70%
        ({"main_business_revenue": wan(8400) - 1, "operating_revenue": wan(12000)}, "LG-2", False),
        ({"total_liabilities": wan(700), "total_assets": wan(1000)}, "LG-4", True),
        ({"total_liabilities": wan(700) + 1, "total_assets": wan(1000)}, "LG-4", False),
        ({"rd_expense": wan(360), "operating_revenue": wan(12000)}, "LG-5", True),  # 3%
        ({"rd_expense": wan(360) - 1, "operating_revenue": wan(12000)}, "LG-5", False),
        (
            {"rd_expense": wan(540), "operating_revenue": wan(9000)},
            "LG-5",
            False,
        ),  # 6% band: 2023 is 400/12000
    ],
)
def test_little_giant_2022_indicators_on_both_sides(year_changes, code, passed):
    facts = with_year(giant(), 2024, **year_changes)
    assert criterion(run(facts, "little-giant-2022"), code)["passed"] is passed


@pytest.mark.parametrize(("latest", "passed"), [(wan(11025), True), (wan(11025) - 1, False)])
def test_little_giant_2022_average_growth_5_percent(latest, passed):
    # ½ × (10500/10000 + 11025/10500) − 1 = 5% exactly
    facts = with_year(giant(), 2024, main_business_revenue=latest)
    assert criterion(run(facts, "little-giant-2022"), "LG-3")["passed"] is passed


@pytest.mark.parametrize(("share", "passed"), [(Decimal("0.10"), True), (Decimal("0.0999"), False)])
def test_little_giant_2022_market_share(share, passed):
    assert criterion(run(giant(market_share=share), "little-giant-2022"), "LG-8")["passed"] is passed


def test_little_giant_2022_direct_route_by_chuangke_top_50():
    assert run(giant(ip_class1_applied=0, chuangke_rank_3y=50), "little-giant-2022").eligible == "true"
    assert run(giant(ip_class1_applied=0, chuangke_rank_3y=51), "little-giant-2022").eligible == "false"


def test_little_giant_2022_requires_a_valid_provincial_specialised_title():
    assert run(giant(valid_titles=frozenset()), "little-giant-2022").eligible == "false"
    assert run(giant(valid_titles=frozenset({"innovative_sme"})), "little-giant-2022").eligible == "false"
    result = run(giant(valid_titles=None), "little-giant-2022")
    assert result.eligible == "undetermined"
    assert criterion(result, "LG-0")["reason"] == "needs data: valid_titles"


def test_a_national_award_replaces_only_the_innovation_conditions_not_the_market_share():
    award = (Award(level="national", rank=1, year=2024),)
    no_innovation = {"ip_class1_applied": 0, "rd_institution_level": "none"}
    assert run(giant(awards=award, **no_innovation), "little-giant-2022").eligible == "true"
    result = run(giant(awards=award, market_share=Decimal("0.099"), **no_innovation), "little-giant-2022")
    assert result.eligible == "false"
    assert criterion(result, "LG-NEW")["passed"] is True
    assert criterion(result, "LG-8")["passed"] is False


def test_chuangke_rank_0_means_known_not_ranked_so_a_firm_is_ineligible_on_registry_data():
    facts = giant(ip_class1_applied=0, chuangke_rank_3y=0, awards=())
    result = run(facts, "little-giant-2022")
    assert criterion(result, "LG-R2")["passed"] is False
    assert criterion(result, "LG-NEW")["passed"] is False
    assert result.eligible == "false"
    assert run(sme(chuangke_rank_3y=0), "srdi-2022").criterion("SRDI-R4").passed is False


@pytest.mark.parametrize(
    ("fact", "code"),
    [
        ("key_chain_role", "LG-12"),
        ("key_field_product", "LG-13"),
        ("own_brand", "LG-9"),
        ("information_system", "LG-10"),
        ("management_certification", "LG-11"),
    ],
)
def test_little_giant_2022_chain_product_brand_system_and_certification_are_facts_of_their_own(fact, code):
    unknown = run(giant(**{fact: None}), "little-giant-2022")
    assert unknown.eligible == "undetermined"
    assert criterion(unknown, code)["reason"] == f"needs data: {fact}"
    assert run(giant(**{fact: False}), "little-giant-2022").eligible == "false"
    judged = run(giant(**{fact: None, "expert_points": {code: 1}}), "little-giant-2022")
    assert judged.eligible == "true"


def test_little_giant_2022_requires_3_years_in_operation():
    assert run(giant(registered_on=date(2022, 6, 1)), "little-giant-2022").eligible == "true"
    assert run(giant(registered_on=date(2022, 6, 2)), "little-giant-2022").eligible == "false"


def test_the_base_conditions_of_the_2022_tiers_are_confirmed():
    for name in ("innovative-sme-2022", "srdi-2022", "little-giant-2022"):
        book = next(book for book in all_rulebooks() if book.name == name)
        assert [
            book[code].status for code in ("BASE-SME", "BASE-CREDIT", "BASE-INDUSTRY", "BASE-INCIDENT")
        ] == ["CONFIRMED"] * 4


# ---- 2026 rules ------------------------------------------------------------------------------------------------------

LATER = date(2026, 6, 1)


def later(facts: Facts, **changes: object) -> Facts:
    """The same firm a year later: figures shifted so that 2025 is last year."""
    shifted = tuple(replace(record, year=record.year + 1) for record in facts.years)
    return replace(facts, evaluated_on=LATER, years=shifted, **changes)  # type: ignore[arg-type]


def test_srdi_2026_needs_the_prior_title_and_an_officer_score():
    facts = later(
        giant(),
        valid_titles=frozenset({"tech_and_innovative_sme"}),
        expert_points={"S26-8": 50, "S26-9": 1},
        ip_class1_applied=1,
    )
    facts = with_year(
        with_year(facts, 2025, main_business_revenue=wan(11000)), 2024, operating_revenue=wan(12000)
    )
    result = run(facts, "srdi")
    assert (result.book.name, result.pass_mark, result.score) == ("srdi-2026", 50, (50, 50))
    assert {item["code"]: item["passed"] for item in result.to_json()["criteria"]}["S26-1"] is True
    assert result.eligible == "true"
    assert run(replace(facts, expert_points={"S26-8": 49, "S26-9": 1}), "srdi").eligible == "false"
    assert criterion(run(replace(facts, valid_titles=frozenset()), "srdi"), "S26-1")["passed"] is False


@pytest.mark.parametrize(("latest", "passed"), [(Decimal(11025), True), (Decimal(11024), False)])
def test_little_giant_2026_cagr_is_compared_exactly(latest, passed):
    facts = later(giant())
    facts = with_year(
        with_year(facts, 2023, main_business_revenue=Decimal(10000)), 2025, main_business_revenue=latest
    )
    assert criterion(run(facts, "little-giant"), "L26-5")["passed"] is passed


@pytest.mark.parametrize(
    ("share", "rank", "passed"),
    [(Decimal("0.05"), 3, True), (Decimal("0.05"), 4, False), (Decimal("0.10"), 9, True)],
)
def test_little_giant_2026_share_or_top_3(share, rank, passed):
    facts = later(giant(), market_share=share, market_rank_national=rank)
    assert criterion(run(facts, "little-giant"), "L26-9")["passed"] is passed


@pytest.mark.parametrize(
    ("count", "award_rank", "passed"), [(4, None, True), (3, None, False), (0, 3, True), (0, 4, False)]
)
def test_little_giant_2026_ip_or_national_award_waiver(count, award_rank, passed):
    awards = () if award_rank is None else (Award(level="national", rank=award_rank, year=2025),)
    facts = later(giant(), ip_class1_applied=count, awards=awards)
    assert criterion(run(facts, "little-giant"), "L26-8")["passed"] is passed
