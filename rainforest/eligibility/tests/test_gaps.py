from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.eligibility import gaps
from rainforest.eligibility.gaps import Cost, Gap, sort_gaps
from rainforest.eligibility.rulebook import RulebookError, all_rulebooks, parse_bands, parse_rulebook
from rainforest.eligibility.rules import RULES
from rainforest.eligibility.tests.helpers import run, wan, with_year
from rainforest.eligibility.tests.test_rules_hnte import firm as hnte_firm
from rainforest.eligibility.tests.test_rules_tech_sme import firm as tech_firm


def test_the_rd_gap_is_threshold_times_sales_minus_rd():
    gap = gaps.amount_for_ratio(
        "HNTE-5",
        numerator=wan(400),
        denominator=wan(9724),
        threshold=Decimal("0.05"),
        what="研发费用",
        period="近三年",
    )
    assert gap == Gap(
        "HNTE-5", "近三年研发费用需增加86.2万元，方可达到5%", Cost.SPEND, Decimal("862000.00"), "yuan"
    )


@pytest.mark.parametrize(
    ("employees", "staff", "reassign", "hire"), [(150, 12, 3, 4), (40, 3, 1, 2), (100, 9, 1, 2), (7, 0, 1, 1)]
)
def test_staff_gaps_by_reassignment_or_hiring(employees, staff, reassign, hire):
    found = gaps.staff(
        "HNTE-4", employees=employees, staff_count=staff, threshold=Decimal("0.10"), who="科技人员"
    )
    assert [(gap.cost, gap.size) for gap in found] == [
        (Cost.REASSIGN, Decimal(reassign)),
        (Cost.HIRE, Decimal(hire)),
    ]


def test_no_staff_gap_when_the_share_is_met():
    assert (
        gaps.staff("HNTE-4", employees=100, staff_count=10, threshold=Decimal("0.10"), who="科技人员") == []
    )


def test_a_part_of_the_whole_grows_the_whole_too():
    # high-tech 2,000万 of 4,000万: (0.6 × 4,000 − 2,000) ÷ 0.4 = 1,000万 → 3,000 ÷ 5,000 = 60%
    gap = gaps.amount_for_ratio(
        "HNTE-6",
        numerator=wan(2000),
        denominator=wan(4000),
        threshold=Decimal("0.60"),
        what="高新技术产品（服务）收入",
        part_of_denominator=True,
        cost=Cost.GROW,
    )
    assert gap is not None and gap.size == Decimal("10000000.00")


def test_amounts_round_up_so_that_the_shown_figure_closes_the_gap():
    gap = gaps.amount_for_ratio(
        "X", numerator=Decimal(0), denominator=Decimal(1000001), threshold=Decimal("0.03"), what="研发费用"
    )
    assert gap is not None and (gap.size, gap.text) == (
        Decimal("30000.03"),
        "研发费用需增加3.01万元，方可达到3%",
    )


def test_the_debt_gap_lowers_liabilities():
    gap = gaps.amount_for_cap(
        "LG-4", part=wan(800), whole=wan(1000), cap=Decimal("0.70"), what="负债总额", ratio="资产负债率"
    )
    assert gap is not None and gap.text == "负债总额需减少100万元，资产负债率方可降至70%"


def test_growth_gap_gives_the_latest_year_needed():
    gap = gaps.latest_for_growth(
        "GR-1", y1=wan(1000), y2=wan(1300), y3=wan(1690), target=Decimal("0.35"), what="净资产"
    )
    assert gap is not None and gap.size == Decimal("1300000.00")


def test_gaps_sort_by_cost_then_size_then_points():
    unsorted = [
        Gap("C", "ip", Cost.IP_CLASS1, Decimal(1), "items", 18),
        Gap("B", "spend big", Cost.SPEND, Decimal(200000), "yuan", 10),
        Gap("A", "hire", Cost.HIRE, Decimal(2), "persons", 4),
        Gap("B", "spend small", Cost.SPEND, Decimal(80000), "yuan", 10),
        Gap("A", "reassign", Cost.REASSIGN, Decimal(1), "persons", 4),
        Gap("X", "wait", Cost.WAIT, Decimal(30), "days"),
    ]
    assert [gap.text for gap in sort_gaps(unsorted)] == [
        "reassign",
        "spend small",
        "spend big",
        "hire",
        "ip",
        "wait",
    ]


