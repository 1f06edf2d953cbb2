"""Reads of the cultivation work, scoped by user in one place: visits and follow-ups, alerts, a butler's
caseload, trainings and targets with their forecast. The pool itself is in `pool.py`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from rainforest.core.choices import Role
from rainforest.core.models import Region, User, data_as_of
from rainforest.core.scope import Reach, scope_for
from rainforest.cultivation import forecast
from rainforest.cultivation.choices import FollowUpStatus, TargetIndicator
from rainforest.cultivation.models import FollowUp, Target, Training, Visit
from rainforest.cultivation.pool import HNTE, TECH_SME, Candidate, pool_for
from rainforest.cultivation.pool.kept import kept_probabilities
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Assignment, Certificate, Enterprise

CULTIVATION_REACH = (Reach.CITY, Reach.DISTRICT, Reach.ASSIGNED)


def sees_cultivation(user: Any) -> bool:
    """The pool, visits, trainings and targets are the bureau's and the butlers' (enterprise, university
    and bank users see their own self-assessment elsewhere)."""
    return scope_for(user).reach in CULTIVATION_REACH


def reference_day() -> date:
    """The day the pages evaluate on by default (core.models.data_as_of)."""
    return data_as_of()


def districts() -> QuerySet[Region]:
    return Region.objects.districts().filter(parent__code="140700")


# --- visits and follow-ups -----------------------------------------------------------------------------


def visits_for(user: Any) -> QuerySet[Visit]:
    visible = Enterprise.objects.visible_to(user).values("pk")
    return (
        Visit.objects.filter(enterprise__in=visible)
        .select_related("enterprise", "enterprise__district", "butler")
        .prefetch_related("follow_ups")
    )


def follow_ups_for(user: Any) -> QuerySet[FollowUp]:
    visible = Enterprise.objects.visible_to(user).values("pk")
    return FollowUp.objects.filter(visit__enterprise__in=visible).select_related(
        "visit", "visit__enterprise", "visit__butler"
    )


def overdue_follow_ups(user: Any, day: date) -> QuerySet[FollowUp]:
    return follow_ups_for(user).filter(status=FollowUpStatus.OPEN, due_on__lt=day).order_by("due_on", "pk")


# --- alerts ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    enterprise: Enterprise
    kind: str
    day: date  # expiry (last valid day) or last year's registration date
    number: str


EXPIRING_LABEL = gettext_lazy("高企证书今年到期")
DUE_LABEL = gettext_lazy("科技型中小企业待重新评价入库")


def hnte_expiring(user: Any, day: date) -> list[Alert]:
    """HNTE certificates whose last valid day falls in day's year, of firms not yet recognised again."""
    year = day.year
    renewed = Certificate.objects.filter(
        enterprise_id=OuterRef("enterprise_id"),
        kind=CertificateKind.HNTE,
        expires_on__gt=date(year + 1, 1, 1),
        revoked_on__isnull=True,
    )
    rows = (
        Certificate.objects.filter(
            kind=CertificateKind.HNTE,
            expires_on__gt=date(year, 1, 1),
            expires_on__lte=date(year + 1, 1, 1),
            revoked_on__isnull=True,
            enterprise__in=Enterprise.objects.visible_to(user).values("pk"),
        )
        .exclude(Exists(renewed))
        .select_related("enterprise", "enterprise__district")
        .order_by("expires_on", "enterprise__name")
    )
    return [Alert(c.enterprise, "hnte_expiring", c.expires_on, c.number) for c in rows]


