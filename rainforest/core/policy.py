"""Authorization, decided in this one module: who may do what to which records.

Vocabulary
----------
- An **action** (`Action`): view, add, change, delete, export, import.
- A user's **scope** (`rainforest.core.scope.scope_for`): how far the user reaches (the city, a district or
  development zone plus an optional custom list of districts, the firms assigned to a tech butler, the
  user's own enterprise, or nothing).
- A model's **scope rule** (`SCOPE_RULES`): how a scope becomes a filter (a `Q`) on that model's rows, and
  which **parents** the model hangs off. A row that hangs off others (a tenancy off a park, an enterprise
  or a team) is in scope only when *every* parent it names is in scope too; a parent left empty
  (a team's tenancy names no enterprise) does not count.
- The **table** (`TABLE`): role × model × action → `Rule.ALL` (every row) or `Rule.SCOPE` (the rows of the
  model's scope rule). A missing entry means "refused". The permission-matrix test reads this table.
  Superusers count as system administrators.

Reading
-------
`restrict(queryset, user, action)` keeps only the rows that user may act on that way; every scoped model's
QuerySet has `.restrict(user, action)` delegating here. Views, API operations, services, exports and imports
fetch their rows through it, never with a bare `objects.get(pk=…)`, so a forgotten check is a 404, not a
leak. `may(user, action, obj_or_model)` answers yes or no (a model class: "does the role hold this action
on this model at all"); `require(...)` raises `django.core.exceptions.PermissionDenied` instead.

Writing
-------
Every write service takes the acting user and wraps its change in `checked(user, action, *objects)`
(`OPERATOR`, i.e. None, stands for the server's operator running a command, and is not checked):
each object must be within `restrict(user, action)` before the change (an unsaved object: the role holds the
action and every parent it names is in scope), and after the change, still inside the transaction, every
object (and any added with `guard.check(obj)`) is re-read through `restrict`; if one fell outside (an
officer moved a firm to another district) PermissionDenied is raised and the transaction rolls back.

Routes
------
Every URL pattern and API operation declares its access with `access`:

    @access.public                          # anyone, signed in or not (the login page)
    @access.login                           # any signed-in user; the view scopes its own rows
    @access.model(Enterprise, Action.VIEW)  # the role must hold VIEW on Enterprise; rows via restrict

On pages the declaration is enforced by `AccessMiddleware` (anonymous → the login page, a role without the
grant → 403); on API operations (write the declaration *below* `@router.get(...)`) it is enforced before
the operation runs (anonymous → 401 from the API's authentication, a role without the grant → 403).
A route that declares nothing is refused by the permission-matrix test.

Adding a record type: give the model a QuerySet with `restrict` (`RestrictedQuerySet` does it), add its
scope rule to `SCOPE_RULES` and its rows to `TABLE`, declare its routes with `access`, and register a
factory of an in-scope and an out-of-scope object in the permission-matrix test.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext

from rainforest.core.choices import Role
from rainforest.core.scope import Reach, Scope, scope_for

M = TypeVar("M", bound=models.Model)
F = TypeVar("F", bound=Callable[..., Any])


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    EXPORT = "export"
    IMPORT = "import"


WRITE_ACTIONS = frozenset({Action.ADD, Action.CHANGE, Action.DELETE, Action.IMPORT})


class Rule(StrEnum):
    ALL = "all"  # every row of the model
    SCOPE = "scope"  # the rows the model's scope rule gives for the user's scope


# --- scope rules: a Scope turned into a Q on a model ---------------------------------------------------

NOTHING = Q(pk__in=[])


def district_ids(scope: Scope) -> frozenset[int]:
    """The districts of a DISTRICT scope: the organisation's district and any custom list."""
    ids = set(scope.region_ids)
    if scope.region_id:
        ids.add(scope.region_id)
    return frozenset(ids)


def _district_or_zone(district_field: str, zone_field: str | None) -> Callable[[Scope, Action], Q]:
    def rule(scope: Scope, action: Action) -> Q:
        if scope.reach is Reach.CITY:
            return Q()
        if scope.reach is not Reach.DISTRICT:
            return NOTHING
        condition = NOTHING
        if regions := district_ids(scope):
            condition |= Q(**{f"{district_field}__in": sorted(regions)})
        if zone_field and scope.zone_id:
            condition |= Q(**{zone_field: scope.zone_id})
        return condition

    return rule


