"""晋创谷·晋中 in the demo city: its two sites, in the 开发区 and the 农高区, each with zones of the three
tiers 孵化型 → 初创型 → 成长型 and their space (seed S35), its teams (the seed layer) and a tenancy pipeline
that reproduces seed S34 on AS_OF: 53 entered firms, 29 entered teams, 11 firms approved to enter and 15
projects in negotiation, each with the dates of the stages it passed and a log of every step. Teams that
incorporated in 2022-2025 link to their new enterprise, which gives the forest its 微成长 moves. Around
those figures: a few intentions and withdrawn negotiations, firms that graduated in past years, teams that
dissolved, and promotions between zones kept as zone stays.

The park's extra draws (stage dates, promotions, space, intentions) come from a generator of their own,
seeded from the drafts, so the registry's and the later areas' figures do not move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from rainforest.demo import names
from rainforest.demo.plan import AS_OF, PARK_LEFT, PARK_NEXT, PARK_RESIDENT, PARK_TEAM, Plan
from rainforest.demo.registry import Draft, day_between
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.incubator.choices import STAGE_DATE, TenancyStatus, ZoneTier
from rainforest.incubator.models import Park, Site, StageChange, Team, Tenancy, Zone, ZoneStay

PARK_NAME = "晋创谷·晋中"
HOSTS = ("晋中开发区", "农高区")
HOST_DISTRICT = {"晋中开发区": "140702", "农高区": "140703"}
SITES = {
    "晋中开发区": ("晋创谷·晋中（开发区园区）", "晋中开发区汇通产业园区", 42000),
    "农高区": ("晋创谷·晋中（农高区园区）", "山西农谷太谷区创新路", 26000),
}
# Space per tenant by tier (m², from the extra generator) and the zones' spare room on AS_OF.
SPACE = {ZoneTier.INCUBATION: (40, 160), ZoneTier.STARTUP: (150, 500), ZoneTier.GROWTH: (400, 1500)}
GROWN_GRADUATES = 0.5  # at most this share of the graduates recognised as 创新型中小企业 since they left
INTENTIONS = 6  # firms that have shown an interest (意向) on AS_OF
WITHDRAWN = 3  # negotiations that ended without entry in 2024-2025
STEP = "演示数据"
FIRST_TEAM = ("高炉冷固含碳球团项目", "山西碳图科技团队")  # the seed's 碳图科技, which entered 晋创谷


@dataclass
class TeamDraft:
    name: str
    institution: str
    leader: str
    host: str
    formed_on: date
    status: str
    entered_on: date | None = None
    left_on: date | None = None
    incorporated_on: date | None = None


def draft_teams(rng: Random, plan: Plan) -> list[TeamDraft]:
    """Every team of the park, incorporated ones first (their dates found the PARK_TEAM firms, in order)."""
    used: set[str] = {FIRST_TEAM[0]}
    teams: list[TeamDraft] = []

    def new(status: str, formed: date, host: str | None = None) -> TeamDraft:
        if not teams:
            name, institution = FIRST_TEAM
        else:
            name, institution = names.team_name(rng, used)
        return TeamDraft(
            name=name,
            institution=institution,
            leader=names.person(rng),
            host=host or (HOSTS[0] if rng.random() < 0.65 else HOSTS[1]),
            formed_on=formed,
            status=status,
        )

    for index in range(plan.park["team_firms"]):
        team = new(
            TenancyStatus.LEFT,
            day_between(rng, date(2021, 9, 1), date(2024, 6, 30)),
            HOSTS[0] if index == 0 else None,
        )
        team.entered_on = min(team.formed_on + timedelta(days=rng.randrange(15, 120)), date(2024, 9, 30))
        team.incorporated_on = min(
            team.entered_on + timedelta(days=rng.randrange(120, 420)), date(2025, 5, 15)
        )
        team.left_on = team.incorporated_on
        teams.append(team)
    for _ in range(plan.park["resident_teams"]):
        team = new(TenancyStatus.RESIDENT, day_between(rng, date(2022, 6, 1), date(2025, 3, 31)))
        team.entered_on = min(team.formed_on + timedelta(days=rng.randrange(0, 90)), date(2025, 5, 20))
        teams.append(team)
    for _ in range(plan.park["negotiating_teams"]):
        teams.append(new(TenancyStatus.NEGOTIATING, day_between(rng, date(2024, 6, 1), date(2025, 5, 20))))
    for _ in range(plan.park["dissolved_teams"]):
        team = new(TenancyStatus.LEFT, day_between(rng, date(2022, 3, 1), date(2023, 6, 30)))
        team.entered_on = team.formed_on + timedelta(days=rng.randrange(0, 60))
        team.left_on = min(team.entered_on + timedelta(days=rng.randrange(180, 500)), date(2025, 4, 30))
        teams.append(team)
    return teams


def team_firm_dates(teams: list[TeamDraft]) -> list[date]:
    return [t.incorporated_on for t in teams if t.incorporated_on is not None]


def _host_of(draft: Draft) -> str:
    return draft.zone if draft.zone in HOSTS else HOSTS[0]


@dataclass
class Plot:
    """One tenancy of the park before it is stored: its stages' dates and the zones it passed through."""

    tenancy: Tenancy
    stays: list[tuple[Any, date]]  # (zone key (host, tier), from); each ends where the next begins
    steps: list[tuple[str, date]]  # (status reached, on)


