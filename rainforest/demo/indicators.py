"""The demo city's records only the cockpit needs (see rainforest.demo.areas), built so that the seed's
second headline comes out of them:

- monthly revenue of 21 sci-tech service enterprises (firms of door M, 科学研究和技术服务业, of the demo
  registry) as the statistics bureau reports it: 2.29亿元 in 1–3月 2025 (S04, S05), 1.8031亿元 in
  1–3月 2024 by 20 of them (+27.0 %, S06), reported April 2024 and an estimate (预计) for April 2025 that
  brings 1–4月 2025 to 2.98亿元 (S08);
- the other ten cities' published 1–3月 revenue (synthetic peer figures, clearly labelled) that rank the
  city 3rd in 2025 and 6th in 2024 (S07).

The figures are fixed amounts split over the firms and months by the area's own generator, so a build
with any seed gives the same totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from random import Random

from django.db import models

from rainforest.enterprises.models import Enterprise
from rainforest.indicators.choices import Indicator
from rainforest.indicators.models import IndicatorTarget, PeerFigure, RevenueKind, ServiceRevenue

ROOTS: tuple[type[models.Model], ...] = (IndicatorTarget,)

FIRMS = 21  # S04
# Monthly totals of the firms' revenue, in yuan: 2025 1–3月 2.29亿 (S05), 2024 1–3月 1.8031亿 (+27.0 %,
# S06), April 2025 an estimate bringing 1–4月 to 2.98亿 (S08); April 2024 reported.
MONTHS: dict[tuple[int, int], tuple[Decimal, str]] = {
    (2024, 1): (Decimal("57100000"), RevenueKind.REPORTED),
    (2024, 2): (Decimal("55210000"), RevenueKind.REPORTED),
    (2024, 3): (Decimal("68000000"), RevenueKind.REPORTED),
    (2024, 4): (Decimal("56400000"), RevenueKind.REPORTED),
    (2025, 1): (Decimal("72600000"), RevenueKind.REPORTED),
    (2025, 2): (Decimal("70100000"), RevenueKind.REPORTED),
    (2025, 3): (Decimal("86300000"), RevenueKind.REPORTED),
    (2025, 4): (Decimal("69000000"), RevenueKind.ESTIMATE),
}
NEW_IN_2025 = 1  # one of the 21 firms reports from 2025 only: 20 firms in 2024
SOURCE = "演示数据：晋中市统计局科技服务业月度快报"
PEER_SOURCE = "演示数据：山西省统计局2025年1–3月科技服务业营业收入"
PEER_NOTE = "演示用的合成数据，不是真实统计"
# Other cities' 1–3月 revenue of sci-tech service firms, 亿元 (2024, 2025): in 2025 only 太原市 and 大同市
# have more than the city's 2.29亿 (3rd); in 2024 five cities have more than its 1.80亿 (6th).
PEERS: dict[str, tuple[str, str]] = {
    "太原市": ("8.62", "9.85"),
    "大同市": ("2.41", "2.86"),
    "长治市": ("2.10", "2.21"),
    "运城市": ("1.95", "2.08"),
    "临汾市": ("1.88", "1.97"),
    "晋城市": ("1.74", "1.73"),
    "吕梁市": ("1.52", "1.60"),
    "阳泉市": ("0.98", "1.02"),
    "忻州市": ("0.91", "0.95"),
    "朔州市": ("0.76", "0.81"),
}


def _firms() -> list[Enterprise]:
    """21 firms of the registry, those of door M (科学研究和技术服务业) first, by credit code."""
    service = list(Enterprise.objects.filter(industry__code="M").order_by("credit_code")[:FIRMS])
    if len(service) < FIRMS:
        others = Enterprise.objects.exclude(pk__in=[firm.pk for firm in service]).order_by("credit_code")
        service += list(others[: FIRMS - len(service)])
    return service


def _split(total: Decimal, parts: int, rng: Random) -> list[Decimal]:
    """`total` (yuan) split into `parts` positive shares to the yuan, summing exactly to it."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    scale = sum(weights)
    shares = [(total * Decimal(weight / scale)).quantize(Decimal(1)) for weight in weights]
    shares[-1] += total - sum(shares)
    return shares


def build(rng: Random, *, as_of: date) -> dict[str, int]:
    """Store the area's demo records; returns what was stored, by kind."""
    firms = _firms()
    if len(firms) < FIRMS:
        return {}
    rows: list[ServiceRevenue] = []
    for (year, month), (total, kind) in MONTHS.items():
        reporting = firms if year >= 2025 else firms[NEW_IN_2025:]
        for firm, revenue in zip(reporting, _split(total, len(reporting), rng), strict=True):
            rows.append(
                ServiceRevenue(
                    enterprise=firm, month=date(year, month, 1), revenue=revenue, kind=kind, source=SOURCE
                )
            )
    ServiceRevenue.objects.bulk_create(rows)
    peers = _peer_figures()
    return {"service_revenue": len(rows), "service_peer_figures": peers}


def _peer_figures() -> int:
    """The other cities' published 1–3月 revenue (the same rows on every build)."""
    count = 0
    for city, values in PEERS.items():
        for year, value in zip((2024, 2025), values, strict=True):
            PeerFigure.objects.update_or_create(
                indicator=Indicator.SERVICE_REVENUE,
                province="山西省",
                city=city,
                period=f"{year}YTD03",
                source=PEER_SOURCE,
                defaults={
                    "period_kind": "ytd",
                    "value": Decimal(value),
                    "unit": "亿元",
                    "published_on": date(year, 4, 28),
                    "note": PEER_NOTE,
                },
            )
            count += 1
    return count