def _enterprise_rule(scope: Scope, action: Action) -> Q:
    if scope.reach is Reach.CITY:
        return Q()
    if scope.reach is Reach.DISTRICT:
        return _district_or_zone("district_id", "development_zone_id")(scope, action)
    if scope.reach is Reach.ASSIGNED and scope.user_id:
        assignment = apps.get_model("enterprises", "Assignment")
        served = assignment.objects.filter(butler_id=scope.user_id, ended_on__isnull=True)
        return Q(pk__in=served.values("enterprise_id"))
    if scope.reach is Reach.OWN and scope.credit_code:
        return Q(credit_code=scope.credit_code)
    return NOTHING


def _team_rule(scope: Scope, action: Action) -> Q:
    """A team belongs to its district; it has no development zone of its own. A zone's officer (a park's
    manager) reaches the teams with a tenancy, past or present, in one of the zone's parks."""
    condition = _district_or_zone("district_id", None)(scope, action)
    if scope.reach is Reach.DISTRICT and scope.zone_id:
        tenancy = apps.get_model("incubator", "Tenancy")
        in_zone = tenancy.objects.filter(park__development_zone_id=scope.zone_id, team__isnull=False)
        condition |= Q(pk__in=in_zone.values("team_id"))
    return condition


def _target_rule(scope: Scope, action: Action) -> Q:
    """A district sees the city's targets and its own; it changes only its own."""
    own = _district_or_zone("district_id", None)(scope, action)
    if scope.reach is Reach.DISTRICT and action in (Action.VIEW, Action.EXPORT):
        return own | Q(district__isnull=True)
    return own


def organisation_rule(field: str) -> Callable[[Scope, Action], Q]:
    """Rows kept by an organisation (`field`, a foreign key to `core.Organisation`: an achievement's
    university, a loan's bank): the city reaches every row; a district the rows of organisations in its
    districts or zone; an organisation's own users (OWN) the rows of their organisation; others none."""

    def rule(scope: Scope, action: Action) -> Q:
        if scope.reach is Reach.CITY:
            return Q()
        if scope.reach is Reach.DISTRICT:
            return _district_or_zone(f"{field}__region_id", f"{field}__zone_id")(scope, action)
        if scope.reach is Reach.OWN and scope.organisation_id:
            return Q(**{f"{field}_id": scope.organisation_id})
        return NOTHING

    # matching: an unsaved row (may ADD) is judged by its organisation's reach
    rule.unsaved = lambda scope, action, obj: _keeper_in_reach(scope, getattr(obj, f"{field}_id"))  # type: ignore[attr-defined]
    return rule


def _keeper_in_reach(scope: Scope, organisation_id: int | None) -> bool:
    """matching: organisation_rule for an unsaved row, on its organisation: the city any, a district those
    in its districts or zone, an organisation's own users their own (no organisation yet: not judged)."""
    if scope.reach is Reach.CITY or organisation_id is None:
        return True
    if scope.reach is Reach.OWN:
        return scope.organisation_id == organisation_id
    if scope.reach is not Reach.DISTRICT:
        return False
    within = Q(region_id__in=sorted(district_ids(scope))) | (
        Q(zone_id=scope.zone_id) if scope.zone_id else NOTHING
    )
    return apps.get_model("core", "Organisation").objects.filter(within, pk=organisation_id).exists()


def _everything(scope: Scope, action: Action) -> Q:
    return Q()


# reviews: an expert (role 评审专家) has no reach of their own (Reach.NOTHING with their user id); they reach
# the applications of the panels they sit on, their own expert row and their own score sheets, and the
# others' sheets of a panel once it is closed.


# the application states from expert review on (calls.choices.State; core does not import the calls app)
REVIEWED_STATES = (
    "expert_review",
    "ranked",
    "publicity",
    "publicity_closed",
    "approved",
    "recommended",
    "not_approved",
    "project",
)