def _pre_entry(extra: Random, tenancy: Tenancy, first: date, last: date, upto: str) -> list[tuple[str, date]]:
    """Dates of the stages before entry, in order within [first, last], up to and including `upto`."""
    order = [TenancyStatus.INTENTION, TenancyStatus.NEGOTIATING, TenancyStatus.ABOUT_TO_ENTER]
    stages = order[: order.index(TenancyStatus(upto)) + 1]
    span = max(0, (last - first).days)
    days = sorted(first + timedelta(days=extra.randint(0, span)) for _ in stages)
    steps: list[tuple[str, date]] = []
    for status, day in zip(stages, days, strict=True):
        setattr(tenancy, STAGE_DATE[status], day)
        steps.append((status, day))
    return steps


def _entered(extra: Random, tenancy: Tenancy, lead_days: int = 150) -> list[tuple[str, date]]:
    """The stages of an entered tenancy: intention, negotiation and approval in the months before entry."""
    assert tenancy.entered_on is not None
    first = tenancy.entered_on - timedelta(days=lead_days)
    steps = _pre_entry(extra, tenancy, first, tenancy.entered_on, TenancyStatus.ABOUT_TO_ENTER)
    return [*steps, (TenancyStatus.RESIDENT, tenancy.entered_on)]


def _promotion_day(extra: Random, entered: date, end: date) -> date | None:
    """A day to move up a tier, at least 180 days after entry and 30 before `end`; None if there is none."""
    first, last = entered + timedelta(days=180), end - timedelta(days=30)
    return day_between(extra, first, last) if first <= last else None


def build_park(
    rng: Random,
    teams: list[TeamDraft],
    park_firms: list[Draft],
    regions: dict[str, Any],
    zones: dict[str, Any],
) -> Park:
    """Store the park, its sites and zones, its teams and every tenancy with its stages, zone stays and
    steps. `rng` draws exactly as before the pipeline had stages (the registry's figures depend on it);
    everything added since draws from `extra`."""
    park = Park.objects.create(
        name=PARK_NAME, district=regions["140702"], development_zone=zones["晋中开发区"], level="省级"
    )
    extra = Random(f"{PARK_NAME}:{len(park_firms)}:{teams[0].name if teams else ''}:{len(teams)}")
    sites = {
        host: Site.objects.create(
            park=park, name=name, development_zone=zones.get(host), address=address, space_m2=space
        )
        for host, (name, address, space) in SITES.items()
    }
    tiers = {}
    for host in HOSTS:
        for tier in ZoneTier:
            tiers[(host, tier.value)] = Zone.objects.create(
                park=park, site=sites[host], name=f"{host}{tier.label}片区", tier=tier.value
            )

    # Incorporated teams come first, in the order their dates founded the PARK_TEAM firms.
    founders = iter(d.enterprise.pk for d in park_firms if d.track == PARK_TEAM)
    team_rows = [
        Team(
            name=t.name,
            district=regions[HOST_DISTRICT[t.host]],
            leader=t.leader,
            institution=t.institution,
            formed_on=t.formed_on,
            incorporated_on=t.incorporated_on,
            enterprise_id=next(founders) if t.incorporated_on is not None else None,
        )
        for t in teams
    ]
    Team.objects.bulk_create(team_rows)
    plots: list[Plot] = []
    for row, team in zip(team_rows, teams, strict=True):
        tenancy = Tenancy(
            park=park,
            zone=tiers[(team.host, ZoneTier.INCUBATION)],
            team_id=row.pk,
            status=team.status,
            entered_on=team.entered_on,
            left_on=team.left_on,
        )
        plots.append(_team_plot(extra, tenancy, team))
    for firm in park_firms:
        enterprise = firm.enterprise
        host = _host_of(firm)
        if firm.track == PARK_TEAM:
            tier, status, entered, left = (
                ZoneTier.STARTUP,
                TenancyStatus.RESIDENT,
                enterprise.founded_on,
                None,
            )
        elif firm.track == PARK_RESIDENT:
            tier = ZoneTier.STARTUP if enterprise.founded_on.year >= 2023 else ZoneTier.GROWTH
            start = max(enterprise.founded_on, date(2022, 6, 1))
            entered = min(start + timedelta(days=rng.randrange(0, 300)), AS_OF - timedelta(days=7))
            status, left = TenancyStatus.RESIDENT, None
        elif firm.track == PARK_LEFT:
            tier, status = ZoneTier.GROWTH, TenancyStatus.GRADUATED
            entered = day_between(rng, date(2022, 3, 1), date(2022, 12, 31))
            left = min(entered + timedelta(days=rng.randrange(400, 800)), date(2025, 3, 31))
        elif firm.track == PARK_NEXT:
            tier, status, entered, left = ZoneTier.STARTUP, TenancyStatus.ABOUT_TO_ENTER, None, None
        else:
            continue
        tenancy = Tenancy(
            park=park,
            zone=tiers[(host, tier)],
            enterprise_id=enterprise.pk,
            status=status,
            entered_on=entered,
            left_on=left,
        )
        plots.append(_firm_plot(extra, tenancy, host, tier))
    plots.extend(_prospects(extra, park, park_firms))
    _store(extra, plots, tiers)
    _grow_graduates(extra, [p.tenancy for p in plots if p.tenancy.status == TenancyStatus.GRADUATED])
    return park


