"""The indicators app's contributions to the permission matrix and the record walk: peer figures are
published figures, read by every signed-in role and kept by the city."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from rainforest.core.tests import test_records as walk
from rainforest.indicators.models import PeerFigure


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


FACTORIES: dict[str, Callable[[dict[str, Any]], Any]] = {"indicators.peerfigure": _peer_figure}


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
        reaches={
            role: EVERY_ROLE
            for role in (
                "city",
                "admin",
                "district_yuci",
                "butler",
                "owner",
                "university",
                "bank",
                "outsider",
            )
        },
    ),
}

walk.SAMPLES.update(SAMPLES)
