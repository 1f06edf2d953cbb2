"""A record type declared once: the `Record` object from which the list page, the detail page with its
change log, the create/edit/delete pages, the REST API, the Excel template and export and the navigation
entry all follow. Each app declares its record types in its `records.py`; `register` adds them here and
the generic views, API routes, import registry and menu read them from this registry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django_filters import FilterSet

from rainforest.core import navigation, policy
from rainforest.core.choices import Role
from rainforest.core.policy import Action, Rule, ScopeRule
from rainforest.core.records.forms import RecordForm

Label = str | Promise
Grant = tuple[tuple[Role, ...], tuple[Action, ...], Rule]

# The grants of the registry's records (certificates, yearly figures…): everyone reads within their scope,
# the city and district officers keep them within theirs.
REGISTRY_GRANTS: tuple[Grant, ...] = (
    (policy.EVERYONE, policy.READ, Rule.SCOPE),
    (policy.WRITERS, (*policy.WRITE, Action.IMPORT), Rule.SCOPE),
)


@dataclass(frozen=True)
class Menu:
    """Where the record type's list appears in the header: a navigation group and the order within it."""

    group: str
    order: int = 100
    label: Label = ""  # defaults to the model's verbose_name_plural


@dataclass(frozen=True)
class Record:
    """One record type.

    - `name`: the word used in URLs (`/records/<name with dashes>/`), URL names (`records:<name>_list`),
      the API (`/api/v1/records/<name>`) and the Excel framework (`rainforest export <name>`).
    - `model`, `filterset` (a `django_filters.FilterSet` over the model whose `ordering` filter is the
      allow-list of sortable columns), `form` (a `RecordForm` subclass listing the editable fields).
    - `columns`: what the list shows, model field names or paths (`enterprise__name`); the first one
      links to the detail page. `detail_fields` (default: every concrete field) for the detail page.
    - `parent`: the foreign key to the record the new one hangs off (`"enterprise"`). Who may see or
      change the record follows who may see or change its parent, as the policy module decides; the
      form takes the parent by `parent_key` (`credit_code`).
    - `import_columns`, `natural_key`: the spreadsheet columns (`rainforest.imports.base.Column`) and the
      columns identifying a stored row; the Excel template, import and export follow from them.
    - `money_units`: money fields shown and entered in 万元 or 元 (`{"amount": "万元"}`); stored in yuan.
    - `touches_forest`: the parent enterprise's forest layer depends on the record (writes tell
      `core.changes.records_changed`).
    - `menu`: the navigation entry of the list page.
    - `grants`: the record type's rows of the policy table (role × action → rule), e.g. `REGISTRY_GRANTS`;
      `scope`: its scope rule, by default "follows `parent`". Registering adds both to
      `rainforest.core.policy` (TABLE and SCOPE_RULES), so pages, API, exports, imports and the
      permission-matrix test all read them from there.
    """

    name: str
    model: type[models.Model]
    filterset: type[FilterSet]
    form: type[RecordForm]
    columns: tuple[str, ...]
    menu: Menu | None = None
    parent: str = ""
    parent_key: str = "pk"
    import_columns: tuple[Any, ...] = ()
    natural_key: tuple[str, ...] = ()
    detail_fields: tuple[str, ...] = ()
    money_units: dict[str, str] = field(default_factory=dict)
    touches_forest: bool = False
    related: tuple[str, ...] = ()
    description: Label = ""
    grants: tuple[Grant, ...] = ()
    scope: ScopeRule | None = None
    # the Excel import's last step on a row's parsed values (finds rows a text column names), as RecordType's
    adjust: Callable[[dict[str, Any]], None] | None = None
    # personal data (a phone): field → mask, applied in the API and the change log unless the viewer may
    # see personal data (core.scope.sees_personal_data); leave such fields out of `columns`/`detail_fields`
    personal: dict[str, Callable[[str], str]] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")

    @property
    def label(self) -> Label:
        return self.model._meta.verbose_name or self.name

    @property
    def label_plural(self) -> Label:
        return self.model._meta.verbose_name_plural or self.label

    def url_name(self, view: str) -> str:
        """`records:<name>_<view>` for view in list, create, detail, edit, delete."""
        return f"records:{self.name}_{view}"

    @property
    def parent_model(self) -> type[models.Model] | None:
        if not self.parent:
            return None
        related = self.model._meta.get_field(self.parent).related_model
        assert isinstance(related, type)
        return related

    def base_queryset(self) -> models.QuerySet[Any]:
        related = self.related or ((self.parent,) if self.parent else ())
        return self.model._default_manager.select_related(*related)

    def enterprise_ids(self, obj: Any) -> list[int]:
        """The enterprises whose forest layer follows this record (when `touches_forest`)."""
        if not self.touches_forest:
            return []
        value = getattr(obj, f"{self.parent}_id", None) if self.parent else obj.pk
        return [value] if value is not None else []


_REGISTRY: dict[str, Record] = {}
_LISTENERS: list[Callable[[Record], None]] = []


def register(record: Record) -> Record:
    """Add a record type (at import of its app's `records.py`). A second one with the same name is refused."""
    existing = _REGISTRY.get(record.name)
    if existing is not None and existing is not record:
        raise ValueError(f"record type {record.name!r} is registered twice")
    _REGISTRY[record.name] = record
    _install_policy(record)
    if record.menu is not None:
        navigation.add(
            navigation.Entry(
                section=record.menu.group,
                url_name=record.url_name("list"),
                label=record.menu.label or record.label_plural,
                order=record.menu.order,
                namespace="records",
                url_name_prefix=f"{record.name}_",
                model=record.model,
            )
        )
    for listener in _LISTENERS:
        listener(record)
    return record


def _install_policy(record: Record) -> None:
    """The record type's scope rule and grants, added to the policy module's table (an entry the policy
    module already holds is left as it is: the policy module has the last word)."""
    label = record.model._meta.label_lower
    scope = record.scope or (ScopeRule(parents=(record.parent,)) if record.parent else None)
    if scope is not None:
        policy.SCOPE_RULES.setdefault(label, scope)
    if record.grants and label not in policy.TABLE:
        rows = policy.TABLE.setdefault(label, {})
        for roles, actions, rule in record.grants:
            for role in roles:
                for action in actions:
                    rows.setdefault(role, {})[action] = rule


def registered() -> Iterator[Record]:
    """Every registered record type, in registration order."""
    return iter(list(_REGISTRY.values()))


def get(name: str) -> Record:
    """The record type called `name`; KeyError for an unknown one."""
    return _REGISTRY[name]


def on_register(listener: Callable[[Record], None]) -> None:
    """Call `listener` for every record type registered so far and every one registered later (the
    navigation and the import registry keep themselves up to date this way)."""
    _LISTENERS.append(listener)
    for record in list(_REGISTRY.values()):
        listener(record)
