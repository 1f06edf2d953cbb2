"""Reads of the talent app: the census of universities and institutes (counted from records, never stored),
and a technology manager's trainings and brokered work.

Platforms (`platforms.Platform`, hosted by an organisation), achievements (`matching.Achievement`, owned
by an organisation), contracts (`techmarket.Contract.tech_manager`) and deals (`matching.Deal`) belong to
other apps: they are read through `apps.get_model` when installed and of the expected shape, and a figure
whose records do not exist (or that the user may not read) is None, shown as "—", never as 0."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, QuerySet, Sum

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation
from rainforest.core.policy import Action, district_ids, restrict, rule_for
from rainforest.core.scope import Reach, scope_for
from rainforest.talent.choices import DisciplineLevel, EntryStatus
from rainforest.talent.models import (
    CentreFirm,
    JointCentre,
    KeyDiscipline,
    ResearchTeam,
    TechManager,
    Trainee,
)

# --- other apps' records, when they exist --------------------------------------------------------------


def foreign_model(label: str, *fields: str) -> type[models.Model] | None:
    """The model `app.Model` when installed and holding these fields; None otherwise."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    for name in fields:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
    return model


def platform_model() -> type[models.Model] | None:
    return foreign_model("platforms.Platform", "host_organisation")


def achievement_model() -> type[models.Model] | None:
    return foreign_model("matching.Achievement", "owner")


def _readable(model: type[models.Model] | None, user: Any) -> QuerySet[Any] | None:
    """The rows of `model` the user may read, or None when the model is missing or refused to the role."""
    if model is None or rule_for(user, model, Action.VIEW) is None:
        return None
    return restrict(model._default_manager.all(), user, Action.VIEW)


# --- the census ----------------------------------------------------------------------------------------


def institutions_for(user: Any) -> QuerySet[Organisation]:
    """The universities and institutes whose census the user may read: every one for the city, a district's
    (by the institution's region or zone) for its officers, their own for a university's users. The same
    reach as the census records' scope rule (`organisation_rule("organisation")`), applied to the
    institution itself; nothing for a role the census is refused to."""
    rows = Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY)
    if rule_for(user, ResearchTeam, Action.VIEW) is None:
        return rows.none()
    scope = scope_for(user)
    if scope.reach is Reach.CITY:
        return rows
    if scope.reach is Reach.DISTRICT:
        condition = models.Q(pk__in=[])
        if regions := district_ids(scope):
            condition |= models.Q(region_id__in=sorted(regions))
        if scope.zone_id:
            condition |= models.Q(zone_id=scope.zone_id)
        return rows.filter(condition)
    if scope.reach is Reach.OWN and scope.organisation_id:
        return rows.filter(pk=scope.organisation_id)
    return rows.none()


@dataclass
class CensusRow:
    """One institution's census: each figure counted from records (None: those records are unavailable)."""

    organisation: Organisation
    disciplines: int = 0
    national: int = 0
    provincial: int = 0
    school: int = 0
    teams: int = 0
    members: int = 0
    centres: int = 0
    platforms: int | None = None
    achievements: int | None = None


@dataclass
class Census:
    rows: list[CensusRow]
    total: CensusRow
    institutions: int
    platforms_available: bool
    achievements_available: bool
    notes: list[str] = field(default_factory=list)


def _counts(queryset: QuerySet[Any], by: str) -> dict[int, int]:
    return {
        row[by]: row["n"] for row in queryset.order_by().values(by).annotate(n=Count("pk")).values(by, "n")
    }


def census_for(user: Any) -> Census:
    """The census of every institution the user reaches, with totals. Six grouped queries whatever the
    number of institutions."""
    institutions = list(institutions_for(user).select_related("region").order_by("sort_order", "name"))
    ids = [institution.pk for institution in institutions]
    disciplines = restrict(KeyDiscipline.objects.filter(organisation_id__in=ids), user, Action.VIEW)
    by_level: dict[tuple[int, str], int] = {
        (row["organisation_id"], row["level"]): row["n"]
        for row in disciplines.order_by().values("organisation_id", "level").annotate(n=Count("pk"))
    }
    teams = restrict(ResearchTeam.objects.filter(organisation_id__in=ids), user, Action.VIEW)
    team_figures = {
        row["organisation_id"]: (row["n"], row["members"] or 0)
        for row in teams.order_by().values("organisation_id").annotate(n=Count("pk"), members=Sum("size"))
    }
    centres = _counts(
        restrict(JointCentre.objects.filter(organisation_id__in=ids), user, Action.VIEW), "organisation_id"
    )
    platform_rows = _readable(platform_model(), user)
    platforms = (
        _counts(platform_rows.filter(host_organisation_id__in=ids), "host_organisation_id")
        if platform_rows is not None
        else None
    )
    achievement_rows = _readable(achievement_model(), user)
    achievements = (
        _counts(achievement_rows.filter(owner_id__in=ids), "owner_id")
        if achievement_rows is not None
        else None
    )
    rows: list[CensusRow] = []
    for institution in institutions:
        pk = institution.pk
        national = by_level.get((pk, DisciplineLevel.NATIONAL), 0)
        provincial = by_level.get((pk, DisciplineLevel.PROVINCIAL), 0)
        school = by_level.get((pk, DisciplineLevel.SCHOOL), 0)
        team_count, members = team_figures.get(pk, (0, 0))
        rows.append(
            CensusRow(
                organisation=institution,
                disciplines=national + provincial + school,
                national=national,
                provincial=provincial,
                school=school,
                teams=team_count,
                members=members,
                centres=centres.get(pk, 0),
                platforms=None if platforms is None else platforms.get(pk, 0),
                achievements=None if achievements is None else achievements.get(pk, 0),
            )
        )
    total = CensusRow(
        organisation=Organisation(name=""),
        disciplines=sum(r.disciplines for r in rows),
        national=sum(r.national for r in rows),
        provincial=sum(r.provincial for r in rows),
        school=sum(r.school for r in rows),
        teams=sum(r.teams for r in rows),
        members=sum(r.members for r in rows),
        centres=sum(r.centres for r in rows),
        platforms=None if platforms is None else sum(r.platforms or 0 for r in rows),
        achievements=None if achievements is None else sum(r.achievements or 0 for r in rows),
    )
    return Census(
        rows=rows,
        total=total,
        institutions=len(rows),
        platforms_available=platforms is not None,
        achievements_available=achievements is not None,
    )


