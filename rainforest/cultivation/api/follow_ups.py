"""/api/v1/cultivation/follow-ups: the follow-up actions agreed at visits, within the user's data scope (a
butler sees those of the firms assigned to them), and changing their status."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.vocabulary import Day, Text
from rainforest.core.models import data_as_of
from rainforest.core.pagination import Page, PageQuery, paginate
from rainforest.core.policy import Action, access
from rainforest.cultivation import selectors, services
from rainforest.cultivation.api.pool import require_cultivation
from rainforest.cultivation.choices import FollowUpStatus
from rainforest.cultivation.models import FollowUp

router = Router(tags=["cultivation"])

StatusCode = Literal["open", "done", "dropped"]


class FollowUpRow(Schema):
    id: int
    visit_id: int
    credit_code: str
    enterprise: str
    butler: str
    visited_on: date
    action: str
    owner: str
    due_on: date
    status: str
    done_on: date | None
    overdue: bool = Field(description="待办且已过完成期限（按 as_of）")


class FollowUpPage(Page[FollowUpRow]):
    as_of: date


class FollowUpQuery(PageQuery):
    status: StatusCode | None = None
    overdue: bool = Field(False, description="只列出已逾期的待办事项")
    credit_code: Text | None = Field(None, description="统一社会信用代码（18 位）")
    as_of: Day | None = Field(None, description="判断逾期的日期，缺省为基准日")


class FollowUpUpdate(Schema):
    status: StatusCode
    done_on: Day | None = Field(None, description="已完成时必填")
    action: Text | None = None
    owner: Text | None = None
    due_on: Day | None = None


def _row(follow_up: FollowUp, day: date) -> dict[str, Any]:
    visit = follow_up.visit
    return {
        "id": follow_up.pk,
        "visit_id": visit.pk,
        "credit_code": visit.enterprise.credit_code,
        "enterprise": visit.enterprise.name,
        "butler": visit.butler.username,
        "visited_on": visit.visited_on,
        "action": follow_up.action,
        "owner": follow_up.owner,
        "due_on": follow_up.due_on,
        "status": follow_up.status,
        "done_on": follow_up.done_on,
        "overdue": follow_up.is_overdue_on(day),
    }


@router.get("", response=FollowUpPage, summary="跟进事项（按数据范围；科技管家为所服务企业的事项）")
@access.model(FollowUp, Action.VIEW)
def follow_up_list(request: AuthenticatedRequest, query: Query[FollowUpQuery]) -> dict[str, Any]:
    require_cultivation(request.auth)
    day = query.as_of or data_as_of()
    rows = selectors.follow_ups_for(request.auth).order_by("due_on", "pk")
    if query.status:
        rows = rows.filter(status=query.status)
    if query.overdue:
        rows = rows.filter(status=FollowUpStatus.OPEN, due_on__lt=day)
    if query.credit_code:
        rows = rows.filter(visit__enterprise__credit_code=query.credit_code.strip().upper())
    return paginate(rows, query, lambda f: _row(f, day), as_of=day)


@router.patch("/{follow_up_id}", response=FollowUpRow, summary="更新跟进事项的状态（及事项、责任人、期限）")
@access.model(FollowUp, Action.CHANGE)
def follow_up_change(
    request: AuthenticatedRequest, follow_up_id: int, payload: FollowUpUpdate
) -> dict[str, Any]:
    require_cultivation(request.auth)
    follow_up = get_object_or_404(selectors.follow_ups_for(request.auth), pk=follow_up_id)
    changes = {
        name: value
        for name, value in payload.model_dump(include={"action", "owner", "due_on"}).items()
        if value is not None
    }
    saved = services.follow_up_update(
        follow_up=follow_up, user=request.auth, status=payload.status, done_on=payload.done_on, **changes
    )
    return _row(saved, data_as_of())
