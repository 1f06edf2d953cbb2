"""REST endpoints of the forest under /api/v1/forest: layer counts for a date and the flows of a year,
always within the caller's scope (forest.selectors scope every count)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Query, Router, Schema

from rainforest.api.auth import AuthenticatedRequest
from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, access
from rainforest.forest.models import LayerSpan, Move
from rainforest.forest.selectors import forest_summary, layer_flows, move_counts, year_window

router = Router(tags=["forest"])


class LayerCounts(Schema):
    none: int
    seed: int
    herb: int
    shrub: int
    tree: int


class DistrictCounts(Schema):
    code: str
    name: str
    counts: LayerCounts
    total: int


class ForestOut(Schema):
    as_of: date
    rulebook_version: str
    by_layer: LayerCounts
    by_district: list[DistrictCounts]
    needs_data: int = Field(description="因缺少数据而暂按较低层级计的主体数")
    total: int


class SummaryQuery(Schema):
    as_of: date | None = Field(None, description="YYYY-MM-DD，缺省为今天")


class FlowLink(Schema):
    source: str = Field(description="年初层级，new 为年内新增")
    target: str = Field(description="年末层级，gone 为年内退出")
    value: int


class MoveCounts(Schema):
    sprout: int
    rise: int
    grow: int
    strengthen: int
    regress: int


class FlowsOut(Schema):
    year: int
    start: date
    end: date
    links: list[FlowLink]
    moves: MoveCounts


class FlowsQuery(Schema):
    year: int | None = Field(None, ge=1949, le=2100, description="YYYY，缺省为今年")


@router.get("", response=ForestOut, summary="森林概况：按层级、按县区的主体数")
@access.model(LayerSpan, Action.VIEW)
def forest(request: AuthenticatedRequest, filters: Query[SummaryQuery]) -> dict[str, Any]:
    summary = forest_summary(request.auth, filters.as_of or data_as_of())
    return {
        "as_of": summary.as_of,
        "rulebook_version": summary.rulebook_version,
        "by_layer": summary.by_layer,
        "by_district": summary.by_district,
        "needs_data": summary.needs_data,
        "total": summary.total,
    }


@router.get("/flows", response=FlowsOut, summary="一年内层级间的流动（桑基图）与成长路径计数")
@access.model(Move, Action.VIEW)
def flows(request: AuthenticatedRequest, filters: Query[FlowsQuery]) -> dict[str, Any]:
    as_of = data_as_of()
    year = filters.year or as_of.year
    start, end = year_window(year, as_of)
    return {
        "year": year,
        "start": start,
        "end": end,
        "links": layer_flows(request.auth, start, end),
        "moves": move_counts(request.auth, start, end),
    }