def tech_sme_due(user: Any, day: date) -> list[Alert]:
    """Last year's tech-SMEs not registered again this year (the registration lasts one year)."""
    year = day.year
    again = Certificate.objects.filter(
        enterprise_id=OuterRef("enterprise_id"), kind=CertificateKind.TECH_SME, year=year
    )
    rows = (
        Certificate.objects.filter(
            kind=CertificateKind.TECH_SME,
            year=year - 1,
            revoked_on__isnull=True,
            enterprise__in=Enterprise.objects.visible_to(user).values("pk"),
        )
        .exclude(Exists(again))
        .select_related("enterprise", "enterprise__district")
        .order_by("enterprise__name", "pk")
    )
    seen: set[int] = set()
    alerts = []
    for certificate in rows:
        if certificate.enterprise_id not in seen:
            seen.add(certificate.enterprise_id)
            alerts.append(
                Alert(certificate.enterprise, "tech_sme_due", certificate.issued_on, certificate.number)
            )
    return alerts


# --- butlers -------------------------------------------------------------------------------------------


def butlers_for(user: Any) -> QuerySet[User]:
    """The butlers whose pages the user may open: all of them for the bureau, themselves for a butler."""
    scope = scope_for(user)
    butlers = User.objects.filter(role=Role.BUTLER, is_active=True)
    if scope.reach is Reach.ASSIGNED:
        return butlers.filter(pk=user.pk)
    if scope.reach in (Reach.CITY, Reach.DISTRICT):
        return butlers
    return butlers.none()


def caseloads(user: Any) -> QuerySet[User]:
    """Butlers with the number of firms assigned to them (open assignments), within the user's scope."""
    visible = Enterprise.objects.visible_to(user).values("pk")
    open_assignments = Q(assignments__ended_on__isnull=True, assignments__enterprise__in=visible)
    return (
        butlers_for(user)
        .annotate(caseload=Count("assignments", filter=open_assignments, distinct=True))
        .order_by("-caseload", "username")
    )


