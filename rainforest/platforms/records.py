"""Record types of the platforms app, declared once (rainforest.core.records): platform types, platforms,
their partners, their yearly performance and the year's plan. Pages under /records/<name>/, the API under
/api/v1/records/<name>, the Excel templates, imports and exports, the menu entries and the permission rows
follow from these declarations.

Who sees a platform follows its host: a platform hosted by an enterprise is in the scope of whoever has
the enterprise in theirs; one hosted by an organisation (a university) in the scope its organisation rule
gives (the city all, a district the organisations in it, a university's own users their own). Partners and
yearly performance follow their platform. Types and plans are the city's: everyone reads them, the city
bureau keeps them."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core import policy, records
from rainforest.core.choices import OrganisationKind, TechField
from rainforest.core.filters import YearFilter
from rainforest.core.models import Organisation
from rainforest.core.policy import Action, Rule, ScopeRule, organisation_rule
from rainforest.core.records.declaration import Grant
from rainforest.core.records.forms import DATE, RecordForm
from rainforest.core.scope import Reach, Scope, scope_for
from rainforest.enterprises.models import Enterprise
from rainforest.imports.base import Column, Kind, choice_column
from rainforest.platforms import selectors
from rainforest.platforms.choices import PartnerRole, PlatformLevel, PlatformStatus
from rainforest.platforms.models import (
    Platform,
    PlatformPartner,
    PlatformPerformance,
    PlatformPlan,
    PlatformType,
)

ALL = _("全部")
MENU = "platforms"
# Organisations that may host or partner a platform (not the bureaus and committees that manage them).
HOST_KINDS = (
    OrganisationKind.UNIVERSITY,
    OrganisationKind.ENTERPRISE,
    OrganisationKind.SERVICE,
    OrganisationKind.BANK,
)


# --- scope --------------------------------------------------------------------------------------------


def platform_rule(scope: Scope, action: Action) -> Q:
    """A platform is in a scope when its host is: its host enterprise (the registry's rule) or its host
    organisation (`organisation_rule`)."""
    firms = policy.scope_condition(Enterprise, scope, action)
    by_firm = Q(host_enterprise__in=Enterprise.objects.filter(firms).values("pk"))
    return by_firm | organisation_rule("host_organisation")(scope, action)


CITY_GRANTS: tuple[Grant, ...] = (
    (policy.EVERYONE, policy.READ, Rule.ALL),
    (policy.OFFICERS, (*policy.WRITE, Action.IMPORT), Rule.ALL),
)


def _organisations_for(user: Any) -> QuerySet[Organisation]:
    """The organisations a user may name as a host or partner: within a district's reach, its own."""
    rows = Organisation.objects.filter(kind__in=HOST_KINDS)
    scope = scope_for(user)
    if scope.reach is Reach.DISTRICT:
        within = Q(region_id__in=sorted(policy.district_ids(scope)))
        if scope.zone_id:
            within |= Q(zone_id=scope.zone_id)
        rows = rows.filter(within)
    return rows.order_by("kind", "name")


# --- platform types -------------------------------------------------------------------------------------


class PlatformTypeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("类型名称"))
    key_platform = django_filters.BooleanFilter(label=_("计入重点创新平台"))
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("sort_order", "sort_order")), label=_("排序")
    )

    class Meta:
        model = PlatformType
        fields = ["q", "key_platform"]


class PlatformTypeForm(RecordForm):
    class Meta:
        model = PlatformType
        fields = ("name", "key_platform", "sort_order", "note")


PLATFORM_TYPE = records.register(
    records.Record(
        name="platform_type",
        model=PlatformType,
        filterset=PlatformTypeFilter,
        form=PlatformTypeForm,
        columns=("name", "key_platform", "seeded", "sort_order", "note"),
        grants=CITY_GRANTS,
        scope=ScopeRule(),
        menu=records.Menu(group=MENU, order=60),
        description=_("按类型名称新增或更新；系统内置六类平台，市局可增加其他类型。"),
        import_columns=(
            Column("name", _("类型名称"), required=True),
            Column("key_platform", _("计入重点创新平台"), Kind.BOOL, _("是/否")),
            Column("sort_order", _("排序"), Kind.INT),
            Column("note", _("备注")),
        ),
        natural_key=("name",),
    )
)


