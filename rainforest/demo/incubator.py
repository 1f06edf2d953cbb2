"""晋创谷·晋中 in the demo city: its zones of three tiers in the 开发区 and the 农高区 (seed S35), its teams
(the seed layer) and a tenancy pipeline that reproduces seed S34 on AS_OF: 53 resident firms, 29 resident
teams, 11 firms about to enter and 15 projects in negotiation. Teams that incorporated in 2022-2025 link
to their new enterprise, which gives the forest its 微成长 moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Any

from rainforest.demo import names
from rainforest.demo.plan import AS_OF, PARK_LEFT, PARK_NEXT, PARK_RESIDENT, PARK_TEAM, Plan
from rainforest.demo.registry import Draft, day_between
from rainforest.incubator.choices import TenancyStatus, ZoneTier
from rainforest.incubator.models import Park, Team, Tenancy, Zone

PARK_NAME = "晋创谷·晋中"
HOSTS = ("晋中开发区", "农高区")
HOST_DISTRICT = {"晋中开发区": "140702", "农高区": "140703"}
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


def build_park(
    rng: Random,
    teams: list[TeamDraft],
    park_firms: list[Draft],
    regions: dict[str, Any],
    zones: dict[str, Any],
) -> Park:
    """Store the park, its zones, its teams and every tenancy."""
    park = Park.objects.create(
        name=PARK_NAME, district=regions["140702"], development_zone=zones["晋中开发区"], level="省级"
    )
    tiers = {}
    for host in HOSTS:
        for tier in ZoneTier:
            tiers[(host, tier.value)] = Zone.objects.create(
                park=park, name=f"{host}{tier.label}片区", tier=tier.value
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
    tenancies: list[Tenancy] = []
    for row, team in zip(team_rows, teams, strict=True):
        tenancies.append(
            Tenancy(
                park=park,
                zone=tiers[(team.host, ZoneTier.INCUBATION)],
                team_id=row.pk,
                status=team.status,
                entered_on=team.entered_on,
                left_on=team.left_on,
            )
        )
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
            tier, status = ZoneTier.GROWTH, TenancyStatus.LEFT
            entered = day_between(rng, date(2022, 3, 1), date(2022, 12, 31))
            left = min(entered + timedelta(days=rng.randrange(400, 800)), date(2025, 3, 31))
        elif firm.track == PARK_NEXT:
            tier, status, entered, left = ZoneTier.STARTUP, TenancyStatus.ABOUT_TO_ENTER, None, None
        else:
            continue
        tenancies.append(
            Tenancy(
                park=park,
                zone=tiers[(host, tier)],
                enterprise_id=enterprise.pk,
                status=status,
                entered_on=entered,
                left_on=left,
            )
        )
    Tenancy.objects.bulk_create(tenancies)
    return park


PARK_TRACKS = (PARK_TEAM, PARK_RESIDENT, PARK_LEFT, PARK_NEXT)
