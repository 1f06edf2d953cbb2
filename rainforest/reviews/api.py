"""The reviews app's API operations, mounted under /api/v1/reviews (the expert pool and conflicts are record
types: /api/v1/records/expert, /api/v1/records/expert-conflict):

- `GET /reviews/panels/{code}`: a call's panel (rules, criteria, members, whether it is closed);
- `GET /reviews/sheets`: an expert's applications to score on their open panels, with their totals;
- `POST /reviews/sheets/{application_id}`: an expert's scores of one application (`{"scores", "comment"}`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from rainforest.api.auth import AuthenticatedRequest
from rainforest.calls.models import Application
from rainforest.core.policy import Action, access, restrict
from rainforest.reviews import selectors, services
from rainforest.reviews.models import Panel, ScoreSheet

router = Router(tags=["reviews"])


class MemberOut(Schema):
    id: int
    name: str
    organisation: str
    technical: bool
    financial: bool


class PanelOut(Schema):
    call: str
    size: int
    min_members: int
    min_technical_percent: int
    min_financial: int
    aggregation: str
    deviation_threshold: Decimal
    criteria: list[dict[str, Any]]
    drawn: bool
    closed: bool
    experts: list[MemberOut]


class SheetRowOut(Schema):
    application: int
    call: str
    enterprise: str
    title: str
    expert_review_ends_on: str
    total: Decimal | None


class SheetIn(Schema):
    scores: dict[str, Decimal | str]
    comment: str = ""


class SheetOut(Schema):
    application: int
    expert: int
    scores: dict[str, str]
    total: Decimal


@router.get("/panels/{code}", response=PanelOut, summary="一个申报通知的评审专家组")
@access.model(Panel, Action.VIEW)
def panel_detail(request: AuthenticatedRequest, code: str) -> dict[str, Any]:
    panel = get_object_or_404(
        restrict(Panel.objects.select_related("call"), request.auth, Action.VIEW), call__code=code
    )
    members = panel.members.select_related("expert__organisation").order_by("position")
    return {
        "call": panel.call.code,
        "size": panel.size,
        "min_members": panel.min_members,
        "min_technical_percent": panel.min_technical_percent,
        "min_financial": panel.min_financial,
        "aggregation": panel.aggregation,
        "deviation_threshold": panel.deviation_threshold,
        "criteria": panel.criteria,
        "drawn": panel.drawn_at is not None,
        "closed": panel.closed,
        "experts": [
            {
                "id": m.expert.pk,
                "name": m.expert.name,
                "organisation": m.expert.organisation.name,
                "technical": m.expert.technical,
                "financial": m.expert.financial,
            }
            for m in members
        ],
    }


@router.get("/sheets", response=list[SheetRowOut], summary="专家待评分和已评分的申报")
@access.model(ScoreSheet, Action.ADD)
def sheet_list(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    return [
        {
            "application": row.application.pk,
            "call": row.application.call.code,
            "enterprise": row.application.enterprise.name,
            "title": row.application.title,
            "expert_review_ends_on": row.application.call.expert_review_ends_on.isoformat(),
            "total": row.sheet.total if row.sheet else None,
        }
        for row in selectors.sheets_of(request.auth)
    ]


@router.post("/sheets/{application_id}", response={201: SheetOut}, summary="专家提交一份评分")
@access.model(ScoreSheet, Action.ADD)
def sheet_submit(request: AuthenticatedRequest, application_id: int, payload: SheetIn) -> Status:
    application = get_object_or_404(
        restrict(Application.objects.select_related("call", "enterprise"), request.auth, Action.VIEW),
        pk=application_id,
    )
    sheet = services.sheet_submit(
        user=request.auth, application=application, scores=dict(payload.scores), comment=payload.comment
    )
    return Status(
        201,
        {
            "application": sheet.application_id,
            "expert": sheet.expert_id,
            "scores": sheet.scores,
            "total": sheet.total,
        },
    )
