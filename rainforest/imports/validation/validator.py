"""Validating a file row by row without querying the database per row: lookups and the stored records the
file refers to are loaded in bulk first, then every row is parsed, applied to a new or stored instance,
checked (field validators, the model's clean(), required fields, data scope, duplicate keys) and compared
with what is stored. The outcome is a `Plan`: what to create, what to update, and every error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import DecimalValidator, MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils.translation import gettext as _

from rainforest.core.models import DevelopmentZone, Region, pinned_today
from rainforest.core.scope import Reach, Scope
from rainforest.imports import cells
from rainforest.imports.base import Column, Kind, RecordType, follow
from rainforest.imports.lookups import Lookups, chunks
from rainforest.imports.reader import read_sheet

PROGRESS_EVERY = 1000
Progress = Callable[[int, int], None]  # (rows done, rows in the file)

PARSERS: dict[Kind, Callable[[Any], Any]] = {
    Kind.TEXT: cells.text,
    Kind.INT: cells.integer,
    Kind.MONEY: cells.money,
    Kind.DATE: cells.day,
    Kind.BOOL: cells.boolean,
    Kind.CREDIT_CODE: cells.credit_code,
}


@dataclass
class Plan:
    record_type: RecordType
    rows: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    new: list[models.Model] = field(default_factory=list)
    changed: list[models.Model] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    unchanged: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.errors)


@dataclass
class _Checks:
    """What is checked per column, worked out once per file from the model's fields."""

    validators: list[tuple[Column, models.Field[Any, Any], Callable[[Any], bool]]]
    must_fill: list[models.Field[Any, Any]]
    compared: list[str]
    auto_now: list[str]
    labels: dict[str, str]  # model attribute or field name -> label for messages
    columns_by_target: dict[str, str]  # model attribute -> column name for errors


