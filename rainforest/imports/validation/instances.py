"""New and stored instances of a record type's model, made cheaply: without Model.__init__ (its per-field
work costs more than a row's checks) unless something listens to the model's init signals, and the stored
rows a file refers to loaded in bulk by their natural key."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import signals
from django.db.models.base import ModelState

from rainforest.imports.base import RecordType, follow
from rainforest.imports.lookups import chunks


class Instances:
    """Makes instances of one record type's model."""

    def __init__(self, record_type: RecordType) -> None:
        self.record_type = record_type
        model = record_type.model
        self.fast = not (signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model))
        concrete = model._meta.concrete_fields
        self.attnames = [f.attname for f in concrete]
        self.constant_defaults = {
            f.attname: f.get_default() for f in concrete if not (f.has_default() and callable(f.default))
        }
        self.callable_defaults = [f for f in concrete if f.has_default() and callable(f.default)]

    def new(self) -> models.Model:
        """What `model(**record_type.defaults)` makes: every field's default, then the record type's."""
        record_type = self.record_type
        if not self.fast:
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

    def stored(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        """The stored rows with these natural keys, by key."""
        record_type = self.record_type
        first = record_type.key_attributes[0]
        wanted = {key[0] for key in keys if key[0] is not None}
        found: dict[tuple[Any, ...], models.Model] = {}
        manager = record_type.model._default_manager
        for batch in chunks(sorted(wanted, key=str)):
            rows = manager.filter(**{f"{first}__in": batch})
            if self.fast and not record_type.related:
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
