"""One FilterSet drives the enterprise list page, the API and the Excel export alike."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cached_property
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
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


# The city whose districts the district filter offers.
CITY_CODE = "140700"
# Search: at least this many characters of a credit code match anywhere in it (fewer would match most firms).
PARTIAL_CODE_MIN = 4
CODE_CHARACTERS = re.compile(r"[0-9A-Z]+")


def normalise_search(value: str) -> str:
    """What a user typed, as stored text reads: full-width letters, digits and spaces half-width (NFKC),
    surrounding spaces dropped."""
    return unicodedata.normalize("NFKC", value).strip()


class DistrictChoiceField(django_filters.fields.ModelChoiceField):
    """Offers the current districts only; a former code (an alias such as 140726 太谷县) is still accepted
    from a link or an API call and lands on its current unit."""

    def to_python(self, value: Any) -> Region | None:
        if value in self.empty_values:
            return None
        region = Region.objects.filter(parent__code=CITY_CODE, code=str(value).strip()).first()
        if region is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return region.current


class DistrictFilter(django_filters.ModelChoiceFilter):
    """Accepts a GB/T 2260 code (as the API and imports do); aliases land on the current unit."""

    field_class = DistrictChoiceField

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        return qs.filter(district=value.current)


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或信用代码"), method="filter_q")
    district = DistrictFilter(
        label=_("县区"),
        queryset=Region.objects.districts().filter(parent__code=CITY_CODE),
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
        """A name (any part of it) or a credit code: the whole code or any run of at least four of its
        characters, typed full-width or half-width, upper- or lower-case, with or without spaces."""
        value = normalise_search(value)
        if not value:
            return queryset
        matches = Q(name__icontains=value)
        code = re.sub(r"\s+", "", value).upper()
        if len(code) >= PARTIAL_CODE_MIN and CODE_CHARACTERS.fullmatch(code):
            matches |= Q(credit_code__contains=code)
        return queryset.filter(matches)

    def filter_layer(self, queryset: QuerySet[Enterprise], name: str, value: str) -> QuerySet[Enterprise]:
        if value not in LAYER_CODES:
            return queryset
        return on_layer(queryset, LAYER_CODES[value], self.as_of)

    def filter_certificate(
        self, queryset: QuerySet[Enterprise], name: str, value: str
    ) -> QuerySet[Enterprise]:
        return with_certificate(queryset, value, self.as_of) if value else queryset
