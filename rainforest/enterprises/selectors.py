"""Reads of the registry, scoped by user in one place (Enterprise.objects.visible_to)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from rainforest.core.models import today
from rainforest.enterprises.models import Certificate, Enterprise


def enterprises_for(user: Any) -> QuerySet[Enterprise]:
    """Every enterprise the user may see, with the relations a list shows."""
    return Enterprise.objects.visible_to(user).select_related("district", "development_zone", "industry")


def valid_certificates_on(day: date) -> QuerySet[Certificate]:
    return Certificate.objects.filter(issued_on__lte=day, expires_on__gt=day).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))


def with_certificate(queryset: QuerySet[Enterprise], kind: str, day: date | None = None) -> QuerySet[Enterprise]:
    """Enterprises holding a valid certificate of `kind` on `day` (today by default)."""
    valid = valid_certificates_on(day or today()).filter(enterprise_id=OuterRef("pk"), kind=kind)
    return queryset.filter(Exists(valid))


def with_layer(queryset: QuerySet[Enterprise], day: date | None = None) -> QuerySet[Enterprise]:
    """Annotate `layer` (0-4, see forest.choices.LayerChoice) on `day` from the stored spans. Import-free
    of the forest app: the spans are reached through the reverse relation name."""
    day = day or today()
    from django.apps import apps

    span_model = apps.get_model("forest", "LayerSpan")
    layer = (
        span_model.objects.filter(enterprise_id=OuterRef("pk"), starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .values("layer")[:1]
    )
    return queryset.annotate(layer=Subquery(layer))
