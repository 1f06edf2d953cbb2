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
from rainforest.core.scope import Reach, Scope
from rainforest.imports.base import Column, Kind, choice_column
from rainforest.indicators import navigation  # noqa: F401  (the 技术市场 section)
from rainforest.indicators.choices import Indicator, Unit
from rainforest.indicators.models import IndicatorTarget, PeerFigure, RevenueKind, ServiceRevenue
from rainforest.indicators.periods import Period

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


# --- monthly revenue of sci-tech service enterprises -----------------------------------------------------


class ServiceRevenueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("企业名称或信用代码"), method="filter_q")
    period = django_filters.CharFilter(label=_("统计期"), method="filter_period")
    kind = django_filters.ChoiceFilter(label=_("数据类型"), choices=RevenueKind.choices, empty_label=ALL)
    district = django_filters.CharFilter(label=_("县区代码"), method="filter_district")
    ordering = django_filters.OrderingFilter(
        fields=(("month", "month"), ("revenue", "revenue"), ("enterprise__name", "enterprise")),
        label=_("排序"),
    )

    class Meta:
        model = ServiceRevenue
        fields = ["q", "period", "kind", "district"]

    def filter_q(self, queryset: QuerySet[ServiceRevenue], name: str, value: str) -> QuerySet[ServiceRevenue]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(enterprise__name__icontains=value) | Q(enterprise__credit_code=value.upper())
        )

    def filter_period(
        self, queryset: QuerySet[ServiceRevenue], name: str, value: str
    ) -> QuerySet[ServiceRevenue]:
        value = value.strip()
        if not value:
            return queryset
        try:
            period = Period.parse(value)
        except ValueError:
            return queryset.none()
        return queryset.filter(month__gte=period.start, month__lte=period.end)

    def filter_district(
        self, queryset: QuerySet[ServiceRevenue], name: str, value: str
    ) -> QuerySet[ServiceRevenue]:
        value = value.strip()
        return queryset.filter(enterprise__district__code=value) if value else queryset


class ServiceRevenueForm(RecordForm):
    class Meta:
        model = ServiceRevenue
        fields = ("enterprise", "month", "revenue", "kind", "source", "note")
        widgets = {"month": DATE}


SERVICE_REVENUE = records.register(
    records.Record(
        name="service_revenue",
        model=ServiceRevenue,
        filterset=ServiceRevenueFilter,
        form=ServiceRevenueForm,
        columns=("enterprise__name", "month", "revenue", "kind", "source"),
        related=("enterprise",),
        parent="enterprise",
        parent_key="credit_code",
        grants=records.REGISTRY_GRANTS,
        menu=records.Menu(group="registry", order=80),
        money_units={"revenue": "万元"},
        description=_(
            "统计部门报送的科技服务业企业月度营业收入（万元），按企业和月份新增或更新：同一企业同一月份的"
            "统计上报数到达时取代预计数；已有上报数的月份不能再改为预计数。月份填该月 1 日。"
        ),
        import_columns=(
            Column(
                "credit_code", _("统一社会信用代码"), Kind.ENTERPRISE, required=True, attribute="enterprise"
            ),
            Column("month", _("月份"), Kind.DATE, hint=_("该月 1 日，如 2025-03-01"), required=True),
            Column("revenue", _("营业收入"), Kind.MONEY, hint=_("万元"), required=True),
            choice_column("kind", _("数据类型"), RevenueKind, hint=_("统计上报或预计")),
            Column("source", _("来源")),
            Column("note", _("备注")),
        ),
        natural_key=("credit_code", "month"),
    )
)


# --- targets of indicators --------------------------------------------------------------------------------


def _target_rule(scope: Scope, action: Action) -> Q:
    """The city reaches every target; a district reads the city's targets and its own, and keeps its own."""
    if scope.reach is Reach.CITY:
        return Q()
    if scope.reach is not Reach.DISTRICT:
        return policy.NOTHING
    own = (
        Q(district_id__in=sorted(policy.district_ids(scope)))
        if policy.district_ids(scope)
        else policy.NOTHING
    )
    if action in (Action.VIEW, Action.EXPORT):
        return own | Q(district__isnull=True)
    return own


def _target_unsaved(scope: Scope, action: Action, obj: IndicatorTarget) -> bool:
    """A new target is judged by its district, as the rule judges a stored one: the city any, a district
    officer only their own district's (never a city-wide one)."""
    if scope.reach is Reach.CITY:
        return True
    return scope.reach is Reach.DISTRICT and obj.district_id in policy.district_ids(scope)


_target_rule.unsaved = _target_unsaved  # type: ignore[attr-defined]


class IndicatorTargetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("指标代码或来源"), method="filter_q")
    year = django_filters.NumberFilter(label=_("年度"), min_value=2000, max_value=2100)
    ordering = django_filters.OrderingFilter(
        fields=(("year", "year"), ("code", "code"), ("value", "value")), label=_("排序")
    )

    class Meta:
        model = IndicatorTarget
        fields = ["q", "year"]

    def filter_q(
        self, queryset: QuerySet[IndicatorTarget], name: str, value: str
    ) -> QuerySet[IndicatorTarget]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(source__icontains=value))


class IndicatorTargetForm(RecordForm):
    class Meta:
        model = IndicatorTarget
        fields = ("code", "year", "district", "value", "source", "note")


INDICATOR_TARGET = records.register(
    records.Record(
        name="indicator_target",
        model=IndicatorTarget,
        filterset=IndicatorTargetFilter,
        form=IndicatorTargetForm,
        columns=("code", "year", "district__name", "value", "source"),
        related=("district",),
        # The city bureau sets the targets (the city's and each district's); district officers read the
        # city's and their own.
        grants=(
            (policy.WRITERS, policy.READ, Rule.SCOPE),
            (policy.OFFICERS, (*policy.WRITE, Action.IMPORT), Rule.SCOPE),
        ),
        scope=ScopeRule(_target_rule),
        menu=records.Menu(group="techmarket", order=55),
        description=_(
            "各项指标的年度目标（计划），按指标代码、年度和县区新增或更新；县区留空为全市目标。金额指标以元计。"
            "新认定高新技术企业和科技型中小企业的目标在“年度目标”中维护，平台建设计划在“平台建设计划”中维护。"
        ),
        import_columns=(
            Column("code", _("指标代码"), hint=_("如 contracts.turnover，见指标说明"), required=True),
            Column("year", _("年度"), Kind.INT, required=True),
            Column("district", _("县区"), Kind.DISTRICT, hint=_("留空表示全市")),
            Column("value", _("目标值"), Kind.MONEY, required=True),
            Column("source", _("来源"), hint=_("文件文号或会议"), required=True),
            Column("note", _("备注")),
        ),
        natural_key=("code", "year", "district"),
    )
)
