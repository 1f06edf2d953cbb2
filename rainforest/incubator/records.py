"""Record types of the incubator declared once (rainforest.core.records): a park's sites (孵化园区, e.g.
晋创谷·晋中's 开发区 and 农高区 sites). Pages under /records/site/, the API under /api/v1/records/site, the
Excel template, import and export `site` and the menu entry follow from the declaration. Parks, zones,
teams, tenancies, zone stays and stage changes have pages of their own (the incubator's behaviour: the
pipeline, promotions, occupancy) under /incubator/."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core import policy, records
from rainforest.core.policy import Action, Rule
from rainforest.core.records.forms import RecordForm
from rainforest.imports.base import Column, Kind
from rainforest.incubator.models import Site

ALL = _("全部")


class SiteFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称、地址或孵化载体"), method="filter_q")
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("park__name", "park"), ("space_m2", "space_m2")),
        label=_("排序"),
    )

    class Meta:
        model = Site
        fields = ["q"]

    def filter_q(self, queryset: QuerySet[Site], name: str, value: str) -> QuerySet[Site]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(address__icontains=value) | Q(park__name__icontains=value)
        )


class SiteForm(RecordForm):
    class Meta:
        model = Site
        fields = ("park", "name", "development_zone", "address", "space_m2")


SITE = records.register(
    records.Record(
        name="site",
        model=Site,
        filterset=SiteFilter,
        form=SiteForm,
        columns=("name", "park__name", "development_zone__name", "address", "space_m2"),
        parent="park",
        parent_key="name",
        related=("park", "development_zone"),
        grants=((policy.WRITERS, (*policy.READ, *policy.WRITE, Action.IMPORT), Rule.SCOPE),),
        menu=records.Menu(group="incubator", order=20),
        description=_("按孵化载体和园区名称新增或更新；孵化载体须已登记。"),
        import_columns=(
            Column("park", _("孵化载体"), Kind.PARK, _("孵化载体名称，须已登记"), required=True),
            Column("name", _("园区名称"), required=True),
            Column("development_zone", _("所在开发区"), Kind.DEVELOPMENT_ZONE, _("开发区全称或简称")),
            Column("address", _("地址")),
            Column("space_m2", _("总面积（平方米）"), Kind.INT),
        ),
        natural_key=("park", "name"),
    )
)
