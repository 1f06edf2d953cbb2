"""Build the demo city: a deterministic synthetic Jinzhong (issue 2, item 11).

    build_demo(seed=2025, scale="city") -> DemoSummary

Order: wipe what the demo owns, draw the park's teams, stream the enterprises in batches (figures and
certificates with them), store the park and its tenancies, upsert the users and the butlers' caseloads,
write the creation rows of the change log, then recompute the forest for everything. One `random.Random(seed)` drives every draw, in this order.
Later issues add their records as further steps of `build_demo`, drawing from the same generator.
"""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from random import Random
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from rainforest.core.models import DevelopmentZone, IndustrySection, Region
from rainforest.cultivation.models import Target, Training
from rainforest.demo import areas, cultivation, incubator, organisations, people, registry
from rainforest.demo.history import record_creation, tracked_models
from rainforest.demo.models import DemoBuild
from rainforest.demo.plan import AS_OF, TSME, plan_for
from rainforest.demo.wipe import wipe_demo_data
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise
from rainforest.forest.choices import CODE_OF_LAYER
from rainforest.forest.selectors import spans_on
from rainforest.forest.services import forest_refresh
from rainforest.incubator.choices import TenancyStatus
from rainforest.incubator.models import Team, Tenancy
from rainforest.policies.models import Policy
from rainforest.policies.services import OTHER_JURISDICTIONS, policies_load_catalogue


@dataclass
class DemoSummary:
    seed: int
    scale: str
    as_of: date
    enterprises: int
    teams: int
    tech_smes_valid: int
    hntes_valid: int
    layers: dict[str, int]
    park: dict[str, int]
    assignments: int
    logins: list[people.Login]
    timings: dict[str, float] = field(default_factory=dict)
    areas: dict[str, dict[str, int]] = field(default_factory=dict)


def _reference() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    regions = {r.code: r for r in Region.objects.all()}
    zones = {z.short_name: z for z in DevelopmentZone.objects.all()}
    sections = {s.code: s for s in IndustrySection.objects.all()}
    return regions, zones, sections


def valid_on(kind: str, day: date) -> int:
    """Enterprises holding a certificate of `kind` valid on `day`."""
    return (
        Certificate.objects.filter(kind=kind, issued_on__lte=day, expires_on__gt=day)
        .exclude(revoked_on__lte=day)
        .values("enterprise_id")
        .distinct()
        .count()
    )


def park_counts(day: date) -> dict[str, int]:
    """Seed S34 from the tenancy records: residents (firms, teams), about to enter, in negotiation."""
    tenancies = Tenancy.objects.filter(park__name=incubator.PARK_NAME)
    resident = tenancies.filter(status=TenancyStatus.RESIDENT, entered_on__lte=day)
    return {
        "resident_firms": resident.filter(enterprise__isnull=False).count(),
        "resident_teams": resident.filter(team__isnull=False).count(),
        "about_to_enter": tenancies.filter(status=TenancyStatus.ABOUT_TO_ENTER).count(),
        "negotiating": tenancies.filter(status=TenancyStatus.NEGOTIATING).count(),
    }


def layer_counts(day: date) -> dict[str, int]:
    """Organisations by layer on `day`, from the stored spans (enterprises and teams)."""
    counts = {code: 0 for code in CODE_OF_LAYER.values()}
    for row in spans_on(day).values("layer").annotate(n=Count("id")).order_by():
        counts[CODE_OF_LAYER[row["layer"]]] = row["n"]
    return counts


def remove_other_jurisdictions() -> int:
    """Delete the policies of other jurisdictions that only a catalogue load ever wrote (no change-log
    row with a user); returns how many."""
    codes = [row["code"] for row in tomllib.loads(OTHER_JURISDICTIONS.read_text(encoding="utf-8"))["policy"]]
    touched = Policy.history.filter(code__in=codes, history_user__isnull=False).values("id")
    stale = Policy.objects.filter(code__in=codes).exclude(pk__in=touched)
    count = stale.count()
    for policy in stale:
        policy.delete()
    return count


def _own_firm(candidates: list[registry.Draft], first: registry.Draft | None) -> registry.Draft:
    for draft in candidates:
        if draft.track == TSME and draft.district == "140702":
            return draft
    if first is None:
        raise RuntimeError("the demo city has no enterprise")
    return first


