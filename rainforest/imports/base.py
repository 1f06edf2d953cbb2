"""The pieces a record type is declared with: columns (what a spreadsheet column holds and how a cell is
read) and the record type itself (model, natural key, scope, export). See `registry.py` for the recipe."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise


class Kind(str, Enum):
    """How a cell is read. Lookup kinds turn a name or code into a stored row (see lookups.py)."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"  # Decimal yuan; "1,234.50", "12.5万元" and "1.2亿元" are accepted
    DATE = "date"  # a date cell, an Excel date serial, 2024-05-01, 2024/5/1, 2024年5月1日
    BOOL = "bool"  # 是/否
    CHOICE = "choice"  # the stored value or its Chinese label
    CREDIT_CODE = "credit_code"  # the record's own unified social credit code (normalised and checked)
    DISTRICT = "district"  # GB/T 2260 code or name, aliases (太谷县) land on the current unit
    ENTERPRISE = "enterprise"  # an already registered enterprise, by credit code
    DEVELOPMENT_ZONE = "development_zone"  # by name or short name
    INDUSTRY = "industry"  # GB/T 4754 door: code letter or name
    PARK = "park"  # by name
    TEAM = "team"  # by name
    PARK_ZONE = "park_zone"  # a park's zone (片区), by name within the row's park
    ORGANISATION = "organisation"  # a university, institute or bank (core.Organisation), by name or code


LOOKUP_KINDS = frozenset(
    {
        Kind.DISTRICT,
        Kind.ENTERPRISE,
        Kind.DEVELOPMENT_ZONE,
        Kind.INDUSTRY,
        Kind.PARK,
        Kind.TEAM,
        Kind.PARK_ZONE,
        Kind.ORGANISATION,
    }
)


def follow(obj: Any, path: str) -> Any:
    """The value at `path` on `obj`, following relations written the ORM's way: `visit__enterprise_id`
    is `obj.visit.enterprise_id`. None when a relation on the way is empty."""
    value = obj
    for part in path.split("__"):
        if value is None:
            return None
        value = getattr(value, part)
    return value


@dataclass(frozen=True)
class Column:
    """One spreadsheet column. `name` is the header a script may use (usually the model field name);
    `attribute` the model attribute the value is stored in (defaults to `name`). An attribute of a related
    row (`visit__visited_on`) is exported from that row; on import the record type's `adjust` resolves the
    related row from it."""

    name: str
    label: str | Promise
    kind: Kind = Kind.TEXT
    hint: str | Promise = ""
    required: bool = False
    attribute: str = ""
    choices: tuple[tuple[str, Any], ...] = ()

    @property
    def target(self) -> str:
        return self.attribute or self.name

    @property
    def is_lookup(self) -> bool:
        return self.kind in LOOKUP_KINDS


def choice_column(name: str, label: str | Promise, choices: Any, **kwargs: Any) -> Column:
    """A column over a Django `TextChoices` class."""
    return Column(name, label, Kind.CHOICE, choices=tuple(choices.choices), **kwargs)


ScopeIds = tuple[int | None, int | None]  # (district id, development zone id) a record belongs to


@dataclass(frozen=True)
class RecordType:
    """A record type the Excel framework can template, import and export.

    - `key`: the columns forming the natural key; `key_attributes`: the model attributes holding the same
      values (ids for lookups), used to find stored rows: the first one is queried with `__in`.
    - `scope_ids(obj)`: the district and development zone a record belongs to (district officers may only
      import rows of their own).
    - `touches(obj)`: (enterprise ids, team ids) whose forest layer follows this record.
    - `export_queryset(user, params)`: the rows a user may export, filtered by the GET/CLI parameters.
    - `adjust(values)`: optional last step on the parsed values of a row before it is applied.
    - `defaults`: values for a new record's attributes not in the file.
    - `importable`: False for a record type that is only exported (stored evaluations): no template, and
      imports are refused.
    - `may_import(user)`: an extra permission on top of the framework's (who may import at all, and the
      district scope of each row), e.g. the policy catalogue is kept by city officers only.
    - `key_attributes` may follow relations (`visit__enterprise_id`), as `follow()` does.
    """

    name: str
    label: str | Promise
    model: type[models.Model]
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    key_attributes: tuple[str, ...]
    scope_ids: Callable[[Any], ScopeIds]
    export_queryset: Callable[[Any, dict[str, Any]], QuerySet[Any]]
    touches: Callable[[Any], tuple[Iterable[int], Iterable[int]]] = lambda obj: ((), ())
    adjust: Callable[[dict[str, Any]], None] | None = None
    related: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    description: str | Promise = ""
    importable: bool = True
    may_import: Callable[[Any], bool] | None = None

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)
