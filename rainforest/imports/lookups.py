"""Lookups turn a cell (a code or a name) into a stored row. They are loaded in bulk once per file, from
the values the file actually holds, so validating a row never queries the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rainforest.core import credit_code as uscc
from rainforest.core.models import DevelopmentZone, IndustrySection, Organisation, Region
from rainforest.core.scope import Reach, Scope
from rainforest.enterprises.models import Enterprise
from rainforest.imports.base import Kind
from rainforest.imports.cells import CellError, text
from rainforest.incubator.models import Park, Team, Zone

CHUNK = 900  # stays under SQLite's default limit of bound parameters


def chunks(values: Iterable[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _key(raw: Any) -> str:
    return text(raw).replace(" ", "")


class Lookups:
    """The rows a file refers to, by kind. `preload` once with every raw value per kind, then `find`.

    Within a district's scope, enterprises are looked up among that district's only, and one outside it
    gets the same answer as one never registered: an import must not tell a district officer which credit
    codes exist elsewhere."""

    def __init__(self, scope: Scope | None = None) -> None:
        self.tables: dict[Kind, dict[str, Any]] = {}
        self.scope = scope or Scope(Reach.CITY)

    def preload(self, kind: Kind, raws: set[Any]) -> None:
        keys = {_key(raw) for raw in raws}
        self.tables[kind] = _enterprises(keys, self.scope) if kind is Kind.ENTERPRISE else LOADERS[kind](keys)

    def find(self, kind: Kind, raw: Any) -> Any:
        key = _key(raw)
        if kind is Kind.ENTERPRISE:
            key = uscc.normalise(key)
        found = self.tables[kind].get(key)
        if found is None and kind is Kind.ENTERPRISE and uscc.problem(key):
            raise CellError(uscc.problem(key))
        if found is None:
            missing = (
                MISSING_IN_SCOPE if kind is Kind.ENTERPRISE and self.scope.reach is not Reach.CITY else None
            )
            raise CellError((missing or MISSING[kind]).format(value=key))
        return found


def _districts(keys: set[str]) -> dict[str, Any]:
    """Jinzhong's county-level units by code and name; an alias (太谷县) maps to the current unit."""
    table: dict[str, Any] = {}
    regions = list(Region.objects.filter(parent__code="140700").select_related("alias_of"))
    for region in regions:
        current = region.alias_of if region.alias_of_id else region
        table[region.code] = current
        table[region.name] = current
    for region in regions:  # a current name wins over an alias of the same name
        if not region.alias_of_id:
            table[region.name] = region
    return table


def _enterprises(keys: set[str], scope: Scope | None = None) -> dict[str, Any]:
    codes = {uscc.normalise(key) for key in keys}
    table: dict[str, Any] = {}
    rows = Enterprise.objects.all()
    if scope is not None and scope.reach is not Reach.CITY:
        within = Q(pk__in=[])
        if scope.reach is Reach.DISTRICT and scope.region_id:
            within |= Q(district_id=scope.region_id)
        if scope.reach is Reach.DISTRICT and scope.zone_id:
            within |= Q(development_zone_id=scope.zone_id)
        rows = rows.filter(within)
    for batch in chunks(sorted(codes)):
        for enterprise in rows.filter(credit_code__in=batch).only(
            "id", "credit_code", "name", "district_id", "development_zone_id"
        ):
            table[enterprise.credit_code] = enterprise
    return table


def _development_zones(keys: set[str]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for zone in DevelopmentZone.objects.all():
        table[zone.name] = zone
        if zone.short_name:
            table.setdefault(zone.short_name, zone)
    return table


def _industries(keys: set[str]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for section in IndustrySection.objects.all():
        table[section.code] = section
        table[section.code.lower()] = section
        table[section.name] = section
        table[f"{section.code}{section.name}"] = section
    return table


def _parks(keys: set[str]) -> dict[str, Any]:
    return (
        {park.name: park for park in Park.objects.filter(name__in=keys)}
        if len(keys) < CHUNK
        else {park.name: park for park in Park.objects.all()}
    )


def _teams(keys: set[str]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for batch in chunks(sorted(keys)):
        table.update({team.name: team for team in Team.objects.filter(name__in=batch)})
    return table


def _park_zones(keys: set[str]) -> dict[str, Any]:
    """Zone names map to every zone of that name (one per park); the record type picks the row's park's."""
    table: dict[str, Any] = {}
    for zone in Zone.objects.filter(name__in=keys) if len(keys) < CHUNK else Zone.objects.all():
        table.setdefault(zone.name, []).append(zone)
    return table


def _organisations(keys: set[str]) -> dict[str, Any]:
    """Organisations (universities, institutes, banks) by name and by code."""
    table: dict[str, Any] = {}
    for batch in chunks(sorted(keys)):
        for organisation in Organisation.objects.filter(Q(name__in=batch) | Q(code__in=batch)):
            table[organisation.name] = organisation
            table[organisation.code] = organisation
    return table


MISSING_IN_SCOPE = _("统一社会信用代码 {value} 对应的企业尚未登记，或不在本辖区内")

LOADERS = {
    Kind.DISTRICT: _districts,
    Kind.ENTERPRISE: _enterprises,
    Kind.DEVELOPMENT_ZONE: _development_zones,
    Kind.INDUSTRY: _industries,
    Kind.PARK: _parks,
    Kind.TEAM: _teams,
    Kind.PARK_ZONE: _park_zones,
    Kind.ORGANISATION: _organisations,
}

MISSING = {
    Kind.DISTRICT: _("未知县区“{value}”（请填写晋中市的县区名称或6位区划代码）"),
    Kind.ENTERPRISE: _("统一社会信用代码 {value} 对应的企业尚未登记"),
    Kind.DEVELOPMENT_ZONE: _("未知开发区“{value}”"),
    Kind.INDUSTRY: _("未知行业门类“{value}”（请填写 A-T 门类代码或名称）"),
    Kind.PARK: _("未知孵化载体“{value}”"),
    Kind.TEAM: _("未知孵化团队“{value}”"),
    Kind.PARK_ZONE: _("未知片区“{value}”"),
    Kind.ORGANISATION: _("未知机构“{value}”（请填写已登记机构的名称或机构编码）"),
}
