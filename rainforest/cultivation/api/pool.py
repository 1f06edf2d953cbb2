"""/api/v1/cultivation: the pool, targets and their forecast, and logging a visit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.errors import ErrorOut
from rainforest.api.vocabulary import Day, DistrictCode
from rainforest.core import credit_code as uscc
from rainforest.core.models import Region, User
from rainforest.core.pagination import Page, PageQuery, first_row, paginate
from rainforest.core.policy import Action, access
from rainforest.cultivation import selectors, services
from rainforest.cultivation.models import Target, Visit
from rainforest.cultivation.pool import Candidate, Shortfall, in_band, pool_for
from rainforest.enterprises.models import Enterprise

router = Router(tags=["cultivation"])


def require_cultivation(user: Any) -> None:
    if not selectors.sees_cultivation(user):
        raise PermissionDenied(_("培育库仅对科技局工作人员和科技管家开放"))


# --- schemas ------------------------------------------------------------------------------------------


class ShortfallOut(Schema):
    code: str
    text: str = Field(description="差距（中文，按企业自身数据）")
    yuan: Decimal = Field(description="需增加的金额（元）")
    persons: int = Field(description="需增加的人数")


class CandidateOut(Schema):
    rank: int
    credit_code: str
    name: str
    district: str
    verdict: str = Field(description="true / false / undetermined")
    failing: int = Field(description="不满足的条件数")
    score: list[int] | None = Field(description="得分区间 [低, 高]")
    pass_mark: int | None
    probability: float = Field(description="通过概率（校准的逻辑回归模型）")
    yuan_needed: Decimal
    persons_needed: int
    reason: str = Field(description="expiring（高企今年到期）/ re_register（去年入库）/ 空")
    shortfalls: list[ShortfallOut]
    margins: list[ShortfallOut] = Field(
        description="通过但接近门槛、或得分区间跨越及格线的条件：稳妥起见还需什么（中文，按企业自身数据）"
    )
    to_verify: list[str] = Field(description="待定条件缺少的事实（字段名，见 docs/eligibility.md）")
    to_verify_text: str = Field(description="待核实的事实（中文名称），无则为空")


class PoolPage(Page[CandidateOut]):
    rulebook: str
    as_of: date


class PoolQuery(PageQuery):
    rulebook: Literal["hnte", "tech-sme"] = "hnte"
    district: DistrictCode | None = Field(None, description="县区 GB/T 2260 代码")
    band: Literal["high", "medium", "low"] | None = None
    as_of: Day | None = Field(None, description="评价日期，缺省为基准日")


class TargetOut(Schema):
    id: int
    indicator: str
    indicator_label: str
    year: int
    district: str | None
    value: int
    source: str


class MoverOut(Schema):
    credit_code: str
    name: str
    probability: float
    influence: float = Field(description="该企业通过与否使完成目标的概率相差多少")


class ForecastOut(Schema):
    target: TargetOut
    as_of: date
    achieved: int
    needed: int
    candidates: int
    expected: float
    probability: float = Field(description="年末达到目标的概率（泊松二项分布，精确计算）")
    final: bool
    distribution: list[float] = Field(description="年末总数的分布，下标 0 对应已完成数")
    movers: list[MoverOut]


class FollowUpIn(Schema):
    action: str
    owner: str
    due_on: date
    status: Literal["open", "done", "dropped"] = "open"
    done_on: date | None = None


class VisitIn(Schema):
    credit_code: str
    visited_on: date
    topics: list[str] = Field(description="走访事项代码，如 hnte_application、rd_accounting")
    findings: str = ""
    next_visit_on: date | None = None
    butler: str | None = Field(None, description="科技管家用户名（工作人员代管家登记时）")
    follow_ups: list[FollowUpIn] = []


class FollowUpOut(Schema):
    id: int
    action: str
    owner: str
    due_on: date
    status: str
    done_on: date | None


class VisitOut(Schema):
    id: int
    credit_code: str
    enterprise: str
    butler: str
    visited_on: date
    topics: list[str]
    findings: str
    next_visit_on: date | None
    follow_ups: list[FollowUpOut]


# --- endpoints ----------------------------------------------------------------------------------------


def _candidate(rank: int, candidate: Candidate) -> dict[str, Any]:
    enterprise = candidate.enterprise
    assert enterprise is not None
    score = candidate.result.score
    return {
        "rank": rank,
        "credit_code": enterprise.credit_code,
        "name": enterprise.name,
        "district": enterprise.district.code,
        "verdict": candidate.verdict,
        "failing": candidate.failing,
        "score": list(score) if score is not None else None,
        "pass_mark": candidate.result.pass_mark,
        "probability": round(candidate.probability, 6),
        "yuan_needed": candidate.yuan_needed,
        "persons_needed": candidate.persons_needed,
        "reason": candidate.reason,
        "shortfalls": [_shortfall(s) for s in candidate.shortfalls],
        "margins": [_shortfall(s) for s in candidate.margins],
        "to_verify": candidate.to_verify,
        "to_verify_text": candidate.to_verify_text,
    }


def _shortfall(item: Shortfall) -> dict[str, Any]:
    return {"code": item.code, "text": item.text, "yuan": item.yuan, "persons": item.persons}


@router.get("/pool", response=PoolPage, summary="培育库：按接近通过程度排序的候选企业、差距与通过概率")
@access.model(Visit, Action.VIEW)  # the cultivation work: bureau staff and butlers
def pool(request: AuthenticatedRequest, query: Query[PoolQuery]) -> dict[str, Any]:
    require_cultivation(request.auth)
    district = None
    if query.district:  # one of the city's codes (the schema's enum); a former code means its successor
        district = get_object_or_404(Region.objects.select_related("alias_of"), code=query.district).current
    day = query.as_of or selectors.reference_day()
    candidates = pool_for(
        Enterprise.objects.visible_to(request.auth), rulebook=query.rulebook, day=day, district=district
    )
    if query.band:
        candidates = in_band(candidates, query.band)
    page = paginate(candidates, query, rulebook=query.rulebook, as_of=day)
    start = first_row(query)
    page["results"] = [_candidate(start + index + 1, c) for index, c in enumerate(page["results"])]
    return page


def _target(target: Any) -> dict[str, Any]:
    return {
        "id": target.pk,
        "indicator": target.indicator,
        "indicator_label": target.get_indicator_display(),
        "year": target.year,
        "district": target.district.code if target.district else None,
        "value": target.value,
        "source": target.source,
    }


@router.get("/targets", response=list[TargetOut], summary="年度目标")
@access.model(Target, Action.VIEW)
def targets(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    require_cultivation(request.auth)
    return [_target(t) for t in selectors.targets_for(request.auth)]


@router.get("/targets/{target_id}/forecast", response=ForecastOut, summary="目标完成进度与年末达成概率")
@access.model(Target, Action.VIEW)
def target_forecast(
    request: AuthenticatedRequest, target_id: int, as_of: date | None = None
) -> dict[str, Any]:
    require_cultivation(request.auth)
    target = get_object_or_404(selectors.targets_for(request.auth), pk=target_id)
    result = selectors.target_forecast(target, request.auth, day=as_of)
    return {
        "target": _target(target),
        "as_of": result.day,
        "achieved": result.achieved,
        "needed": result.attainment.needed,
        "candidates": len(result.candidates),
        "expected": round(result.attainment.expected, 6),
        "probability": result.attainment.probability,
        "final": result.final,
        "distribution": result.attainment.distribution,
        "movers": [
            {
                "credit_code": m.candidate.enterprise.credit_code if m.candidate.enterprise else "",
                "name": m.candidate.enterprise.name if m.candidate.enterprise else "",
                "probability": m.candidate.probability,
                "influence": m.influence,
            }
            for m in result.movers
        ],
    }


def _visit(visit: Any) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "credit_code": visit.enterprise.credit_code,
        "enterprise": visit.enterprise.name,
        "butler": visit.butler.username,
        "visited_on": visit.visited_on,
        "topics": list(visit.topics),
        "findings": visit.findings,
        "next_visit_on": visit.next_visit_on,
        "follow_ups": [
            {
                "id": f.pk,
                "action": f.action,
                "owner": f.owner,
                "due_on": f.due_on,
                "status": f.status,
                "done_on": f.done_on,
            }
            for f in visit.follow_ups.order_by("due_on", "pk")
        ],
    }


@router.post(
    "/visits",
    response={201: VisitOut, 404: ErrorOut},
    summary="登记走访（含跟进事项）；404：企业或科技管家不存在或不在您的数据范围内",
)
@access.model(Visit, Action.ADD)
def visit_create(request: AuthenticatedRequest, payload: VisitIn) -> Status[dict[str, Any]]:
    require_cultivation(request.auth)
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.auth), credit_code=uscc.normalise(payload.credit_code)
    )
    butler = None
    if payload.butler:
        butler = get_object_or_404(User, username=payload.butler)
    visit = services.visit_log(
        user=request.auth,
        enterprise=enterprise,
        butler=butler,
        visited_on=payload.visited_on,
        topics=payload.topics,
        findings=payload.findings,
        next_visit_on=payload.next_visit_on,
        follow_ups=[
            services.FollowUpInput(
                action=f.action, owner=f.owner, due_on=f.due_on, status=f.status, done_on=f.done_on
            )
            for f in payload.follow_ups
        ],
    )
    return Status(201, _visit(visit))
