"""Reads of the incubator, scoped by user through the policy (rainforest.core.policy): city-wide users see
every park and team, district and park staff those of their own district (or development zone); nobody else
manages incubators. A tenancy is shown only when its park, its enterprise and its team are all in scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, QuerySet

from rainforest.core.policy import Action, may
from rainforest.incubator.choices import TenancyStatus, ZoneTier
from rainforest.incubator.models import Park, Site, StageChange, Team, Tenancy, Zone, ZoneStay

TIER_RANK = {tier: rank for rank, tier in enumerate(ZoneTier.values)}


def manages_incubators(user: Any) -> bool:
    return may(user, Action.VIEW, Park)


def parks_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Park]:
    return Park.objects.restrict(user, action).select_related("district", "development_zone")


def parks_with_counts(user: Any) -> QuerySet[Park]:
    """Parks with their zone count and the count of residents the user may see."""
    visible = Tenancy.objects.restrict(user, Action.VIEW).values("pk")
    return (
        parks_for(user)
        .annotate(
            zone_count=Count("zones", distinct=True),
            resident_count=Count(
                "tenancies",
                filter=Q(tenancies__status=TenancyStatus.RESIDENT, tenancies__in=visible),
                distinct=True,
            ),
        )
        .order_by("name")
    )  # Meta.ordering does not apply to grouped queries


def teams_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Team]:
    return Team.objects.restrict(user, action).select_related("district", "enterprise")


def tenancies_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Tenancy]:
    return Tenancy.objects.restrict(user, action).select_related("park", "zone", "enterprise", "team")


def tenancies_of(park: Park, user: Any) -> QuerySet[Tenancy]:
    """The tenancies of a park the user may see (a firm or team outside their scope is left out)."""
    return tenancies_for(user).filter(park=park).order_by("status", "-entered_on", "pk")


# --- sites, zones and occupancy ------------------------------------------------------------------------


def sites_of(park: Park, user: Any) -> QuerySet[Site]:
    return Site.objects.restrict(user, Action.VIEW).filter(park=park).select_related("development_zone")


def zones_of(park: Park, user: Any) -> QuerySet[Zone]:
    return Zone.objects.restrict(user, Action.VIEW).filter(park=park).select_related("site")


def _stays_on(day: date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


@dataclass(frozen=True)
class Occupancy:
    """One zone on one day: its tenants and the space they use, against its capacity and space."""

    zone: Zone
    tenants: int
    space_used_m2: int

    @property
    def tenant_ratio(self) -> Fraction | None:
        """Tenants ÷ capacity (None without a capacity)."""
        return Fraction(self.tenants, self.zone.capacity) if self.zone.capacity else None

    @property
    def space_ratio(self) -> Fraction | None:
        """Space used ÷ the zone's space (None without a space)."""
        return Fraction(self.space_used_m2, self.zone.space_m2) if self.zone.space_m2 else None


def occupancy_on(park: Park, user: Any, day: date) -> list[Occupancy]:
    """Each zone of the park the user sees, with the tenants in it on `day` and the space they use, from the
    zone stays. A tenancy stored without any stay (an older import) counts in its zone while it is entered.
    Every tenant counts, in or out of the user's scope: occupancy is a figure of the zone, not of firms."""
    zones = sorted(
        zones_of(park, user), key=lambda z: (z.site.name if z.site else "", TIER_RANK.get(z.tier, 9), z.name)
    )
    counts: dict[int, list[int]] = {zone.pk: [0, 0] for zone in zones}
    stays = ZoneStay.objects.filter(_stays_on(day), zone__in=zones).values_list("zone_id", "space_m2")
    for zone_id, space in stays:
        counts[zone_id][0] += 1
        counts[zone_id][1] += space or 0
    without = (
        Tenancy.objects.filter(zone__in=zones, entered_on__lte=day, stays__isnull=True)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .values_list("zone_id", flat=True)
    )
    for zone_id in without:
        counts[zone_id][0] += 1
    return [Occupancy(zone, counts[zone.pk][0], counts[zone.pk][1]) for zone in zones]


# --- the pipeline --------------------------------------------------------------------------------------


def _at_stage_on(day: date) -> dict[str, Q]:
    """Where a tenancy stood on `day`, from its stage dates (the latest stage dated on or before `day`)."""

    def reached(name: str) -> Q:
        return Q(**{f"{name}__lte": day})

    def not_yet(name: str) -> Q:
        return Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gt": day})

    before_entry = not_yet("entered_on") & not_yet("withdrawn_on")
    return {
        TenancyStatus.INTENTION: reached("intended_on")
        & not_yet("negotiating_on")
        & not_yet("approved_on")
        & before_entry,
        TenancyStatus.NEGOTIATING: reached("negotiating_on") & not_yet("approved_on") & before_entry,
        TenancyStatus.ABOUT_TO_ENTER: reached("approved_on") & before_entry,
        TenancyStatus.RESIDENT: reached("entered_on") & not_yet("left_on"),
        TenancyStatus.GRADUATED: Q(status=TenancyStatus.GRADUATED) & reached("left_on"),
        TenancyStatus.LEFT: Q(status=TenancyStatus.LEFT) & reached("left_on"),
        TenancyStatus.WITHDRAWN: reached("withdrawn_on"),
    }


