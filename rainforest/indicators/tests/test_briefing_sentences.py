"""The briefing's sentence generator and number formats, on crafted figures: every verb the data can
choose (上升/下降/持平; 跃居/保持/回落/居; 预计; the targets' 已完成/超额/尚差)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from rainforest.indicators.briefing import numbers, sentences
from rainforest.indicators.figures import Figure, TargetProgress
from rainforest.indicators.periods import Period

Q1 = Period.quarter(2025, 1)


def figure(
    code: str,
    value: str | None,
    *,
    unit: str = "元",
    name: str = "",
    previous: str | None = None,
    change: str | None = None,
    rank: int | None = None,
    previous_rank: int | None = None,
    area: str = "core",
    estimate: bool = False,
    period: Period = Q1,
) -> Figure:
    return Figure(
        code=code,
        name=name or code,
        unit=unit,
        value=None if value is None else Decimal(value),
        previous=None if previous is None else Decimal(previous),
        change=None if change is None else Decimal(change),
        rank=rank,
        previous_rank=previous_rank,
        period=period,
        area=area,
        records_url=None,
        estimate=estimate,
    )


# --- numbers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yuan", "grouping", "text"),
    [
        ("48474000", False, "4847.4万元"),
        ("48474000", True, "4,847.4万元"),
        ("229000000", False, "2.29亿元"),
        ("228950000", False, "2.29亿元"),  # half up at the second decimal of 亿
        ("300000000", False, "3亿元"),
        ("24000000", True, "2,400万元"),
        ("19000", False, "1.9万元"),
        ("48474500", False, "4847.5万元"),  # 4847.45 rounds half up, not to even
        ("99999999", False, "10000万元"),
        ("0", False, "0万元"),
    ],
)
def test_money_is_written_in_wan_or_yi_as_statistics_write_it(yuan, grouping, text):
    assert numbers.money(Decimal(yuan), grouping=grouping) == text


def test_counts_keep_their_unit_and_group_thousands_when_asked():
    assert numbers.amount(Decimal(24), "份") == "24份"
    assert numbers.amount(Decimal(1460), "项", grouping=True) == "1,460项"
    assert numbers.amount(Decimal("12.25"), "人") == "12.3人"


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "一"), (4, "四"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"), (120, "120")],
)
def test_chinese_numbers(number, text):
    assert numbers.chinese_number(number) == text


def test_places_say_liang_for_two():
    assert [numbers.places(n) for n in (1, 2, 3)] == ["一位", "两位", "三位"]


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period.quarter(2025, 1), "一季度"),
        (Period.quarter(2025, 4), "四季度"),
        (Period.ytd(2025, 4), "1–4月"),
        (Period.ytd(2025, 1), "1月"),
        (Period.month(2025, 3), "3月"),
        (Period.whole_year(2024), "全年"),
    ],
)
def test_a_sentence_opens_with_the_period_as_a_briefing_names_it(period, text):
    assert numbers.period_phrase(period) == text


# --- verbs ------------------------------------------------------------------------------------------------


def test_the_seeds_sentence_on_contracts_comes_out_word_for_word():
    text = sentences.sentence(
        Q1,
        "全市",
        [
            figure("contracts.count", "24", unit="份"),
            figure("contracts.turnover", "48474000", rank=4, previous_rank=5),
        ],
    )
    assert text == "一季度，全市登记技术合同24份，成交额4847.4万元，较去年同期前进一位跃居全省第四。"


@pytest.mark.parametrize(
    ("change", "clause"),
    [
        ("27.0", "同比上升27.0%"),
        ("0.04", "同比上升0.0%"),  # shown as 0.0% yet a rise: the verb follows the exact figure
        ("-8.15", "同比下降8.2%"),
        ("0", "与去年同期持平"),
        (None, ""),
    ],
)
def test_the_change_chooses_rise_fall_or_level(change, clause):
    assert sentences.change_clause(None if change is None else Decimal(change)) == clause


@pytest.mark.parametrize(
    ("rank", "previous_rank", "clause"),
    [
        (4, 5, "较去年同期前进一位跃居全省第四"),
        (3, 6, "较去年同期前进三位跃居全省第三"),
        (4, 4, "保持全省第四"),
        (6, 4, "较去年同期后退两位回落至全省第六"),
        (2, None, "居全省第二"),
        (None, 5, ""),
        (None, None, ""),
    ],
)
def test_the_rank_chooses_leap_keep_or_fall_back(rank, previous_rank, clause):
    assert sentences.rank_clause(rank, previous_rank) == clause


def test_a_figure_tells_its_value_change_and_rank_in_that_order():
    revenue = figure(
        "sci_service.revenue", "229000000", previous="180300000", change="27.0", rank=3, previous_rank=6
    )
    assert (
        sentences.figure_clause(revenue) == "实现营收2.29亿元，同比上升27.0%，较去年同期前进三位跃居全省第三"
    )


def test_an_estimate_is_marked_yuji():
    estimate = figure("sci_service.revenue", "298000000", estimate=True, period=Period.ytd(2025, 4))
    assert sentences.figure_clause(estimate) == "预计实现营收2.98亿元"


def test_an_indicator_without_a_phrase_is_told_by_its_name():
    other = figure("other.thing", "7", unit="个", name="新型研发机构")
    assert sentences.figure_clause(other) == "新型研发机构7个"


def test_a_figure_without_a_value_is_left_out_and_a_family_without_any_says_nothing():
    assert sentences.figure_clause(figure("contracts.count", None, unit="份")) == ""
    assert sentences.sentence(Q1, "全市", [figure("contracts.count", None, unit="份")]) == ""


def test_a_district_briefing_names_the_district():
    text = sentences.sentence(
        Period.ytd(2025, 5), "榆次区", [figure("finance.events", "3", unit="次", change="-25")]
    )
    assert text == "1–5月，榆次区举办银企对接活动3次，同比下降25.0%。"


# --- sections ---------------------------------------------------------------------------------------------


def test_sections_follow_the_bureaus_order_with_one_sentence_per_family():
    given = [
        figure("incubator.enterprises", "53", unit="家", area="incubator"),
        figure("finance.events", "7", unit="次", area="finance"),
        figure("sci_service.enterprises", "21", unit="家"),
        figure("contracts.count", "24", unit="份"),
        figure("sci_service.revenue", "229000000", change="27.0"),
        figure("hnte.new", "40", unit="家", area="cultivation"),
    ]
    result = sentences.sections(Q1, "全市", given)
    assert [section.key for section in result] == ["core", "cultivation", "finance", "incubator"]
    assert result[0].sentences == [
        "一季度，全市纳入统计的科技服务业企业21家，实现营收2.29亿元，同比上升27.0%。",
        "一季度，全市登记技术合同24份。",
    ]
    assert sentences.numbered(1, result[0].title) == "一、核心指标"


def test_a_later_estimate_closes_its_section_one_sentence_per_family():
    april = Period.ytd(2025, 4)
    estimates = [
        (april, figure("sci_service.enterprises", "21", unit="家", estimate=True, period=april)),
        (april, figure("sci_service.revenue", "298000000", change="25.9", estimate=True, period=april)),
    ]
    result = sentences.sections(Q1, "全市", [figure("sci_service.revenue", "229000000")], estimates=estimates)
    assert result[0].sentences == [
        "一季度，全市实现营收2.29亿元。",
        "1–4月，全市预计纳入统计的科技服务业企业21家，预计实现营收2.98亿元，同比上升25.9%。",
    ]


# --- targets ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    code: str = "hnte.new"
    name: str = "新认定高新技术企业"
    unit: str = "家"
    target: Decimal = Decimal(109)
    actual: Decimal | None = Decimal(46)
    progress_percent: Decimal | None = Decimal("42.2")
    forecast: Decimal | None = Decimal(110)


def test_a_target_on_course_says_it_will_be_exceeded():
    assert sentences.target_sentence(Target(), year=2025, months=5) == (
        "2025年新认定高新技术企业目标109家，1–5月已完成46家，完成进度42.2%，"
        "按当前进度预计全年可完成110家，可超额完成目标。"
    )


def test_a_target_behind_says_how_far_short_the_forecast_falls():
    behind = Target(forecast=Decimal(100))
    assert sentences.target_sentence(behind, year=2025, months=5).endswith(
        "按当前进度预计全年可完成100家，距目标尚差9家。"
    )


def test_a_target_reached_says_so():
    reached = TargetProgress(
        code="tech_sme.count",
        name="科技型中小企业",
        unit="家",
        target=Decimal(400),
        actual=Decimal(412),
        progress_percent=Decimal("103.0"),
        forecast=Decimal(500),
        probability=None,
        source="",
    )
    assert sentences.target_sentence(reached, year=2025, months=1) == (
        "2025年科技型中小企业目标400家，1月已完成412家，已完成全年目标。"
    )


def test_a_target_without_data_says_so():
    assert sentences.target_sentence(Target(actual=None), year=2025, months=5) == (
        "2025年新认定高新技术企业目标109家，暂无完成数据。"
    )
