"""Peer figures: validation, constraints, and ranks among cities from their published totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rainforest.indicators.models import PeerFigure
from rainforest.indicators.periods import Period
from rainforest.indicators.ranks import change_label, rank_among, ranking, standing

pytestmark = pytest.mark.django_db


def figure(city: str, period: str, value: str, unit: str = "万元", **kwargs) -> PeerFigure:
    row = PeerFigure(
        indicator=kwargs.pop("indicator", "contracts.turnover"),
        city=city,
        period=period,
        value=Decimal(value),
        unit=unit,
        source=kwargs.pop("source", "演示数据"),
        published_on=kwargs.pop("published_on", date(2025, 5, 1)),
        **kwargs,
    )
    row.full_clean()
    row.save()
    return row


def test_period_is_checked_and_canonicalised():
    row = PeerFigure(
        indicator="contracts.turnover",
        city="太原市",
        period="2025q1",
        value=1,
        unit="万元",
        source="x",
        published_on=date(2025, 5, 1),
    )
    row.full_clean()
    assert row.period == "2025Q1" and row.period_kind == "quarter"
    row.period = "2025Q5"
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "period" in error.value.message_dict
    assert "季度 5" in error.value.message_dict["period"][0]


def test_unit_must_fit_the_indicator_in_clean_and_in_the_database():
    row = PeerFigure(
        indicator="contracts.turnover",
        city="太原市",
        period="2025Q1",
        value=1,
        unit="项",
        source="x",
        published_on=date(2025, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "unit" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    assert PeerFigure.objects.count() == 0


def test_two_sources_disagreeing_are_both_kept_but_not_the_same_twice():
    figure("", "2022", "561.84", "亿元", source="http://cinic.org.cn/xy/sx/1477963.html")
    figure(
        "", "2022", "561.86", "亿元", source="http://hongtong.gov.cn/xwzx/szfyw/202303/t20230302_147010.html"
    )
    assert PeerFigure.objects.count() == 2
    with pytest.raises(ValidationError):
        figure(
            "",
            "2022",
            "561.86",
            "亿元",
            source="http://hongtong.gov.cn/xwzx/szfyw/202303/t20230302_147010.html",
        )
    assert PeerFigure.objects.count() == 2


def test_rank_ties_share_the_better_rank():
    assert rank_among(Decimal(5), [Decimal(9), Decimal(5), Decimal(1)]) == 2
    table = ranking({"甲": Decimal(9), "乙": Decimal(5), "丙": Decimal(5), "丁": Decimal(1)})
    assert [(city, rank) for city, _v, rank in table] == [("甲", 1), ("丙", 2), ("乙", 2), ("丁", 4)]


def test_change_labels():
    assert change_label(1) == "前进一位"
    assert change_label(2) == "前进两位"
    assert change_label(-3) == "后退三位"
    assert change_label(0) == "持平"
    assert change_label(None) == ""


def test_standing_compares_units_and_reads_the_year_before():
    figure("太原市", "2025Q1", "3.1", "亿元")  # 31,000万
    figure("长治市", "2025Q1", "5000")
    figure("大同市", "2025Q1", "4800")
    figure("太原市", "2024Q1", "30000")
    figure("长治市", "2024Q1", "4350")
    figure("大同市", "2024Q1", "4500")
    figure("运城市", "2024Q1", "4400")
    here = standing(
        "contracts.turnover",
        Period.parse("2025Q1"),
        Decimal("48474000"),
        Decimal("43000000"),
        city="晋中市",
    )
    assert (here.rank, here.of) == (3, 4)
    assert (here.previous_rank, here.previous_of) == (5, 5)
    assert here.change == 2 and here.change_label == "前进两位"


def test_latest_source_counts_for_a_city():
    figure("太原市", "2025Q1", "100", published_on=date(2025, 4, 1), source="早")
    figure("太原市", "2025Q1", "900", published_on=date(2025, 5, 1), source="晚")
    here = standing("contracts.turnover", Period.parse("2025Q1"), Decimal("5000000"), city="晋中市")
    assert here.rank == 2 and here.of == 2
