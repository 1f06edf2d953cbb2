"""Reads of the platforms app: which platforms count as 省级重点创新平台 on a day, each platform's scorecard
(output per yuan of input, its trend, its rank among the platforms of its type and level), the year's plan
against what was done, and the summary of the seed's platform figures. Every figure is computed from the
records, and the platforms listed are those the user may see (`restrict`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from rainforest.core.choices import OrganisationKind
from rainforest.core.policy import Action, restrict
from rainforest.platforms.choices import PartnerRole, PlatformLevel, PlatformStatus
from rainforest.platforms.models import Platform, PlatformPerformance, PlatformPlan

ZERO = Decimal(0)


def provincial_key_on(day: date) -> Q:
    """The 省级重点创新平台 on `day`: provincial platforms of a type that counts as a key platform
    (`PlatformType.key_platform`: 技术创新中心, 重点实验室, 工程技术研究中心 as seeded), recognised on or
    before the day and not revoked by then."""
    return (
        Q(level=PlatformLevel.PROVINCIAL, type__key_platform=True, recognised_on__lte=day)
        & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        & ~Q(status=PlatformStatus.PLANNED)
    )


def visible_platforms(user: Any) -> QuerySet[Platform]:
    """The platforms this user may see, with what their lists show."""
    return restrict(
        Platform.objects.select_related("type", "host_enterprise", "host_organisation", "district"),
        user,
        Action.VIEW,
    )


def ratio(benefit: Decimal, rd_input: Decimal) -> Decimal | None:
    """Direct economic benefit per yuan of R&D input (None without input), exact: ranks compare exact
    ratios; pages round them for display only."""
    if not rd_input:
        return None
    return benefit / rd_input


# --- scorecards -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearPoint:
    """One year of a platform's performance."""

    year: int
    rd_input: Decimal
    economic_benefit: Decimal
    conversion_income: Decimal
    ratio: Decimal | None


@dataclass
class Scorecard:
    """A platform's scorecard for `year`: its output per yuan of input, the change from the year before
    (`trend`: "up", "down", "flat" or "" without two ratios), its rank among the platforms of its type and
    level with a ratio that year (1 is the best; ties share a rank) and how many were ranked."""

    platform: Platform
    year: int
    points: list[YearPoint] = field(default_factory=list)
    rank: int | None = None
    ranked: int = 0

    def point(self, year: int) -> YearPoint | None:
        return next((p for p in self.points if p.year == year), None)

    @property
    def current(self) -> YearPoint | None:
        return self.point(self.year)

    @property
    def ratio(self) -> Decimal | None:
        current = self.current
        return current.ratio if current else None

    @property
    def previous_ratio(self) -> Decimal | None:
        previous = self.point(self.year - 1)
        return previous.ratio if previous else None

    @property
    def change(self) -> Decimal | None:
        if self.ratio is None or self.previous_ratio is None:
            return None
        return self.ratio - self.previous_ratio

    @property
    def trend(self) -> str:
        change = self.change
        if change is None:
            return ""
        return "up" if change > 0 else "down" if change < 0 else "flat"


def _ranks(performances: list[PlatformPerformance]) -> dict[int, tuple[int, int]]:
    """platform id → (rank, how many ranked) within its type and level, by ratio, best first."""
    groups: dict[tuple[int, str], list[tuple[Decimal, int]]] = defaultdict(list)
    for row in performances:
        value = ratio(row.economic_benefit, row.rd_input)
        if value is not None:
            groups[(row.platform.type_id, row.platform.level)].append((value, row.platform_id))
    ranks: dict[int, tuple[int, int]] = {}
    for members in groups.values():
        members.sort(key=lambda item: (-item[0], item[1]))
        rank, previous = 0, None
        for position, (value, platform_id) in enumerate(members, start=1):
            if value != previous:
                rank, previous = position, value
            ranks[platform_id] = (rank, len(members))
    return ranks


# The scorecard list's sortable columns (its allow-list): each gives a card's value, None when it has none.
SORTS: dict[str, Callable[[Scorecard], Any]] = {
    "name": lambda card: card.platform.name,
    "rank": lambda card: card.rank,
    "ratio": lambda card: card.ratio,
    "change": lambda card: card.change,
    "rd_input": lambda card: card.current.rd_input if card.current else None,
    "economic_benefit": lambda card: card.current.economic_benefit if card.current else None,
}


def sort_scorecards(cards: list[Scorecard], ordering: str) -> list[Scorecard]:
    """Cards sorted by a column of SORTS ("-" first: descending; unknown: by rank); cards without a value
    come last either way, and ties keep the platforms' name order."""
    value = SORTS.get(ordering.lstrip("-"), SORTS["rank"])
    cards = sorted(cards, key=lambda card: card.platform.name)
    known = [card for card in cards if value(card) is not None]
    known.sort(key=value, reverse=ordering.startswith("-"))
    return known + [card for card in cards if value(card) is None]