def _grow_graduates(extra: Random, graduated: list[Tenancy]) -> None:
    """Some graduates earned a 创新型中小企业 designation after they left (a herb → shrub, or none → shrub), so
    the graduates page shows firms whose layer grew beside those that stayed where they were. Chosen only
    where it leaves the forest's 2025 figures as they were: designated before 2025, no 高壮大 created (no
    year of 20% revenue growth closing while the firm is a shrub) and no layer change within 2025 hidden
    (no registration of 2025 that is not the renewal of one of 2024)."""
    ids = [t.enterprise_id for t in graduated]
    revenue: dict[int, dict[int, Any]] = {}
    for eid, year, amount in YearlyFigures.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "year", "operating_revenue"
    ):
        revenue.setdefault(eid, {})[year] = amount
    registered: dict[int, set[int]] = {}
    for eid, registered_year in Certificate.objects.filter(
        enterprise_id__in=ids, kind=CertificateKind.TECH_SME
    ).values_list("enterprise_id", "year"):
        if registered_year is not None:
            registered.setdefault(eid, set()).add(registered_year)
    other_2025 = set(
        Certificate.objects.filter(enterprise_id__in=ids, issued_on__gte=date(2025, 1, 1))
        .exclude(kind=CertificateKind.TECH_SME)
        .values_list("enterprise_id", flat=True)
    )

    def keeps_2025(eid: int, issued: date) -> bool:
        years = revenue.get(eid, {})
        for year, amount in years.items():
            before = years.get(year - 1)
            closes = date(year + 1, 1, 1)
            if closes >= issued and before and amount is not None and amount >= before * Decimal("1.2"):
                return False
        held = registered.get(eid, set())
        return eid not in other_2025 and (2025 not in held or 2024 in held)

    rows = []
    for tenancy in graduated:
        assert tenancy.left_on is not None and tenancy.enterprise_id is not None
        issued = min(tenancy.left_on + timedelta(days=extra.randint(30, 200)), date(2024, 12, 20))
        if issued > tenancy.left_on and keeps_2025(tenancy.enterprise_id, issued):
            rows.append(
                Certificate(
                    enterprise_id=tenancy.enterprise_id,
                    kind=CertificateKind.INNOVATIVE_SME,
                    issued_on=issued,
                    expires_on=Certificate.default_expiry(CertificateKind.INNOVATIVE_SME, issued, None),
                    issuer="山西省工业和信息化厅",
                )
            )
    chosen = extra.sample(rows, min(len(rows), round(len(graduated) * GROWN_GRADUATES)))
    Certificate.objects.bulk_create(sorted(chosen, key=lambda c: c.enterprise_id))


def _team_plot(extra: Random, tenancy: Tenancy, team: TeamDraft) -> Plot:
    key = (team.host, ZoneTier.INCUBATION)
    if team.status == TenancyStatus.NEGOTIATING:
        first = team.formed_on - timedelta(days=extra.randint(0, 60))
        steps = _pre_entry(
            extra, tenancy, first, min(team.formed_on + timedelta(days=40), AS_OF), team.status
        )
        return Plot(tenancy, [], steps)
    steps = _entered(extra, tenancy, lead_days=60)
    entered = tenancy.entered_on
    assert entered is not None
    if tenancy.left_on is not None:
        steps.append((TenancyStatus.LEFT, tenancy.left_on))
    stays: list[tuple[Any, date]] = (
        [(key, entered)] if tenancy.left_on is None or tenancy.left_on > entered else []
    )
    return Plot(tenancy, stays, steps)


