"""The result as people read it (eligibility.display, facts.FACT_LABELS): display only, exact values."""

from __future__ import annotations

from decimal import Decimal

from rainforest.eligibility.display import money, percent_one, percents, reason_text, value_text
from rainforest.eligibility.facts import FACT_LABELS, Facts, YearFacts, fact_label, fact_labels
from rainforest.eligibility.result import Criterion


def test_every_fact_field_has_a_chinese_label():
    names = set(Facts.__dataclass_fields__) | set(YearFacts.__dataclass_fields__) - {"year"}
    assert names - set(FACT_LABELS) == set()


def test_fact_names_read_as_what_to_verify():
    assert fact_label("owns_core_ip") == "是否拥有核心自主知识产权"
    assert fact_label("years[2024].rd_expense") == "2024年研发费用"
    assert fact_label("years[2024].employees > 0") == "2024年职工总数 > 0"
    assert fact_label("expert_points.SP-4") == "SP-4项得分（专家评分）"
    assert fact_label("no_such_fact") == "no_such_fact"
    assert fact_labels(["owns_core_ip", "major_incident_12m", "owns_core_ip"]) == (
        "是否拥有核心自主知识产权、近一年有无重大安全质量事故或严重环境违法行为"
    )


def test_ratios_show_as_percentages_with_one_decimal():
    assert percent_one("0.4000") == "40.0%"
    assert percent_one("0.0665") == "6.7%"  # half-up
    assert percent_one("0.09996") == "10.0%"  # display only: the verdict compared the exact ratio
    assert percents("[0.15, 0.25)") == "[15.0%, 25.0%)"
    assert percents("≥ 0.6") == "≥ 60.0%"


def test_yuan_amounts_show_in_wan_and_ratios_and_counts_are_left_alone():
    assert money("Σ 研发费用 21723503.00 ÷ Σ 销售收入 326746541.00") == (
        "Σ 研发费用 2,172.35万元 ÷ Σ 销售收入 32,674.65万元"
    )
    assert money("≤ 500; ≤ 200000000") == "≤ 500; ≤ 20,000万元"
    assert money("≥ 0.10 且 2024年") == "≥ 0.10 且 2024年"


def test_a_reason_names_facts_and_values_in_chinese():
    criterion = Criterion(
        "HNTE-3", "领域", True, value="resources_environment", reason="tech_field = resources_environment"
    )
    assert (value_text(criterion), reason_text(criterion)) == ("资源与环境", "技术领域：资源与环境")
    flag = Criterion("TSME-1", "居民企业", True, value="true", reason="resident_enterprise = true")
    assert (value_text(flag), reason_text(flag)) == ("是", "是否为居民企业：是")
    missing = Criterion("HNTE-2", "知识产权", None, reason="needs data: owns_core_ip")
    assert reason_text(missing) == "需补数据：是否拥有核心自主知识产权"
    ratio = Criterion("HNTE-4", "科技人员", True, value="0.4000", threshold="0.10", percent=True)
    assert value_text(ratio) == "40.0%"
    assert Decimal(ratio.value or "0") == Decimal("0.4")  # the machine value is untouched
