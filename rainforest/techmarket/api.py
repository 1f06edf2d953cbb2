"""The techmarket app's API operations, mounted under /api/v1/techmarket: contract statistics for a period.
(Contracts themselves are the declared record type's: /api/v1/records/contract.)"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.errors import ErrorOut
from rainforest.core.models import Region
from rainforest.core.policy import Action, access
from rainforest.indicators.periods import Period
from rainforest.techmarket import selectors
from rainforest.techmarket.models import Contract

router = Router(tags=["techmarket"])


class StatisticsQuery(Schema):
    period: str = Field(
        "",
        pattern=r"^((19|20)[0-9]{2}(Q[1-4]|M(0[1-9]|1[0-2])|YTD(0[1-9]|1[0-2]))?)?$",
        description="统计期代码：2025（年）、2025Q1（季度）、2025M03（月）、2025YTD04（1–4月累计）；默认最近有登记的季度",
    )
    district: str = Field("", description="县区代码（留空为全市）")

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        return Period.parse(value).code if value.strip() else ""


class TotalsOut(Schema):
    count: int = Field(description="合同数（项）")
    contract_amount: Decimal = Field(description="合同成交额（元）")
    tech_transaction_amount: Decimal = Field(description="技术交易额（元）")


class LineOut(Schema):
    key: str
    label: str
    current: TotalsOut = Field(description="本期")
    previous: TotalsOut = Field(description="上年同期")
    count_growth: Decimal | None = Field(description="合同数同比（比值，0.25 即 +25%；上年为 0 时为空）")
    amount_growth: Decimal | None = Field(description="成交额同比（比值）")
    tech_growth: Decimal | None = Field(description="技术交易额同比（比值）")
    extreme: bool = Field(description="成交额同比绝对值达 100% 及以上：请同时看基数")


class RankOut(Schema):
    rank: int | None = Field(description="在全省城市中按成交额的排名（并列取较好名次）")
    of: int
    previous_rank: int | None
    change: int | None = Field(description="名次变化（正数为前进）")
    change_label: str


class StatisticsOut(Schema):
    period: str
    period_label: str
    start: str
    end: str
    place: str
    output: LineOut = Field(description="输出：卖方在本地")
    absorption: LineOut = Field(description="吸纳：买方在本地")
    by_category: list[LineOut]
    by_field: list[LineOut]
    by_seller_class: list[LineOut]
    by_district: list[LineOut]
    rank: RankOut | None


def _line(line: selectors.Line) -> dict[str, Any]:
    return {
        "key": line.key,
        "label": line.label,
        "current": line.current.__dict__,
        "previous": line.previous.__dict__,
        "count_growth": line.count_growth,
        "amount_growth": line.amount_growth,
        "tech_growth": line.tech_growth,
        "extreme": line.extreme,
    }


@router.get(
    "/statistics",
    response={200: StatisticsOut, 404: ErrorOut},  # 404: no district of that code
    summary="技术合同统计：本期与上年同期、同比、输出与吸纳、分类与排名",
)
@access.model(Contract, Action.VIEW)
def statistics(request: AuthenticatedRequest, query: Query[StatisticsQuery]) -> dict[str, Any]:
    contracts = Contract.objects.restrict(request.auth, Action.VIEW)
    period = Period.parse(query.period) if query.period else selectors.latest_quarter(contracts)
    district = get_object_or_404(Region, code=query.district.strip()) if query.district.strip() else None
    stats = selectors.contract_statistics(period=period, contracts=contracts, district=district)
    rank = stats.rank
    return {
        "period": period.code,
        "period_label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "place": stats.place,
        "output": _line(stats.output),
        "absorption": _line(stats.absorption),
        "by_category": [_line(x) for x in stats.by_category],
        "by_field": [_line(x) for x in stats.by_field],
        "by_seller_class": [_line(x) for x in stats.by_seller_class],
        "by_district": [_line(x) for x in stats.by_district],
        "rank": None
        if rank is None
        else {
            "rank": rank.rank,
            "of": rank.of,
            "previous_rank": rank.previous_rank,
            "change": rank.change,
            "change_label": rank.change_label,
        },
    }
