"""REST endpoints of the policy calculator under /api/v1/policies. Thin: parse input, call one selector
or service, shape the answer. Enterprises come only from `Enterprise.objects.visible_to(user)` (in the
selectors). The catalogue is written only through `policies.services` (city officers and admins; a
condition that does not parse answers 422 at `conditions[i].expression` with the parser's message)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from rainforest.api.auth import AuthenticatedRequest
from rainforest.api.vocabulary import Day, DistrictCode
from rainforest.core.models import data_as_of
from rainforest.core.pagination import Page, PageQuery, paginate
from rainforest.core.policy import Action, access
from rainforest.enterprises.models import Enterprise
from rainforest.policies import selectors, services
from rainforest.policies.calculator import Amount, PolicyResult
from rainforest.policies.choices import Beneficiary, BenefitKind, PolicyLevel, SourceStatus, Verdict
from rainforest.policies.models import Policy

router = Router(tags=["policies"])
# Mounted on /enterprises as well: GET /api/v1/enterprises/{credit_code}/policies.
enterprise_router = Router(tags=["policies"])


class ConditionOut(Schema):
    order: int
    label: str
    expression: str
    gap_fact: str
    gap_threshold: Decimal | None


class PolicyOut(Schema):
    code: str
    name: str
    level: str
    issuer: str
    document_number: str
    source_url: str
    status: str
    valid_from: date | None
    valid_to: date | None
    beneficiary: str
    benefit_kind: str
    amount_yuan: Decimal | None = Field(description="固定金额或上限（元）")
    benefit_expression: str
    benefit_note: str
    open_question: str
    stacking_open: bool
    conditions: list[ConditionOut]


class ConditionIn(Schema):
    order: int | None = Field(None, ge=1, description="序号，缺省为列表中的位置（从1开始）")
    label: str
    expression: str = Field(description="CEL 表达式，变量为企业事实（见 docs）")
    gap_fact: str = ""
    gap_threshold: Decimal | None = None


class PolicyIn(Schema):
    """A policy with all its conditions: saving replaces the stored conditions (matched by order)."""

    code: str
    name: str
    level: PolicyLevel
    issuer: str = ""
    document_number: str = ""
    source_url: str = ""
    status: SourceStatus = SourceStatus.UNCONFIRMED
    valid_from: date | None = None
    valid_to: date | None = None
    beneficiary: Beneficiary = Beneficiary.ENTERPRISE
    benefit_kind: BenefitKind
    amount_yuan: Decimal | None = Field(None, description="固定金额或上限（元）")
    benefit_expression: str = ""
    benefit_note: str = ""
    open_question: str = ""
    stacking_open: bool = False
    notes: str = ""
    conditions: list[ConditionIn] = []


class AmountOut(Schema):
    low: Decimal | None = Field(description="金额下限（元）；无法计算时为 null")
    high: Decimal | None = Field(description="金额上限（元）；与下限相等时为确定金额")
    reason: str


class PushQuery(PageQuery):
    as_of: Day | None = Field(None, description="计算日期，缺省为今天")
    district: DistrictCode | None = Field(None, description="县区 GB/T 2260 代码")
    verdict: Verdict | None = Field(None, description="eligible / not_eligible / undetermined")


class PushConditionOut(Schema):
    label: str
    status: str


class PushRowOut(Schema):
    credit_code: str
    name: str
    district_code: str
    incubator_park: str
    verdict: str
    amount: AmountOut
    conditions: list[PushConditionOut]


class PushPage(Page[PushRowOut]):
    policy: str
    as_of: date
    counts: dict[str, int] = Field(description="各结论的企业数（按结论筛选前）")


class PolicyGapOut(Schema):
    fact: str
    value: Decimal
    threshold: Decimal
    shortfall: Decimal
    text: str


class OutcomeOut(Schema):
    order: int
    label: str
    expression: str
    status: str
    values: dict[str, Any]
    reason: str
    gap: PolicyGapOut | None


class PolicyResultOut(Schema):
    code: str
    name: str
    document_number: str
    status: str
    verdict: str
    amount: AmountOut
    flags: list[str]
    conditions: list[OutcomeOut]


class EnterprisePoliciesOut(Schema):
    credit_code: str
    name: str
    as_of: date
    stacking_open: bool = Field(description="多项符合的政策能否叠加未确认（Q11）：金额分列，不合计")
    results: list[PolicyResultOut]


class AsOfQuery(Schema):
    as_of: date | None = None


def _amount(amount: Amount) -> dict[str, Any]:
    return {"low": amount.low, "high": amount.high, "reason": amount.reason}


def _result(policy: Policy, result: PolicyResult) -> dict[str, Any]:
    return {
        "code": policy.code,
        "name": policy.name,
        "document_number": policy.document_number,
        "status": policy.status,
        "verdict": result.verdict,
        "amount": _amount(result.amount),
        "flags": list(result.flags),
        "conditions": [
            {
                "order": outcome.order,
                "label": outcome.label,
                "expression": outcome.expression,
                "status": outcome.status,
                "values": outcome.values,
                "reason": outcome.reason,
                "gap": None
                if outcome.gap is None
                else {
                    "fact": outcome.gap.fact,
                    "value": outcome.gap.value,
                    "threshold": outcome.gap.threshold,
                    "shortfall": outcome.gap.shortfall,
                    "text": outcome.gap.text,
                },
            }
            for outcome in result.conditions
        ],
    }


@router.get("", response=list[PolicyOut], summary="政策目录（含条件）")
@access.model(Policy, Action.VIEW)
def list_policies(request: AuthenticatedRequest) -> Any:
    return list(selectors.policies_with_conditions())


@router.get(
    "/for-enterprise/{credit_code}", response=EnterprisePoliciesOut, summary="企业可享政策（逐条条件）"
)
@access.model(Enterprise, Action.VIEW)
def policies_for_enterprise(
    request: AuthenticatedRequest, credit_code: str, query: Query[AsOfQuery]
) -> dict[str, Any]:
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.auth), credit_code=credit_code.upper()
    )
    outcome = selectors.enterprise_policies(enterprise=enterprise, as_of=query.as_of or data_as_of())
    return {
        "credit_code": enterprise.credit_code,
        "name": enterprise.name,
        "as_of": outcome.as_of,
        "stacking_open": outcome.stacking_open,
        "results": [_result(policy, result) for policy, result in outcome.results],
    }


@enterprise_router.get(
    "/{credit_code}/policies",
    response=EnterprisePoliciesOut,
    summary="企业可享政策（逐条条件）",
    operation_id="enterprise_policies",
)
@access.model(Enterprise, Action.VIEW)
def enterprise_policies(
    request: AuthenticatedRequest, credit_code: str, query: Query[AsOfQuery]
) -> dict[str, Any]:
    return policies_for_enterprise(request, credit_code, query)


@router.get("/{code}", response=PolicyOut, summary="政策详情")
@access.model(Policy, Action.VIEW)
def policy_detail(request: AuthenticatedRequest, code: str) -> Any:
    return get_object_or_404(selectors.policies_with_conditions(), code=code)


def _save(request: AuthenticatedRequest, payload: PolicyIn, policy: Policy | None) -> Policy:
    fields = payload.model_dump(exclude={"conditions"})
    conditions = [
        {
            name: value
            for name, value in condition.model_dump().items()
            if name != "order" or value is not None
        }
        for condition in payload.conditions
    ]
    saved = services.policy_save(user=request.auth, fields=fields, conditions=conditions, policy=policy)
    return selectors.policies_with_conditions().get(pk=saved.pk)


@router.post("", response={201: PolicyOut}, summary="新增政策（含条件；市局工作人员和系统管理员）")
@access.model(Policy, Action.ADD)
def policy_create(request: AuthenticatedRequest, payload: PolicyIn) -> Status[Policy]:
    return Status(201, _save(request, payload, None))


@router.put("/{code}", response=PolicyOut, summary="修改政策（整体替换字段和条件）")
@access.model(Policy, Action.CHANGE)
def policy_update(request: AuthenticatedRequest, code: str, payload: PolicyIn) -> Policy:
    return _save(
        request, payload, get_object_or_404(Policy.objects.restrict(request.auth, Action.CHANGE), code=code)
    )


@router.delete("/{code}", response={204: None}, summary="删除政策及其条件")
@access.model(Policy, Action.DELETE)
def policy_remove(request: AuthenticatedRequest, code: str) -> Status[None]:
    policy = get_object_or_404(Policy.objects.restrict(request.auth, Action.DELETE), code=code)
    services.policy_delete(user=request.auth, policy=policy)
    return Status(204, None)


@router.get("/{code}/enterprises", response=PushPage, summary="政策找企业：符合该政策的企业及金额（分页）")
@access.model(Policy, Action.VIEW)  # the firms listed are the caller's own scope
def policy_enterprises(request: AuthenticatedRequest, code: str, query: Query[PushQuery]) -> dict[str, Any]:
    policy = get_object_or_404(selectors.policies_with_conditions(), code=code)
    as_of = query.as_of or data_as_of()
    push = selectors.push_list(
        user=request.auth,
        policy=policy,
        as_of=as_of,
        district_code=query.district or "",
        verdict=query.verdict.value if query.verdict else "",
    )
    return paginate(
        push.rows,
        query,
        lambda row: {
            "credit_code": row.credit_code,
            "name": row.name,
            "district_code": row.district_code,
            "incubator_park": row.incubator_park,
            "verdict": row.verdict,
            "amount": _amount(row.amount),
            "conditions": [
                {"label": label, "status": status}
                for label, status in zip(push.labels, row.statuses, strict=True)
            ],
        },
        policy=policy.code,
        as_of=as_of,
        counts=push.counts,
    )