def _seated(scope: Scope) -> Q:
    """reviews: the panels the scope's user sits on as an expert."""
    member = apps.get_model("reviews", "PanelMember")
    return Q(pk__in=member.objects.filter(expert__user_id=scope.user_id).values("panel_id"))


def _application_rule(scope: Scope, action: Action) -> Q:
    """calls: an application follows its firm; reviews: an expert reaches those of the calls whose panel
    they sit on."""
    if scope.reach is Reach.CITY:
        return Q()
    if scope.reach is Reach.NOTHING:
        if not scope.user_id:
            return NOTHING
        member = apps.get_model("reviews", "PanelMember")
        seats = member.objects.filter(expert__user_id=scope.user_id).values("panel__call_id")
        return Q(call_id__in=seats, status__in=REVIEWED_STATES)
    firms = apps.get_model("enterprises", "Enterprise").objects.filter(_enterprise_rule(scope, action))
    return Q(enterprise_id__in=firms.values("pk"))


def _application_unsaved(scope: Scope, action: Action, obj: Any) -> bool:
    """calls: an unsaved application is judged by its firm, as when it followed its firm as a parent."""
    firm = apps.get_model("enterprises", "Enterprise")
    return firm.objects.filter(_enterprise_rule(scope, action), pk=obj.enterprise_id).exists()


_application_rule.unsaved = _application_unsaved  # type: ignore[attr-defined]


def _expert_rule(scope: Scope, action: Action) -> Q:
    """reviews: the pool is the city's; an expert reaches their own row."""
    if scope.reach is Reach.CITY:
        return Q()
    return Q(user_id=scope.user_id) if scope.reach is Reach.NOTHING and scope.user_id else NOTHING


def _panel_rule(scope: Scope, action: Action) -> Q:
    """reviews: an expert the panels they sit on; a district the panels of calls its firms applied to."""
    if scope.reach is Reach.CITY:
        return Q()
    if scope.reach is Reach.NOTHING and scope.user_id:
        return _seated(scope)
    if scope.reach is Reach.DISTRICT:
        firms = apps.get_model("enterprises", "Enterprise").objects.filter(_enterprise_rule(scope, action))
        applied = apps.get_model("calls", "Application").objects.filter(enterprise_id__in=firms.values("pk"))
        return Q(call_id__in=applied.values("call_id"))
    return NOTHING


def _sheet_rule(scope: Scope, action: Action) -> Q:
    """reviews: an expert their own sheets, and the others' of their panels once closed (reading only); a
    district the sheets of closed panels (of its firms' applications, by the parent)."""
    if scope.reach is Reach.CITY:
        return Q()
    closed = Q(panel__closed_at__isnull=False)
    if scope.reach is Reach.NOTHING and scope.user_id:
        own = Q(expert__user_id=scope.user_id)
        if action not in (Action.VIEW, Action.EXPORT):
            return own
        member = apps.get_model("reviews", "PanelMember")
        seats = member.objects.filter(expert__user_id=scope.user_id).values("panel_id")
        return own | (closed & Q(panel_id__in=seats))
    if scope.reach is Reach.DISTRICT:
        return closed
    return NOTHING


@dataclass(frozen=True)
class ScopeRule:
    """How a user's scope filters one model: its own condition and the parents it hangs off."""

    own: Callable[[Scope, Action], Q] = _everything
    parents: tuple[str, ...] = ()


