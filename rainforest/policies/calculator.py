"""The policy calculator: a policy's CEL conditions and benefit over one enterprise's facts. Pure: it never
queries the database (selectors load the facts once, in bulk) and knows nothing of Django models.

Each condition is evaluated on its own and is `met`, `unmet` or `unknown` (a fact it reads is missing, or it
did not give true/false). The verdict: `eligible` when every condition is met, `not_eligible` when any is
unmet, `undetermined` otherwise. The benefit is an amount range in Decimal yuan: a fixed
amount [a, a], a CEL formula's result, or [0, cap] for "up to" amounts whose formula is not published.

Speed: a condition reads a few facts; its outcome is memoised on their values, so over a whole city a
condition on categories (zone, certificate flags) runs a handful of times and only conditions on money run
per enterprise (see benchmarks/bench_policies.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from rainforest.core.money import WAN, in_units
from rainforest.policies.cel import compile_expression, referenced_names
from rainforest.policies.choices import BenefitKind, ConditionStatus, Verdict
from rainforest.policies.facts import FACT_BY_NAME

MET, UNMET, UNKNOWN = ConditionStatus.MET.value, ConditionStatus.UNMET.value, ConditionStatus.UNKNOWN.value
ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED = (
    Verdict.ELIGIBLE.value,
    Verdict.NOT_ELIGIBLE.value,
    Verdict.UNDETERMINED.value,
)
FEN = Decimal("0.01")
# Memoised outcomes per condition; past this many distinct fact combinations new ones are not kept.
MEMO_LIMIT = 200_000


@dataclass(frozen=True)
class ConditionSpec:
    order: int
    label: str
    expression: str
    gap_fact: str = ""
    gap_threshold: Decimal | None = None


@dataclass(frozen=True)
class PolicySpec:
    code: str
    name: str
    benefit_kind: str
    conditions: tuple[ConditionSpec, ...]
    amount_yuan: Decimal | None = None
    benefit_expression: str = ""
    benefit_note: str = ""
    open_question: str = ""
    stacking_open: bool = False


@dataclass(frozen=True)
class Gap:
    """The smallest rise of one fact, others held, that meets the condition."""

    fact: str
    label: str
    value: Decimal
    threshold: Decimal
    shortfall: Decimal
    text: str


@dataclass(frozen=True)
class ConditionOutcome:
    order: int
    label: str
    expression: str
    status: str
    values: dict[str, Any]
    reason: str = ""
    gap: Gap | None = None


@dataclass(frozen=True)
class Amount:
    """Benefit in yuan: [low, high] (equal for an exact amount); both None when it cannot be computed."""

    low: Decimal | None
    high: Decimal | None
    reason: str = ""

    @property
    def exact(self) -> bool:
        return self.low is not None and self.low == self.high

    @property
    def known(self) -> bool:
        return self.low is not None and self.high is not None


NO_AMOUNT = Amount(None, None)


@dataclass(frozen=True)
class PolicyResult:
    code: str
    name: str
    verdict: str
    conditions: tuple[ConditionOutcome, ...]
    amount: Amount
    flags: tuple[str, ...] = field(default=())


def format_wan(yuan: Decimal) -> str:
    """Yuan in 万元, exact to the fen, without trailing zeros: 5000 → "0.5", 100000 → "10", 0.01 → "0.000001"."""
    value = in_units(yuan, WAN, 6).normalize()
    return f"{value:,f}"


def _memo_key(names: tuple[str, ...], facts: Mapping[str, Any]) -> Any:
    """The values of `names` in `facts` as a dict key (list facts are tuples, so hashable)."""
    if len(names) == 1:
        return facts.get(names[0])
    return tuple(map(facts.get, names))


def _fact_labels(names: Iterable[str]) -> str:
    return "、".join(str(FACT_BY_NAME[name].label) if name in FACT_BY_NAME else name for name in names)


class CompiledPolicy:
    """A policy's conditions and benefit compiled once, evaluated over any number of enterprises."""

    def __init__(self, spec: PolicySpec) -> None:
        self.spec = spec
        self.conditions = spec.conditions
        self._programs = [compile_expression(condition.expression) for condition in spec.conditions]
        self._names = [referenced_names(condition.expression) for condition in spec.conditions]
        self._memos: list[dict[Any, str]] = [{} for _ in spec.conditions]
        self._benefit = None
        self._benefit_names: tuple[str, ...] = ()
        if spec.benefit_kind == BenefitKind.FORMULA and spec.benefit_expression.strip():
            self._benefit = compile_expression(spec.benefit_expression)
            self._benefit_names = referenced_names(spec.benefit_expression)
        self._benefit_memo: dict[Any, Amount] = {}

    @property
    def fact_names(self) -> frozenset[str]:
        """Every fact the policy reads: the selector loads these and no others."""
        names = {name for names in self._names for name in names}
        return frozenset(names | set(self._benefit_names))

    # --- one condition ---------------------------------------------------------------------------------

    def _run(self, index: int, facts: Mapping[str, Any]) -> tuple[str, str]:
        """(status, reason) of condition `index`."""
        names = self._names[index]
        activation = {name: facts[name] for name in names if name in facts}
        missing = [name for name in names if name not in activation]
        try:
            result = self._programs[index].execute(activation)
        except RuntimeError as error:
            if missing and "Undefined" in str(error):
                return UNKNOWN, _("缺少数据：{facts}").format(facts=_fact_labels(missing))
            return UNKNOWN, _("计算出错：{message}").format(message=str(error))
        except (TypeError, ValueError, ArithmeticError) as error:
            return UNKNOWN, _("计算出错：{message}").format(message=str(error))
        if result is True:
            return MET, ""
        if result is False:
            return UNMET, ""
        return UNKNOWN, _("条件未给出“是/否”结果：{result}").format(result=result)

    def statuses(self, facts: Mapping[str, Any]) -> tuple[str, ...]:
        """The status of every condition, memoised on the values each condition reads."""
        statuses = []
        get = facts.get
        for index, names in enumerate(self._names):
            memo = self._memos[index]
            key = get(names[0]) if len(names) == 1 else tuple(map(get, names))
            found = memo.get(key)
            if found is None:
                found = self._run(index, facts)[0]
                if len(memo) < MEMO_LIMIT:
                    memo[key] = found
            statuses.append(found)
        return tuple(statuses)

    @staticmethod
    def verdict_of(statuses: Iterable[str]) -> str:
        seen = set(statuses)
        if UNMET in seen:
            return NOT_ELIGIBLE
        if UNKNOWN in seen:
            return UNDETERMINED
        return ELIGIBLE

    # --- the benefit -----------------------------------------------------------------------------------

    def _formula(self, facts: Mapping[str, Any]) -> Amount:
        assert self._benefit is not None
        names = self._benefit_names
        activation = {name: facts[name] for name in names if name in facts}
        missing = [name for name in names if name not in activation]
        try:
            result = self._benefit.execute(activation)
        except RuntimeError as error:
            if missing and "Undefined" in str(error):
                return Amount(None, None, _("缺少数据：{facts}").format(facts=_fact_labels(missing)))
            return Amount(None, None, _("金额计算出错：{message}").format(message=str(error)))
        except (TypeError, ValueError, ArithmeticError) as error:
            return Amount(None, None, _("金额计算出错：{message}").format(message=str(error)))
        if isinstance(result, bool) or not isinstance(result, int | float):
            return Amount(None, None, _("金额公式未给出数值：{result}").format(result=result))
        yuan = Decimal(str(result)).quantize(FEN, rounding=ROUND_HALF_UP)
        return Amount(yuan, yuan, self.spec.benefit_note)

    def amount(self, facts: Mapping[str, Any], verdict: str) -> Amount:
        """The benefit for an eligible (or undetermined) enterprise; none for one that is not eligible."""
        if verdict == NOT_ELIGIBLE:
            return NO_AMOUNT
        spec = self.spec
        if spec.benefit_kind == BenefitKind.FIXED and spec.amount_yuan is not None:
            return Amount(spec.amount_yuan, spec.amount_yuan, spec.benefit_note)
        if spec.benefit_kind == BenefitKind.UP_TO and spec.amount_yuan is not None:
            return Amount(Decimal("0.00"), spec.amount_yuan, _("金额计算办法未公布"))
        if spec.benefit_kind == BenefitKind.FORMULA and self._benefit is not None:
            key = _memo_key(self._benefit_names, facts)
            found = self._benefit_memo.get(key)
            if found is None:
                found = self._formula(facts)
                if len(self._benefit_memo) < MEMO_LIMIT:
                    self._benefit_memo[key] = found
            return found
        return Amount(None, None, _("金额未公布"))

    # --- the whole explanation -------------------------------------------------------------------------

    def _gap(self, condition: ConditionSpec, facts: Mapping[str, Any]) -> Gap | None:
        if not condition.gap_fact or condition.gap_threshold is None:
            return None
        value = facts.get(condition.gap_fact)
        if value is None or isinstance(value, bool):
            return None
        current = Decimal(str(value))
        shortfall = condition.gap_threshold - current
        if shortfall <= 0:
            return None
        spec = FACT_BY_NAME.get(condition.gap_fact)
        label = str(spec.label) if spec else condition.gap_fact
        unit = spec.unit if spec else ""
        if unit == "yuan":
            text = _("{fact}须增加{amount}万元").format(fact=label, amount=format_wan(shortfall))
        elif unit == "persons":
            text = _("{fact}须增加{amount}人").format(fact=label, amount=f"{shortfall.normalize():f}")
        else:
            text = _("{fact}须增加{amount}").format(fact=label, amount=f"{shortfall.normalize():f}")
        return Gap(
            fact=condition.gap_fact,
            label=label,
            value=current,
            threshold=condition.gap_threshold,
            shortfall=shortfall,
            text=text,
        )

    def evaluate(self, facts: Mapping[str, Any]) -> PolicyResult:
        """Every condition with its status, the values it read, its reason and gap; the verdict; the amount."""
        outcomes = []
        for index, condition in enumerate(self.conditions):
            status, reason = self._run(index, facts)
            outcomes.append(
                ConditionOutcome(
                    order=condition.order,
                    label=condition.label,
                    expression=condition.expression,
                    status=status,
                    values={name: facts.get(name) for name in self._names[index]},
                    reason=reason,
                    gap=self._gap(condition, facts) if status == UNMET else None,
                )
            )
        verdict = self.verdict_of(outcome.status for outcome in outcomes)
        flags = (self.spec.open_question,) if self.spec.open_question else ()
        return PolicyResult(
            code=self.spec.code,
            name=self.spec.name,
            verdict=verdict,
            conditions=tuple(outcomes),
            amount=self.amount(facts, verdict),
            flags=flags,
        )


@dataclass(frozen=True, slots=True)
class Row:
    """One enterprise on a push list: its verdict, the status of each condition and its amount."""

    enterprise_id: int
    verdict: str
    statuses: tuple[str, ...]
    amount: Amount


def evaluate_many(policy: CompiledPolicy, facts_by_enterprise: Mapping[int, Mapping[str, Any]]) -> list[Row]:
    """The fast path of the push list: statuses, verdict and amount for every enterprise."""
    rows = []
    verdict_of = policy.verdict_of
    for enterprise_id, facts in facts_by_enterprise.items():
        statuses = policy.statuses(facts)
        verdict = verdict_of(statuses)
        rows.append(Row(enterprise_id, verdict, statuses, policy.amount(facts, verdict)))
    return rows
