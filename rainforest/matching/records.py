"""Record types of the matching app declared once (rainforest.core.records): achievements of universities
and institutes (/records/achievement/) and enterprises' technology demands (/records/demand/), with their
pages, API (/api/v1/records/achievement, /api/v1/records/demand), Excel template, import and export, menu
entries and rows of the policy table.

Who reaches what:
- an achievement is kept by its university or institute (`organisation_rule("owner")`): the city every
  one, a district those of the organisations in it, a university's users their own. Firms (enterprise
  users) and technology butlers also read the achievements on offer (status 可转化): the catalogue is what
  a firm's demand is matched against. The city bureau and a university (its own) write them;
- a demand follows its enterprise: the firm's own users, its district, its butler and the city; the
  firm's users and the officers write them."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation, policy, records
from rainforest.core.choices import Role, TechField
from rainforest.core.filters import WholeNumberFilter
from rainforest.core.policy import Action, Rule, ScopeRule, organisation_rule
from rainforest.core.scope import Reach, Scope
from rainforest.imports.base import Column, Kind, choice_column
from rainforest.matching.choices import AchievementStatus, CityIndustry, DealStatus, DemandStatus, Discipline
from rainforest.matching.forms import AchievementForm, DealForm, DemandForm, universities_in_reach
from rainforest.matching.models import Achievement, Deal, Demand
from rainforest.talent.models import TechManager

ALL = _("全部")
SEPARATOR_HINT = _("多个之间用逗号、分号或顿号分开")

navigation.section("techmarket", _("技术市场"), 70)  # declared by the technology market too: the first wins

_kept_by_owner = organisation_rule("owner")


def achievement_rule(scope: Scope, action: Action) -> Q:
    """The owner's organisation rule; a firm's users and butlers read the achievements on offer."""
    kept = _kept_by_owner(scope, action)
    on_offer = action in policy.READ and (
        scope.reach is Reach.ASSIGNED or (scope.reach is Reach.OWN and bool(scope.credit_code))
    )
    return kept | Q(status=AchievementStatus.ACTIVE) if on_offer else kept


def _achievement_unsaved(scope: Scope, action: Action, obj: Achievement) -> bool:
    """An unsaved achievement (may ADD) is judged by its owner: one within the user's reach."""
    return obj.owner_id is None or universities_in_reach(scope).filter(pk=obj.owner_id).exists()


achievement_rule.unsaved = _achievement_unsaved  # type: ignore[attr-defined]


# --- achievements --------------------------------------------------------------------------------------


class AchievementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称、编号、简介或单位"), method="filter_q")
    field = django_filters.ChoiceFilter(label=_("技术领域"), choices=TechField.choices, empty_label=ALL)
    industry = django_filters.ChoiceFilter(label=_("所属产业"), choices=CityIndustry.choices, empty_label=ALL)
    discipline = django_filters.ChoiceFilter(label=_("学科"), choices=Discipline.choices, empty_label=ALL)
    owner = django_filters.CharFilter(label=_("完成单位（名称或编码）"), method="filter_owner")
    maturity_min = WholeNumberFilter(
        field_name="maturity",
        lookup_expr="gte",
        label=_("成熟度不低于"),
        min_value=1,
        max_value=9,
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AchievementStatus.choices, empty_label=ALL)
    published_after = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label=_("发布日期起")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("number", "number"),
            ("title", "title"),
            ("owner__name", "owner"),
            ("maturity", "maturity"),
            ("expected_price", "expected_price"),
            ("published_on", "published_on"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = Achievement
        fields = [
            "q",
            "field",
            "industry",
            "discipline",
            "owner",
            "maturity_min",
            "status",
            "published_after",
        ]

    def filter_owner(self, queryset: QuerySet[Achievement], name: str, value: str) -> QuerySet[Achievement]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(owner__code=value) | Q(owner__name__icontains=value))

    def filter_q(self, queryset: QuerySet[Achievement], name: str, value: str) -> QuerySet[Achievement]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(number__icontains=value)
            | Q(abstract__icontains=value)
            | Q(owner__name__icontains=value)
        )


