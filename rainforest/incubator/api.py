"""The incubator's API operations, mounted under /api/v1/incubator: a park's pipeline with its counts per
stage on a day, its zones' occupancy, its promotions in a period and its graduates with their forest layer;
one tenancy's stage log and zone stays, and the two writes of its life: a step of the pipeline and a move
between zones. Thin: parse, call one selector or service, shape the answer. Sites are a declared record
type (/api/v1/records/site). The same scope as the pages: the city and the districts (a park manager: their
park); a service's refusal answers 422 naming its field."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.vocabulary import Day
from rainforest.core.choices import LayerChoice
from rainforest.core.models import data_as_of
from rainforest.core.pagination import Page, PageQuery, paginate
from rainforest.core.policy import Action, access
from rainforest.enterprises.selectors import enterprises_for
from rainforest.incubator import selectors, services
from rainforest.incubator.models import Park, StageChange, Tenancy, Zone, ZoneStay

router = Router(tags=["incubator"])

StageCode = Literal[
    "intention", "negotiating", "about_to_enter", "resident", "graduated", "left", "withdrawn"
]


class ParkDayQuery(Schema):
    on: Day | None = Field(None, description="统计日期，缺省为数据截止日期")


class ParkPeriodQuery(Schema):
    start: Day | None = Field(None, description="起始日期（含），缺省为当年 1 月 1 日")
    end: Day | None = Field(None, description="截止日期（含），缺省为数据截止日期")


class ParkStageOut(Schema):
    status: str
    label: str
    firms: int
    teams: int
    total: int


class ParkPipelineOut(Schema):
    park_id: int
    on: date
    stages: list[ParkStageOut]


class ParkZoneOut(Schema):
    id: int
    name: str
    site: str | None
    tier: str
    space_m2: int | None
    capacity: int | None
    tenants: int
    space_used_m2: int
    tenant_ratio: float | None = Field(description="在驻主体 ÷ 可容纳主体数")
    space_ratio: float | None = Field(description="使用面积 ÷ 片区面积")


class ParkOccupancyOut(Schema):
    park_id: int
    on: date
    zones: list[ParkZoneOut]


class ParkPromotionOut(Schema):
    tenancy_id: int
    tenant: str
    on: date
    from_zone: str
    to_zone: str


class ParkGraduateOut(Schema):
    tenancy_id: int
    credit_code: str
    enterprise: str
    graduated_on: date
    layer_then: str | None
    layer_now: str | None
    grew: bool


class TenancyStepOut(Schema):
    id: int
    from_status: str
    to_status: str
    on: date
    comment: str
    user: str | None
    recorded_at: Any


class TenancyStepIn(Schema):
    to_status: StageCode
    on: Day
    comment: str = Field("", max_length=200)
    zone_id: int | None = Field(None, description="入驻时的片区（同一孵化载体）")
    space_m2: int | None = Field(None, ge=0, description="使用面积（平方米）")


class TenancyStayOut(Schema):
    id: int
    zone_id: int
    zone: str
    tier: str
    started_on: date
    ended_on: date | None
    space_m2: int | None
    comment: str


class TenancyMoveIn(Schema):
    zone_id: int
    on: Day
    comment: str = Field("", max_length=200)
    space_m2: int | None = Field(None, ge=0)


class TenancyRow(Schema):
    id: int
    park_id: int
    credit_code: str | None
    enterprise: str | None
    team: str | None
    status: str
    zone: str | None
    intended_on: date | None
    negotiating_on: date | None
    approved_on: date | None
    entered_on: date | None
    left_on: date | None
    withdrawn_on: date | None


class TenancyPage(Page[TenancyRow]):
    on: date


class TenancyQuery(PageQuery):
    stage: StageCode | None = Field(None, description="只列出该日处于此阶段的入驻记录")
    on: Day | None = Field(None, description="判断阶段的日期，缺省为数据截止日期")


class TenancyStartIn(Schema):
    credit_code: str | None = Field(None, description="入驻企业的统一社会信用代码（与团队二选一）")
    team_id: int | None = Field(None, description="入驻团队（与企业二选一）")
    status: Literal["intention", "negotiating", "about_to_enter"] = "intention"
    on: Day
    comment: str = Field("", max_length=200)


def _tenancy_row(tenancy: Tenancy) -> dict[str, Any]:
    return {
        "id": tenancy.pk,
        "park_id": tenancy.park_id,
        "credit_code": tenancy.enterprise.credit_code if tenancy.enterprise else None,
        "enterprise": tenancy.enterprise.name if tenancy.enterprise else None,
        "team": tenancy.team.name if tenancy.team else None,
        "status": tenancy.status,
        "zone": tenancy.zone.name if tenancy.zone else None,
        "intended_on": tenancy.intended_on,
        "negotiating_on": tenancy.negotiating_on,
        "approved_on": tenancy.approved_on,
        "entered_on": tenancy.entered_on,
        "left_on": tenancy.left_on,
        "withdrawn_on": tenancy.withdrawn_on,
    }


def _park(request: AuthenticatedRequest, park_id: int) -> Park:
    return get_object_or_404(selectors.parks_for(request.auth), pk=park_id)


def _tenancy(request: AuthenticatedRequest, tenancy_id: int, action: Action) -> Tenancy:
    return get_object_or_404(selectors.tenancies_for(request.auth, action), pk=tenancy_id)


def _zone(request: AuthenticatedRequest, tenancy: Tenancy, zone_id: int | None) -> Zone | None:
    if zone_id is None:
        return None
    zones = Zone.objects.restrict(request.auth, Action.VIEW).filter(park_id=tenancy.park_id)
    return get_object_or_404(zones, pk=zone_id)


def _layer(layer: int | None) -> str | None:
    return str(LayerChoice(layer).label) if layer is not None else None


def _step(step: StageChange) -> dict[str, Any]:
    return {
        "id": step.pk,
        "from_status": step.from_status,
        "to_status": step.to_status,
        "on": step.on,
        "comment": step.comment,
        "user": step.user.username if step.user else None,
        "recorded_at": step.recorded_at,
    }


def _stay(stay: ZoneStay) -> dict[str, Any]:
    return {
        "id": stay.pk,
        "zone_id": stay.zone_id,
        "zone": stay.zone.name,
        "tier": stay.zone.tier,
        "started_on": stay.started_on,
        "ended_on": stay.ended_on,
        "space_m2": stay.space_m2,
        "comment": stay.comment,
    }


@router.get(
    "/parks/{park_id}/pipeline", response=ParkPipelineOut, summary="入驻进度：某日各阶段的企业与团队数"
)
@access.model(Park, Action.VIEW)
def park_pipeline(request: AuthenticatedRequest, park_id: int, query: Query[ParkDayQuery]) -> dict[str, Any]:
    park = _park(request, park_id)
    day = query.on or data_as_of()
    stages = selectors.pipeline_on(park, request.auth, day)
    return {
        "park_id": park.pk,
        "on": day,
        "stages": [
            {"status": s.status, "label": s.label, "firms": s.firms, "teams": s.teams, "total": s.total}
            for s in stages
        ],
    }


@router.get(
    "/parks/{park_id}/occupancy", response=ParkOccupancyOut, summary="片区使用率：某日各片区的在驻主体与面积"
)
@access.model(Park, Action.VIEW)
def park_occupancy(request: AuthenticatedRequest, park_id: int, query: Query[ParkDayQuery]) -> dict[str, Any]:
    park = _park(request, park_id)
    day = query.on or data_as_of()
    zones = []
    for row in selectors.occupancy_on(park, request.auth, day):
        zone = row.zone
        zones.append(
            {
                "id": zone.pk,
                "name": zone.name,
                "site": zone.site.name if zone.site else None,
                "tier": zone.tier,
                "space_m2": zone.space_m2,
                "capacity": zone.capacity,
                "tenants": row.tenants,
                "space_used_m2": row.space_used_m2,
                "tenant_ratio": float(row.tenant_ratio) if row.tenant_ratio is not None else None,
                "space_ratio": float(row.space_ratio) if row.space_ratio is not None else None,
            }
        )
    return {"park_id": park.pk, "on": day, "zones": zones}


@router.get(
    "/parks/{park_id}/promotions",
    response=list[ParkPromotionOut],
    summary="片区晋级：期间内晋级到更高类型片区",
)
@access.model(Park, Action.VIEW)
def park_promotions(
    request: AuthenticatedRequest, park_id: int, query: Query[ParkPeriodQuery]
) -> list[dict[str, Any]]:
    park = _park(request, park_id)
    end = query.end or data_as_of()
    start = query.start or date(end.year, 1, 1)
    return [
        {
            "tenancy_id": p.tenancy.pk,
            "tenant": str(p.tenancy.tenant),
            "on": p.on,
            "from_zone": p.from_zone.name,
            "to_zone": p.to_zone.name,
        }
        for p in selectors.promotions_in(park, request.auth, start, end)
    ]


@router.get(
    "/parks/{park_id}/graduates",
    response=list[ParkGraduateOut],
    summary="毕业企业去向：毕业时与当前的森林层级",
)
@access.model(Park, Action.VIEW)
def park_graduates(
    request: AuthenticatedRequest, park_id: int, query: Query[ParkDayQuery]
) -> list[dict[str, Any]]:
    park = _park(request, park_id)
    day = query.on or data_as_of()
    rows = []
    for g in selectors.graduates(park, request.auth, day):
        enterprise = g.tenancy.enterprise
        assert enterprise is not None
        rows.append(
            {
                "tenancy_id": g.tenancy.pk,
                "credit_code": enterprise.credit_code,
                "enterprise": enterprise.name,
                "graduated_on": g.graduated_on,
                "layer_then": _layer(g.layer_then),
                "layer_now": _layer(g.layer_now),
                "grew": g.grew,
            }
        )
    return rows


@router.get("/parks/{park_id}/tenancies", response=TenancyPage, summary="入驻记录（可按某日所处阶段筛选）")
@access.model(Park, Action.VIEW)
def park_tenancies(request: AuthenticatedRequest, park_id: int, query: Query[TenancyQuery]) -> dict[str, Any]:
    park = _park(request, park_id)
    day = query.on or data_as_of()
    if query.stage:
        rows = selectors.tenancies_at_stage(park, request.auth, query.stage, day)
    else:
        rows = selectors.tenancies_of(park, request.auth).order_by("pk")
    return paginate(rows, query, _tenancy_row, on=day)


@router.post(
    "/parks/{park_id}/tenancies", response={201: TenancyRow}, summary="登记入驻意向（意向、在谈或拟入驻）"
)
@access.model(Tenancy, Action.ADD)
def park_tenancy_start(request: AuthenticatedRequest, park_id: int, payload: TenancyStartIn) -> Status:
    park = _park(request, park_id)
    enterprise = (
        get_object_or_404(enterprises_for(request.auth), credit_code=payload.credit_code.strip().upper())
        if payload.credit_code
        else None
    )
    team = (
        get_object_or_404(selectors.teams_for(request.auth), pk=payload.team_id) if payload.team_id else None
    )
    tenancy = services.tenancy_start(
        user=request.auth,
        park=park,
        on=payload.on,
        enterprise=enterprise,
        team=team,
        status=payload.status,
        comment=payload.comment,
    )
    return Status(201, _tenancy_row(tenancy))


@router.get("/tenancies/{tenancy_id}/stages", response=list[TenancyStepOut], summary="入驻阶段变更记录")
@access.model(Tenancy, Action.VIEW)
def tenancy_stages(request: AuthenticatedRequest, tenancy_id: int) -> list[dict[str, Any]]:
    tenancy = _tenancy(request, tenancy_id, Action.VIEW)
    return [_step(step) for step in selectors.steps_of(tenancy, request.auth)]


@router.post(
    "/tenancies/{tenancy_id}/stages",
    response={201: TenancyStepOut},
    summary="入驻阶段变更（记录经办人、日期与说明）",
)
@access.model(Tenancy, Action.CHANGE)
def tenancy_stage_add(request: AuthenticatedRequest, tenancy_id: int, payload: TenancyStepIn) -> Status:
    tenancy = _tenancy(request, tenancy_id, Action.CHANGE)
    services.tenancy_advance(
        user=request.auth,
        tenancy=tenancy,
        to_status=payload.to_status,
        on=payload.on,
        comment=payload.comment,
        zone=_zone(request, tenancy, payload.zone_id),
        space_m2=payload.space_m2,
    )
    step = selectors.steps_of(tenancy, request.auth).order_by("-pk").first()
    assert step is not None
    return Status(201, _step(step))


@router.get(
    "/tenancies/{tenancy_id}/stays", response=list[TenancyStayOut], summary="片区入驻期间（含晋级历史）"
)
@access.model(Tenancy, Action.VIEW)
def tenancy_stays(request: AuthenticatedRequest, tenancy_id: int) -> list[dict[str, Any]]:
    tenancy = _tenancy(request, tenancy_id, Action.VIEW)
    return [_stay(stay) for stay in selectors.stays_of(tenancy, request.auth)]


@router.post(
    "/tenancies/{tenancy_id}/stays",
    response={201: TenancyStayOut},
    summary="调整片区（晋级或迁移，保留历史）",
)
@access.model(Tenancy, Action.CHANGE)
def tenancy_stay_add(request: AuthenticatedRequest, tenancy_id: int, payload: TenancyMoveIn) -> Status:
    tenancy = _tenancy(request, tenancy_id, Action.CHANGE)
    zone = _zone(request, tenancy, payload.zone_id)
    assert zone is not None
    stay = services.zone_move(
        user=request.auth,
        tenancy=tenancy,
        zone=zone,
        on=payload.on,
        comment=payload.comment,
        space_m2=payload.space_m2,
    )
    return Status(201, _stay(stay))
