"""Record types of the registry declared once (rainforest.core.records): an enterprise's intellectual
property. Pages under /records/intellectual-property/, the API under /api/v1/records/intellectual-property,
the Excel template and export `intellectual_property` and the menu entry follow from the declaration."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core import records
from rainforest.core.records.forms import DATE, RecordForm
from rainforest.enterprises.choices import IntellectualPropertyKind
from rainforest.enterprises.models import IntellectualProperty
from rainforest.imports.base import Column, Kind, choice_column

ALL = _("全部")


class IntellectualPropertyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称、编号或企业"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=IntellectualPropertyKind.choices, empty_label=ALL
    )
    class_one = django_filters.BooleanFilter(label=_("Ⅰ类知识产权"))
    granted_after = django_filters.DateFilter(
        field_name="granted_on", lookup_expr="gte", label=_("授权日期起")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("number", "number"),
            ("title", "title"),
            ("granted_on", "granted_on"),
            ("enterprise__name", "enterprise"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = IntellectualProperty
        fields = ["q", "kind", "class_one", "granted_after"]

    def filter_q(
        self, queryset: QuerySet[IntellectualProperty], name: str, value: str
    ) -> QuerySet[IntellectualProperty]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(number__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(enterprise__credit_code__istartswith=value.upper())
        )


class IntellectualPropertyForm(RecordForm):
    class Meta:
        model = IntellectualProperty
        fields = ("enterprise", "kind", "number", "title", "granted_on")
        widgets = {"granted_on": DATE}


INTELLECTUAL_PROPERTY = records.register(
    records.Record(
        name="intellectual_property",
        model=IntellectualProperty,
        filterset=IntellectualPropertyFilter,
        form=IntellectualPropertyForm,
        columns=("number", "title", "kind", "class_one", "granted_on", "enterprise__name"),
        parent="enterprise",
        parent_key="credit_code",
        grants=records.REGISTRY_GRANTS,
        menu=records.Menu(group="registry", order=30),
        description=_("按类别和授权号/登记号新增或更新；企业须已登记；Ⅰ类按高企认定规则由类别决定。"),
        import_columns=(
            Column(
                "credit_code", _("统一社会信用代码"), Kind.ENTERPRISE, required=True, attribute="enterprise"
            ),
            choice_column("kind", _("类别"), IntellectualPropertyKind, required=True),
            Column("number", _("授权号/登记号"), required=True),
            Column("title", _("名称"), required=True),
            Column("granted_on", _("授权日期"), Kind.DATE, _("不能晚于今天"), required=True),
        ),
        natural_key=("number", "kind"),
    )
)
