"""Reads of the registry, scoped by user in one place (`Enterprise.objects.restrict(user, action)`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, may
from rainforest.core.scope import mask_email, mask_name, mask_phone, sees_personal_data
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures


def enterprises_for(user: Any, action: Action = Action.VIEW) -> QuerySet[Enterprise]:
    """Every enterprise the user may act on this way (rainforest.core.policy), with the relations a list
    shows."""
    return Enterprise.objects.restrict(user, action).select_related(
        "district", "development_zone", "industry"
    )


def valid_on(day: date) -> Q:
    """A certificate valid on `day`: issued by then, not yet expired, not revoked by then."""
    return Q(issued_on__lte=day, expires_on__gt=day) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))


def valid_certificates_on(day: date) -> QuerySet[Certificate]:
    return Certificate.objects.filter(valid_on(day))


def with_certificate(
    queryset: QuerySet[Enterprise], kind: str, day: date | None = None
) -> QuerySet[Enterprise]:
    """Enterprises holding a valid certificate of `kind` on `day` (today by default)."""
    valid = valid_certificates_on(day or data_as_of()).filter(enterprise_id=OuterRef("pk"), kind=kind)
    return queryset.filter(Exists(valid))


def _spans_on(day: date) -> QuerySet[Any]:
    """Layer spans valid on `day` for the enterprise of the outer query. Import-free of the forest app,
    which sits above the registry: the model is looked up by name."""
    span_model = apps.get_model("forest", "LayerSpan")
    return span_model.objects.filter(enterprise_id=OuterRef("pk"), starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day)
    )


def with_layer(queryset: QuerySet[Enterprise], day: date | None = None) -> QuerySet[Enterprise]:
    """Annotate `layer` (core.choices.LayerChoice) on `day` (the data as-of date by default)."""
    return queryset.annotate(layer=Subquery(_spans_on(day or data_as_of()).values("layer")[:1]))


def on_layer(queryset: QuerySet[Enterprise], layer: int, day: date) -> QuerySet[Enterprise]:
    """Enterprises on `layer` on `day`."""
    return queryset.filter(Exists(_spans_on(day).filter(layer=layer)))


# --- Change log ---------------------------------------------------------------------------------------

HISTORY_ACTIONS = {"+": _("创建"), "~": _("修改"), "-": _("删除")}
# Bookkeeping columns say nothing a reader of the change log needs.
UNLOGGED_FIELDS = frozenset({"id", "enterprise", "created_at", "updated_at"})
PERSONAL_FIELDS = {"contact_name": mask_name, "contact_phone": mask_phone, "contact_email": mask_email}


@dataclass(frozen=True)
class ChangeEntry:
    """One create, update or delete of an enterprise or of one of its records, as the change log shows it.
    `changes` holds (field label, old value, new value) as display text; a creation lists the values it
    set (old value empty), a deletion lists nothing."""

    at: datetime
    user: str
    user_id: int | None
    action: str
    record: str
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _record_label(record: Any) -> str:
    model = record.instance_type
    if model is Enterprise:
        return gettext("企业信息")
    if model._meta.label_lower == "incubator.tenancy":
        return gettext("入驻记录")
    if model is YearlyFigures:
        return gettext("{year} 年度数据").format(year=record.year)
    kind = CertificateKind(record.kind).label if record.kind in CertificateKind.values else record.kind
    return gettext("{kind}（{issued_on}）").format(kind=kind, issued_on=record.issued_on.isoformat())


class _Display:
    """Turns stored values into display text, resolving foreign keys with one query per related model."""

    def __init__(self, histories: list[Any], *, masked: bool) -> None:
        self.masked = masked
        wanted: dict[Any, set[Any]] = {}
        for record in histories:
            for model_field in _logged_fields(record.instance_type):
                if model_field.is_relation:
                    value = getattr(record, model_field.attname)
                    if value is not None:
                        wanted.setdefault(model_field.related_model, set()).add(value)
        self.related = {model: model._default_manager.in_bulk(list(ids)) for model, ids in wanted.items()}

    def __call__(self, model_field: Any, value: Any) -> str:
        if value is None or value == "":
            return ""
        if model_field.is_relation:
            related = self.related.get(model_field.related_model, {}).get(value)
            return str(related) if related is not None else str(value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return gettext("是") if value else gettext("否")
        if isinstance(value, date):
            return value.isoformat()
        text = str(value)
        if self.masked and model_field.name in PERSONAL_FIELDS:
            return PERSONAL_FIELDS[model_field.name](text)
        return text


def _logged_fields(model: Any) -> list[Any]:
    return [f for f in model._meta.concrete_fields if f.name not in UNLOGGED_FIELDS]


def enterprise_change_log(enterprise: Enterprise, *, viewer: Any = None) -> list[ChangeEntry]:
    """The change log of an enterprise and of its yearly figures, certificates and incubator tenancies
    (deleted ones included),
    newest first: who, when, what and why, field by field (django-simple-history's diff_against).

    Contact values are masked unless `viewer` may see personal data (core.scope.sees_personal_data), so
    a caller that forgets the viewer shows masks, never the data. Five queries whatever the history size."""
    masked = not sees_personal_data(viewer)
    sources: list[tuple[Any, list[Any]]] = []
    # Tenancies (incubator) are part of the firm's log, for viewers who may see tenancies (they name a park).
    tenancy = apps.get_model("incubator", "Tenancy")
    models = (Enterprise, YearlyFigures, Certificate) + (
        (tenancy,) if may(viewer, Action.VIEW, tenancy) else ()
    )
    for model in models:
        history = model.history.select_related("history_user")
        history = (
            history.filter(id=enterprise.pk)
            if model is Enterprise
            else history.filter(enterprise_id=enterprise.pk)
        )
        sources.append((model, list(history.order_by("history_date", "history_id"))))
    display = _Display([record for _, records in sources for record in records], masked=masked)
    entries: list[tuple[Any, int, ChangeEntry]] = []
    for order, (model, records) in enumerate(sources):
        fields = _logged_fields(model)
        position = {f.name: index for index, f in enumerate(fields)}
        by_name = {f.name: f for f in fields}
        previous: dict[int, Any] = {}
        for record in records:
            changes: list[tuple[str, str, str]] = []
            before = previous.get(record.id)
            if record.history_type == "~" and before is not None:
                delta = record.diff_against(before, excluded_fields=UNLOGGED_FIELDS)
                for change in sorted(delta.changes, key=lambda c: position.get(c.field, 999)):
                    model_field = by_name[change.field]
                    changes.append(
                        (
                            str(model_field.verbose_name),
                            display(model_field, change.old),
                            display(model_field, change.new),
                        )
                    )
            elif record.history_type == "+":
                for model_field in fields:
                    shown = display(model_field, getattr(record, model_field.attname))
                    if shown:
                        changes.append((str(model_field.verbose_name), "", shown))
            previous[record.id] = record
            user = record.history_user
            entry = ChangeEntry(
                at=record.history_date,
                user=str(user) if user is not None else gettext("系统"),
                user_id=record.history_user_id,
                action=str(HISTORY_ACTIONS.get(record.history_type, record.history_type)),
                record=_record_label(record),
                reason=record.history_change_reason or "",
                changes=changes,
            )
            entries.append((record.history_date, order * 10**12 + record.history_id, entry))
    entries.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [entry for _, _, entry in entries]
