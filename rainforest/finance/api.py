"""The finance app's API operations, mounted under /api/v1/finance: the year's summary, the funnel from
events to loans over a period, and one enterprise's ledger. The record types themselves are under
/api/v1/records/<name> (declared in records.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from rainforest.api.auth import AuthenticatedRequest
from rainforest.core.policy import Action, access
from rainforest.enterprises.models import Enterprise
from rainforest.finance import selectors
from rainforest.finance.models import Loan
from rainforest.indicators.periods import Period

router = Router(tags=["finance"])


class FigureOut(Schema):
    key: str
    label: str
    value: Decimal = Field(description="数值；金额为元")
    unit: str = Field(description="显示单位（金额按万元显示，value 仍为元）")
    money: bool
    note: str
    url: str = Field(description="构成该数字的记录列表页")


class FinanceSummaryOut(Schema):
    year: int
    figures: list[FigureOut]


class StageOut(Schema):
    key: str = Field(description="events / firms / demands / loans / borrowers")
    label: str
    count: int
    amount: Decimal | None = Field(description="金额（元），仅融资需求和贷款")
    url: str


class FinanceFunnelOut(Schema):
    period: str = Field(description="统计期代码，如 2025、2025Q1")
    label: str
    start: date
    end: date
    stages: list[StageOut]


class LedgerRowOut(Schema):
    id: int
    date: date | None
    text: str
    amount: Decimal | None = Field(description="元")


class LedgerOut(Schema):
    credit_code: str
    name: str
    loan_total: Decimal
    subsidy_approved: Decimal
    subsidy_requested: Decimal
    leverage: Decimal | None = Field(description="每元获批贴息对应的贷款（元）；无获批贴息时为空")
    demands: list[LedgerRowOut]
    loans: list[LedgerRowOut]
    subsidies: list[LedgerRowOut]
    insurance: list[LedgerRowOut]
    investments: list[LedgerRowOut]
    events: list[LedgerRowOut]
    visits: list[LedgerRowOut]


@router.get("/summary", response=FinanceSummaryOut, summary="科技金融年度概况：各项数字及构成它的记录")
@access.model(Loan, Action.VIEW)
def finance_summary(
    request: AuthenticatedRequest,
    year: int | None = Query(None, ge=2000, le=2100, description="年度（2000–2100），默认最近有贷款的年度"),
) -> dict[str, Any]:
    result = selectors.summary(request.auth, year or selectors.default_year())
    return {
        "year": result.year,
        "figures": [
            {
                "key": f.key,
                "label": f.label,
                "value": Decimal(f.value),
                "unit": f.unit,
                "money": f.money,
                "note": f.note,
                "url": f.url,
            }
            for f in result.figures
        ],
    }


@router.get("/funnel", response=FinanceFunnelOut, summary="对接漏斗：活动 → 参会企业 → 融资需求 → 贷款")
@access.model(Loan, Action.VIEW)
def finance_funnel(
    request: AuthenticatedRequest,
    period: str = Query(
        "",
        pattern=r"^((19|20)[0-9]{2}(Q[1-4]|M(0[1-9]|1[0-2])|YTD(0[1-9]|1[0-2]))?)?$",
        description="统计期代码：2025、2025Q1、2025M03、2025YTD04；默认最近一年",
    ),
) -> dict[str, Any]:
    try:
        chosen = Period.parse(period) if period else Period.whole_year(selectors.default_year())
    except ValueError as error:
        raise HttpError(422, _("统计期无效：{error}").format(error=error)) from error
    stages = selectors.funnel(request.auth, chosen)
    return {
        "period": chosen.code,
        "label": chosen.label,
        "start": chosen.start,
        "end": chosen.end,
        "stages": [vars(stage) for stage in stages],
    }


@router.get(
    "/enterprises/{credit_code}/ledger",
    response=LedgerOut,
    summary="企业金融台账：需求、贷款、贴息、保险、投资、活动、走访与杠杆率；404：企业不存在或不在您的数据范围内",
)
@access.model(Enterprise, Action.VIEW)
def finance_ledger(request: AuthenticatedRequest, credit_code: str) -> dict[str, Any]:
    enterprise = selectors.enterprise_for(request.auth, credit_code)
    if enterprise is None:
        raise Http404(_("企业不存在或不在您的数据范围内"))
    result = selectors.ledger(request.auth, enterprise)

    def rows(items: list[Any], day: str, text: Any, amount: Any) -> list[dict[str, Any]]:
        return [
            {"id": i.pk, "date": getattr(i, day, None), "text": text(i), "amount": amount(i)} for i in items
        ]

    return {
        "credit_code": enterprise.credit_code,
        "name": enterprise.name,
        "loan_total": result.loan_total,
        "subsidy_approved": result.subsidy_approved,
        "subsidy_requested": result.subsidy_requested,
        "leverage": result.leverage,
        "demands": rows(result.demands, "raised_on", lambda d: d.purpose, lambda d: d.amount),
        "loans": rows(
            result.loans, "lent_on", lambda x: f"{x.bank.name} {x.contract_number}", lambda x: x.amount
        ),
        "subsidies": [
            {"id": s.pk, "date": None, "text": f"{s.year} {s.get_status_display()}", "amount": s.requested}
            for s in result.subsidies
        ],
        "insurance": rows(result.insurance, "starts_on", lambda p: p.get_kind_display(), lambda p: p.premium),
        "investments": rows(result.investments, "invested_on", lambda i: i.fund.name, lambda i: i.amount),
        "events": [
            {"id": a.event_id, "date": a.event.held_on, "text": a.event.title, "amount": None}
            for a in result.attendance
        ],
        "visits": rows(result.visits, "visited_on", lambda v: v.topics, lambda v: None),
    }