def scorecards(
    user: Any, *, year: int, platforms: QuerySet[Platform] | None = None, ordering: str = "rank"
) -> list[Scorecard]:
    """The scorecards for `year` of the platforms the user may see (or of `platforms`, already restricted),
    sorted by `ordering` (a key of SORTS, "-" first for descending; unknown keys sort by rank). Ranks are
    among every platform of the same type and level in the city, whether or not the user sees it: a rank
    names no other platform."""
    rows = visible_platforms(user) if platforms is None else platforms
    cards = {platform.pk: Scorecard(platform, year) for platform in rows}
    history = PlatformPerformance.objects.filter(platform_id__in=list(cards), year__lte=year).order_by("year")
    for row in history:
        cards[row.platform_id].points.append(
            YearPoint(
                row.year,
                row.rd_input,
                row.economic_benefit,
                row.conversion_income,
                ratio(row.economic_benefit, row.rd_input),
            )
        )
    peers = list(
        PlatformPerformance.objects.filter(year=year)
        .select_related("platform")
        .only("platform_id", "rd_input", "economic_benefit", "platform__type_id", "platform__level")
    )
    for platform_id, (rank, ranked) in _ranks(peers).items():
        if platform_id in cards:
            cards[platform_id].rank, cards[platform_id].ranked = rank, ranked
    return sort_scorecards(list(cards.values()), ordering)


# --- the year's plan against what was done --------------------------------------------------------------


@dataclass(frozen=True)
class PlanProgress:
    """One line of the year's plan: planned, done (platforms of that type and level recognised in the
    year), building (approved for building in the year, not yet recognised) and the gap still to go."""

    plan: PlatformPlan
    done: int
    building: int

    @property
    def planned(self) -> int:
        return self.plan.planned

    @property
    def gap(self) -> int:
        return max(self.planned - self.done, 0)

    @property
    def share(self) -> Decimal:
        """Done as a share of planned (1 when done), for the progress bar."""
        return min(Decimal(self.done) / Decimal(self.planned), Decimal(1)) if self.planned else Decimal(1)


def plan_progress(user: Any, *, year: int) -> list[PlanProgress]:
    """The year's plan, line by line, with what was done among the platforms the user may see."""
    plans = list(restrict(PlatformPlan.objects.select_related("type"), user, Action.VIEW).filter(year=year))
    platforms = restrict(Platform.objects.all(), user, Action.VIEW)
    done = {
        (row["type_id"], row["level"]): row["count"]
        for row in platforms.filter(recognised_on__year=year)
        .values("type_id", "level")
        .annotate(count=Count("pk"))
    }
    building = {
        (row["type_id"], row["level"]): row["count"]
        for row in platforms.filter(approved_on__year=year, status=PlatformStatus.BUILDING)
        .values("type_id", "level")
        .annotate(count=Count("pk"))
    }
    return [
        PlanProgress(
            plan, done.get((plan.type_id, plan.level), 0), building.get((plan.type_id, plan.level), 0)
        )
        for plan in plans
    ]


# --- the summary of the seed's figures -------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The platform figures for the day `as_of` (last year = the year before), each from the records the
    user may see: the provincial key platforms and their input and benefit last year, the platform with
    the largest conversion income among them, the platforms recommended to the province this year, the
    centres co-built with a partner this year and the platforms hosted by universities."""

    as_of: date
    key_platforms: int
    rd_input: Decimal
    economic_benefit: Decimal
    top_conversion: PlatformPerformance | None
    recommended: int
    co_built: int
    university_hosted: int

    @property
    def last_year(self) -> int:
        return self.as_of.year - 1

    @property
    def ratio(self) -> Decimal | None:
        return ratio(self.economic_benefit, self.rd_input)


def summary(user: Any, *, as_of: date) -> Summary:
    platforms = restrict(Platform.objects.all(), user, Action.VIEW)
    key = platforms.filter(provincial_key_on(as_of))
    last_year = PlatformPerformance.objects.filter(platform__in=key.values("pk"), year=as_of.year - 1)
    totals = last_year.aggregate(rd_input=Sum("rd_input"), benefit=Sum("economic_benefit"))
    top = (
        last_year.filter(conversion_income__gt=0)
        .select_related("platform__host_enterprise", "platform__host_organisation")
        .order_by("-conversion_income", "platform__name")
        .first()
    )
    return Summary(
        as_of=as_of,
        key_platforms=key.count(),
        rd_input=totals["rd_input"] or ZERO,
        economic_benefit=totals["benefit"] or ZERO,
        top_conversion=top,
        recommended=platforms.filter(recommended_year=as_of.year).count(),
        co_built=co_built(platforms, year=as_of.year).count(),
        university_hosted=university_hosted(platforms, on=as_of).count(),
    )


def co_built(platforms: QuerySet[Platform], *, year: int) -> QuerySet[Platform]:
    """Platforms approved or recognised in `year` with a co-building partner (共建)."""
    return platforms.filter(
        Q(approved_on__year=year) | Q(recognised_on__year=year),
        partners__role=PartnerRole.CO_BUILDER,
    ).distinct()


def university_hosted(platforms: QuerySet[Platform], *, on: date) -> QuerySet[Platform]:
    """Platforms hosted by a university or institute, existing on the day (not revoked by then)."""
    return platforms.filter(host_organisation__kind=OrganisationKind.UNIVERSITY).exclude(revoked_on__lte=on)
