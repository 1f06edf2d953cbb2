"""REST endpoints of the rulebooks: the same result contract as the CLI and the pages (docs/eligibility.md).

* `GET  /api/v1/eligibility/rulebooks` — the rulebook versions;
* `POST /api/v1/eligibility/evaluate` — `{"rulebook": "...", "facts": {...}}` → the result; facts that do
  not parse answer 422 naming each bad field (`["body", "facts", "years", 1, "sales_revenue"]`);
* `GET  /api/v1/enterprises/{credit_code}/evaluation?rulebook=&as_of=` — an enterprise's facts built from
  its records (scoped by `Enterprise.objects.visible_to`) and their result;
* `GET  /api/v1/enterprises/{credit_code}/evaluations?family=` — its stored evaluations, newest first;
* `POST /api/v1/enterprises/{credit_code}/evaluations` — `{"rulebook": "...", "as_of": "..."}`: evaluate its
  records and store the result (`eligibility.services.evaluation_record`), as the enterprise page does.

Thin: parse, call the engine or a selector, answer. The result is `Result.to_json()`, as the CLI prints it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as InputError
from pydantic import ConfigDict

from rainforest.api.auth import AuthenticatedRequest
from rainforest.core.models import data_as_of
from rainforest.core.pagination import Page, PageQuery, paginate
from rainforest.core.policy import Action, access
from rainforest.eligibility import services
from rainforest.eligibility.engine import UnknownRulebook, evaluate
from rainforest.eligibility.facts import Facts, FactsError, facts_from_json, facts_to_json
from rainforest.eligibility.models import Evaluation
from rainforest.eligibility.rulebook import all_rulebooks
from rainforest.eligibility.schema import EXAMPLE, facts_json_schema
from rainforest.eligibility.selectors import enterprise_evaluations, facts_for
from rainforest.enterprises.models import Enterprise

router = Router(tags=["eligibility"])
enterprise_router = Router(tags=["eligibility"])


# --- Schemas ------------------------------------------------------------------------------------------


class RulebookOut(Schema):
    name: str = Field(description="规则名及版本，如 hnte-2016")
    family: str
    version: str
    title: str
    basis: str
    effective_from: date
    effective_to: date | None = Field(description="失效日（不含）；空表示仍有效")
    provisional: bool
    pass_mark: int | None


class GapOut(Schema):
    code: str
    text: str
    cost: str = Field(description="reassign/spend/hire/ip_class2/ip_class1/grow/wait，由易到难")
    size: str
    unit: str
    points_gain: int | None


class CriterionOut(Schema):
    code: str
    label: str
    passed: bool | None
    value: str | None
    threshold: str | None
    points: int | list[int] | None
    reason: str
    gap: str | None
    source: str
    status: str


class ResultOut(Schema):
    rulebook: str
    version: str
    evaluated_on: str
    eligible: str = Field(description="true/false/undetermined")
    score: int | list[int] | None
    pass_mark: int | None
    expert_inputs: list[str]
    criteria: list[CriterionOut]
    gaps: list[GapOut] = Field(description="全部差距，按补齐成本由低到高排序")


class EvaluateIn(Schema):
    model_config = ConfigDict(json_schema_extra={"example": EXAMPLE})

    rulebook: str = Field(
        description="规则名（如 hnte-2016、little-giant-2022）或规则族（hnte、tech-sme、innovative-sme、srdi、"
        "little-giant：按评价日期选在用版本）；GET /api/v1/eligibility/rulebooks 列出全部版本"
    )
    facts: dict[str, Any] = Field(
        description="企业的评价事实（字段见下）；缺省的字段视为未知", json_schema_extra=facts_json_schema()
    )


class EnterpriseEvaluationOut(Schema):
    credit_code: str
    name: str
    facts: dict[str, Any] = Field(
        description="由企业登记数据构建的事实（可原样提交到 /eligibility/evaluate）"
    )
    result: ResultOut


class EvaluationQuery(Schema):
    rulebook: str = Field(description="规则名或规则族")
    as_of: date | None = Field(None, description="评价日期 YYYY-MM-DD，缺省为今天")


class StoredEvaluationOut(Schema):
    id: int
    credit_code: str
    rulebook: str
    family: str
    version: str
    evaluated_on: date
    eligible: str = Field(description="true/false/undetermined")
    score_low: int | None
    score_high: int | None
    created_by: str | None = Field(description="保存评价的用户名；批量评价为空")
    created_at: datetime
    result: ResultOut = Field(description="保存时的完整结果：每项条件的结论、取值、门槛、得分、理由与差距")


class StoredEvaluationPage(Page[StoredEvaluationOut]):
    pass


class StoredEvaluationQuery(PageQuery):
    family: str | None = Field(None, description="规则族，如 hnte、tech-sme")


class StoreEvaluationIn(Schema):
    rulebook: str = Field(description="规则名或规则族")
    as_of: date | None = Field(None, description="评价日期，缺省为基准日")


# --- Endpoints ----------------------------------------------------------------------------------------


def _result(facts: Facts, rulebook: str) -> dict[str, Any]:
    try:
        return evaluate(facts, rulebook).to_json()
    except UnknownRulebook as error:
        raise InputError(
            [{"loc": ["body", "rulebook"], "msg": str(error.args[0]), "type": "value_error"}]
        ) from None
    except LookupError as error:
        raise InputError([{"loc": ["body", "rulebook"], "msg": str(error), "type": "value_error"}]) from None


@router.get("/rulebooks", response=list[RulebookOut], summary="评价规则及其版本、生效日期")
@access.login
def rulebooks(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    return [
        {
            "name": book.name,
            "family": book.family,
            "version": book.version,
            "title": book.title,
            "basis": book.basis,
            "effective_from": book.effective_from,
            "effective_to": book.effective_to,
            "provisional": book.provisional,
            "pass_mark": book.pass_mark,
        }
        for book in all_rulebooks()
    ]


@router.post(
    "/evaluate",
    response=ResultOut,
    summary="按评价规则评估给定事实（与命令行 rainforest evaluate 相同的结果）",
)
@access.login  # facts given in the request; nothing stored is read
def evaluate_facts(request: AuthenticatedRequest, payload: EvaluateIn) -> dict[str, Any]:
    try:
        facts = facts_from_json(payload.facts)
    except FactsError as error:
        raise InputError(
            [
                {"loc": ["body", "facts", *path], "msg": message, "type": "value_error"}
                for path, message in error.problems
            ]
        ) from None
    return _result(facts, payload.rulebook)


@enterprise_router.get(
    "/{credit_code}/evaluation",
    response=EnterpriseEvaluationOut,
    summary="企业自身登记数据构建的事实及其评价结果（按数据范围）",
)
@access.model(Evaluation, Action.VIEW)
def enterprise_evaluation(
    request: AuthenticatedRequest, credit_code: str, query: Query[EvaluationQuery]
) -> dict[str, Any]:
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.auth), credit_code=credit_code)
    facts = facts_for(enterprise, query.as_of or data_as_of())
    try:
        result = evaluate(facts, query.rulebook).to_json()
    except (UnknownRulebook, LookupError) as error:
        message = str(error.args[0]) if isinstance(error, UnknownRulebook) else str(error)
        raise InputError([{"loc": ["query", "rulebook"], "msg": message, "type": "value_error"}]) from None
    return {
        "credit_code": enterprise.credit_code,
        "name": enterprise.name,
        "facts": facts_to_json(facts),
        "result": result,
    }


def _stored(evaluation: Evaluation, credit_code: str) -> dict[str, Any]:
    return {
        "id": evaluation.pk,
        "credit_code": credit_code,
        "rulebook": evaluation.rulebook,
        "family": evaluation.family,
        "version": evaluation.version,
        "evaluated_on": evaluation.evaluated_on,
        "eligible": evaluation.eligible,
        "score_low": evaluation.score_low,
        "score_high": evaluation.score_high,
        "created_by": evaluation.created_by.username if evaluation.created_by else None,
        "created_at": evaluation.created_at,
        "result": evaluation.result,
    }


@enterprise_router.get(
    "/{credit_code}/evaluations",
    response=StoredEvaluationPage,
    summary="企业已保存的评价记录（最新在前，按数据范围）",
)
@access.model(Evaluation, Action.VIEW)
def stored_evaluations(
    request: AuthenticatedRequest, credit_code: str, query: Query[StoredEvaluationQuery]
) -> dict[str, Any]:
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.auth), credit_code=credit_code.upper()
    )
    rows = enterprise_evaluations(enterprise, query.family)
    return paginate(rows, query, lambda e: _stored(e, enterprise.credit_code))


@enterprise_router.post(
    "/{credit_code}/evaluations",
    response={201: StoredEvaluationOut},
    summary="按企业登记数据评价并保存评价记录",
)
@access.model(Evaluation, Action.ADD)
def store_evaluation(
    request: AuthenticatedRequest, credit_code: str, payload: StoreEvaluationIn
) -> Status[dict[str, Any]]:
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.auth), credit_code=credit_code.upper()
    )
    evaluation = services.evaluation_record(
        enterprise=enterprise,
        rulebook=payload.rulebook,
        evaluated_on=payload.as_of or data_as_of(),
        user=request.auth,
    )
    return Status(201, _stored(evaluation, enterprise.credit_code))
