"""The talent app's API operations, mounted under /api/v1/talent: the census of universities and institutes
(the figures of the census page, counted from records) and a technology manager's brokered work. The
records themselves (managers, classes, trainees, disciplines, teams, centres) are under
/api/v1/records/<name>."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from rainforest.core.policy import Action, access
from rainforest.talent import selectors
from rainforest.talent.models import ResearchTeam, TechManager

router = Router(tags=["talent"])


class CensusRowOut(Schema):
    code: str = Field(description="机构编码（合计行为空）")
    name: str
    region: str = Field(description="所在区县")
    disciplines: int = Field(description="重点学科")
    national: int
    provincial: int
    school: int
    platforms: int | None = Field(description="依托该机构的创新平台；记录尚未建立或无权查看时为 null")
    teams: int = Field(description="科研团队")
    members: int = Field(description="团队人数")
    achievements: int | None = Field(description="该机构登记的科技成果；记录尚未建立或无权查看时为 null")
    centres: int = Field(description="联合创新中心")


class CensusOut(Schema):
    institutions: int
    rows: list[CensusRowOut]
    total: CensusRowOut


class BrokeredOut(Schema):
    manager: int
    contracts: int | None = Field(description="已登记的技术合同数；无权查看时为 null")
    contract_amount: Decimal = Field(description="合同成交额（元）")
    tech_transaction_amount: Decimal = Field(description="技术交易额（元）")
    deals: dict[str, int] | None = Field(description="促成的对接，按状态；无权查看时为 null")
    deal_amount: Decimal = Field(description="签约对接的成交金额（元）")


def _row(row: selectors.CensusRow, code: str, name: str, region: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "region": region,
        "disciplines": row.disciplines,
        "national": row.national,
        "provincial": row.provincial,
        "school": row.school,
        "platforms": row.platforms,
        "teams": row.teams,
        "members": row.members,
        "achievements": row.achievements,
        "centres": row.centres,
    }


@router.get(
    "/census", response=CensusOut, summary="高校院所普查：各机构的重点学科、平台、团队、成果（由记录计算）"
)
@access.model(ResearchTeam, Action.VIEW)
def census(request: Any) -> dict[str, Any]:
    result = selectors.census_for(request.auth)
    rows = [
        _row(
            row,
            row.organisation.code,
            row.organisation.name,
            str(row.organisation.region) if row.organisation.region_id else "",
        )
        for row in result.rows
    ]
    return {"institutions": result.institutions, "rows": rows, "total": _row(result.total, "", "合计", "")}


@router.get("/managers/{pk}/brokered", response=BrokeredOut, summary="技术经理人经纪的技术合同与对接")
@access.model(TechManager, Action.VIEW)
def brokered(request: Any, pk: int) -> dict[str, Any]:
    manager = get_object_or_404(selectors.managers_for(request.auth), pk=pk)
    found = selectors.brokered_by(manager, request.auth)
    return {
        "manager": manager.pk,
        "contracts": None if found.contracts is None else found.contract_count,
        "contract_amount": found.contract_amount,
        "tech_transaction_amount": found.transaction_amount,
        "deals": None if found.deals is None else found.deals_by_status,
        "deal_amount": found.deal_amount,
    }
