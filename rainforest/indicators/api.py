"""The indicators app's API operations, mounted under /api/v1/indicators: every indicator's figure for a
period and scope (the same objects as `rainforest indicators --json`)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Query, Router, Schema

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.errors import ErrorOut
from rainforest.core.policy import access
from rainforest.indicators.figures import figures
from rainforest.indicators.periods import Period
from rainforest.indicators.selectors import OutOfScope

router = Router(tags=["indicators"])

# A period code as the CLI takes it: 2025, 2025Q1, 2025M03, 2025YTD04, 2025-03 or 2025-01..2025-05.
_MONTH = r"(0?[1-9]|1[0-2])"
PERIOD_PATTERN = (
    rf"^(19|2[0-9])[0-9]{{2}}(Q[1-4]|M{_MONTH}|YTD{_MONTH}|-{_MONTH}"
    rf"|-01\.\.(19|2[0-9])[0-9]{{2}}-{_MONTH})?$"
)


class IndicatorsQuery(Schema):
    period: str = Field(
        ...,
        max_length=20,
        pattern=PERIOD_PATTERN,
        description="统计期：2025（年）、2025Q1（季度）、2025-03 或 2025M03（月）、2025-01..2025-05（1–5月累计）",
    )
    district: str = Field("", max_length=6, pattern=r"^([0-9]{6})?$", description="县区代码（留空为全市）")


class IndicatorFigureOut(Schema):
    code: str = Field(description="指标代码，如 contracts.turnover")
    name: str = Field(description="指标名称")
    unit: str = Field(description="单位：金额为元")
    value: float | None = Field(description="本期数值")
    previous: float | None = Field(description="上年同期数值")
    change: float | None = Field(description="同比增减（百分数，27.0 即 +27%；上年同期为 0 或未知时为空）")
    rank: int | None = Field(description="全省排名（有对标数据时）")
    previous_rank: int | None = Field(description="上年同期全省排名")


@router.get(
    "",
    # 403: a district outside the caller's scope; 404: no such district, or a period the pattern allows
    # that is no period (a range across two years, a year with no year before)
    response={200: list[IndicatorFigureOut], 403: ErrorOut, 404: ErrorOut},
    summary="各项指标本期数值、上年同期、同比与全省排名（按数据范围）",
)
@access.login  # each figure reads only the rows the user may view (policy.restrict)
def indicators(request: AuthenticatedRequest, query: Query[IndicatorsQuery]) -> Any:
    try:
        period = Period.parse(query.period)
        rows = figures(period, user=request.auth, district=query.district or None)
    except OutOfScope as error:
        return 403, {"detail": str(error)}
    except ValueError as error:  # an unknown district (ScopeError), or no such period
        return 404, {"detail": str(error)}
    return 200, [row.as_json() for row in rows]
