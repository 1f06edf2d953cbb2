"""Reads of the administration: the accounts, organisations and roles a user may see (the system
administrator: all of them; anyone else: none), through the policy table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rainforest.core.choices import DataScope, Role
from rainforest.core.models import Organisation, RoleProfile, User
from rainforest.core.policy import TABLE, Action, Rule, may, restrict
from rainforest.core.scope import ROLE_REACH


def users_for(user: Any, action: Action = Action.VIEW) -> QuerySet[User]:
    rows = User.objects.select_related("organisation").prefetch_related("scope_regions")
    return restrict(rows, user, action)


def organisations_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Organisation]:
    rows = Organisation.objects.select_related("parent", "region", "zone").annotate(user_count=Count("users"))
    return restrict(rows, user, action)


def organisation_tree(organisations: list[Organisation]) -> list[tuple[Organisation, int]]:
    """The organisations in tree order (each after its parent, children by sort order and code) with their
    depth; an organisation whose parent is not in the list starts a tree of its own."""
    present = {o.pk for o in organisations}
    children: dict[int | None, list[Organisation]] = {}
    for organisation in organisations:
        parent = organisation.parent_id if organisation.parent_id in present else None
        children.setdefault(parent, []).append(organisation)
    for siblings in children.values():
        siblings.sort(key=lambda o: (o.sort_order, o.code))
    ordered: list[tuple[Organisation, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for organisation in children.get(parent, []):
            ordered.append((organisation, depth))
            walk(organisation.pk, depth + 1)

    walk(None, 0)
    return ordered


@dataclass(frozen=True)
class RoleRow:
    code: str
    label: str
    data_scope: str
    data_scope_label: str
    description: str
    users: int
    customised: bool


def roles_for(user: Any) -> list[RoleRow]:
    """Every role with its data scope (the administrator's setting, else the built-in one) and how many
    active users hold it; empty for a user who may not see roles."""
    if not may(user, Action.VIEW, RoleProfile):
        return []
    stored = {p.code: p for p in RoleProfile.objects.all()}
    counts = dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("pk")))
    rows = []
    for role in Role:
        profile = stored.get(role.value)
        scope = profile.data_scope if profile else str(ROLE_REACH.get(role, ""))
        rows.append(
            RoleRow(
                code=role.value,
                label=str(role.label),
                data_scope=scope,
                data_scope_label=str(DataScope(scope).label) if scope in DataScope.values else "—",
                description=profile.description if profile else "",
                users=counts.get(role.value, 0),
                customised=profile is not None,
            )
        )
    return rows


ACTION_LABELS: dict[str, Promise] = {
    Action.VIEW: _("查看"),
    Action.ADD: _("新增"),
    Action.CHANGE: _("修改"),
    Action.DELETE: _("删除"),
    Action.EXPORT: _("导出"),
    Action.IMPORT: _("导入"),
}
RULE_LABELS: dict[str, Promise] = {Rule.ALL: _("全部记录"), Rule.SCOPE: _("数据范围内的记录")}


@dataclass(frozen=True)
class Grant:
    model: str
    label: str
    actions: str
    rows: str


def role_permissions(role: str) -> list[Grant]:
    """What a role may do, read from the policy table (it is code, so shown read-only): one line a model."""
    grants = []
    for label, roles in TABLE.items():
        actions = roles.get(Role(role), {})
        if not actions:
            continue
        try:
            model_label = str(apps.get_model(label)._meta.verbose_name)
        except LookupError:
            model_label = label
        grants.append(
            Grant(
                model=label,
                label=model_label,
                actions="、".join(str(ACTION_LABELS[action]) for action in Action if action in actions),
                rows="、".join(sorted({str(RULE_LABELS[rule]) for rule in actions.values()})),
            )
        )
    return grants