@transaction.atomic
def build_demo(
    *, seed: int = 2025, scale: str = "city", size: int | None = None, log: Any = None
) -> DemoSummary:
    """Wipe the demo's data and build the city again; returns what was built. Records the demo did not
    make are kept (demo.wipe); every record it makes gets a creation row in the change log (demo.history)."""
    say = log or (lambda message: None)
    since = timezone.now()
    timings: dict[str, float] = {}
    started = clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 2)
        clock = now

    plan = plan_for(scale, size)
    rng = Random(seed)
    # Before the wipe, which deletes the last build's row that tells an older demo's users apart.
    kept_users = set(people.hand_made_users((*people.CAST, *organisations.INSTITUTION_USERS)))
    wipe_demo_data()
    lap("wipe")
    regions, zones, sections = _reference()
    teams = incubator.draft_teams(rng, plan)
    ctx = registry.Context(
        regions=regions,
        zones=zones,
        sections=sections,
        plan=plan,
        team_dates=incubator.team_firm_dates(teams),
    )
    park_firms: list[registry.Draft] = []
    candidates: list[registry.Draft] = []
    capacity = plan.butlers * 40
    first: registry.Draft | None = None
    stored = 0
    for batch in registry.drafts(rng, ctx, registry.tracks(rng, plan)):
        registry.store(batch)
        stored += len(batch)
        first = first or batch[0]
        for draft in batch:
            if draft.track in incubator.PARK_TRACKS:
                park_firms.append(draft)
            if draft.candidate and len(candidates) < capacity:
                candidates.append(draft)
        # Drop the children of stored firms: at national scale they would fill the memory.
        for draft in batch:
            draft.figures, draft.certificates = [], []
        say(f"  企业 {stored:,} / {plan.size:,}")
    lap("registry")
    incubator.build_park(rng, teams, park_firms, regions, zones)
    lap("incubator")
    own = _own_firm(candidates, first)
    logins, butlers = people.build_people(rng, regions, own, plan.butlers, kept=kept_users)
    organisations.build_organisations(
        kept=kept_users
    )  # the bureau's tree, universities and banks (docs/administration.md)
    expiring_first = sorted(candidates, key=lambda d: (not d.expiring, d.enterprise.pk))
    assignments = people.assign_butlers(
        rng, butlers, [d.enterprise.pk for d in expiring_first], own.enterprise.pk
    )
    cultivation.build_cultivation(rng, butlers)
    # The real policies of Shanxi and Jinzhong ship with the demo city (issue 3, item 7): without them the
    # policy calculator of a fresh `make demo` is empty. An upsert by code: policies are kept, not wiped.
    # The catalogue holds Jinzhong's and the province's policies; those of other jurisdictions (太原市,
    # 综改示范区), which an older demo loaded, are removed unless a person has touched them since.
    policies_load_catalogue()
    remove_other_jurisdictions()
    lap("people")
    # The later areas (technology market, talent, platforms, finance), each from its own generator.
    area_counts: dict[str, dict[str, int]] = {}
    for area, module in zip(areas.AREAS, areas.modules(), strict=True):
        area_counts[area] = module.build(Random(f"{seed}:{area}"), as_of=AS_OF)
        lap(area)
    record_creation(tracked_models((Training, Target)), since=since)
    lap("history")
    say("  计算森林层级 …")
    forest_refresh()
    lap("forest")
    seconds = round(time.perf_counter() - started, 1)
    summary = DemoSummary(
        seed=seed,
        scale=scale,
        as_of=AS_OF,
        enterprises=Enterprise.objects.count(),
        teams=Team.objects.count(),
        tech_smes_valid=valid_on(CertificateKind.TECH_SME, AS_OF),
        hntes_valid=valid_on(CertificateKind.HNTE, AS_OF),
        layers=layer_counts(AS_OF),
        park=park_counts(AS_OF),
        assignments=assignments,
        logins=logins,
        timings=timings,
        areas=area_counts,
    )
    DemoBuild.objects.create(
        seed=seed,
        scale=scale,
        enterprises=summary.enterprises,
        teams=summary.teams,
        as_of=AS_OF,
        seconds=Decimal(str(seconds)),
    )
    return summary
