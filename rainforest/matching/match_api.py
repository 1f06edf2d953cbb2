"""API operations of the matching engine, mounted under /api/v1/matching beside the app's router:
a demand's achievements, an achievement's demands and firms, and an ad-hoc search. Every result is a
record the caller may see, with the reasons it matched."""

from __future__ import annotations

from typing import Any, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from rainforest.api.auth import AuthenticatedRequest
from rainforest.core.policy import Action, access
from rainforest.matching import selectors
from rainforest.matching.engine import matches
from rainforest.matching.engine.matches import MAX_TOP, Firm, Result
from rainforest.matching.models import Achievement, Demand

router = Router(tags=["matching"])


class ConceptOut(Schema):
    trigger: str = Field(description="查询中触发概念的词语")
    concept: str = Field(description="概念（问题与技术之间的桥梁）")
    terms: list[str] = Field(description="结果中出现的技术词语")


class MatchOut(Schema):
    rank: int
    id: int = Field(description="成果或需求的编号（主键）")
    number: str = Field(description="成果编号或需求编号")
    title: str
    organisation: str = Field(description="成果的完成单位或需求的企业")
    score: float = Field(description="匹配分（BM25 融合分，仅用于排序）")
    shared_terms: list[str] = Field(description="共同词语")
    concepts: list[ConceptOut] = Field(description="概念关联")
    field_agrees: bool = Field(description="领域是否一致")
    explanation: str = Field(description="匹配理由（中文）")


class FirmOut(Schema):
    credit_code: str
    name: str
    score: float = Field(description="其需求的最高匹配分")
    demand_ids: list[int]


class MatchesOut(Schema):
    count: int
    results: list[MatchOut]


class AchievementMatchesOut(MatchesOut):
    firms: list[FirmOut] = Field(description="需要这项成果的企业（来自其需求），最匹配的在前")


class TopQuery(Schema):
    top: int = Field(10, ge=1, le=MAX_TOP, description="返回条数，1–100，缺省 10")


class SearchQuery(TopQuery):
    q: str = Field(..., min_length=1, max_length=500, description="问题或技术描述（中文）")
    target: Literal["achievements", "demands"] = Field(
        "achievements", description="achievements：找成果；demands：找企业需求"
    )


def _row(rank: int, result: Result) -> dict[str, Any]:
    record, match = result.record, result.match
    organisation = record.owner.name if isinstance(record, Achievement) else record.enterprise.name
    return {
        "rank": rank,
        "id": record.pk,
        "number": record.number,
        "title": record.title,
        "organisation": organisation,
        "score": result.score,
        "shared_terms": match.shared,
        "concepts": [{"trigger": b.trigger, "concept": b.concept, "terms": b.terms} for b in match.bridges],
        "field_agrees": match.field_agrees,
        "explanation": match.explanation(),
    }


def _page(results: list[Result]) -> dict[str, Any]:
    return {"count": len(results), "results": [_row(i, r) for i, r in enumerate(results, start=1)]}


def _firm(firm: Firm) -> dict[str, Any]:
    return {
        "credit_code": firm.enterprise.credit_code,
        "name": firm.enterprise.name,
        "score": firm.score,
        "demand_ids": [r.record.pk for r in firm.demands],
    }


@router.get("/demands/{demand_id}/matches", response=MatchesOut, summary="需求匹配的科技成果（附匹配理由）")
@access.model(Demand, Action.VIEW)
def demand_matches(request: AuthenticatedRequest, demand_id: int, query: Query[TopQuery]) -> dict[str, Any]:
    demand = get_object_or_404(selectors.demands_for(request.auth), pk=demand_id)
    return _page(matches.for_demand(request.auth, demand, top=query.top))


@router.get(
    "/achievements/{achievement_id}/matches",
    response=AchievementMatchesOut,
    summary="成果匹配的企业需求与企业（附匹配理由）",
)
@access.model(Achievement, Action.VIEW)
def achievement_matches(
    request: AuthenticatedRequest, achievement_id: int, query: Query[TopQuery]
) -> dict[str, Any]:
    achievement = get_object_or_404(selectors.achievements_for(request.auth), pk=achievement_id)
    results, firms = matches.for_achievement(request.auth, achievement, top=query.top)
    return {**_page(results), "firms": [_firm(f) for f in firms]}


@router.get("/search", response=MatchesOut, summary="按问题或技术描述匹配成果或需求")
@access.model(Achievement, Action.VIEW)
def search(request: AuthenticatedRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    return _page(matches.search(request.auth, query.q, kind=query.target, top=query.top))
