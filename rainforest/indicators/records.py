"""Peer figures declared once (rainforest.core.records): pages under /records/peer-figure/, the API under
/api/v1/records/peer-figure, the Excel type `peer_figure` and the menu entry follow. They are published
figures: every signed-in user reads them; the city bureau keeps them."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core import policy, records
from rainforest.core.policy import Action, Rule, ScopeRule
from rainforest.core.records.forms import DATE, RecordForm
from rainforest.imports.base import Column, Kind, choice_column
from rainforest.indicators import navigation  # noqa: F401  (the 技术市场 section)
from rainforest.indicators.choices import Indicator, Unit
from rainforest.indicators.models import PeerFigure

ALL = _("全部")

PEER_FIGURE_GRANTS: tuple[records.declaration.Grant, ...] = (
    (policy.EVERYONE, policy.READ, Rule.ALL),
    (policy.OFFICERS, (*policy.WRITE, Action.IMPORT), Rule.ALL),
)


class PeerFigureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("城市、来源或备注"), method="filter_q")
    indicator = django_filters.ChoiceFilter(label=_("指标"), choices=Indicator.choices, empty_label=ALL)
    period = django_filters.CharFilter(label=_("统计期"), method="filter_period")
    province = django_filters.CharFilter(label=_("省份"), lookup_expr="exact")
    ordering = django_filters.OrderingFilter(
        fields=(
            ("period", "period"),
            ("city", "city"),
            ("value", "value"),
            ("published_on", "published_on"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = PeerFigure
        fields = ["q", "indicator", "period", "province"]

    def filter_q(self, queryset: QuerySet[PeerFigure], name: str, value: str) -> QuerySet[PeerFigure]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(city__icontains=value) | Q(source__icontains=value) | Q(note__icontains=value)
        )

    def filter_period(self, queryset: QuerySet[PeerFigure], name: str, value: str) -> QuerySet[PeerFigure]:
        from rainforest.indicators.periods import Period

        value = value.strip()
        if not value:
            return queryset
        try:
            return queryset.filter(period=Period.parse(value).code)
        except ValueError:
            return queryset.none()


class PeerFigureForm(RecordForm):
    class Meta:
        model = PeerFigure
        fields = (
            "indicator",
            "province",
            "city",
            "period",
            "value",
            "unit",
            "growth",
            "published_rank",
            "source",
            "published_on",
            "note",
        )
        widgets = {"published_on": DATE}


PEER_FIGURE = records.register(
    records.Record(
        name="peer_figure",
        model=PeerFigure,
        filterset=PeerFigureFilter,
        form=PeerFigureForm,
        columns=("city", "indicator", "period", "value", "unit", "growth", "source", "published_on"),
        grants=PEER_FIGURE_GRANTS,
        scope=ScopeRule(),
        menu=records.Menu(group="techmarket", order=50),
        description=_(
            "其他城市（或全省合计，城市留空）公布的指标数值，按指标、省份、城市、统计期和来源新增或更新；"
            "同比增长填百分数（37.1 表示增长 37.1%；来源写作比值 0.371 的请换算）；两个来源不一致时两条都保留。"
        ),
        import_columns=(
            choice_column("indicator", _("指标"), Indicator, required=True),
            Column("province", _("省份"), hint=_("默认山西省")),
            Column("city", _("城市"), hint=_("留空表示全省合计")),
            Column("period", _("统计期"), hint=_("如 2025Q1、2025M03、2025YTD04、2025"), required=True),
            Column("value", _("数值"), Kind.MONEY, hint=_("按公布的数值和单位填写"), required=True),
            choice_column("unit", _("单位"), Unit, required=True),
            Column(
                "growth",
                _("同比增长（%）"),
                Kind.MONEY,
                hint=_("百分数：37.1 表示增长 37.1%，−8.1 表示下降 8.1%"),
            ),
            Column("published_rank", _("公布的排名"), Kind.INT),
            Column("source", _("来源"), hint=_("网址或文号"), required=True),
            Column("published_on", _("发布日期"), Kind.DATE, required=True),
            Column("note", _("备注")),
        ),
        natural_key=("indicator", "city", "period", "source", "province"),
    )
)
