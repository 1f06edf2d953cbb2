"""What a pool row says the firm lacks (issue 3, QA pass): the gaps of failing conditions, what keeps a
narrow pass or a straddling score safe, and the facts to verify, in Chinese, with exact figures."""

from __future__ import annotations

from decimal import Decimal

from rainforest.cultivation.pool import build_pool, margins_of, to_verify_of
from rainforest.cultivation.tests.helpers import MODEL, firm, year
from rainforest.eligibility.engine import evaluate

# H-1 with R&D 160 / 170 / 180万 against sales 2,800 / 3,200 / 3,724万: 510 ÷ 9,724 = 5.24%, within 10% of 5%.
NARROW_RD = firm(years=(year(2022, 2800, 160), year(2023, 3200, 170), year(2024, 3724, 180)))
# 15 of 150 in S&T (exactly 10%) and R&D at 6%.
NARROW_STAFF = firm(
    years=(
        year(2022, 2800, 168, tech_staff=15),
        year(2023, 3200, 192, tech_staff=15),
        year(2024, 3724, 224, tech_staff=15),
    )
)
VERIFY = "待核实：是否拥有核心自主知识产权、近一年有无重大安全质量事故或严重环境违法行为"


def _one(facts):
    (candidate,) = build_pool(rulebook="hnte", facts_by_enterprise={1: facts}, model=MODEL["hnte"])
    return candidate


def test_the_facts_to_verify_are_named_in_chinese_and_kept_by_field_name():
    candidate = _one(NARROW_RD)
    assert candidate.to_verify == ["owns_core_ip", "major_incident_12m"]
    assert candidate.to_verify_text == VERIFY


def test_a_narrow_rd_ratio_says_the_rd_that_keeps_it_next_year():
    # Next window 2023–2025, 2025 sales held at 3,724万: 5% × 10,648万 − (170 + 180)万 = 182.4万 in 2025.
    margin = next(m for m in margins_of(evaluate(NARROW_RD, "hnte"), NARROW_RD) if m.code == "HNTE-5")
    assert margin.text == (
        "研发费用占比5.24%，接近5%的门槛：2023–2025年度销售收入按2024年水平计，"
        "2025年研发费用不低于182.4万元（2024年为180万元）方可保持5%"
    )
    assert (margin.yuan, margin.persons) == (Decimal("24000.00"), 0)


def test_a_window_that_drops_a_strong_year_is_flagged_even_when_the_ratio_has_room():
    # 6.3% today, but 2022's 300万 leaves the window: 5% × 10,648万 − (160 + 150)万 = 222.4万 in 2025.
    facts = firm(years=(year(2022, 2800, 300), year(2023, 3200, 160), year(2024, 3724, 150)))
    (margin,) = [m for m in margins_of(evaluate(facts, "hnte"), facts) if m.code == "HNTE-5"]
    assert margin.text == (
        "研发费用占比6.27%（门槛5%）：2023–2025年度销售收入按2024年水平计，"
        "2025年研发费用不低于222.4万元（2024年为150万元）方可保持5%"
    )
    assert margin.yuan == Decimal("724000.00")


def test_a_staff_ratio_at_the_threshold_says_how_to_reach_the_safe_line():
    margins = margins_of(evaluate(NARROW_STAFF, "hnte"), NARROW_STAFF)
    (margin,) = [m for m in margins if m.code == "HNTE-4"]
    # 11% of 150 is 16.5: 2 more of the existing staff reassigned to S&T.
    assert margin.text == "科技人员占比10%，接近10%的门槛：需将2名职工调整为科技人员，方可达到11%"
    assert margin.persons == 2


def test_a_straddling_score_says_the_open_points_and_the_cheapest_quantified_step():
    candidate = _one(NARROW_RD)
    assert candidate.failing == 0 and candidate.shortfalls == []
    low, high = candidate.result.score
    straddle = [m.text for m in candidate.margins if m.code == "HNTE-7"]
    assert straddle[0] == (
        f"创新能力评价得分{low}–{high}分，跨越71分及格线：尚有{high - low}分待专家评定或补充数据"
    )
    assert straddle[1].startswith("可先争取加分：")
    assert [m.code for m in candidate.lacks] == ["HNTE-5", "HNTE-7", "HNTE-7"]


def test_a_comfortable_pass_adds_no_margin():
    facts = firm(years=(year(2022, 2800, 200), year(2023, 3200, 200), year(2024, 3724, 200)))
    assert [m.code for m in margins_of(evaluate(facts, "hnte"), facts)] == ["HNTE-7", "HNTE-7"]


def test_a_route_or_a_scored_item_is_not_a_fact_to_verify():
    result = evaluate(firm(), "tech-sme")
    assert "national_award_top3_5y" not in to_verify_of(result)  # TSME-R2, a route
    assert "ip_advancement" not in to_verify_of(evaluate(firm(), "hnte"))  # IP-1, an expert-scored item


def test_between_two_firms_with_only_data_to_verify_the_one_needing_less_to_be_safe_ranks_first():
    pool = build_pool(
        rulebook="hnte",
        facts_by_enterprise={1: NARROW_RD, 2: NARROW_STAFF},
        model=MODEL["hnte"],
    )
    # Same failing count, gap cost and score range: 0 yuan (reassign 2 people) before 2.4万元 of R&D.
    assert [(c.enterprise_id, c.margin_yuan, c.margin_persons) for c in pool] == [
        (2, Decimal(0), 2),
        (1, Decimal("24000.00"), 0),
    ]
