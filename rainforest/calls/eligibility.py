"""Who may apply to a call: its rulebook (the eligibility app's runner) and/or its CEL condition (the policy
calculator's facts and CEL evaluation), for one firm (the precheck, with reasons) or for every firm (the
funnel's first step, on the fast paths).

The precheck answers in the shape of `POST /api/v1/eligibility/evaluate`: the rulebook's result, with the
call's CEL condition added as one more criterion (code `CALL`) and taken into the verdict the same way
(any known failure → "false"; else anything unknown → "undetermined"; else "true"). A call with a CEL
condition only gives a result whose `rulebook` is `call` and whose only criterion is that condition.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rainforest.calls.models import Call
from rainforest.eligibility.engine import UnknownRulebook, choose, evaluate
from rainforest.eligibility.facts import Facts
from rainforest.eligibility.fast import fast_evaluate
from rainforest.eligibility.selectors import facts_for, iter_facts
from rainforest.enterprises.models import Enterprise
from rainforest.policies.calculator import (
    CompiledPolicy,
    ConditionSpec,
    PolicySpec,
)
from rainforest.policies.cel import ExpressionError, check_expression
from rainforest.policies.facts import FACT_NAMES
from rainforest.policies.selectors import policy_facts

TRUE, FALSE, UNDETERMINED = "true", "false", "undetermined"
_STATUS = {"met": TRUE, "unmet": FALSE, "unknown": UNDETERMINED}


def rulebook_problem(name: str) -> str:
    """ "" when `name` is a rulebook or family, else the message naming the known ones."""
    try:
        choose(name.strip(), Facts(evaluated_on=date(2025, 6, 1)))
    except UnknownRulebook as error:
        return str(error.args[0])
    except LookupError as error:
        return str(error)
    return ""


def condition_problem(source: str) -> str:
    try:
        check_expression(source, known=FACT_NAMES)
    except ExpressionError as error:
        return error.message
    return ""


def _policy(call: Call) -> CompiledPolicy:
    spec = PolicySpec(
        code=call.code,
        name=call.title,
        benefit_kind="none",
        conditions=(ConditionSpec(order=1, label=_("申报通知的资格条件"), expression=call.condition),),
    )
    return CompiledPolicy(spec)


def _verdict(values: Iterable[str]) -> str:
    values = list(values)
    if FALSE in values:
        return FALSE
    if UNDETERMINED in values:
        return UNDETERMINED
    return TRUE


def _condition_criterion(call: Call, enterprise: Enterprise, day: date) -> dict[str, Any]:
    compiled = _policy(call)
    facts = policy_facts(
        as_of=day, enterprises=Enterprise.objects.filter(pk=enterprise.pk), names=compiled.fact_names
    )[enterprise.pk]
    outcome = compiled.evaluate(facts).conditions[0]
    passed = {"met": True, "unmet": False}.get(outcome.status)
    values = ", ".join(f"{name}={value}" for name, value in outcome.values.items())
    return {
        "code": "CALL",
        "label": str(outcome.label),
        "passed": passed,
        "value": values or None,
        "threshold": call.condition,
        "points": None,
        "reason": str(outcome.reason) or (_("满足") if passed else _("不满足") if passed is False else ""),
        "gap": None,
        "source": call.title,
        "status": "TEAM DESIGN",
    }


def precheck(call: Call, enterprise: Enterprise, day: date) -> dict[str, Any]:
    """The eligibility result of `enterprise` for `call` on `day` (the shape of the evaluate endpoint)."""
    result: dict[str, Any]
    if call.rulebook.strip():
        result = evaluate(facts_for(enterprise, day), call.rulebook.strip()).to_json()
    else:
        result = {
            "rulebook": "call",
            "version": call.code,
            "evaluated_on": day.isoformat(),
            "eligible": TRUE,
            "score": None,
            "pass_mark": None,
            "expert_inputs": [],
            "criteria": [],
            "gaps": [],
        }
    if call.condition.strip():
        criterion = _condition_criterion(call, enterprise, day)
        result["criteria"].append(criterion)
        status = {True: TRUE, False: FALSE, None: UNDETERMINED}[criterion["passed"]]
        result["eligible"] = _verdict([result["eligible"], status])
    return result


def eligible_ids(call: Call, day: date, enterprises: QuerySet[Enterprise] | None = None) -> dict[int, str]:
    """{enterprise id: verdict} of every firm (or of `enterprises`), on the fast paths: the rulebook's
    fast evaluator over the streamed facts, the CEL condition over the policy facts it reads."""
    ids = None if enterprises is None else list(enterprises.values_list("pk", flat=True))
    verdicts: dict[int, str] = {}
    if call.rulebook.strip():
        book = choose(call.rulebook.strip(), Facts(evaluated_on=day))
        for pk, facts in iter_facts(day, ids):
            verdicts[pk] = fast_evaluate(facts, book.name)[0]
    if call.condition.strip():
        compiled = _policy(call)
        facts_by_firm = policy_facts(as_of=day, enterprises=enterprises, names=compiled.fact_names)
        for pk, policy_row in facts_by_firm.items():
            status = _STATUS[compiled.statuses(policy_row)[0]]
            verdicts[pk] = _verdict([verdicts.get(pk, TRUE), status])
    if not call.rulebook.strip() and not call.condition.strip():
        base = Enterprise.objects.all() if enterprises is None else enterprises
        verdicts = dict.fromkeys(base.values_list("pk", flat=True), TRUE)
    return verdicts


def validate_condition(call: Call) -> None:
    """ValidationError naming `condition` or `rulebook` (used by the services)."""
    errors = {}
    if call.condition.strip() and (problem := condition_problem(call.condition)):
        errors["condition"] = problem
    if call.rulebook.strip() and (problem := rulebook_problem(call.rulebook)):
        errors["rulebook"] = problem
    if errors:
        raise ValidationError(errors)