ACHIEVEMENT = records.register(
    records.Record(
        name="achievement",
        model=Achievement,
        filterset=AchievementFilter,
        form=AchievementForm,
        columns=(
            "number",
            "title",
            "owner__name",
            "field",
            "industry",
            "maturity",
            "expected_price",
            "published_on",
            "status",
        ),
        parent="owner",
        parent_key="code",
        scope=ScopeRule(achievement_rule),
        grants=(
            (policy.OFFICERS, (*policy.READ, *policy.WRITE, Action.IMPORT), Rule.SCOPE),
            ((Role.DISTRICT_OFFICER,), policy.READ, Rule.SCOPE),
            ((Role.UNIVERSITY_USER,), (*policy.READ, *policy.WRITE), Rule.SCOPE),
            ((Role.ENTERPRISE_USER, Role.BUTLER), policy.READ, Rule.SCOPE),
        ),
        menu=records.Menu(group="techmarket", order=20),
        money_units={"expected_price": "万元"},
        detail_fields=(
            "number",
            "title",
            "owner",
            "abstract",
            "discipline",
            "field",
            "industry",
            "maturity",
            "expected_price",
            "team_text",
            "patents",
            "published_on",
            "status",
        ),
        description=_(
            "按成果编号新增或更新；完成单位填写已登记的高校院所名称或机构编码；"
            "关键词、转化方式多个之间用逗号、分号或顿号分开；预期价格按表头单位（万元或元）填写。"
        ),
        import_columns=(
            Column("owner", _("完成单位"), Kind.ORGANISATION, _("高校院所名称或机构编码"), required=True),
            Column("number", _("成果编号"), required=True),
            Column("title", _("成果名称"), required=True),
            Column("abstract", _("成果简介"), required=True),
            Column("keywords", _("关键词"), Kind.TEXT, SEPARATOR_HINT, attribute="keywords_text"),
            choice_column("discipline", _("学科"), Discipline),
            choice_column("field", _("技术领域"), TechField, required=True),
            choice_column("industry", _("所属产业"), CityIndustry),
            Column("maturity", _("技术成熟度"), Kind.INT, _("1 到 9 级"), required=True),
            Column(
                "transfer_modes",
                _("转化方式"),
                Kind.TEXT,
                _("转让、许可、作价入股、合作开发、技术服务、技术咨询；多个之间用顿号分开"),
                attribute="transfer_modes_text",
            ),
            Column("expected_price", _("预期价格（万元）"), Kind.MONEY, _("面议则留空")),
            Column("team_text", _("研发团队")),
            Column("patents", _("相关专利")),
            Column("published_on", _("发布日期"), Kind.DATE, _("不能晚于今天"), required=True),
            choice_column("status", _("状态"), AchievementStatus),
        ),
        natural_key=("number",),
    )
)


# --- demands -------------------------------------------------------------------------------------------


class DemandFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称、编号、描述或企业"), method="filter_q")
    field = django_filters.ChoiceFilter(label=_("技术领域"), choices=TechField.choices, empty_label=ALL)
    industry = django_filters.ChoiceFilter(label=_("所属产业"), choices=CityIndustry.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DemandStatus.choices, empty_label=ALL)
    deadline_after = django_filters.DateFilter(
        field_name="deadline", lookup_expr="gte", label=_("截止日期起")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("number", "number"),
            ("title", "title"),
            ("enterprise__name", "enterprise"),
            ("budget", "budget"),
            ("deadline", "deadline"),
            ("published_on", "published_on"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = Demand
        fields = ["q", "field", "industry", "status", "deadline_after"]

    def filter_q(self, queryset: QuerySet[Demand], name: str, value: str) -> QuerySet[Demand]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(number__icontains=value)
            | Q(description__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(enterprise__credit_code__istartswith=value.upper())
        )


DEMAND = records.register(
    records.Record(
        name="demand",
        model=Demand,
        filterset=DemandFilter,
        form=DemandForm,
        columns=(
            "number",
            "title",
            "enterprise__name",
            "field",
            "industry",
            "budget",
            "deadline",
            "published_on",
            "status",
        ),
        parent="enterprise",
        parent_key="credit_code",
        grants=(
            (policy.EVERYONE, policy.READ, Rule.SCOPE),
            ((*policy.WRITERS, Role.ENTERPRISE_USER), policy.WRITE, Rule.SCOPE),
            (policy.WRITERS, (Action.IMPORT,), Rule.SCOPE),
        ),
        menu=records.Menu(group="techmarket", order=30),
        money_units={"budget": "万元"},
        description=_(
            "按需求编号新增或更新；企业须已登记；需求描述必填，写明企业遇到的问题和想达到的效果；"
            "预算按表头单位（万元或元）填写。"
        ),
        import_columns=(
            Column(
                "credit_code", _("统一社会信用代码"), Kind.ENTERPRISE, required=True, attribute="enterprise"
            ),
            Column("number", _("需求编号"), required=True),
            Column("title", _("需求名称"), required=True),
            Column("description", _("需求描述"), required=True),
            choice_column("field", _("技术领域"), TechField),
            choice_column("industry", _("所属产业"), CityIndustry),
            Column("budget", _("预算（万元）"), Kind.MONEY, _("面议则留空")),
            Column("deadline", _("截止日期"), Kind.DATE),
            Column("published_on", _("发布日期"), Kind.DATE, _("不能晚于今天"), required=True),
            choice_column("status", _("状态"), DemandStatus),
        ),
        natural_key=("number",),
    )
)


# --- deals ---------------------------------------------------------------------------------------------

_kept_by_achievement_owner = organisation_rule("achievement__owner")


def deal_rule(scope: Scope, action: Action) -> Q:
    """A deal is seen by both its sides and the bureau: whoever reaches its demand (the firm, its district,
    its butler) or keeps its achievement (the university, the district of the university)."""
    if scope.reach is Reach.CITY:
        return Q()
    demands = policy.scope_condition(Demand, scope, action)
    demand_side = Q() if demands == Q() else Q(demand__in=Demand.objects.filter(demands).values("pk"))
    return demand_side | _kept_by_achievement_owner(scope, action)


def _deal_unsaved(scope: Scope, action: Action, obj: Deal) -> bool:
    """An unsaved deal (may ADD): its demand or its achievement's owner within the user's reach."""
    if scope.reach is Reach.CITY:
        return True
    demands = policy.scope_condition(Demand, scope, action)
    if obj.demand_id is not None and Demand.objects.filter(demands, pk=obj.demand_id).exists():
        return True
    return (
        obj.achievement_id is not None
        and Achievement.objects.filter(pk=obj.achievement_id, owner__in=universities_in_reach(scope)).exists()
    )


deal_rule.unsaved = _deal_unsaved  # type: ignore[attr-defined]


def _adjust_deal(values: dict[str, Any]) -> None:
    """The demand and the achievement a row names by their numbers, the technology manager by name."""
    errors: dict[str, Any] = {}
    number = str(values.get("demand__number", "")).strip()
    values["demand"] = Demand.objects.filter(number=number).first()
    if values["demand"] is None:
        errors["demand__number"] = _("未找到需求编号 {number}").format(number=number)
    number = str(values.get("achievement__number", "")).strip()
    values["achievement"] = Achievement.objects.filter(number=number).first()
    if values["achievement"] is None:
        errors["achievement__number"] = _("未找到成果编号 {number}").format(number=number)
    name = str(values.get("tech_manager__name") or "").strip()
    if name:
        managers = list(TechManager.objects.filter(name=name)[:2])
        if len(managers) != 1:
            errors["tech_manager__name"] = _("未找到技术经理人“{name}”，或有同名者").format(name=name)
        else:
            values["tech_manager"] = managers[0]
    if errors:
        raise ValidationError(errors)


class DealFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("编号、需求、成果或企业"), method="filter_q")
    status = django_filters.ChoiceFilter(label=_("对接状态"), choices=DealStatus.choices, empty_label=ALL)
    opened_after = django_filters.DateFilter(field_name="opened_on", lookup_expr="gte", label=_("接洽日期起"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("number", "number"),
            ("opened_on", "opened_on"),
            ("amount", "amount"),
            ("demand__enterprise__name", "enterprise"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = Deal
        fields = ["q", "status", "opened_after"]

    def filter_q(self, queryset: QuerySet[Deal], name: str, value: str) -> QuerySet[Deal]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(demand__title__icontains=value)
            | Q(demand__number__icontains=value)
            | Q(achievement__title__icontains=value)
            | Q(achievement__number__icontains=value)
            | Q(demand__enterprise__name__icontains=value)
        )


DEAL = records.register(
    records.Record(
        name="deal",
        model=Deal,
        filterset=DealFilter,
        form=DealForm,
        columns=(
            "number",
            "demand__title",
            "demand__enterprise__name",
            "achievement__title",
            "achievement__owner__name",
            "tech_manager__name",
            "status",
            "opened_on",
            "amount",
        ),
        parent="demand",
        parent_key="number",
        related=("demand__enterprise", "achievement__owner", "tech_manager", "contract"),
        scope=ScopeRule(deal_rule),
        grants=(
            (policy.EVERYONE, policy.READ, Rule.SCOPE),
            (policy.BUREAU, (Action.ADD, Action.CHANGE), Rule.SCOPE),
            (policy.OFFICERS, (Action.DELETE, Action.IMPORT), Rule.SCOPE),
        ),
        menu=records.Menu(group="techmarket", order=40),
        money_units={"amount": "万元"},
        description=_(
            "按对接编号新增或更新；需求编号、成果编号须已登记；新登记的对接为“已接洽”，"
            "洽谈、签约和终止在对接页面办理。"
        ),
        import_columns=(
            Column("number", _("对接编号"), required=True),
            Column("demand", _("需求编号"), required=True, attribute="demand__number"),
            Column("achievement", _("成果编号"), required=True, attribute="achievement__number"),
            Column("tech_manager", _("技术经理人"), hint=_("姓名"), attribute="tech_manager__name"),
            Column("opened_on", _("接洽日期"), Kind.DATE, _("不能晚于今天"), required=True),
            Column("note", _("备注")),
        ),
        natural_key=("number",),
        adjust=_adjust_deal,
    )
)
