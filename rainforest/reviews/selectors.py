"""Reads of the reviews app: the panel of a call, who may sit on it, the sheets waiting for an expert, the
aggregated scores, the reviewers' consistency and the ranking (docs/reviews.md).

`ranking(call)` and `panel_for(call)` are the app's public interface: the calls app's API and the 公示 read
them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet

from rainforest.calls.choices import State
from rainforest.calls.models import Application, Call
from rainforest.core.choices import Role
from rainforest.core.policy import Action, restrict, role_of
from rainforest.reviews.choices import Aggregation, Exclusion
from rainforest.reviews.models import Conflict, Expert, Panel, ScoreSheet

CENT = Decimal("0.01")
# the states of an application the panel reviews (from expert review on)
REVIEWED = (
    State.EXPERT_REVIEW,
    State.RANKED,
    State.PUBLICITY,
    State.PUBLICITY_CLOSED,
    State.APPROVED,
    State.RECOMMENDED,
    State.NOT_APPROVED,
    State.PROJECT,
)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def panel_for(call: Call) -> Panel | None:
    """The call's panel (drawn or not yet), or None."""
    return Panel.objects.filter(call=call).first()


def reviewed_applications(call: Call) -> QuerySet[Application]:
    """The call's applications the panel reviews (from expert review on)."""
    return (
        Application.objects.filter(call=call, status__in=REVIEWED)
        .select_related("enterprise")
        .order_by("enterprise__credit_code", "pk")
    )


@dataclass(frozen=True)
class Excluded:
    expert: Expert
    reason: str  # an Exclusion
    detail: str = ""

    def get_reason_display(self) -> str:
        return str(Exclusion(self.reason).label)


def exclusions(call: Call) -> tuple[list[Expert], list[Excluded]]:
    """The pool split for this call: the experts who may sit on its panel, by id, and those who may not,
    with the reason (unavailable, from an applicant's own organisation, a declared conflict)."""
    applicants = list(reviewed_applications(call).values_list("enterprise_id", "enterprise__credit_code"))
    firm_ids = {firm for firm, _ in applicants}
    codes = {code for _, code in applicants if code}
    conflicted: dict[int, str] = {}
    for conflict in Conflict.objects.filter(
        Q(enterprise_id__in=firm_ids) | Q(organisation__credit_code__in=codes)
    ).select_related("enterprise", "organisation"):
        party = conflict.enterprise or conflict.organisation
        conflicted.setdefault(conflict.expert_id, str(party.name if party else ""))
    eligible: list[Expert] = []
    excluded: list[Excluded] = []
    for expert in Expert.objects.select_related("organisation").order_by("pk"):
        if not expert.available:
            excluded.append(Excluded(expert, Exclusion.UNAVAILABLE))
        elif expert.organisation.credit_code and expert.organisation.credit_code in codes:
            excluded.append(Excluded(expert, Exclusion.OWN_ORGANISATION, expert.organisation.name))
        elif expert.pk in conflicted:
            excluded.append(Excluded(expert, Exclusion.CONFLICT, conflicted[expert.pk]))
        else:
            eligible.append(expert)
    return eligible, excluded


def expert_of(user: Any) -> Expert | None:
    """The expert row of a signed-in expert (None for anyone else)."""
    if role_of(user) is not Role.EXPERT:
        return None
    return Expert.objects.filter(user_id=user.pk).select_related("organisation").first()


@dataclass(frozen=True)
class Waiting:
    panel: Panel
    application: Application
    sheet: ScoreSheet | None


def sheets_of(user: Any) -> list[Waiting]:
    """For an expert: every application of the open panels they sit on, with their sheet if they scored
    it (None: waiting), the waiting ones first."""
    expert = expert_of(user)
    if expert is None:
        return []
    panels = Panel.objects.filter(members__expert=expert, closed_at__isnull=True).select_related("call")
    mine = {
        (sheet.panel_id, sheet.application_id): sheet
        for sheet in ScoreSheet.objects.filter(expert=expert, panel__in=panels)
    }
    rows = []
    for panel in panels.order_by("call__expert_review_ends_on", "call__code"):
        for application in (
            restrict(
                Application.objects.filter(call_id=panel.call_id, status=State.EXPERT_REVIEW),
                user,
                Action.VIEW,
            )
            .select_related("enterprise", "call")
            .order_by("enterprise__name", "pk")
        ):
            rows.append(Waiting(panel, application, mine.get((panel.pk, application.pk))))
    return sorted(rows, key=lambda row: row.sheet is not None)


