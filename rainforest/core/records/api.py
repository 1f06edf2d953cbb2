"""REST operations of every declared record type, under /api/v1/records/<name>: a paginated list with the
total (filters and ordering from the record type's FilterSet), one record, and create through the record
type's form and the checked write service. Schemas follow from the declaration: the output from the
model's fields (a parent given by its key, a choice with its label), the input from the form's fields.
Errors come in the API's one shape, `{"detail": [{"loc": [...], "msg": "…", "type": "…"}]}`."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as InputError
from pydantic import create_model

from rainforest.core.pagination import PageQuery
from rainforest.core.policy import Action, access
from rainforest.core.records import services
from rainforest.core.records.declaration import Record
from rainforest.core.records.selectors import rows_for
from rainforest.core.scope import sees_personal_data

MODEL_TYPES: tuple[tuple[type[models.Field[Any, Any]], type], ...] = (
    (models.BooleanField, bool),
    (models.DateTimeField, datetime),
    (models.DateField, date),
    (models.DecimalField, Decimal),
    (models.IntegerField, int),
    (models.AutoField, int),
    (models.BigAutoField, int),
    (models.JSONField, object),  # a list of words (an achievement's keywords) or any JSON value
)
FORM_TYPES: tuple[tuple[type[forms.Field], type], ...] = (
    (forms.ModelChoiceField, str),
    (forms.BooleanField, bool),
    (forms.DateTimeField, datetime),
    (forms.DateField, date),
    (forms.DecimalField, Decimal),
    (forms.IntegerField, int),
)


def _python_type(field: Any, table: tuple[tuple[type, type], ...]) -> type:
    for field_class, python_type in table:
        if isinstance(field, field_class):
            return python_type
    return str


def _output_fields(record: Record) -> list[models.Field[Any, Any]]:
    return list(record.model._meta.concrete_fields)


def output_schema(record: Record) -> type[Schema]:
    fields: dict[str, Any] = {}
    for model_field in _output_fields(record):
        if model_field.is_relation:
            fields[model_field.name] = (str | None, Field(None, description=str(model_field.verbose_name)))
            fields[f"{model_field.name}_label"] = (str, "")
            continue
        python_type = _python_type(model_field, MODEL_TYPES)
        fields[model_field.name] = (
            python_type | None,
            Field(None, description=str(model_field.verbose_name)),
        )
        if model_field.choices:
            fields[f"{model_field.name}_label"] = (str, "")
    return create_model(f"{_camel(record)}Out", __base__=Schema, **fields)


def input_schema(record: Record) -> type[Schema]:
    fields: dict[str, Any] = {}
    for name, form_field in record.form.base_fields.items():
        python_type = str if name == record.parent else _python_type(form_field, FORM_TYPES)
        description = str(form_field.label or name)
        if isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
            choices: Any = form_field.choices
            description += "：" + ", ".join(str(value) for value, _label in choices if value)
        if form_field.required:
            fields[name] = (python_type, Field(..., description=description))
        else:
            fields[name] = (python_type | None, Field(None, description=description))
    fields["reason"] = (str, Field("", description="变更说明（记入变更记录）"))
    return create_model(f"{_camel(record)}In", __base__=Schema, **fields)


def query_schema(record: Record) -> type[Schema]:
    fields: dict[str, Any] = {}
    for name, filter_ in record.filterset.base_filters.items():
        description = str(filter_.label or name)
        if name == "ordering":
            description += "：" + ", ".join(param for param in filter_.param_map) + "（前加 - 为倒序）"
        fields[name] = (_query_type(filter_) | None, Field(None, description=description))
    # The page parameters and their bounds are the API's one pagination (rainforest.core.pagination).
    return create_model(f"{_camel(record)}Query", __base__=PageQuery, **fields)


def _query_type(filter_: Any) -> Any:
    """What a filter accepts, as a type the OpenAPI schema states: its choices (an ordering's fields, each
    also with "-") as an enum, a date, a yes/no, a number; other filters take text. A value the schema
    allows is then never refused by the FilterSet."""
    if isinstance(filter_, django_filters.OrderingFilter):
        return Literal[tuple(f"{sign}{param}" for param in filter_.param_map for sign in ("", "-"))]
    if isinstance(filter_, django_filters.ChoiceFilter):
        return Literal[tuple(str(value) for value, _label in filter_.field.choices if value != "")]
    if isinstance(filter_, django_filters.DateFilter):
        return date
    if isinstance(filter_, django_filters.BooleanFilter):
        return bool
    if isinstance(filter_, django_filters.NumberFilter):
        return _number_type(filter_)
    return Annotated[str, Field(pattern=r"^[^\x00]*$")]


def _number_type(filter_: django_filters.NumberFilter) -> Any:
    """A number filter's type with the bounds its form field checks: a whole number (a year, a maturity
    level) between its own bounds, or a decimal no larger than django-filter's 1e50."""
    if issubclass(filter_.field_class, forms.IntegerField):
        return Annotated[int, Field(ge=filter_.extra.get("min_value"), le=filter_.extra.get("max_value"))]
    return Annotated[Decimal, Field(ge=-NUMBER_LIMIT, le=NUMBER_LIMIT)]