SCOPE_RULES: dict[str, ScopeRule] = {
    "enterprises.enterprise": ScopeRule(_enterprise_rule),
    "enterprises.yearlyfigures": ScopeRule(parents=("enterprise",)),
    "enterprises.certificate": ScopeRule(parents=("enterprise",)),
    "enterprises.assignment": ScopeRule(parents=("enterprise",)),
    "incubator.park": ScopeRule(_district_or_zone("district_id", "development_zone_id")),
    "incubator.zone": ScopeRule(parents=("park",)),
    "incubator.team": ScopeRule(_team_rule, parents=("enterprise",)),
    "incubator.tenancy": ScopeRule(parents=("park", "enterprise", "team")),
    "incubator.zonestay": ScopeRule(parents=("tenancy", "zone")),  # incubator: a stay follows its tenancy
    "incubator.stagechange": ScopeRule(parents=("tenancy",)),  # incubator: a step follows its tenancy
    "cultivation.visit": ScopeRule(parents=("enterprise",)),
    "cultivation.followup": ScopeRule(parents=("visit",)),
    "cultivation.training": ScopeRule(),
    "cultivation.trainingsession": ScopeRule(parents=("training",)),
    "cultivation.attendance": ScopeRule(parents=("session", "enterprise")),
    "cultivation.target": ScopeRule(_target_rule),
    "policies.policy": ScopeRule(),
    "forest.layerspan": ScopeRule(parents=("enterprise", "team")),
    "forest.move": ScopeRule(parents=("enterprise", "team")),
    "eligibility.evaluation": ScopeRule(parents=("enterprise",)),
    "calls.application": ScopeRule(_application_rule),  # calls: its firm; reviews: an expert's panels
    "calls.applicationattachment": ScopeRule(parents=("application",)),  # calls: a file its application
    # cockpit: a briefing of the whole city is the city's; one of a district is also that district's
    "indicators.briefing": ScopeRule(_district_or_zone("district_id", None)),
    "calls.publicity": ScopeRule(),  # calls: a call's notice, read by all (its rows filtered by the view)
    "calls.objection": ScopeRule(parents=("application",)),  # calls: an objection follows its application
    "calls.project": ScopeRule(parents=("application",)),  # calls: a project follows its application
    "calls.milestone": ScopeRule(parents=("project",)),
    "calls.report": ScopeRule(parents=("project",)),
    "reviews.expert": ScopeRule(_expert_rule),
    "reviews.conflict": ScopeRule(parents=("expert",)),
    "reviews.panel": ScopeRule(_panel_rule),
    "reviews.panelmember": ScopeRule(parents=("panel",)),
    "reviews.scoresheet": ScopeRule(_sheet_rule, parents=("application",)),
    "core.organisation": ScopeRule(),
    "core.user": ScopeRule(),
    "core.roleprofile": ScopeRule(),
    "accounts.auditentry": ScopeRule(),
    "axes.accessattempt": ScopeRule(),
}


# --- the table: role × model × action → rule ---------------------------------------------------------

OFFICERS = (Role.CITY_OFFICER, Role.SYSTEM_ADMIN)  # the city bureau and the administrators
WRITERS = (*OFFICERS, Role.DISTRICT_OFFICER)  # those who keep the registry
BUREAU = (*WRITERS, Role.BUTLER)  # those who do the cultivation work
# every role that works with the records (each still limited by its scope); not the security and audit
# administrators: 三员分立 keeps them to the identity controls (the audit, the login locks)
EVERYONE = tuple(role for role in Role if role not in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN))
READ = (Action.VIEW, Action.EXPORT)
WRITE = (Action.ADD, Action.CHANGE, Action.DELETE)

Grants = dict[str, dict[Role, dict[Action, Rule]]]


def _table(*rows: tuple[str, tuple[Role, ...], tuple[Action, ...], Rule]) -> Grants:
    table: Grants = {}
    for model, roles, actions, rule in rows:
        for role in roles:
            for action in actions:
                table.setdefault(model, {}).setdefault(role, {})[action] = rule
    return table


