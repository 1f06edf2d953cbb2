"""The indicators app's contributions to the permission matrix and the record walk: peer figures are
published figures, read by every signed-in role and kept by the city."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from rainforest.core.tests import test_records as walk
from rainforest.core.tests.cast import BUSINESS
from rainforest.indicators.models import Briefing, IndicatorTarget, PeerFigure, ServiceRevenue


def _peer_figure(world: dict[str, Any]) -> PeerFigure:
    """One figure per district key, made once (the matrix asks for it route by route)."""
    code = world["enterprises.enterprise"].district.code
    figure, _created = PeerFigure.objects.get_or_create(
        indicator="contracts.turnover",
        province="山西省",
        city=f"矩阵市{code}",
        period="2025Q1",
        source="演示数据",
        defaults={
            "period_kind": "quarter",
            "value": Decimal("1000"),
            "unit": "万元",
            "published_on": date(2025, 4, 1),
        },
    )
    return figure


def _service_revenue(world: dict[str, Any]) -> ServiceRevenue:
    """One month's revenue of the district's firm, made once."""
    row, _created = ServiceRevenue.objects.get_or_create(
        enterprise=world["enterprises.enterprise"],
        month=date(2025, 3, 1),
        defaults={"revenue": Decimal("1200000"), "kind": "reported", "source": "矩阵"},
    )
    return row


def _indicator_target(world: dict[str, Any]) -> IndicatorTarget:
    """A target of the district (of the world's firm), made once."""
    row, _created = IndicatorTarget.objects.get_or_create(
        code="contracts.turnover",
        year=2025,
        district=world["enterprises.enterprise"].district,
        defaults={"value": Decimal("50000000"), "source": "矩阵"},
    )
    return row


def _briefing(world: dict[str, Any]) -> Briefing:
    """cockpit: one briefing per district key, of that district (made once)."""
    district = world["enterprises.enterprise"].district
    briefing, _created = Briefing.objects.get_or_create(
        title=f"矩阵简报{district.code}",
        period="2025Q1",
        district=district,
        defaults={"html": "<p>矩阵</p>", "docx": b"PK"},
    )
    return briefing


FACTORIES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "indicators.briefing": _briefing,
    "indicators.peerfigure": _peer_figure,
    "indicators.servicerevenue": _service_revenue,
    "indicators.indicatortarget": _indicator_target,
}


def _values(parent: Any, n: int) -> dict[str, Any]:
    return {
        "indicator": "contracts.turnover",
        "province": "山西省",
        "city": "太原市",
        "period": "2025Q1",
        "value": "70318.6",
        "unit": "万元",
        "growth": "14.8",
        "source": f"http://example.cn/peer/{n}",
        "published_on": "2025-04-25",
        "note": "测试",
    }


EVERY_ROLE = {"yuci", "taigu"}

SAMPLES: dict[str, Any] = {
    "peer_figure": walk.Sample(
        values=_values,
        marker="source",
        edit="note",
        reaches={role: EVERY_ROLE for role in BUSINESS},
    ),
}


def _regions(request: Any) -> dict[str, Any]:
    from rainforest.enterprises.tests.factories import district

    return {"yuci": district("140702"), "taigu": district("140703")}


SAMPLES["service_revenue"] = walk.Sample(
    values=lambda firm, n: {
        "enterprise": firm.credit_code,
        "month": f"{2020 + n // 12}-{n % 12 + 1:02d}-01",
        "revenue": "120.5",
        "kind": "reported",
        "source": f"统计快报{n}号",
        "note": "",
    },
    marker="source",
    edit="note",
)
SAMPLES["indicator_target"] = walk.Sample(
    values=lambda region, n: {
        "code": "contracts.turnover",
        "year": str(2030 + n),
        "district": str(region.pk),
        "value": "50000000",
        "source": f"计划文件{n}号",
        "note": "",
    },
    parents=_regions,
    marker="source",
    edit="note",
    reaches={
        "city": EVERY_ROLE,
        "admin": EVERY_ROLE,
        "district_yuci": {"yuci"},
        "butler": set(),
        "owner": set(),
        "university": set(),
        "bank": set(),
        "outsider": set(),
    },
)

walk.SAMPLES.update(SAMPLES)
