"""An enterprise's yearly figures: record (create or update) one year."""

from __future__ import annotations

from typing import Any

from rainforest.api.auth import AuthenticatedRequest
from rainforest.core.policy import Action, access
from rainforest.enterprises import services
from rainforest.enterprises.api._common import figures, visible
from rainforest.enterprises.api._router import router
from rainforest.enterprises.api.schemas import FiguresIn, FiguresOut
from rainforest.enterprises.models import YearlyFigures


@router.post("/{credit_code}/figures", response=FiguresOut, summary="填报（新增或更新）一年的年度数据")
@access.model(YearlyFigures, Action.CHANGE)
def figures_upsert(request: AuthenticatedRequest, credit_code: str, payload: FiguresIn) -> dict[str, Any]:
    user = request.auth
    enterprise = visible(request, credit_code, action=Action.CHANGE)
    values = payload.dict(exclude_unset=True)
    year = values.pop("year")
    reason = values.pop("reason", "")
    record = services.figures_record(enterprise=enterprise, year=year, user=user, reason=reason, **values)
    return figures(record)