TABLE: Grants = _table(
    # the registry: everyone reads within their scope; officers keep it within theirs
    ("enterprises.enterprise", EVERYONE, READ, Rule.SCOPE),
    ("enterprises.enterprise", WRITERS, (*WRITE, Action.IMPORT), Rule.SCOPE),
    ("enterprises.yearlyfigures", EVERYONE, READ, Rule.SCOPE),
    ("enterprises.yearlyfigures", WRITERS, (*WRITE, Action.IMPORT), Rule.SCOPE),
    ("enterprises.certificate", EVERYONE, READ, Rule.SCOPE),
    ("enterprises.certificate", WRITERS, (*WRITE, Action.IMPORT), Rule.SCOPE),
    ("enterprises.assignment", BUREAU, READ, Rule.SCOPE),
    ("enterprises.assignment", WRITERS, (*WRITE, Action.IMPORT), Rule.SCOPE),
    # the incubator: the city and the districts (or parks) manage their own parks, teams and tenancies
    ("incubator.park", WRITERS, (*READ, *WRITE), Rule.SCOPE),
    ("incubator.zone", WRITERS, (*READ, *WRITE), Rule.SCOPE),
    ("incubator.team", WRITERS, (*READ, *WRITE, Action.IMPORT), Rule.SCOPE),
    ("incubator.tenancy", WRITERS, (*READ, *WRITE, Action.IMPORT), Rule.SCOPE),
    ("incubator.zone", WRITERS, (Action.IMPORT,), Rule.SCOPE),  # incubator: zones by spreadsheet too
    ("incubator.zonestay", WRITERS, (*READ, *WRITE, Action.IMPORT), Rule.SCOPE),
    ("incubator.stagechange", WRITERS, (*READ, Action.ADD, Action.IMPORT), Rule.SCOPE),  # a log: no edits
    # cultivation: butlers log visits to their firms, officers within their district
    ("cultivation.visit", BUREAU, (*READ, *WRITE), Rule.SCOPE),
    ("cultivation.visit", WRITERS, (Action.IMPORT,), Rule.SCOPE),
    ("cultivation.followup", BUREAU, (*READ, *WRITE), Rule.SCOPE),
    ("cultivation.training", BUREAU, READ, Rule.ALL),
    ("cultivation.training", OFFICERS, WRITE, Rule.ALL),
    ("cultivation.trainingsession", BUREAU, READ, Rule.ALL),
    ("cultivation.trainingsession", OFFICERS, WRITE, Rule.ALL),
    ("cultivation.attendance", BUREAU, READ, Rule.SCOPE),
    ("cultivation.attendance", OFFICERS, (*WRITE, Action.IMPORT), Rule.SCOPE),
    ("cultivation.target", WRITERS, READ, Rule.SCOPE),  # a district: the city's targets and its own
    ("cultivation.target", (Role.BUTLER,), READ, Rule.ALL),  # butlers serve firms city-wide
    ("cultivation.target", WRITERS, (*WRITE, Action.IMPORT), Rule.SCOPE),
    # the policy catalogue is public to every signed-in user; the city keeps it
    ("policies.policy", EVERYONE, (Action.VIEW,), Rule.ALL),
    ("policies.policy", OFFICERS, (*WRITE, Action.EXPORT, Action.IMPORT), Rule.ALL),
    # computed records follow their enterprise (or team)
    ("forest.layerspan", EVERYONE, READ, Rule.SCOPE),
    ("forest.move", EVERYONE, READ, Rule.SCOPE),
    ("eligibility.evaluation", EVERYONE, READ, Rule.SCOPE),
    (
        "eligibility.evaluation",
        EVERYONE,
        (Action.ADD,),
        Rule.SCOPE,
    ),  # whoever sees the firm may keep its result
    # calls: everyone reads the applications of their scope (a firm its own, a district its firms); a firm
    # starts and moves its own, district and city officers review those of their scope (the workflow's
    # permissions say which step whose), only the city and the administrators import or delete
    ("calls.application", EVERYONE, READ, Rule.SCOPE),
    ("calls.application", (Role.ENTERPRISE_USER, *WRITERS), (Action.ADD, Action.CHANGE), Rule.SCOPE),
    ("calls.application", OFFICERS, (Action.DELETE, Action.IMPORT), Rule.SCOPE),
    ("calls.applicationattachment", EVERYONE, READ, Rule.SCOPE),
    ("calls.applicationattachment", (Role.ENTERPRISE_USER, *WRITERS), WRITE, Rule.SCOPE),
    # cockpit: the officers open the cockpit and generate and read the briefings of their scope
    ("indicators.briefing", WRITERS, (*READ, Action.ADD), Rule.SCOPE),
    # calls after the ranking: the city publishes the notice, records and resolves objections, decides and
    # follows projects; everyone reads within their scope; a firm submits its project's reports
    ("calls.publicity", EVERYONE, READ, Rule.ALL),
    ("calls.publicity", OFFICERS, (Action.ADD, Action.CHANGE), Rule.ALL),
    ("calls.objection", EVERYONE, READ, Rule.SCOPE),
    ("calls.objection", OFFICERS, (Action.ADD, Action.CHANGE), Rule.SCOPE),
    ("calls.project", EVERYONE, READ, Rule.SCOPE),
    ("calls.project", OFFICERS, (Action.ADD, Action.CHANGE), Rule.SCOPE),
    ("calls.milestone", EVERYONE, READ, Rule.SCOPE),
    ("calls.milestone", OFFICERS, WRITE, Rule.SCOPE),
    ("calls.report", EVERYONE, READ, Rule.SCOPE),
    ("calls.report", OFFICERS, WRITE, Rule.SCOPE),
    ("calls.report", (Role.ENTERPRISE_USER,), (Action.CHANGE,), Rule.SCOPE),
    # reviews: the city keeps the expert pool and conflicts, draws and closes panels and imports score sheets;
    # an expert reads their own row, conflicts and panels and enters their own sheets; a district reads its
    # firms' results
    ("reviews.expert", OFFICERS, (*READ, *WRITE, Action.IMPORT), Rule.ALL),
    ("reviews.expert", (Role.EXPERT,), READ, Rule.SCOPE),
    ("reviews.conflict", OFFICERS, (*READ, *WRITE, Action.IMPORT), Rule.ALL),
    ("reviews.conflict", (Role.EXPERT,), READ, Rule.SCOPE),  # declared to the city, which records them
    ("reviews.panel", OFFICERS, (*READ, *WRITE), Rule.ALL),
    ("reviews.panel", (Role.EXPERT, Role.DISTRICT_OFFICER), READ, Rule.SCOPE),
    ("reviews.panelmember", OFFICERS, (*READ, *WRITE), Rule.ALL),
    ("reviews.panelmember", (Role.EXPERT,), READ, Rule.SCOPE),
    ("reviews.scoresheet", OFFICERS, (*READ, *WRITE, Action.IMPORT), Rule.ALL),
    ("reviews.scoresheet", (Role.EXPERT,), (*READ, Action.ADD, Action.CHANGE), Rule.SCOPE),
    ("reviews.scoresheet", (Role.DISTRICT_OFFICER,), READ, Rule.SCOPE),
    # administration (rainforest.administration): only the system administrator manages accounts,
    # organisations and roles; a city officer's invitation of an enterprise user is checked by its view
    ("core.organisation", (Role.SYSTEM_ADMIN,), (*READ, *WRITE, Action.IMPORT), Rule.ALL),
    ("core.user", (Role.SYSTEM_ADMIN,), (*READ, *WRITE, Action.IMPORT), Rule.ALL),
    ("core.roleprofile", (Role.SYSTEM_ADMIN,), (Action.VIEW, Action.CHANGE), Rule.ALL),
    # identity controls (三员分立): the security audit is read by the security and audit administrators;
    # login locks (django-axes' failure records) are seen and lifted by the system and security administrators
    ("accounts.auditentry", (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN), READ, Rule.ALL),
    ("axes.accessattempt", (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN), (Action.VIEW, Action.DELETE), Rule.ALL),
)


