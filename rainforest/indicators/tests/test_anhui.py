"""The Anhui H1-2022 table of absorbed (吸纳) technology contracts by city, as a fixture: published totals
are shown (428.4, not the re-added 428.3), ranks go by turnover (亳州 16th with 307 contracts), the growth
column's scale is told from the table itself, and the total's growth comes from totals (+37.1%)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.indicators.choices import Indicator
from rainforest.indicators.consistency import PERCENT, RATIO, growth_scale, total_growth
from rainforest.indicators.models import PeerFigure
from rainforest.indicators.periods import Period
from rainforest.indicators.ranks import published_total, published_values, ranking

SOURCE = "http://z7x5u8.firk.cn/zixun/20013.html"
PERIOD = "2022YTD06"
# city, contracts, turnover (亿元), YoY (%), published rank
TABLE = [
    ("合肥", 2997, "142.5", "20.3", 1),
    ("安庆", 311, "48", "-8.1", 2),
    ("阜阳", 705, "36.7", "397.3", 3),
    ("淮北", 545, "31.9", "315.3", 4),
    ("马鞍山", 307, "30.7", "-47.2", 5),
    ("六安", 408, "22.9", "500.7", 6),
    ("宿州", 503, "22.3", "489.5", 7),
    ("滁州", 311, "18.9", "44.8", 8),
    ("蚌埠", 272, "18.6", "44.3", 9),
    ("芜湖", 485, "15.2", "58.7", 10),
    ("铜陵", 138, "9.2", "4502.1", 11),
    ("宣城", 185, "7.9", "-17.4", 12),
    ("淮南", 240, "7", "661.1", 13),
    ("池州", 151, "6.7", "509.2", 14),
    ("黄山", 159, "5.8", "686.7", 15),
    ("亳州", 307, "4", "-69.1", 16),
]
TOTAL = (8024, "428.4", "37.1")


def figure(indicator: str, city: str, value: Decimal, unit: str, growth: Decimal | None) -> None:
    row = PeerFigure(
        indicator=indicator,
        province="安徽省",
        city=city,
        period=PERIOD,
        value=value,
        unit=unit,
        growth=growth,
        source=SOURCE,
        published_on=date(2022, 8, 1),
    )
    row.full_clean()
    row.save()


def load(raw_growth: list[Decimal], raw_total_growth: Decimal) -> None:
    """Store the table as peer figures, its growth column read as the source wrote it (ratio or percent):
    the scale is told from the table itself (`growth_scale`) and stored in percent."""
    values = [Decimal(v) for _c, _n, v, _g, _r in TABLE]
    scale = growth_scale(list(zip(values, raw_growth, strict=True)), Decimal(TOTAL[1]), raw_total_growth)
    to_percent = Decimal(100) if scale == RATIO else Decimal(1)
    for (city, count, value, _percent, _rank), raw in zip(TABLE, raw_growth, strict=True):
        figure(Indicator.ABSORBED_TURNOVER, city, Decimal(value), "亿元", raw * to_percent)
        figure(Indicator.ABSORBED_COUNT, city, Decimal(count), "项", None)
    figure(Indicator.ABSORBED_TURNOVER, "", Decimal(TOTAL[1]), "亿元", raw_total_growth * to_percent)


def test_growth_scale_is_told_from_the_table():
    parts_percent = [(Decimal(v), Decimal(g)) for _c, _n, v, g, _r in TABLE]
    assert growth_scale(parts_percent, Decimal("428.4"), Decimal("37.1")) == PERCENT
    parts_ratio = [(v, g / 100) for v, g in parts_percent]  # the source's 45.021 for 铜陵
    assert parts_ratio[10][1] == Decimal("45.021")
    assert growth_scale(parts_ratio, Decimal("428.4"), Decimal("0.371")) == RATIO
    # a table whose growth column is percent but read against a ratio total reconciles with neither
    with pytest.raises(ValueError, match="同比增长列"):
        growth_scale(parts_percent, Decimal("428.4"), Decimal("0.371"))


def test_growth_of_the_total_comes_from_totals_not_averaged_rates():
    parts = [(Decimal(v), Decimal(g) / 100) for _c, _n, v, g, _r in TABLE]
    before = sum((v / (1 + g) for v, g in parts), Decimal(0))
    assert before.quantize(Decimal("0.01")) == Decimal("312.47")
    assert (total_growth(parts) * 100).quantize(Decimal("0.1")) == Decimal("37.1")
    average = sum((g for _v, g in parts), Decimal(0)) / len(parts)
    assert average > Decimal(4)  # +400% and more: what averaging the rates would claim


@pytest.mark.django_db
def test_published_total_ranks_and_counts():
    # the source's own scale: ratios (45.021 for +4,502.1%)
    load([Decimal(g) / 100 for _c, _n, _v, g, _r in TABLE], Decimal(TOTAL[2]) / 100)
    period = Period.parse(PERIOD)
    total = published_total(Indicator.ABSORBED_TURNOVER, period, province="安徽省")
    assert total is not None and total.value == Decimal("428.4")
    parts = PeerFigure.objects.filter(indicator=Indicator.ABSORBED_TURNOVER, province="安徽省").exclude(
        city=""
    )
    assert sum(figure.value for figure in parts) == Decimal("428.3")  # the re-added rounded parts differ
    counts = PeerFigure.objects.filter(indicator=Indicator.ABSORBED_COUNT, province="安徽省")
    assert sum(figure.value for figure in counts) == TOTAL[0]
    table = ranking(published_values(Indicator.ABSORBED_TURNOVER, period, province="安徽省"))
    ranks = {city: rank for city, _value, rank in table}
    assert ranks == {city: rank for city, _n, _v, _g, rank in TABLE}
    assert ranks["亳州"] == 16  # 307 contracts, as many as 马鞍山 (5th): turnover decides
    by_count = ranking(published_values(Indicator.ABSORBED_COUNT, period, province="安徽省"))
    assert {city: rank for city, _v, rank in by_count}["亳州"] == {city: rank for city, _v, rank in by_count}[
        "马鞍山"
    ]  # a tie on count shares the better rank
    tongling = parts.get(city="铜陵")
    assert tongling.growth == Decimal("4502.1")  # stored in percent, whatever the source wrote
    # the tiny base behind +4,502.1%: about 0.2亿
    assert Decimal("0.19") < tongling.prior_base_value / Decimal(100_000_000) < Decimal("0.21")


@pytest.mark.django_db
def test_a_percent_table_is_stored_the_same():
    load([Decimal(g) for _c, _n, _v, g, _r in TABLE], Decimal(TOTAL[2]))
    assert PeerFigure.objects.get(city="铜陵", indicator=Indicator.ABSORBED_TURNOVER).growth == Decimal(
        "4502.1"
    )
    assert PeerFigure.objects.get(city="", province="安徽省").growth == Decimal("37.1")