@dataclass(frozen=True)
class CentreSummary:
    centre: JointCentre
    teams: int
    firms: int
    firms_by_status: dict[str, int]

    @property
    def intended(self) -> int:
        """Firms about to enter (拟入驻)."""
        return self.firms_by_status.get(EntryStatus.INTENDED, 0)


def centres_for(user: Any) -> list[CentreSummary]:
    """The joint centres the user may read, with their team and firm counts (firms by status)."""
    centres = list(
        restrict(JointCentre.objects.select_related("organisation"), user, Action.VIEW)
        .annotate(team_count=Count("team_links", distinct=True))
        .order_by("name")
    )
    statuses: dict[int, dict[str, int]] = {}
    for row in (
        CentreFirm.objects.filter(centre__in=[c.pk for c in centres])
        .order_by()
        .values("centre_id", "status")
        .annotate(n=Count("pk"))
    ):
        statuses.setdefault(row["centre_id"], {})[row["status"]] = row["n"]
    return [
        CentreSummary(
            centre=centre,
            teams=centre.team_count,
            firms=sum(statuses.get(centre.pk, {}).values()),
            firms_by_status=statuses.get(centre.pk, {}),
        )
        for centre in centres
    ]


# --- technology managers -------------------------------------------------------------------------------


def managers_for(user: Any) -> QuerySet[TechManager]:
    """The technology managers the user may read."""
    return restrict(TechManager.objects.select_related("organisation", "region"), user, Action.VIEW)


def trainings_of(manager: TechManager, user: Any) -> QuerySet[Trainee]:
    """A manager's classes, newest first, as far as the user may read trainees."""
    return restrict(
        Trainee.objects.filter(manager=manager).select_related("training_class"), user, Action.VIEW
    ).order_by("-training_class__starts_on")


@dataclass
class Brokered:
    """What a manager brokered: registered technology contracts (turnover and technology transaction
    amount, in yuan) and deals of the matching engine by status. None: those records do not exist yet, or
    the user may not read them."""

    contracts: list[Any] | None = None
    contract_count: int = 0
    contract_amount: Decimal = Decimal(0)
    transaction_amount: Decimal = Decimal(0)
    deals: list[Any] | None = None
    deals_by_status: dict[str, int] = field(default_factory=dict)
    deal_amount: Decimal = Decimal(0)  # the amounts of the signed deals


def brokered_by(manager: TechManager, user: Any) -> Brokered:
    """The contracts (`techmarket.Contract.tech_manager`) and deals (`matching.Deal.tech_manager` or
    `.manager`) a manager brokered, within the user's reach."""
    result = Brokered()
    contract_model = foreign_model(
        "techmarket.Contract", "tech_manager", "contract_amount", "tech_transaction_amount", "status"
    )
    contracts = _readable(contract_model, user)
    if contracts is not None:
        mine = contracts.filter(tech_manager=manager)
        registered = mine.filter(status="registered")
        totals = registered.aggregate(
            n=Count("pk"), turnover=Sum("contract_amount"), transactions=Sum("tech_transaction_amount")
        )
        result.contracts = list(mine.order_by("-signed_on", "pk")[:50])
        result.contract_count = totals["n"] or 0
        result.contract_amount = totals["turnover"] or Decimal(0)
        result.transaction_amount = totals["transactions"] or Decimal(0)
    deal_field = next(
        (name for name in ("tech_manager", "manager") if foreign_model("matching.Deal", name) is not None),
        None,
    )
    deals = _readable(foreign_model("matching.Deal", deal_field) if deal_field else None, user)
    if deals is not None and deal_field is not None:
        mine_deals = deals.filter(**{deal_field: manager})
        result.deals = list(mine_deals.order_by("-pk")[:50])
        result.deals_by_status = _status_counts(mine_deals)
        if foreign_model("matching.Deal", "amount") is not None:
            result.deal_amount = mine_deals.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return result


def _status_counts(queryset: QuerySet[Any]) -> dict[str, int]:
    """Rows by their status's label."""
    try:
        status = queryset.model._meta.get_field("status")
    except FieldDoesNotExist:
        return {}
    labels = {value: str(label) for value, label in getattr(status, "flatchoices", ())}
    return {
        labels.get(row["status"], row["status"]): row["n"]
        for row in queryset.order_by().values("status").annotate(n=Count("pk")).order_by("status")
    }