@dataclass(frozen=True)
class Stage:
    status: str
    label: str
    firms: int
    teams: int

    @property
    def total(self) -> int:
        return self.firms + self.teams


def pipeline_on(park: Park, user: Any, day: date) -> list[Stage]:
    """The park's pipeline on `day`: per stage, the firms and teams that stood there (read from the stage
    dates, so any past day can be replayed). Seed S34 is the entered firms and teams, the approved to enter
    and the negotiating of 晋创谷·晋中 on 2025-06-01. Only tenancies the user may see are counted."""
    rows = tenancies_for(user).filter(park=park)
    stages = []
    for status, condition in _at_stage_on(day).items():
        counted = rows.filter(condition).aggregate(
            firms=Count("pk", filter=Q(enterprise__isnull=False)),
            teams=Count("pk", filter=Q(team__isnull=False)),
        )
        stages.append(Stage(status, str(TenancyStatus(status).label), counted["firms"], counted["teams"]))
    return stages


def tenancies_at_stage(park: Park, user: Any, status: str, day: date) -> QuerySet[Tenancy]:
    """The tenancies behind one cell of the pipeline: those at `status` on `day`."""
    return tenancies_for(user).filter(park=park).filter(_at_stage_on(day)[status]).order_by("pk")


def steps_of(tenancy: Tenancy, user: Any) -> QuerySet[StageChange]:
    return StageChange.objects.restrict(user, Action.VIEW).filter(tenancy=tenancy).select_related("user")


def stays_of(tenancy: Tenancy, user: Any) -> QuerySet[ZoneStay]:
    return ZoneStay.objects.restrict(user, Action.VIEW).filter(tenancy=tenancy).select_related("zone")


# --- promotions ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Promotion:
    tenancy: Tenancy
    on: date
    from_zone: Zone
    to_zone: Zone


def promotions_in(park: Park, user: Any, start: date, end: date) -> list[Promotion]:
    """Moves to a zone of a higher tier (孵化型 → 初创型 → 成长型) dated within [start, end], in date order:
    a stay that starts where the tenancy's previous stay ended, in a higher tier."""
    stays = (
        ZoneStay.objects.restrict(user, Action.VIEW)
        .filter(tenancy__park=park)
        .select_related("zone", "tenancy__enterprise", "tenancy__team")
        .order_by("tenancy_id", "started_on")
    )
    found: list[Promotion] = []
    previous: ZoneStay | None = None
    for stay in stays:
        if (
            previous is not None
            and previous.tenancy_id == stay.tenancy_id
            and start <= stay.started_on <= end
            and TIER_RANK.get(stay.zone.tier, -1) > TIER_RANK.get(previous.zone.tier, -1)
        ):
            found.append(Promotion(stay.tenancy, stay.started_on, previous.zone, stay.zone))
        previous = stay
    return sorted(found, key=lambda p: (p.on, p.tenancy.pk))


# --- graduates -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Graduate:
    """A firm that graduated from the park and what became of it: its forest layer on its graduation day
    and on `as_of`, and the layers it passed through since (from the forest's stored spans)."""

    tenancy: Tenancy
    graduated_on: date
    layer_then: int | None
    layer_now: int | None
    path: tuple[int, ...]

    @property
    def grew(self) -> bool:
        return (self.layer_now or 0) > (self.layer_then or 0)


def graduates(park: Park, user: Any, as_of: date) -> list[Graduate]:
    """The firms that graduated from the park on or before `as_of` (those the user may see), newest first,
    each with its layer when it graduated and now. Layers are the forest's (higher code = higher layer)."""
    span_model = apps.get_model("forest", "LayerSpan")  # the forest reads the incubator: no import cycle
    rows = list(
        tenancies_for(user)
        .filter(park=park, status=TenancyStatus.GRADUATED, enterprise__isnull=False, left_on__lte=as_of)
        .order_by("-left_on", "pk")
    )
    spans: dict[int, list[Any]] = {}
    for span in span_model.objects.filter(enterprise_id__in=[t.enterprise_id for t in rows]).order_by(
        "enterprise_id", "starts_on"
    ):
        spans.setdefault(span.enterprise_id, []).append(span)

    def layer_on(enterprise_id: int, day: date) -> int | None:
        for span in spans.get(enterprise_id, []):
            if span.starts_on <= day and (span.ends_on is None or day < span.ends_on):
                return int(span.layer)
        return None

    found = []
    for tenancy in rows:
        assert tenancy.left_on is not None and tenancy.enterprise_id is not None
        since = [
            int(s.layer)
            for s in spans.get(tenancy.enterprise_id, [])
            if (s.ends_on is None or s.ends_on > tenancy.left_on) and s.starts_on <= as_of
        ]
        path = tuple(layer for i, layer in enumerate(since) if i == 0 or since[i - 1] != layer)
        found.append(
            Graduate(
                tenancy,
                tenancy.left_on,
                layer_on(tenancy.enterprise_id, tenancy.left_on),
                layer_on(tenancy.enterprise_id, as_of),
                path,
            )
        )
    return found
