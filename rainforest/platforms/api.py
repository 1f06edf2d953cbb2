"""/api/v1/platforms: the platforms' scorecards, the year's plan against what was done and the summary of
the seed's figures. The records themselves (platforms, partners, performance, plans, types) are under
/api/v1/records/<name>. Thin: parse, call one selector, shape the answer; rows within the caller's scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Query, Router, Schema

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.vocabulary import Day
from rainforest.core.models import data_as_of
from rainforest.core.pagination import Page, PageQuery, paginate
from rainforest.core.policy import Action, access
from rainforest.platforms import selectors
from rainforest.platforms.choices import PlatformLevel
from rainforest.platforms.models import Platform, PlatformPlan

router = Router(tags=["platforms"])

Ordering = Literal[
    "name", "-name", "rank", "-rank", "ratio", "-ratio", "change", "-change",
    "rd_input", "-rd_input", "economic_benefit", "-economic_benefit",
]  # fmt: skip


class YearPointOut(Schema):
    year: int
    rd_input: Decimal = Field(description="研发投入（元）")
    economic_benefit: Decimal = Field(description="直接经济效益（元）")
    conversion_income: Decimal = Field(description="成果转化收入（元）")
    ratio: Decimal | None = Field(description="直接经济效益 ÷ 研发投入；无研发投入时为空")


class ScorecardOut(Schema):
    platform_id: int
    name: str
    type: str
    level: str
    level_label: str
    host: str
    year: int
    ratio: Decimal | None = Field(description="当年直接经济效益 ÷ 当年研发投入")
    previous_ratio: Decimal | None
    trend: str = Field(description="up / down / flat；缺少两年数据时为空")
    rank: int | None = Field(description="在全市同类型、同级别平台中的名次（1 为最高，并列同名次）")
    ranked: int = Field(description="参与排名的平台数")
    points: list[YearPointOut]


class ScorecardPage(Page[ScorecardOut]):
    year: int


class ScorecardQuery(PageQuery):
    year: int | None = Field(None, ge=2000, le=2100, description="年度，缺省为数据截止日期的上一年")
    type: str | None = Field(None, description="平台类型名称")
    level: Literal["national", "provincial", "municipal"] | None = None
    ordering: Ordering = Field("rank", description="排序字段（前加 - 为倒序）")


def _scorecard(card: selectors.Scorecard) -> dict[str, Any]:
    platform = card.platform
    return {
        "platform_id": platform.pk,
        "name": platform.name,
        "type": platform.type.name,
        "level": platform.level,
        "level_label": str(platform.get_level_display()),
        "host": str(platform.host or ""),
        "year": card.year,
        "ratio": card.ratio,
        "previous_ratio": card.previous_ratio,
        "trend": card.trend,
        "rank": card.rank,
        "ranked": card.ranked,
        "points": [point.__dict__ for point in card.points],
    }


@router.get("/scorecards", response=ScorecardPage, summary="平台绩效评价：投入产出比、趋势与同类同级排名")
@access.model(Platform, Action.VIEW)
def scorecards(request: AuthenticatedRequest, query: Query[ScorecardQuery]) -> dict[str, Any]:
    year = query.year or data_as_of().year - 1
    platforms = selectors.visible_platforms(request.auth)
    if query.type:
        platforms = platforms.filter(type__name=query.type)
    if query.level:
        platforms = platforms.filter(level=query.level)
    cards = selectors.scorecards(request.auth, year=year, platforms=platforms, ordering=query.ordering)
    return paginate(cards, query, _scorecard, year=year)


class PlanLineOut(Schema):
    plan_id: int
    year: int
    type: str
    level: str
    level_label: str
    planned: int
    done: int = Field(description="该类型、该级别本年度认定的平台数")
    building: int = Field(description="本年度批准建设、尚未认定的平台数（不计入完成）")
    gap: int = Field(description="计划减完成，不小于 0")
    source: str


@router.get("/plan", response=list[PlanLineOut], summary="年度平台建设计划：计划、完成与差额")
@access.model(PlatformPlan, Action.VIEW)
def plan(
    request: AuthenticatedRequest, year: int | None = Query(None, ge=2000, le=2100)
) -> list[dict[str, Any]]:
    year = year or data_as_of().year
    return [
        {
            "plan_id": line.plan.pk,
            "year": line.plan.year,
            "type": line.plan.type.name,
            "level": line.plan.level,
            "level_label": str(PlatformLevel(line.plan.level).label),
            "planned": line.planned,
            "done": line.done,
            "building": line.building,
            "gap": line.gap,
            "source": line.plan.source,
        }
        for line in selectors.plan_progress(request.auth, year=year)
    ]


class PlatformsSummaryOut(Schema):
    as_of: date
    last_year: int
    key_platforms: int = Field(description="省级重点创新平台数（已认定、未撤销，类型计入重点创新平台）")
    rd_input: Decimal = Field(description="其上年研发投入（元）")
    economic_benefit: Decimal = Field(description="其上年直接经济效益（元）")
    top_conversion_platform: str | None = Field(description="上年成果转化收入最高的省级重点创新平台")
    top_conversion_income: Decimal | None = Field(description="其上年成果转化收入（元）")
    recommended: int = Field(description="本年推荐申报省级的平台（机构）数")
    co_built: int = Field(description="本年批准或认定、有共建单位的平台数")
    university_hosted: int = Field(description="高校院所依托的平台数（未撤销）")


@router.get("/summary", response=PlatformsSummaryOut, summary="创新平台概览：种子报告的平台数字")
@access.model(Platform, Action.VIEW)
def summary(request: AuthenticatedRequest, as_of: Day | None = None) -> dict[str, Any]:
    figures = selectors.summary(request.auth, as_of=as_of or data_as_of())
    top = figures.top_conversion
    return {
        "as_of": figures.as_of,
        "last_year": figures.last_year,
        "key_platforms": figures.key_platforms,
        "rd_input": figures.rd_input,
        "economic_benefit": figures.economic_benefit,
        "top_conversion_platform": top.platform.name if top else None,
        "top_conversion_income": top.conversion_income if top else None,
        "recommended": figures.recommended,
        "co_built": figures.co_built,
        "university_hosted": figures.university_hosted,
    }