# --- platforms ----------------------------------------------------------------------------------------


class HostKind:
    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"
    ORGANISATION = "organisation"
    CHOICES = (
        (ENTERPRISE, _("企业")),
        (UNIVERSITY, _("高校院所")),
        (ORGANISATION, _("其他机构")),
    )


class PlatformFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称、依托单位或文号"), method="filter_q")
    type = django_filters.CharFilter(field_name="type__name", label=_("平台类型"))
    level = django_filters.ChoiceFilter(label=_("级别"), choices=PlatformLevel.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=PlatformStatus.choices, empty_label=ALL)
    host = django_filters.ChoiceFilter(
        label=_("依托主体"), choices=HostKind.CHOICES, empty_label=ALL, method="filter_host"
    )
    key_on = django_filters.DateFilter(label=_("某日的省级重点创新平台"), method="filter_key_on")
    recommended_year = YearFilter(label=_("推荐省级年度"))
    recognised_year = YearFilter(field_name="recognised_on", lookup_expr="year", label=_("认定年度"))
    approved_year = YearFilter(field_name="approved_on", lookup_expr="year", label=_("批准建设年度"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("type__sort_order", "type"),
            ("level", "level"),
            ("status", "status"),
            ("recognised_on", "recognised_on"),
            ("district__code", "district"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = Platform
        fields = [
            "q",
            "type",
            "level",
            "status",
            "host",
            "key_on",
            "recommended_year",
            "recognised_year",
            "approved_year",
        ]

    def filter_q(self, queryset: QuerySet[Platform], name: str, value: str) -> QuerySet[Platform]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(host_enterprise__name__icontains=value)
            | Q(host_organisation__name__icontains=value)
            | Q(document_number__icontains=value)
        )

    def filter_host(self, queryset: QuerySet[Platform], name: str, value: str) -> QuerySet[Platform]:
        if value == HostKind.ENTERPRISE:
            return queryset.filter(host_enterprise__isnull=False)
        if value == HostKind.UNIVERSITY:
            return queryset.filter(host_organisation__kind=OrganisationKind.UNIVERSITY)
        if value == HostKind.ORGANISATION:
            return queryset.filter(host_organisation__isnull=False).exclude(
                host_organisation__kind=OrganisationKind.UNIVERSITY
            )
        return queryset

    def filter_key_on(self, queryset: QuerySet[Platform], name: str, value: Any) -> QuerySet[Platform]:
        return queryset.filter(selectors.provincial_key_on(value)) if value else queryset


class PlatformForm(RecordForm):
    class Meta:
        model = Platform
        fields = (
            "name",
            "type",
            "level",
            "host_enterprise",
            "host_organisation",
            "field",
            "status",
            "approved_on",
            "recognised_on",
            "revoked_on",
            "recommended_year",
            "source",
            "document_number",
        )
        widgets = {"approved_on": DATE, "recognised_on": DATE, "revoked_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The host firm is the record's parent (by credit code, within the user's reach); a platform
        # hosted by an organisation names none.
        self.fields["host_enterprise"].required = False
        self.fields["host_enterprise"].help_text = _("填写统一社会信用代码；与依托单位二者填一")
        old = self.fields["host_organisation"]
        self.fields["host_organisation"] = forms.ModelChoiceField(
            _organisations_for(self.user),
            to_field_name="code",
            required=False,
            label=old.label,
            help_text=old.help_text,
        )
        old = self.fields["type"]
        self.fields["type"] = forms.ModelChoiceField(
            PlatformType.objects.all(), to_field_name="name", label=old.label
        )
        if self.instance.pk is not None:
            if self.instance.host_organisation_id:
                self.initial["host_organisation"] = self.instance.host_organisation.code
            self.initial["type"] = self.instance.type.name


def _adjust_platform(values: dict[str, Any]) -> None:
    """The type a row names, looked up per row (a city keeps hundreds of platforms, not thousands)."""
    name = str(values.get("type__name", "")).strip()
    found = PlatformType.objects.filter(name=name).first()
    if found is None:
        raise ValidationError({"type__name": _("未知平台类型“{name}”（请先登记该类型）").format(name=name)})
    values["type"] = found


PLATFORM = records.register(
    records.Record(
        name="platform",
        model=Platform,
        filterset=PlatformFilter,
        form=PlatformForm,
        columns=(
            "name",
            "type__name",
            "level",
            "status",
            "host_enterprise__name",
            "host_organisation__name",
            "district__name",
            "recognised_on",
        ),
        parent="host_enterprise",
        parent_key="credit_code",
        related=("type", "host_enterprise", "host_organisation", "district"),
        grants=records.REGISTRY_GRANTS,
        scope=ScopeRule(platform_rule, parents=("host_enterprise",)),
        menu=records.Menu(group=MENU, order=10),
        description=_(
            "按平台名称新增或更新；依托企业（统一社会信用代码）和依托单位（机构名称或编码）二者填一，"
            "所在县区由依托主体带出；状态与日期须一致：批准建设、认定、撤销日期依次不早于前者。"
        ),
        import_columns=(
            Column("name", _("平台名称"), required=True),
            Column(
                "type_name",
                _("平台类型"),
                hint=_("如 技术创新中心、中试基地"),
                required=True,
                attribute="type__name",
            ),
            choice_column("level", _("级别"), PlatformLevel, required=True),
            Column(
                "host_credit_code",
                _("依托企业统一社会信用代码"),
                Kind.ENTERPRISE,
                _("与依托单位二者填一"),
                attribute="host_enterprise",
            ),
            Column("host_organisation", _("依托单位"), Kind.ORGANISATION, _("高校院所的名称或机构编码")),
            choice_column("field", _("技术领域"), TechField),
            choice_column("status", _("状态"), PlatformStatus, required=True),
            Column("approved_on", _("批准建设日期"), Kind.DATE),
            Column("recognised_on", _("认定日期"), Kind.DATE, _("已认定、已撤销的平台必填")),
            Column("revoked_on", _("撤销日期"), Kind.DATE, _("仅已撤销的平台填写")),
            Column("recommended_year", _("推荐省级年度"), Kind.INT),
            Column("source", _("来源")),
            Column("document_number", _("文号")),
        ),
        natural_key=("name",),
        adjust=_adjust_platform,
    )
)


def _adjust_platform_name(values: dict[str, Any]) -> None:
    """The platform a row names, looked up per row by its unique name."""
    name = str(values.get("platform__name", "")).strip()
    found = Platform.objects.filter(name=name).first()
    if found is None:
        raise ValidationError({"platform__name": _("平台“{name}”尚未登记").format(name=name)})
    values["platform__name"] = name
    values["platform"] = found


def _adjust_partner(values: dict[str, Any]) -> None:
    """The platform by name; an empty outside name is "" as stored (it is part of the natural key)."""
    _adjust_platform_name(values)
    values["outside_name"] = str(values.get("outside_name") or "").strip()


# --- partners -----------------------------------------------------------------------------------------


class PlatformPartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("平台或合作单位名称"), method="filter_q")
    role = django_filters.ChoiceFilter(label=_("合作方式"), choices=PartnerRole.choices, empty_label=ALL)
    year = YearFilter(label=_("平台批准或认定年度"), method="filter_year")
    ordering = django_filters.OrderingFilter(
        fields=(("platform__name", "platform"), ("role", "role")), label=_("排序")
    )

    class Meta:
        model = PlatformPartner
        fields = ["q", "role", "year"]

    def filter_year(
        self, queryset: QuerySet[PlatformPartner], name: str, value: Any
    ) -> QuerySet[PlatformPartner]:
        if not value:
            return queryset
        year = int(value)
        return queryset.filter(Q(platform__approved_on__year=year) | Q(platform__recognised_on__year=year))

    def filter_q(
        self, queryset: QuerySet[PlatformPartner], name: str, value: str
    ) -> QuerySet[PlatformPartner]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(platform__name__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(organisation__name__icontains=value)
            | Q(outside_name__icontains=value)
        )


class PlatformPartnerForm(RecordForm):
    class Meta:
        model = PlatformPartner
        fields = ("platform", "enterprise", "organisation", "outside_name", "role", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A partner firm may be any registered firm (a district's platform may have a partner elsewhere).
        old = self.fields["enterprise"]
        self.fields["enterprise"] = forms.ModelChoiceField(
            Enterprise.objects.all(),
            to_field_name="credit_code",
            required=False,
            label=old.label,
            widget=forms.TextInput,
            help_text=_("填写统一社会信用代码"),
        )
        old = self.fields["organisation"]
        self.fields["organisation"] = forms.ModelChoiceField(
            Organisation.objects.filter(kind__in=HOST_KINDS).order_by("kind", "name"),
            to_field_name="code",
            required=False,
            label=old.label,
        )
        if self.instance.pk is not None:
            if self.instance.enterprise_id:
                self.initial["enterprise"] = self.instance.enterprise.credit_code
            if self.instance.organisation_id:
                self.initial["organisation"] = self.instance.organisation.code


PLATFORM_PARTNER = records.register(
    records.Record(
        name="platform_partner",
        model=PlatformPartner,
        filterset=PlatformPartnerFilter,
        form=PlatformPartnerForm,
        columns=("platform__name", "enterprise__name", "organisation__name", "outside_name", "role"),
        parent="platform",
        parent_key="name",
        related=("platform", "enterprise", "organisation"),
        grants=records.REGISTRY_GRANTS,
        menu=records.Menu(group=MENU, order=20),
        description=_(
            "按平台名称和合作单位新增或更新；合作企业（统一社会信用代码）、合作机构（名称或编码）、"
            "市外单位名称三者填一。"
        ),
        import_columns=(
            Column(
                "platform_name", _("平台名称"), hint=_("须已登记"), required=True, attribute="platform__name"
            ),
            Column("credit_code", _("合作企业统一社会信用代码"), Kind.ENTERPRISE, attribute="enterprise"),
            Column("organisation", _("合作机构"), Kind.ORGANISATION, _("机构名称或机构编码")),
            Column("outside_name", _("市外单位名称")),
            choice_column("role", _("合作方式"), PartnerRole, required=True),
            Column("note", _("备注")),
        ),
        natural_key=("platform_name", "credit_code", "organisation", "outside_name"),
        adjust=_adjust_partner,
    )
)


# --- yearly performance ---------------------------------------------------------------------------------


class PlatformPerformanceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="platform__name", lookup_expr="icontains", label=_("平台名称"))
    year = YearFilter(label=_("年度"))
    type = django_filters.CharFilter(field_name="platform__type__name", label=_("平台类型"))
    level = django_filters.ChoiceFilter(
        field_name="platform__level", label=_("级别"), choices=PlatformLevel.choices, empty_label=ALL
    )
    key_on = django_filters.DateFilter(label=_("某日的省级重点创新平台"), method="filter_key_on")
    ordering = django_filters.OrderingFilter(
        fields=(
            ("platform__name", "platform"),
            ("year", "year"),
            ("rd_input", "rd_input"),
            ("economic_benefit", "economic_benefit"),
            ("conversion_income", "conversion_income"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = PlatformPerformance
        fields = ["q", "year", "type", "level", "key_on"]

    def filter_key_on(
        self, queryset: QuerySet[PlatformPerformance], name: str, value: Any
    ) -> QuerySet[PlatformPerformance]:
        if not value:
            return queryset
        return queryset.filter(platform__in=Platform.objects.filter(selectors.provincial_key_on(value)))


class PlatformPerformanceForm(RecordForm):
    class Meta:
        model = PlatformPerformance
        fields = (
            "platform",
            "year",
            "rd_input",
            "economic_benefit",
            "conversion_income",
            "contracts",
            "firms_incubated",
            "note",
        )


MONEY = {"rd_input": "万元", "economic_benefit": "万元", "conversion_income": "万元"}

PLATFORM_PERFORMANCE = records.register(
    records.Record(
        name="platform_performance",
        model=PlatformPerformance,
        filterset=PlatformPerformanceFilter,
        form=PlatformPerformanceForm,
        columns=(
            "platform__name",
            "year",
            "rd_input",
            "economic_benefit",
            "conversion_income",
            "contracts",
            "firms_incubated",
        ),
        parent="platform",
        parent_key="name",
        grants=records.REGISTRY_GRANTS,
        money_units=MONEY,
        menu=records.Menu(group=MENU, order=30),
        description=_("按平台名称和年度新增或更新；平台须已登记，年度不能早于平台批准建设或认定的年度。"),
        import_columns=(
            Column(
                "platform_name", _("平台名称"), hint=_("须已登记"), required=True, attribute="platform__name"
            ),
            Column("year", _("年度"), Kind.INT, required=True),
            Column("rd_input", _("研发投入"), Kind.MONEY),
            Column("economic_benefit", _("直接经济效益"), Kind.MONEY),
            Column("conversion_income", _("成果转化收入"), Kind.MONEY),
            Column("contracts", _("技术合同数"), Kind.INT),
            Column("firms_incubated", _("孵化企业数"), Kind.INT),
            Column("note", _("备注")),
        ),
        natural_key=("platform_name", "year"),
        adjust=_adjust_platform_name,
    )
)


# --- the year's plan ------------------------------------------------------------------------------------


class PlatformPlanFilter(django_filters.FilterSet):
    year = YearFilter(label=_("年度"))
    type = django_filters.CharFilter(field_name="type__name", label=_("平台类型"))
    level = django_filters.ChoiceFilter(label=_("级别"), choices=PlatformLevel.choices, empty_label=ALL)
    ordering = django_filters.OrderingFilter(
        fields=(("year", "year"), ("type__sort_order", "type"), ("level", "level"), ("planned", "planned")),
        label=_("排序"),
    )

    class Meta:
        model = PlatformPlan
        fields = ["year", "type", "level"]


class PlatformPlanForm(RecordForm):
    class Meta:
        model = PlatformPlan
        fields = ("year", "type", "level", "planned", "source")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        old = self.fields["type"]
        self.fields["type"] = forms.ModelChoiceField(
            PlatformType.objects.all(), to_field_name="name", label=old.label
        )
        if self.instance.pk is not None:
            self.initial["type"] = self.instance.type.name


def _adjust_plan(values: dict[str, Any]) -> None:
    name = str(values.get("type__name", "")).strip()
    found = PlatformType.objects.filter(name=name).first()
    if found is None:
        raise ValidationError({"type__name": _("未知平台类型“{name}”（请先登记该类型）").format(name=name)})
    values["type__name"] = name
    values["type"] = found


PLATFORM_PLAN = records.register(
    records.Record(
        name="platform_plan",
        model=PlatformPlan,
        filterset=PlatformPlanFilter,
        form=PlatformPlanForm,
        columns=("year", "type__name", "level", "planned", "source"),
        related=("type",),
        grants=CITY_GRANTS,
        scope=ScopeRule(),
        menu=records.Menu(group=MENU, order=50),
        description=_("按年度、平台类型和级别新增或更新市局的年度平台建设计划。"),
        import_columns=(
            Column("year", _("年度"), Kind.INT, required=True),
            Column("type_name", _("平台类型"), required=True, attribute="type__name"),
            choice_column("level", _("级别"), PlatformLevel, required=True),
            Column("planned", _("计划新增数"), Kind.INT, required=True),
            Column("source", _("来源")),
        ),
        natural_key=("year", "type_name", "level"),
        adjust=_adjust_plan,
    )
)