# --- the questions -------------------------------------------------------------------------------------


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def role_of(user: Any) -> Role | None:
    """The role the table is read with: superusers count as administrators; inactive or anonymous: none."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    if getattr(user, "is_superuser", False):
        return Role.SYSTEM_ADMIN
    try:
        return Role(user.role)
    except ValueError:
        return None


def rule_for(user: Any, model: type[models.Model], action: Action | str) -> Rule | None:
    """The rule by which this user may act on this model this way (None: refused)."""
    label = _label(model)
    if label not in TABLE:
        raise ImproperlyConfigured(f"{label} has no row in rainforest.core.policy.TABLE")
    role = role_of(user)
    if role is None:
        return None
    return TABLE[label].get(role, {}).get(Action(action))


def scope_condition(model: type[models.Model], scope: Scope, action: Action | str) -> Q:
    """The model's scope rule for this scope, including every parent it names (a parent left empty is
    not checked). `Q()` means every row."""
    label = _label(model)
    if label not in SCOPE_RULES:
        raise ImproperlyConfigured(f"{label} has no scope rule in rainforest.core.policy.SCOPE_RULES")
    if scope.reach is Reach.CITY:
        return Q()
    rule = SCOPE_RULES[label]
    action = Action(action)
    condition = rule.own(scope, action)
    for name in rule.parents:
        relation = model._meta.get_field(name)
        parent = relation.related_model
        assert isinstance(parent, type) and issubclass(parent, models.Model)
        parent_condition = scope_condition(parent, scope, action)
        if parent_condition == Q():
            continue
        inside = Q(**{f"{name}__in": parent._default_manager.filter(parent_condition).values("pk")})
        condition &= (Q(**{f"{name}__isnull": True}) | inside) if getattr(relation, "null", False) else inside
    return condition


def restrict(queryset: QuerySet[M], user: Any, action: Action | str) -> QuerySet[M]:
    """Only the rows of `queryset` this user may act on this way."""
    rule = rule_for(user, queryset.model, action)
    if rule is None:
        return queryset.none()
    if rule is Rule.ALL:
        return queryset
    condition = scope_condition(queryset.model, scope_for(user), action)
    return queryset if condition == Q() else queryset.filter(condition)


def _parents_in_scope(user: Any, action: Action, obj: models.Model) -> bool:
    """For an unsaved object: every parent it names is in the user's scope."""
    rule = SCOPE_RULES.get(_label(type(obj)))
    if rule is None or rule_for(user, type(obj), action) is Rule.ALL:
        return True
    scope = scope_for(user)
    judge = getattr(rule.own, "unsaved", None)  # matching: a scope rule may judge an unsaved row's own fields
    if judge is not None and not judge(scope, action, obj):
        return False
    for name in rule.parents:
        relation = obj._meta.get_field(name)
        parent_id = getattr(obj, relation.attname)  # type: ignore[union-attr]
        if parent_id is None:
            continue
        parent = relation.related_model
        assert isinstance(parent, type) and issubclass(parent, models.Model)
        condition = scope_condition(parent, scope, action)
        if not parent._default_manager.filter(condition, pk=parent_id).exists():
            return False
    return True


