"""The one result contract of every rulebook (docs/eligibility.md), shared by the CLI, the API and the pages.

`passed` of a criterion is true / false / null (null: it needs data or an expert, or its score range
straddles the pass mark). Criteria have a role, kept out of the JSON:

* `condition` — a requirement of the rulebook; the verdict is computed from these only:
  `false` if any condition fails, else `undetermined` if any is unknown, else `true`;
* `item` — a scored sub-item; `passed` says whether it earns points (true: low > 0; false: it earns 0,
  or it is a veto at 0; null: its range still includes 0 and more, or it needs data). It never decides
  the verdict on its own: the score condition (TSME-5, HNTE-7, …) does, from the total range;
* `route` — one way through an either/or condition (a direct route, an alternative test).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from rainforest.eligibility.fmt import points_json
from rainforest.eligibility.gaps import Gap, sort_gaps
from rainforest.eligibility.rulebook import Points, Rulebook, Spec

Role = Literal["condition", "item", "route"]
NEEDS_DATA = "needs data: "
Verdict = Literal["true", "false", "undetermined"]


@dataclass(slots=True)
class Criterion:
    code: str
    label: str
    passed: bool | None
    value: str | None = None
    threshold: str | None = None
    points: Points | None = None
    reason: str = ""
    source: str = ""
    status: str = ""
    role: Role = "condition"
    gaps: list[Gap] = field(default_factory=list)
    gap_text: str | None = None  # a summary that replaces the joined texts of `gaps` (TSME-5, HNTE-7)
    percent: bool = False  # value and threshold are ratios: pages show them as percentages (not in JSON)

    @classmethod
    def of(cls, spec: Spec, passed: bool | None, **kwargs: Any) -> Criterion:
        return cls(
            code=spec.code, label=spec.label, passed=passed, source=spec.source, status=spec.status, **kwargs
        )

    @property
    def missing(self) -> list[str]:
        """The facts this criterion still needs (from its "needs data: a, b" reason), by field name."""
        if not self.reason.startswith(NEEDS_DATA):
            return []
        return [name.strip() for name in self.reason.removeprefix(NEEDS_DATA).split(", ") if name.strip()]

    @property
    def gap(self) -> str | None:
        if self.gap_text is not None:
            return self.gap_text
        if not self.gaps:
            return None
        return "；".join(gap.text for gap in sort_gaps(self.gaps))

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "passed": self.passed,
            "value": self.value,
            "threshold": self.threshold,
            "points": points_json(self.points),
            "reason": self.reason,
            "gap": self.gap,
            "source": self.source,
            "status": self.status,
        }


def item_passed(points: Points) -> bool | None:
    low, high = points
    if low > 0:
        return True
    if high == 0:
        return False
    return None


def range_verdict(score: Points, pass_mark: int) -> bool | None:
    """Passed when even the low end reaches the mark, failed when even the high end misses it."""
    low, high = score
    if low >= pass_mark:
        return True
    if high < pass_mark:
        return False
    return None


def add_points(*items: Points) -> Points:
    return (sum(low for low, _ in items), sum(high for _, high in items))


@dataclass(slots=True)
class Result:
    book: Rulebook
    evaluated_on: date
    criteria: list[Criterion] = field(default_factory=list)
    score: Points | None = None
    pass_mark: int | None = None
    expert_inputs: list[str] = field(default_factory=list)

    def add(self, criterion: Criterion) -> Criterion:
        self.criteria.append(criterion)
        return criterion

    def criterion(self, code: str) -> Criterion:
        for item in self.criteria:
            if item.code == code:
                return item
        raise KeyError(code)

    def expert(self, name: str) -> None:
        if name not in self.expert_inputs:
            self.expert_inputs.append(name)

    @property
    def eligible(self) -> Verdict:
        outcomes = [item.passed for item in self.criteria if item.role == "condition"]
        if any(outcome is False for outcome in outcomes):
            return "false"
        if any(outcome is None for outcome in outcomes):
            return "undetermined"
        return "true"

    @property
    def gaps(self) -> list[Gap]:
        return sort_gaps([gap for item in self.criteria for gap in item.gaps])

    def to_json(self) -> dict[str, Any]:
        return {
            "rulebook": self.book.family,
            "version": self.book.version,
            "evaluated_on": self.evaluated_on.isoformat(),
            "eligible": self.eligible,
            "score": points_json(self.score),
            "pass_mark": self.pass_mark,
            "expert_inputs": list(self.expert_inputs),
            "criteria": [item.to_json() for item in self.criteria],
            "gaps": [gap.to_json() for gap in self.gaps],
        }