def assigned_firms(butler: User, viewer: Any) -> QuerySet[Enterprise]:
    """The firms assigned to `butler` (open assignments) that `viewer` may see."""
    assigned = Assignment.objects.filter(butler=butler, ended_on__isnull=True).values("enterprise_id")
    return (
        Enterprise.objects.visible_to(viewer)
        .filter(pk__in=assigned)
        .select_related("district")
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class CaseRow:
    """One firm of a butler's caseload: its place in each pool (None: not a candidate, it holds the
    certificate), its next planned visit and its open follow-ups."""

    enterprise: Enterprise
    hnte: Candidate | None
    tech_sme: Candidate | None
    last_visit: date | None
    next_visit: date | None
    open_follow_ups: int


def caseload_rows(butler: User, viewer: Any, day: date) -> list[CaseRow]:
    firms = assigned_firms(butler, viewer)
    pools = {
        rulebook: {c.enterprise_id: c for c in pool_for(firms, rulebook=rulebook, day=day)}
        for rulebook in (HNTE, TECH_SME)
    }
    visits = Visit.objects.filter(enterprise__in=firms.values("pk")).order_by("visited_on", "pk")
    last: dict[int, date] = {}
    planned: dict[int, date | None] = {}
    for enterprise_id, visited_on, next_visit_on in visits.values_list(
        "enterprise_id", "visited_on", "next_visit_on"
    ):
        last[enterprise_id] = visited_on
        planned[enterprise_id] = next_visit_on
    open_counts = dict(
        FollowUp.objects.filter(visit__enterprise__in=firms.values("pk"), status=FollowUpStatus.OPEN)
        .values_list("visit__enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("visit__enterprise_id", "n")
    )
    rows = [
        CaseRow(
            enterprise=firm,
            hnte=pools[HNTE].get(firm.pk),
            tech_sme=pools[TECH_SME].get(firm.pk),
            last_visit=last.get(firm.pk),
            next_visit=planned.get(firm.pk),
            open_follow_ups=open_counts.get(firm.pk, 0),
        )
        for firm in firms
    ]
    return sorted(rows, key=lambda row: (row.next_visit or date.max, row.enterprise.name))


def next_visits(butler: User, viewer: Any, day: date) -> list[Visit]:
    """Each firm's latest visit that plans a next one on or after `day`, soonest first."""
    latest: dict[int, Visit] = {}
    for visit in (
        visits_for(viewer).filter(butler=butler).order_by("visited_on", "pk").select_related("enterprise")
    ):
        latest[visit.enterprise_id] = visit
    upcoming = [v for v in latest.values() if v.next_visit_on is not None and v.next_visit_on >= day]
    return sorted(upcoming, key=lambda v: (v.next_visit_on or date.max, v.pk))


# --- trainings -----------------------------------------------------------------------------------------


def trainings_for(user: Any) -> QuerySet[Training]:
    if not sees_cultivation(user):
        return Training.objects.none()
    return Training.objects.annotate(session_count=Count("sessions", distinct=True)).order_by("-id")


# --- targets and their forecast ------------------------------------------------------------------------


def targets_for(user: Any) -> QuerySet[Target]:
    """City targets for everyone in cultivation; district targets for the city and that district."""
    scope = scope_for(user)
    if scope.reach not in CULTIVATION_REACH:
        return Target.objects.none()
    targets = Target.objects.select_related("district")
    if scope.reach is Reach.DISTRICT:
        targets = targets.filter(Q(district__isnull=True) | Q(district_id=scope.region_id))
    return targets.order_by("-year", "indicator", "district__code")


# A firm is listed as moving the target only if it changes the probability of reaching it by at least a
# tenth of a percentage point: when the target is out of reach every influence is a rounding error, and
# a table of firms "moving" it by 0.0% told the officer nothing.
MIN_INFLUENCE = 0.0005
# The pass probability from which a candidate has a real chance this year (the pool's medium band).
REALISTIC = 0.3


@dataclass(frozen=True)
class Mover:
    candidate: Candidate
    influence: float

    @property
    def influence_percent(self) -> float:
        """The influence in percentage points, as the page shows it."""
        return round(self.influence * 100, 1)


@dataclass(frozen=True)
class Forecast:
    target: Target
    day: date
    achieved: int
    candidates: list[Candidate]
    attainment: forecast.Attainment
    movers: list[Mover]
    final: bool  # the year is over on `day`: nothing more can happen
    # The attainment probability if every listed mover passed (the others unchanged): what the page
    # offers as the way to raise it. None when no firm is listed.
    if_movers_pass: float | None = None

    @property
    def probabilities(self) -> list[float]:
        return [c.probability for c in self.candidates]


def forecast_day(target: Target, day: date | None = None) -> date:
    """Evaluate on `day` (the reference day by default), but never beyond the target's year."""
    day = day or reference_day()
    return min(day, date(target.year, 12, 31))


def achieved(target: Target, day: date) -> int:
    """Progress to date from the certificate records: new HNTEs recognised in the year up to `day` (a
    recognition after expiry counts: there is no 复审 under the 2016 rules), or tech-SMEs valid on `day`."""
    certificates = Certificate.objects.all()
    if target.district_id:
        certificates = certificates.filter(enterprise__district_id=target.district_id)
    if target.indicator == TargetIndicator.NEW_HNTE:
        certificates = certificates.filter(
            kind=CertificateKind.HNTE, issued_on__gte=date(target.year, 1, 1), issued_on__lte=day
        )
    else:
        certificates = certificates.filter(
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=day),
            kind=CertificateKind.TECH_SME,
            issued_on__lte=day,
            expires_on__gt=day,
        )
    return certificates.values("enterprise_id").distinct().count()


INDICATOR_RULEBOOK = {TargetIndicator.NEW_HNTE: HNTE, TargetIndicator.TECH_SME_TOTAL: TECH_SME}


def target_forecast(target: Target, viewer: Any, *, day: date | None = None, movers: int = 10) -> Forecast:
    """Progress and the probability of reaching the target by year end. The candidates are the whole
    pool of the target's scope (the city, or its district), whoever looks; the firms listed as moving it
    most are limited to those the viewer may see."""
    day = forecast_day(target, day)
    count = achieved(target, day)
    final = day >= date(target.year, 12, 31)
    candidates: list[Candidate] = []
    if not final:
        scope = Enterprise.objects.all()
        candidates = pool_for(
            scope,
            rulebook=INDICATOR_RULEBOOK[TargetIndicator(target.indicator)],
            day=day,
            district=target.district,
        )
    probabilities = [c.probability for c in candidates]
    result = forecast.attainment(target.value, count, probabilities, influence=movers > 0)
    visible = set(
        Enterprise.objects.visible_to(viewer)
        .filter(pk__in=[c.enterprise_id for c in candidates])
        .values_list("pk", flat=True)
    )
    # Listed: the firms whose passing would raise the probability most, (1 − p) × influence, among those
    # with a real chance this year (p ≥ REALISTIC: a firm near 0 lacks too much, or is too young, to pass
    # this year, and listing it would not say how to raise the figure); all firms when none has one.
    movers_all = [Mover(c, influence) for c, influence in zip(candidates, result.influence, strict=False)]
    realistic = [mover for mover in movers_all if mover.candidate.probability >= REALISTIC] or movers_all
    ranked = sorted(
        realistic,
        key=lambda mover: (
            -round((1 - mover.candidate.probability) * mover.influence, 4),
            mover.candidate.closeness(),
        ),
    )
    shown = [
        mover
        for mover in ranked
        if mover.candidate.enterprise_id in visible and mover.influence >= MIN_INFLUENCE
    ]
    listed = shown[:movers]
    raised: float | None = None
    if listed:
        sure = {id(mover.candidate) for mover in listed}
        probabilities = [1.0 if id(c) in sure else c.probability for c in candidates]
        raised = forecast.at_least(forecast.pmf(probabilities), result.needed)
    return Forecast(
        target=target,
        day=day,
        achieved=count,
        candidates=candidates,
        attainment=result,
        movers=listed,
        final=final,
        if_movers_pass=raised,
    )


@dataclass(frozen=True)
class Outlook:
    """A target's summary: progress and the probability of reaching it, without the candidates' rows (the
    cockpit, the briefing, the home page's reminders). Read from the pool's kept probabilities
    (`pool.kept`): `kept_at` is when they were computed, `fresh` whether the registry is unchanged since."""

    target: Target
    day: date
    achieved: int
    attainment: forecast.Attainment
    final: bool
    candidates: int
    kept_at: datetime | None = None
    fresh: bool = True


def target_outlook(target: Target, *, day: date | None = None) -> Outlook:
    """The summary of `target_forecast` (the same candidates and probabilities, so the same attainment),
    from the kept probabilities of the target's pool, with no firm listed. Whoever reads it sees the same
    figures: the caller chooses which targets the user may read (`targets_for`)."""
    day = forecast_day(target, day)
    count = achieved(target, day)
    final = day >= date(target.year, 12, 31)
    if final:
        return Outlook(target, day, count, forecast.attainment(target.value, count, []), True, 0)
    kept = kept_probabilities(
        INDICATOR_RULEBOOK[TargetIndicator(target.indicator)], day, district_id=target.district_id
    )
    result = forecast.attainment(target.value, count, kept.probabilities, influence=False)
    return Outlook(
        target, day, count, result, False, len(kept.probabilities), kept_at=kept.built_at, fresh=kept.fresh
    )


def chart_data(result: forecast.Attainment, *, window: float = 1e-4) -> dict[str, Any]:
    """The distribution of the final total for the bar chart: totals whose probability exceeds `window`
    (the tails beyond are negligible), each bar flagged when it reaches the target."""
    first = result.achieved
    points = [(first + k, p) for k, p in enumerate(result.distribution)]
    kept = [(total, p) for total, p in points if p >= window] or points[:1]
    # Stretch the axis to the target when it lies beyond every likely total, so that the target line is
    # drawn and the officer sees how far out of reach it is.
    if kept[-1][0] < result.target:
        kept += points[kept[-1][0] - first + 1 : result.target - first + 1]
    return {
        "totals": [total for total, _ in kept],
        "probabilities": [round(p, 6) for _, p in kept],
        "target": result.target,
        "reached": [total >= result.target for total, _ in kept],
    }
