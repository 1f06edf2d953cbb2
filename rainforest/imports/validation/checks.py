"""What is checked per column, worked out once per file from the model's fields: the field validators (as a
fast predicate), the fields that must be filled, the fields compared with the stored row, and the labels
errors are named with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from rainforest.imports.base import Column, Kind, RecordType


@dataclass
class Checks:
    """What is checked per column, worked out once per file from the model's fields."""

    validators: list[tuple[Column, models.Field[Any, Any], Callable[[Any], bool]]]
    must_fill: list[models.Field[Any, Any]]
    compared: list[str]
    auto_now: list[str]
    labels: dict[str, str]  # model attribute or field name -> label for messages
    columns_by_target: dict[str, str]  # model attribute -> column name for errors
    present: frozenset[str] = frozenset()  # the names of the file's columns


def checks_for(record_type: RecordType, present: list[Column]) -> Checks:
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
    return Checks(
        validators,
        must_fill,
        compared,
        [f.attname for f in concrete if getattr(f, "auto_now", False)],
        labels,
        columns_by_target,
        frozenset(column.name for column in present),
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