def test_hnte_result_lists_every_gap_cheapest_first():
    facts = with_year(hnte_firm(), 2024, employees=150, tech_staff=12)
    result = run(facts, "hnte-2016")
    texts = [gap["text"] for gap in result.to_json()["gaps"]]
    assert texts == [
        "需将3名职工调整为科技人员，方可达到10%",
        "近三年研发费用需增加86.2万元，方可达到5%",
        "新聘4名科技人员，方可达到10%",
        # the score range [64, 94] straddles 71: band moves that raise its low end
        "最近一年净资产需增加130万元，增长率方可达到35%（+2分）",
        "最近一年销售收入需增加618.86万元，增长率方可达到25%（+2分）",
    ]


def test_tech_sme_gaps_name_the_move_worth_most_points():
    result = run(tech_firm(), "tech-sme-2017")
    data = result.to_json()
    assert [(gap["code"], gap["cost"], gap["points_gain"]) for gap in data["gaps"]] == [
        ("TSME-A", "reassign", 4),
        ("TSME-B", "spend", 10),
        ("TSME-B", "spend", 10),
        ("TSME-A", "hire", 4),
        ("TSME-C", "ip_class2", 6),
        ("TSME-C", "ip_class1", 18),
    ]
    verdict = next(item for item in data["criteria"] if item["code"] == "TSME-5")
    assert (
        verdict["gap"]
        == "综合得分至少还需6分；得分最多的一步：再取得1件Ⅰ类知识产权，科技成果得分可提高至30分（+18分）"
    )


def test_a_passing_rulebook_has_no_score_gaps():
    assert run(tech_firm(ip_class1=1, ip_class2=0), "tech-sme-2017").to_json()["gaps"] == []


def test_waiting_gaps_count_days():
    gap = gaps.wait_until("HNTE-1", day=date(2025, 7, 1), evaluated_on=date(2025, 6, 1), what="注册满一年")
    assert gap is not None and (gap.cost, gap.size) == (Cost.WAIT, Decimal(30))


# ---- the rulebook files ---------------------------------------------------------------------------------------------


def test_every_rulebook_file_has_a_rule_function_and_vice_versa():
    assert (
        sorted(book.name for book in all_rulebooks())
        == sorted(RULES)
        == [
            "hnte-2016",
            "innovative-sme-2022",
            "little-giant-2022",
            "little-giant-2026",
            "srdi-2022",
            "srdi-2026",
            "tech-sme-2017",
        ]
    )


def test_every_criterion_names_a_source_and_a_status():
    for book in all_rulebooks():
        for spec in book.criteria.values():
            assert spec.source and spec.status in {"CONFIRMED", "SECONDARY", "UNCONFIRMED", "TEAM DESIGN"}, (
                book.name,
                spec.code,
            )


def test_2026_rulebooks_are_provisional():
    assert {book.name for book in all_rulebooks() if book.provisional} == {"srdi-2026", "little-giant-2026"}


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([{"ge": "0.3", "points": 2}, {"lt": "0.2", "points": 0}], "hole or overlap"),
        ([{"ge": "0.3", "points": 2}, {"le": "0.3", "points": 0}], "exactly one band"),
        ([{"ge": 0.3, "points": 2}, {"lt": "0.3", "points": 0}], "not 0.3"),
        ([{"ge": "0.3", "points": 2}], "cover every value"),
    ],
)
def test_the_loader_refuses_bad_bands(bands, message):
    with pytest.raises(RulebookError, match=message):
        parse_bands(bands, "test")


def test_the_loader_refuses_a_criterion_without_a_known_status():
    text = 'rulebook = "x"\nversion = "1"\ntitle = "t"\nbasis = "b"\neffective_from = 2020-01-01\n[criteria.A]\nstatus = "MAYBE"\n'
    with pytest.raises(RulebookError, match="status"):
        parse_rulebook(text, "x-1.toml")