def _checks(record_type: RecordType, present: list[Column]) -> _Checks:
    model = record_type.model
    concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
    by_name = {f.name: f for f in concrete}
    validators = []
    for column in present:
        model_field = by_name.get(column.target)
        if (
            model_field is not None
            and model_field.validators
            and not column.is_lookup
            and column.kind is not Kind.CREDIT_CODE
        ):
            validators.append((column, model_field, _quick_check(model_field)))
    auto_now = [
        f.attname for f in concrete if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    must_fill = [f for f in concrete if not f.blank and f.attname not in auto_now and not f.has_default()]
    compared = [f.attname for f in concrete if f.attname not in auto_now]
    labels = {f.name: str(f.verbose_name) for f in concrete} | {
        f.attname: str(f.verbose_name) for f in concrete
    }
    columns_by_target: dict[str, str] = {}
    for column in record_type.columns:
        labels[column.target] = str(column.label)
        labels[column.name] = str(column.label)
        columns_by_target[column.target] = column.name
        target_field = by_name.get(column.target)
        if target_field is not None:
            columns_by_target[target_field.attname] = column.name
    return _Checks(
        validators,
        must_fill,
        compared,
        [f.attname for f in concrete if getattr(f, "auto_now", False)],
        labels,
        columns_by_target,
    )


def _quick_check(model_field: models.Field[Any, Any]) -> Callable[[Any], bool]:
    """A fast predicate equivalent to the field's validators passing: the usual bounds and lengths are
    compared inline; other validators are called. Only when it fails are the real validators run, for
    Django's own messages. (run_validators on every cell costs more than the rest of a row's checks.)"""
    lower: Any = None
    upper: Any = None
    longest: int | None = None
    others = []
    for validator in model_field.validators:
        if isinstance(validator, MinValueValidator) and not callable(validator.limit_value):
            lower = validator.limit_value if lower is None else max(lower, validator.limit_value)
        elif isinstance(validator, MaxValueValidator) and not callable(validator.limit_value):
            upper = validator.limit_value if upper is None else min(upper, validator.limit_value)
        elif isinstance(validator, MaxLengthValidator) and not callable(validator.limit_value):
            longest = validator.limit_value
        elif isinstance(validator, DecimalValidator) and validator.max_digits is not None:
            # Values arrive rounded to decimal_places (cells.money); only the integer digits can overflow.
            bound = Decimal(10) ** (validator.max_digits - (validator.decimal_places or 0))
            lower = -bound if lower is None else max(lower, -bound + 1)
            upper = bound - 1 if upper is None else min(upper, bound - 1)
        else:
            others.append(_passes(validator))

    def passes(value: Any) -> bool:
        if (lower is not None and value < lower) or (upper is not None and value > upper):
            return False
        if longest is not None and len(value) > longest:
            return False
        return not others or all(check(value) for check in others)

    return passes


def _passes(validator: Callable[[Any], Any]) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        try:
            validator(value)
        except ValidationError:
            return False
        return True

    return check


def _message(label: str, message: str) -> str:
    return (
        message
        if label and label in message
        else _("{label}：{message}").format(label=label, message=message)
    )


def _key_value(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


class Validator:
    """One file against one record type, for one scope."""

    def __init__(self, record_type: RecordType, scope: Scope) -> None:
        self.record_type = record_type
        self.scope = scope
        self.lookups = Lookups()
        self.scope_label = ""
        model = record_type.model
        # Instances are made without Model.__init__ (its per-field work costs more than a row's checks)
        # unless something listens to the model's init signals.
        self.fast_instances = not (
            signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)
        )
        concrete = model._meta.concrete_fields
        self.attnames = [f.attname for f in concrete]
        self.constant_defaults = {
            f.attname: f.get_default() for f in concrete if not (f.has_default() and callable(f.default))
        }
        self.callable_defaults = [f for f in concrete if f.has_default() and callable(f.default)]
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
        checks = _checks(record_type, present)
        for index, column in enumerate(present):
            if column.is_lookup:
                raws = {row[index] for _number, row in sheet.rows if not cells.is_blank(row[index])}
                self.lookups.preload(column.kind, raws)

        readers = self._readers(present)
        parsed: list[tuple[int, dict[str, Any], tuple[Any, ...]]] = []
        seen: dict[tuple[Any, ...], int] = {}
        for count, (number, row) in enumerate(sheet.rows, start=1):
            values, errors = self._parse(number, row, readers)
            if not errors:
                key = tuple(
                    _key_value(values.get(record_type.column(name).target)) for name in record_type.key
                )
                first = seen.get(key)
                if first is not None:
                    name = record_type.key[0]
                    keys = "、".join(str(record_type.column(n).label) for n in record_type.key)
                    errors.append(
                        {
                            "row": number,
                            "field": name,
                            "message": _("{keys}与第 {first} 行重复").format(keys=keys, first=first),
                        }
                    )
                else:
                    seen[key] = number
                    parsed.append((number, values, key))
            plan.errors.extend(errors)
            if progress and count % PROGRESS_EVERY == 0:
                progress(count // 2, plan.rows)

        stored = self._stored([key for _n, _v, key in parsed])
        for count, (number, values, key) in enumerate(parsed, start=1):
            self._check(plan, checks, number, values, stored.get(key))
            if progress and count % PROGRESS_EVERY == 0:
                progress(plan.rows // 2 + count // 2, plan.rows)
        if progress:
            progress(plan.rows, plan.rows)
        plan.errors.sort(key=lambda error: error["row"])
        return plan

    def _readers(self, present: list[Column]) -> list[tuple[Column, str, Callable[[Any], Any]]]:
        readers = []
        for column in present:
            if column.is_lookup:
                read: Callable[[Any], Any] = partial(self.lookups.find, column.kind)
            elif column.kind is Kind.CHOICE:
                read = partial(cells.choice, choices=column.choices)
            else:
                read = PARSERS[column.kind]
            readers.append((column, column.target, read))
        return readers

    def _parse(
        self, number: int, row: list[Any], readers: list[tuple[Column, str, Callable[[Any], Any]]]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        values: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        for (column, target, read), raw in zip(readers, row, strict=True):
            if raw == "" or raw is None or (raw.__class__ is str and not raw.strip()):
                if column.required:
                    errors.append(
                        {
                            "row": number,
                            "field": column.name,
                            "message": _("{label}：必填，不能为空").format(label=column.label),
                        }
                    )
                continue
            try:
                values[target] = read(raw)
            except cells.CellError as error:
                errors.append(
                    {"row": number, "field": column.name, "message": _message(str(column.label), str(error))}
                )
        if not errors and self.record_type.adjust is not None:
            try:
                self.record_type.adjust(values)
            except ValidationError as error:
                errors.extend(self._errors(number, error, None))
        return values, errors

    def _new_instance(self) -> models.Model:
        """What `model(**record_type.defaults)` makes: every field's default, then the record type's."""
        record_type = self.record_type
        if not self.fast_instances:
            return record_type.model(**record_type.defaults)
        instance = object.__new__(record_type.model)
        instance.__dict__.update(self.constant_defaults)
        for model_field in self.callable_defaults:
            instance.__dict__[model_field.attname] = model_field.get_default()
        instance._state = ModelState()
        for name, value in record_type.defaults.items():
            setattr(instance, name, value)
        return instance

    def _loaded(self, values: tuple[Any, ...], db: str) -> models.Model:
        """What `Model.from_db` makes of a row of every concrete field, without Model.__init__."""
        instance = object.__new__(self.record_type.model)
        instance.__dict__.update(zip(self.attnames, values, strict=True))
        instance._state = ModelState()
        instance._state.adding = False
        instance._state.db = db
        return instance

    def _stored(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        record_type = self.record_type
        first = record_type.key_attributes[0]
        wanted = {key[0] for key in keys if key[0] is not None}
        found: dict[tuple[Any, ...], models.Model] = {}
        manager = record_type.model._default_manager
        for batch in chunks(sorted(wanted, key=str)):
            rows = manager.filter(**{f"{first}__in": batch})
            if self.fast_instances and not record_type.related:
                # The stored rows as values (with the backend's converters), made into instances cheaply.
                for values in rows.values_list(*self.attnames):
                    obj = self._loaded(values, rows.db)
                    found[tuple(follow(obj, attribute) for attribute in record_type.key_attributes)] = obj
                continue
            if record_type.related:
                rows = rows.select_related(*record_type.related)
            for obj in rows:
                found[tuple(follow(obj, attribute) for attribute in record_type.key_attributes)] = obj
        return found

    def _errors(self, number: int, error: ValidationError, checks: _Checks | None) -> list[dict[str, Any]]:
        labels = checks.labels if checks else {c.target: str(c.label) for c in self.record_type.columns}
        targets = checks.columns_by_target if checks else {c.target: c.name for c in self.record_type.columns}
        found = []
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                for message in messages:
                    if name == NON_FIELD_ERRORS:
                        found.append({"row": number, "field": "", "message": message})
                    else:
                        found.append(
                            {
                                "row": number,
                                "field": targets.get(name, name),
                                "message": _message(labels.get(name, name), message),
                            }
                        )
        else:
            found.extend({"row": number, "field": "", "message": message} for message in error.messages)
        return found

    def _check(
        self, plan: Plan, checks: _Checks, number: int, values: dict[str, Any], stored: models.Model | None
    ) -> None:
        errors: list[dict[str, Any]] = []
        if stored is None:
            instance = self._new_instance()
            before = None
        else:
            instance = stored
            before = [getattr(instance, attname) for attname in checks.compared]
            if not self._in_scope(instance):
                plan.errors.append(self._scope_error(number, instance))
                return
        for target, value in values.items():
            setattr(instance, target, value)
        for column, model_field, passes in checks.validators:
            value = values.get(model_field.name)
            if value is None or passes(value):
                continue
            try:
                model_field.run_validators(value)
            except ValidationError as error:
                errors.extend(
                    {"row": number, "field": column.name, "message": _message(str(column.label), message)}
                    for message in error.messages
                )
        try:
            instance.clean()
        except ValidationError as error:
            errors.extend(self._errors(number, error, checks))
        for model_field in checks.must_fill:
            if getattr(instance, model_field.attname) in (None, ""):
                name = checks.columns_by_target.get(model_field.attname, model_field.name)
                label = checks.labels.get(model_field.attname, model_field.name)
                errors.append(
                    {
                        "row": number,
                        "field": name,
                        "message": _("{label}：必填，不能为空").format(label=label),
                    }
                )
        if not errors and not self._in_scope(instance):
            errors.append(self._scope_error(number, instance))
        if errors:
            # An error about a field that clean() and a validator both noticed is reported once.
            unique = {(e["field"], e["message"]): e for e in errors}
            plan.errors.extend(unique.values())
            return
        if before is None:
            plan.new.append(instance)
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

    def _scope_error(self, number: int, instance: models.Model) -> dict[str, Any]:
        names = [c.name for c in self.record_type.columns]
        name = "district" if "district" in names else self.record_type.key[0]
        label = self.record_type.column(name).label
        return {
            "row": number,
            "field": name,
            "message": _("{label}：该行数据不属于本辖区（{scope}），无权导入").format(
                label=label, scope=self.scope_label
            ),
        }


def _same(old: Any, new: Any) -> bool:
    return bool(old == new)


def validate_file(
    record_type: RecordType, path: str | Path, scope: Scope, progress: Progress | None = None
) -> Plan:
    """Validate every row of the file at `path`; nothing is written."""
    return Validator(record_type, scope).run(path, progress)
