"""One FilterSet drives the enterprise list page, the API and the Excel export alike (STYLE.md)."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core.choices import CODE_OF_LAYER, LAYER_CODES, LayerChoice, TechField
from rainforest.core.models import IndustrySection, Region, data_as_of
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.selectors import on_layer, with_certificate

LAYER_CHOICES = [(CODE_OF_LAYER[layer.value], layer.label) for layer in LayerChoice]
# The blank choice of each filter reads 全部 (all), not django-filter's "---------".
ALL = _("全部")
# Ordering comes from an allow-list, never from raw query parameters.
ORDERING = (
    ("name", "name"),
    ("credit_code", "credit_code"),
    ("founded_on", "founded_on"),
    ("district__sort_order", "district"),
    ("updated_at", "updated_at"),
)


class DistrictFilter(django_filters.ModelChoiceFilter):
    """Accepts a GB/T 2260 code (as the API and imports do) or a name; aliases land on the current unit."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        return qs.filter(district=value.current)


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或信用代码"), method="filter_q")
    district = DistrictFilter(
        label=_("县区"),
        queryset=Region.objects.filter(parent__code="140700"),
        to_field_name="code",
        empty_label=ALL,
    )
    layer = django_filters.ChoiceFilter(
        label=_("层级"), choices=LAYER_CHOICES, method="filter_layer", empty_label=ALL
    )
    industry = django_filters.ModelChoiceFilter(
        label=_("行业门类"), queryset=IndustrySection.objects.all(), to_field_name="code", empty_label=ALL
    )
    tech_field = django_filters.ChoiceFilter(label=_("技术领域"), choices=TechField.choices, empty_label=ALL)
    certificate = django_filters.ChoiceFilter(
        label=_("有效资质"), choices=CertificateKind.choices, method="filter_certificate", empty_label=ALL
    )
    ordering = django_filters.OrderingFilter(fields=ORDERING, label=_("排序"))

    class Meta:
        model = Enterprise
        fields = ["q", "district", "layer", "industry", "tech_field", "certificate"]

    @cached_property
    def as_of(self) -> date:
        """The day the layer and certificate filters look at, fixed once for the whole list."""
        return data_as_of()

    def filter_q(self, queryset: QuerySet[Enterprise], name: str, value: str) -> QuerySet[Enterprise]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__istartswith=value.upper()))

    def filter_layer(self, queryset: QuerySet[Enterprise], name: str, value: str) -> QuerySet[Enterprise]:
        if value not in LAYER_CODES:
            return queryset
        return on_layer(queryset, LAYER_CODES[value], self.as_of)

    def filter_certificate(
        self, queryset: QuerySet[Enterprise], name: str, value: str
    ) -> QuerySet[Enterprise]:
        return with_certificate(queryset, value, self.as_of) if value else queryset