# django-filter refuses a number filter's value above 1e50 (NumberFilter.get_max_validator).
NUMBER_LIMIT = Decimal("1e50")


def _camel(record: Record) -> str:
    return "".join(part.title() for part in record.name.split("_"))


def serialize(record: Record, obj: Any, viewer: Any = None) -> dict[str, Any]:
    """The record as the API shows it; its personal fields masked unless `viewer` may see personal data."""
    data: dict[str, Any] = {}
    masked = bool(record.personal) and not sees_personal_data(viewer)
    for model_field in _output_fields(record):
        if model_field.is_relation:
            related = getattr(obj, model_field.name)
            key = record.parent_key if model_field.name == record.parent else "pk"
            data[model_field.name] = None if related is None else str(getattr(related, key))
            data[f"{model_field.name}_label"] = "" if related is None else str(related)
            continue
        data[model_field.name] = getattr(obj, model_field.attname)
        if masked and model_field.name in record.personal and data[model_field.name]:
            data[model_field.name] = record.personal[model_field.name](str(data[model_field.name]))
        if model_field.choices:
            data[f"{model_field.name}_label"] = str(getattr(obj, f"get_{model_field.name}_display")())
    return data


def _query_errors(errors: dict[str, Any]) -> InputError:
    return InputError(
        [
            {"loc": ["query", name], "msg": str(message), "type": "value_error"}
            for name, messages in errors.items()
            for message in messages
        ]
    )


def router_for(record: Record) -> Router:
    """The list, detail and create operations of one record type, each with its `access` declaration."""
    router = Router(tags=[str(record.label_plural)])
    Out = output_schema(record)
    In = input_schema(record)
    QueryIn = query_schema(record)
    Page = create_model(
        f"{_camel(record)}Page",
        __base__=Schema,
        count=(int, Field(..., description="符合条件的记录总数")),
        page=(int, ...),
        page_size=(int, ...),
        results=(list[Out], ...),  # type: ignore[valid-type]
    )

    @router.get("", response=Page, operation_id=f"{record.name}_list", summary=f"{record.label_plural}列表")
    @access.model(record.model, Action.VIEW)
    def list_(request: Any, filters: Query[QueryIn]) -> dict[str, Any]:  # type: ignore[valid-type]
        params = filters.dict(exclude_none=True, exclude={"page", "page_size"})  # type: ignore[attr-defined]
        filterset = record.filterset(params, queryset=rows_for(record, request.auth))
        if not filterset.is_valid():
            raise _query_errors(filterset.errors)
        queryset = filterset.qs
        ordering = list(queryset.query.order_by) or list(record.model._meta.ordering or [])
        queryset = queryset.order_by(*ordering, "pk")
        start = (filters.page - 1) * filters.page_size  # type: ignore[attr-defined]
        rows = queryset[start : start + filters.page_size]  # type: ignore[attr-defined]
        return {
            "count": queryset.count(),
            "page": filters.page,  # type: ignore[attr-defined]
            "page_size": filters.page_size,  # type: ignore[attr-defined]
            "results": [serialize(record, obj, request.auth) for obj in rows],
        }

    @router.get("/{pk}", response=Out, operation_id=f"{record.name}_detail", summary=f"{record.label}详情")
    @access.model(record.model, Action.VIEW)
    def detail(request: Any, pk: int) -> dict[str, Any]:
        return serialize(record, get_object_or_404(rows_for(record, request.auth), pk=pk), request.auth)

    @router.post("", response={201: Out}, operation_id=f"{record.name}_create", summary=f"登记{record.label}")
    @access.model(record.model, Action.ADD)
    def create(request: Any, payload: In) -> Status[dict[str, Any]]:  # type: ignore[valid-type]
        data = payload.dict()  # type: ignore[attr-defined]
        reason = data.pop("reason", "")
        values = {name: "" if value is None else value for name, value in data.items()}
        form = record.form(values, record=record, user=request.auth, units=False)  # type: ignore[call-arg]
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        obj = services.record_create(
            record=record, instance=form.save(commit=False), user=request.auth, reason=reason
        )
        return Status(201, serialize(record, rows_for(record, request.auth).get(pk=obj.pk), request.auth))

    return router