def may(user: Any, action: Action | str, obj_or_model: models.Model | type[models.Model]) -> bool:
    """Whether the user may act this way on this object (or, given a model class, on any of its rows).
    An unsaved object (ADD) is judged by the role's grant and the parents it names; its own fields are
    checked after saving by `checked`."""
    action = Action(action)
    if isinstance(obj_or_model, type):
        return rule_for(user, obj_or_model, action) is not None
    model = type(obj_or_model)
    if rule_for(user, model, action) is None:
        return False
    if obj_or_model.pk is None:
        return _parents_in_scope(user, action, obj_or_model)
    return restrict(model._default_manager.filter(pk=obj_or_model.pk), user, action).exists()


def require(user: Any, action: Action | str, obj_or_model: models.Model | type[models.Model]) -> None:
    """Raise PermissionDenied unless `may(user, action, obj_or_model)`."""
    if not may(user, action, obj_or_model):
        raise PermissionDenied


OPERATOR = None  # the acting "user" of the operator's own commands (`rainforest import` without --user)


@dataclass
class Guard:
    """The objects a `checked` block re-reads through `restrict` when it ends."""

    user: Any
    action: Action
    objects: list[models.Model] = field(default_factory=list)
    refusal: str = ""  # the message of the PermissionDenied raised (a default one when empty)

    def _refuse(self) -> PermissionDenied:
        return PermissionDenied(self.refusal or gettext("该记录不在您的数据范围内"))

    def check(self, obj: M, action: Action | str | None = None) -> M:
        """Check `obj` now (before its change) and again when the block ends."""
        if self.user is not OPERATOR and not may(self.user, action or self.action, obj):
            raise self._refuse()
        self.objects.append(obj)
        return obj

    def verify(self) -> None:
        if self.user is OPERATOR:
            return
        for obj in self.objects:
            if obj.pk is None or self.action is Action.DELETE:
                continue
            model = type(obj)
            if not restrict(model._default_manager.filter(pk=obj.pk), self.user, self.action).exists():
                raise self._refuse()


