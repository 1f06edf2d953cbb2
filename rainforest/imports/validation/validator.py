"""The Validator: one file against one record type, for one scope. Every row is parsed, applied to a new or
stored instance and checked; a row's every bad cell is reported at once (a cell that cannot be read does
not hide the other cells' errors: their field validators still run)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from rainforest.core.models import DevelopmentZone, Region, pinned_today
from rainforest.core.scope import Reach, Scope
from rainforest.imports import cells
from rainforest.imports.base import Column, Kind, RecordType
from rainforest.imports.lookups import Lookups
from rainforest.imports.reader import read_sheet
from rainforest.imports.validation.checks import Checks, checks_for
from rainforest.imports.validation.instances import Instances
from rainforest.imports.validation.messages import error, friendly, labelled, model_errors
from rainforest.imports.validation.plan import PROGRESS_EVERY, Plan, Progress

PARSERS: dict[Kind, Callable[[Any], Any]] = {
    Kind.TEXT: cells.text,
    Kind.INT: cells.integer,
    Kind.DATE: cells.day,
    Kind.BOOL: cells.boolean,
    Kind.CREDIT_CODE: cells.credit_code,
}
Reader = tuple[Column, str, Callable[[Any], Any]]


def _key_value(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _same(old: Any, new: Any) -> bool:
    return bool(old == new)


class Validator:
    """One file against one record type, for one scope."""

    def __init__(self, record_type: RecordType, scope: Scope) -> None:
        self.record_type = record_type
        self.scope = scope
        self.lookups = Lookups(scope)
        self.instances = Instances(record_type)
        self.scope_label = ""
        if scope.reach is Reach.DISTRICT:
            names = []
            if scope.region_id:
                names.append(str(Region.objects.get(pk=scope.region_id)))
            if scope.zone_id:
                names.append(str(DevelopmentZone.objects.get(pk=scope.zone_id)))
            self.scope_label = "、".join(names)

    def run(self, path: str | Path, progress: Progress | None = None) -> Plan:
        with pinned_today():
            return self._run(path, progress)

    def _run(self, path: str | Path, progress: Progress | None = None) -> Plan:
        record_type = self.record_type
        plan = Plan(record_type)
        sheet = read_sheet(record_type, path)
        plan.rows = len(sheet.rows)
        plan.errors.extend(sheet.errors)
        if sheet.errors:
            return plan
        present = sheet.columns
        checks = checks_for(record_type, present)
        for index, column in enumerate(present):
            if column.is_lookup:
                raws = {row[index] for _number, row in sheet.rows if not cells.is_blank(row[index])}
                self.lookups.preload(column.kind, raws)

        readers = self._readers(present, sheet.units)
        key_columns = set(record_type.key)
        parsed: list[tuple[int, dict[str, Any], tuple[Any, ...] | None, set[str], list[dict[str, Any]]]] = []
        seen: dict[tuple[Any, ...], int] = {}
        for count, (number, row) in enumerate(sheet.rows, start=1):
            values, errors, bad = self._parse(number, row, readers)
            key: tuple[Any, ...] | None = None
            if not bad & key_columns:
                key = tuple(
                    _key_value(values.get(record_type.column(name).target)) for name in record_type.key
                )
                first = seen.get(key)
                if first is not None:
                    keys = "、".join(str(record_type.column(n).label) for n in record_type.key)
                    errors.append(
                        error(
                            number,
                            record_type.key[0],
                            _("{keys}与第 {first} 行重复").format(keys=keys, first=first),
                        )
                    )
                    bad.add(record_type.key[0])
                    key = None
                else:
                    seen[key] = number
            parsed.append((number, values, key, bad, errors))
            if progress and count % PROGRESS_EVERY == 0:
                progress(count // 2, plan.rows)

        stored = self.instances.stored([key for *_rest, key, _bad, _errors in parsed if key is not None])
        for count, (number, values, key, bad, errors) in enumerate(parsed, start=1):
            self._check(plan, checks, number, values, stored.get(key) if key else None, bad, errors)
            if progress and count % PROGRESS_EVERY == 0:
                progress(plan.rows // 2 + count // 2, plan.rows)
        if progress:
            progress(plan.rows, plan.rows)
        # By row, and within a row in the order of the record type's columns (a row's file-wide errors first).
        order = {column.name: index for index, column in enumerate(record_type.columns)}
        plan.errors.sort(key=lambda item: (item["row"], order.get(item["field"], -1)))
        return plan

    def _readers(self, present: list[Column], units: list[Decimal]) -> list[Reader]:
        readers = []
        for column, unit in zip(present, units, strict=True):
            if column.is_lookup:
                read: Callable[[Any], Any] = partial(self.lookups.find, column.kind)
            elif column.kind is Kind.CHOICE:
                read = partial(cells.choice, choices=column.choices)
            elif column.kind is Kind.MONEY:
                read = partial(cells.money, unit=unit)
            else:
                read = PARSERS[column.kind]
            readers.append((column, column.target, read))
        return readers

    def _parse(
        self, number: int, row: list[Any], readers: list[Reader]
    ) -> tuple[dict[str, Any], list[dict[str, Any]], set[str]]:
        """The row's values by model attribute, its errors, and the names of the columns in error."""
        values: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        bad: set[str] = set()
        for (column, target, read), raw in zip(readers, row, strict=True):
            if raw == "" or raw is None or (raw.__class__ is str and not raw.strip()):
                if column.required:
                    errors.append(
                        error(number, column.name, _("{label}：必填，不能为空").format(label=column.label))
                    )
                    bad.add(column.name)
                continue
            try:
                values[target] = read(raw)
            except cells.CellError as cell_error:
                errors.append(error(number, column.name, labelled(str(column.label), str(cell_error))))
                bad.add(column.name)
        if not errors and self.record_type.adjust is not None:
            # `adjust` resolves related rows from several cells; it runs on a row whose cells all read.
            try:
                self.record_type.adjust(values)
            except ValidationError as adjust_error:
                labels = {c.target: str(c.label) for c in self.record_type.columns}
                columns = {c.target: c.name for c in self.record_type.columns}
                errors.extend(model_errors(number, adjust_error, labels, columns))
        return values, errors, bad

    def _check(
        self,
        plan: Plan,
        checks: Checks,
        number: int,
        values: dict[str, Any],
        stored: models.Model | None,
        bad: set[str],
        errors: list[dict[str, Any]],
    ) -> None:
        if stored is None:
            instance = self.instances.new()
            before = None
        else:
            instance = stored
            before = [getattr(instance, attname) for attname in checks.compared]
            if not self._in_scope(instance):
                plan.errors.extend(errors)
                if not any(item["field"] == self._scope_field() for item in errors):
                    plan.errors.append(self._scope_error(number))
                return
        for target, value in values.items():
            setattr(instance, target, value)
        found: list[dict[str, Any]] = []
        for column, model_field, passes in checks.validators:
            value = values.get(model_field.name)
            if value is None or column.name in bad or passes(value):
                continue
            try:
                model_field.run_validators(value)
            except ValidationError as validation_error:
                found.extend(
                    error(number, column.name, labelled(str(column.label), message))
                    for message in friendly(validation_error)
                )
        if not errors:
            # The model's own checks combine fields: with a cell unread they would judge a row that is not
            # the one in the file, so they wait until every cell reads.
            try:
                instance.clean()
            except ValidationError as validation_error:
                found.extend(model_errors(number, validation_error, checks.labels, checks.columns_by_target))
        for model_field in checks.must_fill if not errors else ():
            name = checks.columns_by_target.get(model_field.attname, model_field.name)
            if getattr(instance, model_field.attname) in (None, ""):
                label = checks.labels.get(model_field.attname, model_field.name)
                found.append(error(number, name, _("{label}：必填，不能为空").format(label=label)))
        if errors:
            # A cell that could not be read has its own error. The row's other cells are still checked, but
            # only errors about those cells are added: a check that saw the unread cell (or a related row
            # `adjust` would have found from it) as missing says nothing more.
            present = checks.present
            found = [item for item in found if item["field"] in present and item["field"] not in bad]
        if not errors and not found and not self._in_scope(instance):
            found.append(self._scope_error(number))
        if errors or found:
            # An error about a field that clean() and a validator both noticed is reported once.
            unique = {(item["field"], item["message"]): item for item in [*errors, *found]}
            plan.errors.extend(unique.values())
            return
        if before is None:
            plan.new.append(instance)
            plan.new_rows.append(number)
            return
        changed = [
            attname
            for attname, old in zip(checks.compared, before, strict=True)
            if not _same(old, getattr(instance, attname))
        ]
        if changed:
            plan.changed.append(instance)
            plan.changed_fields.update(changed)
            plan.changed_fields.update(checks.auto_now)
        else:
            plan.unchanged += 1

    def _in_scope(self, instance: models.Model) -> bool:
        scope = self.scope
        if scope.reach is Reach.CITY:
            return True
        if scope.reach is not Reach.DISTRICT:
            return False
        district_id, zone_id = self.record_type.scope_ids(instance)
        return bool(
            (scope.region_id and district_id == scope.region_id)
            or (scope.zone_id and zone_id == scope.zone_id)
        )

    def _scope_field(self) -> str:
        names = [c.name for c in self.record_type.columns]
        return "district" if "district" in names else self.record_type.key[0]

    def _scope_error(self, number: int) -> dict[str, Any]:
        name = self._scope_field()
        label = self.record_type.column(name).label
        return error(
            number,
            name,
            _("{label}：该行数据不属于本辖区（{scope}），无权导入").format(
                label=label, scope=self.scope_label
            ),
        )


def validate_file(
    record_type: RecordType, path: str | Path, scope: Scope, progress: Progress | None = None
) -> Plan:
    """Validate every row of the file at `path`; nothing is written."""
    return Validator(record_type, scope).run(path, progress)
