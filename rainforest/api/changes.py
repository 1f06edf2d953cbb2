"""GET /api/v1/changes: the change log across every record type that keeps history, deleted records
included, within the caller's scope (rainforest.core.history says how a deleted record's scope is
decided)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Query, Router, Schema

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.vocabulary import Day, Text, one_of
from rainforest.core.history import ChangeFilter, change_keys, changes_for, record_types
from rainforest.core.pagination import Page, PageQuery, first_row
from rainforest.core.policy import access

router = Router(tags=["changes"])


class HistoryFieldOut(Schema):
    field: str = Field(description="字段名")
    label: str = Field(description="字段的中文名称")
    old: str = Field(description="原值（创建时为空）")
    new: str = Field(description="新值（删除时为空）")


class HistoryEntryOut(Schema):
    record_type: str = Field(description="记录类型，如 enterprises.enterprise")
    record_type_label: str
    record_id: int = Field(description="记录的编号（删除后仍保留）")
    record: str = Field(description="记录（按当时的值）")
    history_id: int
    at: datetime
    user: str = Field(description="操作用户名；系统操作为“系统”")
    action: str = Field(description="created / changed / deleted")
    action_label: str
    reason: str = Field(description="填写的修改原因")
    changes: list[HistoryFieldOut] = Field(
        description="创建：所设的值；修改：变化的字段（原值 → 新值）；删除：删除前的值"
    )


class HistoryPage(Page[HistoryEntryOut]):
    pass


class HistoryQuery(PageQuery):
    record_type: one_of(record_types()) | None = Field(None, description="记录类型")  # type: ignore[valid-type]
    record_id: int | None = Field(None, ge=1, le=2**62, description="记录编号（须同时给出记录类型才有意义）")
    username: Text | None = Field(None, max_length=150, description="操作用户名")
    action: one_of(("created", "changed", "deleted")) | None = None  # type: ignore[valid-type]
    since: Day | None = Field(None, description="起始日期（含）")
    until: Day | None = Field(None, description="截止日期（含）")


def _entry(change: Any) -> dict[str, Any]:
    return {
        "record_type": change.record_type,
        "record_type_label": change.record_type_label,
        "record_id": change.record_id,
        "record": change.record,
        "history_id": change.history_id,
        "at": change.at,
        "user": change.user,
        "action": change.action,
        "action_label": change.action_label,
        "reason": change.reason,
        "changes": [vars(item) for item in change.changes],
    }


@router.get(
    "", response=HistoryPage, summary="变更记录：各类记录的创建、修改与删除（含已删除的记录，按数据范围）"
)
@access.login
def change_list(request: AuthenticatedRequest, query: Query[HistoryQuery]) -> dict[str, Any]:
    wanted = ChangeFilter(
        record_type=query.record_type,
        record_id=query.record_id,
        user=query.username,
        action=query.action,
        since=query.since,
        until=query.until,
    )
    keys = change_keys(request.auth, wanted)
    start = first_row(query)
    shown = list(keys[start : start + query.page_size])
    return {
        "count": keys.count(),
        "page": query.page,
        "page_size": query.page_size,
        "results": [_entry(change) for change in changes_for(shown, request.auth)],
    }
