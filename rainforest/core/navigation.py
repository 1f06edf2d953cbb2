"""The header's menu, built from a registry: each app adds its entries in its `navigation.py` (and each
declared record type through its `Menu`), grouped into sections; who sees an entry is decided by the
policy module (`may(user, action, model)`), or by a predicate for pages that are not about one model.

A section with one entry is a plain link; a section with several opens as a drop-down."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rainforest.core.policy import Action, may, role_of

Label = str | Promise


@dataclass(frozen=True)
class Section:
    key: str
    label: Label
    order: int


@dataclass(frozen=True)
class Entry:
    """One page of the menu. `namespace` (or the URL name itself) marks the entry as the current page;
    `model` and `action` decide who sees it through the policy, `visible` for anything else."""

    section: str
    url_name: str
    label: Label
    order: int = 100
    namespace: str = ""
    model: type[models.Model] | None = None
    action: Action = Action.VIEW
    visible: Callable[[Any], bool] | None = None
    url_args: tuple[Any, ...] = ()
    url_name_prefix: str = ""  # within `namespace`, only URL names starting so (record types share one)

    def shown_to(self, user: Any) -> bool:
        if role_of(user) is None:
            return False
        if self.visible is not None:
            return self.visible(user)
        return self.model is None or may(user, self.action, self.model)


SECTIONS: dict[str, Section] = {}
ENTRIES: list[Entry] = []


# Sections an app names that the header shows inside another, so that a city officer's menu stays on one
# line: the parks and the university census beside the platforms (the innovation resources).
ALIASES: dict[str, str] = {"incubator": "platforms", "talent": "platforms"}


def section(key: str, label: Label, order: int) -> Section:
    """Declare a section of the menu (the first declaration of a key wins; an alias names its target)."""
    key = ALIASES.get(key, key)
    return SECTIONS.setdefault(key, Section(key, label, order))


# The sections, in the order the header shows them; an app may declare another with `section`.
section("home", _("首页"), 0)
section("forest", _("创新雨林"), 10)
section("registry", _("企业库"), 20)
section("cultivation", _("企业培育"), 30)
section("eligibility", _("资格自评"), 35)  # an enterprise user's own self-assessment
section("policies", _("政策计算器"), 40)
section("techmarket", _("技术市场"), 50)
section("platforms", _("平台载体"), 55)
section("finance", _("科技金融"), 60)
section("calls", _("项目申报"), 65)
section("data", _("数据导入"), 80)
section("system", _("系统管理"), 90)


def add(entry: Entry) -> Entry:
    if entry.section in ALIASES:
        entry = replace(entry, section=ALIASES[entry.section])
    if entry.section not in SECTIONS:
        raise KeyError(f"menu section {entry.section!r} is not declared")
    if all(
        (e.section, e.url_name, e.url_args) != (entry.section, entry.url_name, entry.url_args)
        for e in ENTRIES
    ):
        ENTRIES.append(entry)
    return entry


@dataclass(frozen=True)
class Item:
    label: Label
    url: str
    active: bool


@dataclass(frozen=True)
class Group:
    """A section as the header shows it: `url` and `label` of its first entry when it has one entry."""

    key: str
    label: Label
    items: list[Item] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)

    @property
    def url(self) -> str:
        return self.items[0].url

    @property
    def single(self) -> bool:
        return len(self.items) == 1


def menu_for(user: Any, *, namespace: str = "", url_name: str = "") -> list[Group]:
    """The sections and entries this user sees, in order; the current page's entry marked active."""
    groups: dict[str, Group] = {}
    for entry in sorted(ENTRIES, key=lambda e: (SECTIONS[e.section].order, e.order)):
        if not entry.shown_to(user):
            continue
        try:
            url = reverse(entry.url_name, args=entry.url_args)
        except NoReverseMatch:  # a page another app has not built yet is left out, not broken
            continue
        if entry.namespace:
            active = namespace == entry.namespace and url_name.startswith(entry.url_name_prefix)
        else:
            active = not namespace and url_name == entry.url_name
        key = entry.section
        if key not in groups:
            groups[key] = Group(key, SECTIONS[key].label)
        groups[key].items.append(Item(entry.label, url, active))
    return list(groups.values())