@contextmanager
def checked(user: Any, action: Action | str, *objects: models.Model, refusal: str = "") -> Iterator[Guard]:
    """A write checked twice: each object before the change, and after it, inside the same transaction,
    re-read through `restrict` (raising PermissionDenied, which rolls the transaction back, if it fell
    outside the user's reach). Deletes are checked before only. `OPERATOR` (None: a command run on the
    server by its operator, never a web request, whose user is at least AnonymousUser) is not checked."""
    guard = Guard(user, Action(action), refusal=refusal)
    with transaction.atomic():
        for obj in objects:
            guard.check(obj)
        yield guard
        guard.verify()


class RestrictedQuerySet(models.QuerySet[M]):
    """A QuerySet with `restrict(user, action)`: the base of every scoped model's QuerySet."""

    def restrict(self, user: Any, action: Action | str = Action.VIEW) -> RestrictedQuerySet[M]:
        return restrict(self, user, action)  # type: ignore[return-value]


# --- route declarations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What a route needs: nobody (`public`), a signed-in user (`login`), or a role holding `action` on
    `model` (the view then reaches its rows through `restrict`)."""

    kind: str  # "public", "login" or "model"
    model: type[models.Model] | None = None
    action: Action | None = None

    def refusal(self, user: Any) -> str | None:
        """None if the user passes; "login" if they must sign in first; "forbidden" otherwise."""
        if self.kind == "public":
            return None
        if role_of(user) is None:
            return "login"
        if self.kind == "model" and not may(user, self.action or Action.VIEW, self.model):  # type: ignore[arg-type]
            return "forbidden"
        return None


ACCESS_ATTRIBUTE = "rainforest_access"


def declared_access(view: Any) -> Access | None:
    """The declaration of a view function, an `as_view()` result or an API operation's function. The API's
    own schema, documentation page and root (django-ninja's views) are public documentation."""
    declaration = getattr(view, ACCESS_ATTRIBUTE, None)
    if (
        declaration is None
        and isinstance(view, functools.partial)
        and getattr(view.func, "__module__", "").startswith("ninja.openapi")
    ):
        return Access("public")
    return declaration


def _declare(declaration: Access) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        setattr(view, ACCESS_ATTRIBUTE, declaration)
        _enforce_on_api_operation(view, declaration)
        return view

    return decorate


def _enforce_on_api_operation(view: Any, declaration: Access) -> None:
    """When `view` becomes a django-ninja operation, check the declaration right after the API's
    authentication, before the request's input is parsed or the operation runs (anonymous callers get the
    authentication's 401, a role without the grant 403). django-ninja clones operations when it binds a
    router; a run decorator is re-applied to every clone, so the check is installed through one."""
    try:
        from ninja.decorators import _apply_decorators
    except ImportError:  # pragma: no cover - ninja is a dependency
        return

    def install(run: Any) -> Any:
        operation = run.__self__
        authenticate = operation._run_checks

        def checks(request: HttpRequest) -> Any:
            error = authenticate(request)
            if error is None and declaration.refusal(getattr(request, "auth", None)) is not None:
                detail = {"detail": gettext("您的角色无权进行此操作")}
                return operation.api.create_response(request, detail, status=403)
            return error

        operation._run_checks = checks
        return run

    from ninja.utils import contribute_operation_callback

    contribute_operation_callback(view, functools.partial(_apply_decorators, (install,)))


class _Declarations:
    """`access.public`, `access.login`, `access.model(Model, Action.X)`."""

    def public(self, view: F) -> F:
        return _declare(Access("public"))(view)

    def login(self, view: F) -> F:
        return _declare(Access("login"))(view)

    def model(self, model: type[models.Model], action: Action | str = Action.VIEW) -> Callable[[F], F]:
        if _label(model) not in TABLE:
            raise ImproperlyConfigured(f"{_label(model)} has no row in rainforest.core.policy.TABLE")
        return _declare(Access("model", model, Action(action)))


access = _Declarations()


class AccessMiddleware:
    """Enforces pages' declarations: anonymous users go to the login page, a role without the grant gets
    403. API operations are enforced by their own declaration (see `_enforce_on_api_operation`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        declaration = declared_access(view)
        if declaration is None:
            return None
        refusal = declaration.refusal(getattr(request, "user", None))
        if refusal == "login":
            return redirect_to_login(request.get_full_path())
        if refusal == "forbidden":
            raise PermissionDenied(gettext("您的角色无权进行此操作"))
        return None