def _firm_plot(extra: Random, tenancy: Tenancy, host: str, tier: str) -> Plot:
    if tenancy.status == TenancyStatus.ABOUT_TO_ENTER:
        first = AS_OF - timedelta(days=extra.randint(90, 300))
        last = AS_OF - timedelta(days=extra.randint(1, 60))
        return Plot(tenancy, [], _pre_entry(extra, tenancy, first, last, TenancyStatus.ABOUT_TO_ENTER))
    entered = tenancy.entered_on
    assert entered is not None
    steps = _entered(extra, tenancy)
    end = tenancy.left_on or AS_OF
    stays: list[tuple[Any, date]] = [((host, tier), entered)]
    # Firms in a growth zone that entered long enough ago started a tier lower and were promoted.
    if tier == ZoneTier.GROWTH and (day := _promotion_day(extra, entered, end)) is not None:
        stays = [((host, ZoneTier.STARTUP), entered), ((host, tier), day)]
    if tenancy.left_on is not None:
        steps.append((TenancyStatus.GRADUATED, tenancy.left_on))
    return Plot(tenancy, stays, steps)


def _prospects(extra: Random, park: Park, park_firms: list[Draft]) -> list[Plot]:
    """Firms of the registry outside the park that showed an interest (意向) lately, and negotiations of
    past years that ended without entry (未入驻终止)."""
    taken = {draft.enterprise.pk for draft in park_firms}
    pool = [
        pk
        for pk in Enterprise.objects.filter(
            district__code__in=HOST_DISTRICT.values(), founded_on__year__gte=2021
        )
        .order_by("credit_code")
        .values_list("pk", flat=True)[:400]
        if pk not in taken
    ]
    chosen = extra.sample(pool, min(len(pool), INTENTIONS + WITHDRAWN))
    plots = []
    for index, pk in enumerate(chosen):
        tenancy = Tenancy(park=park, enterprise_id=pk)
        if index < INTENTIONS:
            tenancy.status = TenancyStatus.INTENTION
            day = AS_OF - timedelta(days=extra.randint(5, 120))
            tenancy.intended_on = day
            plots.append(Plot(tenancy, [], [(TenancyStatus.INTENTION, day)]))
            continue
        tenancy.status = TenancyStatus.WITHDRAWN
        first = day_between(extra, date(2024, 1, 1), date(2024, 10, 31))
        steps = _pre_entry(extra, tenancy, first, first + timedelta(days=90), TenancyStatus.NEGOTIATING)
        tenancy.withdrawn_on = min(steps[-1][1] + timedelta(days=extra.randint(30, 150)), AS_OF)
        plots.append(Plot(tenancy, [], [*steps, (TenancyStatus.WITHDRAWN, tenancy.withdrawn_on)]))
    return plots


def _store(extra: Random, plots: list[Plot], tiers: dict[Any, Zone]) -> None:
    """Store the tenancies, their zone stays (space drawn per tier) and steps; then give each zone a space
    and a capacity a little above what its tenants use on AS_OF."""
    Tenancy.objects.bulk_create([plot.tenancy for plot in plots])
    stays: list[ZoneStay] = []
    steps: list[StageChange] = []
    for plot in plots:
        tenancy = plot.tenancy
        for index, (key, start) in enumerate(plot.stays):
            end = plot.stays[index + 1][1] if index + 1 < len(plot.stays) else tenancy.left_on
            low, high = SPACE[key[1]]
            stays.append(
                ZoneStay(
                    tenancy=tenancy,
                    zone=tiers[key],
                    started_on=start,
                    ended_on=end,
                    space_m2=extra.randrange(low, high, 10),
                    comment=STEP if index == 0 else "晋级",
                )
            )
        before = ""
        for status, day in plot.steps:
            steps.append(
                StageChange(tenancy=tenancy, from_status=before, to_status=status, on=day, comment=STEP)
            )
            before = status
    ZoneStay.objects.bulk_create(stays)
    StageChange.objects.bulk_create(steps)
    used: dict[int, list[int]] = {zone.pk: [0, 0] for zone in tiers.values()}
    for stay in stays:
        if stay.started_on <= AS_OF and (stay.ended_on is None or stay.ended_on > AS_OF):
            used[stay.zone_id][0] += 1
            used[stay.zone_id][1] += stay.space_m2 or 0
    for zone in tiers.values():
        tenants, space = used[zone.pk]
        capacity = tenants + extra.randint(3, 12)
        space_m2 = int(space * extra.uniform(1.1, 1.5)) // 100 * 100 + 100
        Zone.objects.filter(pk=zone.pk).update(capacity=capacity, space_m2=space_m2)


PARK_TRACKS = (PARK_TEAM, PARK_RESIDENT, PARK_LEFT, PARK_NEXT)