def sheets_waiting(user: Any) -> list[Waiting]:
    return [row for row in sheets_of(user) if row.sheet is None]


# --- scores ---------------------------------------------------------------------------------------------


@dataclass
class Result:
    """One application's aggregated score."""

    application: Application
    totals: dict[int, Decimal]  # expert id → their total
    score: Decimal
    reviewers: int  # the experts whose totals count
    trimmed: bool
    rank: int = 0
    flags: list[int] = field(default_factory=list)  # experts whose total is far from the score


def aggregate(totals: list[Decimal], method: str) -> tuple[Decimal, int, bool]:
    """(score, reviewers counted, trimmed): the mean, or with `trimmed` the mean without one highest and
    one lowest total (when at least three experts scored; fewer: the plain mean)."""
    values = sorted(totals)
    trimmed = method == Aggregation.TRIMMED and len(values) >= 3
    if trimmed:
        values = values[1:-1]
    return money(sum(values, Decimal(0)) / len(values)), len(values), trimmed


def results(call: Call) -> list[Result]:
    """The ranked results of the call's panel: applications with at least one sheet, best first (ties share
    a rank, then by credit code), each with its experts far off (`deviation_threshold`)."""
    panel = panel_for(call)
    if panel is None:
        return []
    by_application: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for application_id, expert_id, total in ScoreSheet.objects.filter(panel=panel).values_list(
        "application_id", "expert_id", "total"
    ):
        by_application[application_id][expert_id] = total
    rows = []
    for application in reviewed_applications(call).filter(pk__in=list(by_application)):
        totals = by_application[application.pk]
        score, reviewers, trimmed = aggregate(list(totals.values()), panel.aggregation)
        flags = sorted(
            expert for expert, total in totals.items() if abs(total - score) > panel.deviation_threshold
        )
        rows.append(Result(application, totals, score, reviewers, trimmed, flags=flags))
    rows.sort(key=lambda row: (-row.score, row.application.enterprise.credit_code, row.application.pk))
    for position, row in enumerate(rows, start=1):
        previous = rows[position - 2] if position > 1 else None
        row.rank = previous.rank if previous is not None and previous.score == row.score else position
    return rows


def ranking(call: Call) -> list[dict[str, Any]]:
    """`[{"application", "enterprise", "credit_code", "score", "rank", "reviewers", "trimmed", "flags"}]`,
    rank 1 first; score a Decimal with 2 places; reviewers the experts whose totals count; flags the ids of
    experts whose total is further than the panel's threshold from the score. `[]` without a panel."""
    return [
        {
            "application": row.application.pk,
            "enterprise": row.application.enterprise.name,
            "credit_code": row.application.enterprise.credit_code,
            "score": row.score,
            "rank": row.rank,
            "reviewers": row.reviewers,
            "trimmed": row.trimmed,
            "flags": row.flags,
        }
        for row in results(call)
    ]


@dataclass(frozen=True)
class Consistency:
    """One expert's consistency with the panel: the mean of (their total − the application's score) and of
    its absolute value over the applications they scored; flagged beyond the panel's threshold."""

    expert: Expert
    sheets: int
    mean_deviation: Decimal
    mean_absolute_deviation: Decimal
    flagged: bool


def consistency(call: Call) -> list[Consistency]:
    panel = panel_for(call)
    if panel is None:
        return []
    scores = {row.application.pk: row.score for row in results(call)}
    deviations: dict[int, list[Decimal]] = defaultdict(list)
    for application_id, expert_id, total in ScoreSheet.objects.filter(
        panel=panel, application_id__in=list(scores)
    ).values_list("application_id", "expert_id", "total"):
        deviations[expert_id].append(total - scores[application_id])
    experts = Expert.objects.in_bulk(list(deviations))
    rows = []
    for expert_id, values in deviations.items():
        mean = money(sum(values, Decimal(0)) / len(values))
        absolute = money(sum((abs(v) for v in values), Decimal(0)) / len(values))
        rows.append(
            Consistency(experts[expert_id], len(values), mean, absolute, absolute > panel.deviation_threshold)
        )
    return sorted(rows, key=lambda row: (-row.mean_absolute_deviation, row.expert.pk))


def scores_visible(user: Any, panel: Panel) -> bool:
    """Whether the user may see the panel's aggregated scores: officers always; others once it is closed."""
    return panel.closed or role_of(user) in (Role.CITY_OFFICER, Role.SYSTEM_ADMIN)
