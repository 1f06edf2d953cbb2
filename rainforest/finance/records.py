"""The finance app's record types, declared once (rainforest.core.records): products, service institutions,
matchmaking events with their banks and firms, finance visits, financing demands with the banks they were
passed to, loans, interest-subsidy applications, tech insurance, funds and fund investments. Pages under
/records/<name>/, the API under /api/v1/records/<name>, Excel templates, imports and exports and the menu
entries follow from the declarations.

Who sees what (the scope rules below, added to the policy module by registering):
- the city sees everything; a district officer the records of the firms in their districts (and the events
  held there or city-wide); a tech butler the records of the firms they serve;
- a bank's users their own products and loans, the events the bank attended or organised and the
  financing demands passed to it (with their shares); an enterprise's users their own firm's records.
Record types that only the bureau keeps about a firm (visits, attendance, subsidies, insurance,
investments) follow their firm (the default scope rule of `parent="enterprise"`), so that a district
officer may add them to the firms of their districts only. Banks write their own products and loans; the
city writes events, demands (and passes them to banks) and funds; city and district officers write visits,
attendance, subsidies and insurance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation, policy, records
from rainforest.core.choices import OrganisationKind, Role
from rainforest.core.filters import YearFilter
from rainforest.core.models import Organisation
from rainforest.core.policy import NOTHING, Action, Rule, ScopeRule, district_ids, scope_condition
from rainforest.core.records.forms import DATE, RecordForm
from rainforest.core.scope import Reach, Scope
from rainforest.enterprises.models import Enterprise
from rainforest.finance import models as m
from rainforest.finance.choices import (
    DemandStatus,
    FundStatus,
    GuaranteeKind,
    InsuranceKind,
    ProductKind,
    SubsidyStatus,
)
from rainforest.imports.base import Column, Kind, choice_column

navigation.section("finance", _("科技金融"), 45)

ALL = _("全部")
ENTERPRISE_COLUMN = Column(
    "credit_code", _("统一社会信用代码"), Kind.ENTERPRISE, required=True, attribute="enterprise"
)

# --- scope rules --------------------------------------------------------------------------------------

Condition = Callable[[Scope, Action], Q]


def _firms(scope: Scope, action: Action) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(scope_condition(Enterprise, scope, action))


def _events_of_bank(organisation_id: int) -> Q:
    return Q(pk__in=m.EventBank.objects.filter(bank_id=organisation_id).values("event_id"))


def kept_by_firm(
    enterprise: str = "enterprise", organisation: str = "", extra: Callable[[Scope], Q] | None = None
) -> Condition:
    """Rows about a firm (`enterprise`, a path to the firm): the city all; a district or a butler the rows
    of the firms they reach; an organisation's users the rows of their own firm, the rows their
    organisation keeps (`organisation`, a foreign key to it: a loan's bank) and `extra(scope)`."""

    def rule(scope: Scope, action: Action) -> Q:
        if scope.reach is Reach.CITY:
            return Q()
        if scope.reach is Reach.OWN:
            condition = NOTHING
            if scope.credit_code:
                condition |= Q(**{f"{enterprise}__credit_code": scope.credit_code})
            if organisation and scope.organisation_id:
                condition |= Q(**{f"{organisation}_id": scope.organisation_id})
            if extra is not None and scope.organisation_id:
                condition |= extra(scope)
            return condition
        if scope.reach in (Reach.DISTRICT, Reach.ASSIGNED):
            return Q(**{f"{enterprise}__in": _firms(scope, action).values("pk")})
        return NOTHING

    return rule


def _event_rule(scope: Scope, action: Action) -> Q:
    """Events: a district sees those held in its districts, city-wide ones and those its firms attended, and
    changes those held in its districts; butlers see every event; a bank those it attended or organised; a
    firm those it attended."""
    if scope.reach is Reach.CITY:
        return Q()
    if scope.reach is Reach.DISTRICT:
        own = Q(district_id__in=sorted(district_ids(scope))) if district_ids(scope) else NOTHING
        if action in (Action.VIEW, Action.EXPORT):
            attended = m.EventAttendance.objects.filter(enterprise__in=_firms(scope, action).values("pk"))
            return own | Q(district__isnull=True) | Q(pk__in=attended.values("event_id"))
        return own
    if scope.reach is Reach.ASSIGNED:
        return Q() if action in (Action.VIEW, Action.EXPORT) else NOTHING
    if scope.reach is Reach.OWN:
        condition = NOTHING
        if scope.organisation_id:
            condition |= _events_of_bank(scope.organisation_id) | Q(organiser_id=scope.organisation_id)
        if scope.credit_code:
            attended = m.EventAttendance.objects.filter(enterprise__credit_code=scope.credit_code)
            condition |= Q(pk__in=attended.values("event_id"))
        return condition
    return NOTHING


def _organisation_or_all(field: str) -> Condition:
    """Rows an organisation keeps that everyone at the bureau may read (products, designations): the
    city, districts and butlers see all of them; an organisation's users their own."""

    def rule(scope: Scope, action: Action) -> Q:
        if scope.reach in (Reach.CITY, Reach.DISTRICT, Reach.ASSIGNED):
            return Q()
        if scope.reach is Reach.OWN and scope.organisation_id:
            return Q(**{f"{field}_id": scope.organisation_id})
        return NOTHING

    return rule


def _anyone_with_a_scope(scope: Scope, action: Action) -> Q:
    """Funds: every row for whoever has a data scope at all."""
    return NOTHING if scope.reach is Reach.NOTHING else Q()


def _event_bank_rule(scope: Scope, action: Action) -> Q:
    if scope.reach is Reach.OWN and scope.organisation_id:
        return Q(bank_id=scope.organisation_id) | Q(
            event__in=m.MatchmakingEvent.objects.filter(_event_rule(scope, action)).values("pk")
        )
    return Q(event__in=m.MatchmakingEvent.objects.filter(_event_rule(scope, action)).values("pk"))


def _shared_with_bank(scope: Scope) -> Q:
    return Q(pk__in=m.DemandShare.objects.filter(bank_id=scope.organisation_id).values("demand_id"))


# --- grants ---------------------------------------------------------------------------------------------

BANKS = (Role.BANK_USER,)
READ_IN_SCOPE = (policy.EVERYONE, policy.READ, Rule.SCOPE)
KEPT_BY_WRITERS: tuple[records.declaration.Grant, ...] = (
    READ_IN_SCOPE,
    (policy.WRITERS, (*policy.WRITE, Action.IMPORT), Rule.SCOPE),
)
KEPT_BY_CITY: tuple[records.declaration.Grant, ...] = (
    READ_IN_SCOPE,
    (policy.OFFICERS, (*policy.WRITE, Action.IMPORT), Rule.SCOPE),
)
KEPT_BY_BANKS: tuple[records.declaration.Grant, ...] = (
    READ_IN_SCOPE,
    ((*policy.OFFICERS, *BANKS), policy.WRITE, Rule.SCOPE),
    (policy.OFFICERS, (Action.IMPORT,), Rule.SCOPE),
)


# --- filters and forms ----------------------------------------------------------------------------------


def _filterset(
    model: type[Any],
    search: tuple[str, ...],
    ordering: tuple[tuple[str, str], ...],
    **filters: django_filters.Filter,
) -> type[django_filters.FilterSet]:
    """A FilterSet over `model`: a `q` search over the `search` paths, `filters`, and the allow-list of
    sortable columns."""

    def filter_q(self: Any, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for path in search:
            condition |= Q(**{f"{path}__icontains": value})
        return queryset.filter(condition)

    attributes: dict[str, Any] = {
        "q": django_filters.CharFilter(label=_("搜索"), method="filter_q"),
        **filters,
        "ordering": django_filters.OrderingFilter(fields=ordering, label=_("排序")),
        "filter_q": filter_q,
        "Meta": type("Meta", (), {"model": model, "fields": ["q", *filters]}),
    }
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), attributes)


def _arranged(queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
    """The loans the bureau arranged (促成贷款) or, with False, the others; no choice keeps every loan."""
    if value is None:
        return queryset
    return queryset.filter(m.ARRANGED_LOAN) if value else queryset.exclude(m.ARRANGED_LOAN)


def _year(field: str) -> YearFilter:
    return YearFilter(field_name=field, lookup_expr="year", label=_("年度"))


STATUS = _("状态")


def _choice(choices: Any, label: Any = STATUS) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=choices.choices, empty_label=ALL)


def _bank_choice(field: str = "bank") -> django_filters.CharFilter:
    # text, not a list of banks: the API's schema is built at start-up and must not read the database
    return django_filters.CharFilter(
        field_name=f"{field}__name", lookup_expr="icontains", label=_("金融机构")
    )


def _institutions(kinds: tuple[str, ...]) -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=kinds).order_by("name")


class _OrganisationForm(RecordForm):
    """A record form whose organisation fields list only institutions of the right kinds; a bank's users
    see only their own bank in `own_field`."""

    organisation_fields: dict[str, tuple[str, ...]] = {}
    own_field = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, kinds in self.organisation_fields.items():
            if name in self.fields:
                field = self.fields[name]
                assert isinstance(field, forms.ModelChoiceField)
                queryset = _institutions(kinds)
                if name == self.own_field and policy.role_of(self.user) is Role.BANK_USER:
                    own: Any = getattr(self.user, "organisation_id", None)
                    queryset = queryset.filter(pk=own)
                    if queryset.count() == 1 and not self.initial.get(name):
                        self.initial[name] = queryset.get().pk
                field.queryset = queryset


BANK_KINDS = (OrganisationKind.BANK,)
SERVICE_KINDS = (OrganisationKind.SERVICE, OrganisationKind.BANK)
ANY_KINDS = tuple(OrganisationKind.values)


class ProductForm(_OrganisationForm):
    organisation_fields = {"institution": BANK_KINDS}
    own_field = "institution"

    class Meta:
        model = m.FinancialProduct
        fields = ("institution", "name", "kind", "rate_min", "rate_max", "max_amount", "term_months", "note")


class ServiceInstitutionForm(_OrganisationForm):
    organisation_fields = {"organisation": SERVICE_KINDS}

    class Meta:
        model = m.ServiceInstitution
        fields = ("organisation", "designated_on", "partner", "note")
        widgets = {"designated_on": DATE}


class EventForm(_OrganisationForm):
    organisation_fields = {"organiser": ANY_KINDS}

    class Meta:
        model = m.MatchmakingEvent
        fields = ("title", "held_on", "organiser", "district", "venue", "note")
        widgets = {"held_on": DATE}


class EventBankForm(_OrganisationForm):
    organisation_fields = {"bank": BANK_KINDS}

    class Meta:
        model = m.EventBank
        fields = ("event", "bank", "note")


class AttendanceForm(RecordForm):
    class Meta:
        model = m.EventAttendance
        fields = ("enterprise", "event", "outcome")


class VisitForm(_OrganisationForm):
    organisation_fields = {"organisation": ANY_KINDS}

    class Meta:
        model = m.FinanceVisit
        fields = ("enterprise", "visited_on", "organisation", "topics", "outcome")
        widgets = {"visited_on": DATE}


class DemandForm(RecordForm):
    class Meta:
        model = m.FinancingDemand
        fields = ("enterprise", "raised_on", "amount", "purpose", "term_months", "status")
        widgets = {"raised_on": DATE}


class DemandShareForm(_OrganisationForm):
    organisation_fields = {"bank": BANK_KINDS}

    class Meta:
        model = m.DemandShare
        fields = ("demand", "bank", "shared_on", "note")
        widgets = {"shared_on": DATE}


class LoanForm(_OrganisationForm):
    """A loan: the lender is required (a bank's users lend as their own bank); a bank may lend to any
    registered firm, typed by its credit code."""

    organisation_fields = {"bank": BANK_KINDS}
    own_field = "bank"

    class Meta:
        model = m.Loan
        fields = (
            "enterprise",
            "bank",
            "contract_number",
            "amount",
            "lent_on",
            "rate",
            "term_months",
            "guarantee",
            "product",
            "demand",
            "event",
        )
        widgets = {"lent_on": DATE}
        error_messages = {"bank": {"required": m.NO_LENDER}}

    def _parent_field(self) -> None:
        super()._parent_field()
        if policy.role_of(self.user) is Role.BANK_USER:
            field = self.fields["enterprise"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Enterprise.objects.all()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, model in (("product", m.FinancialProduct), ("demand", m.FinancingDemand)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = policy.restrict(model.objects.all(), self.user, Action.VIEW)
        event = self.fields["event"]
        assert isinstance(event, forms.ModelChoiceField)
        event.queryset = policy.restrict(m.MatchmakingEvent.objects.all(), self.user, Action.VIEW)


class SubsidyForm(RecordForm):
    class Meta:
        model = m.InterestSubsidyApplication
        fields = ("enterprise", "loan", "year", "interest_paid", "requested", "approved", "status", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        loan = self.fields["loan"]
        assert isinstance(loan, forms.ModelChoiceField)
        loan.queryset = policy.restrict(m.Loan.objects.select_related("enterprise"), self.user, Action.VIEW)


class InsuranceForm(_OrganisationForm):
    organisation_fields = {"insurer": SERVICE_KINDS}

    class Meta:
        model = m.TechInsurance
        fields = (
            "enterprise",
            "insurer",
            "policy_number",
            "kind",
            "premium",
            "cover",
            "starts_on",
            "ends_on",
        )
        widgets = {"starts_on": DATE, "ends_on": DATE}


class FundForm(RecordForm):
    class Meta:
        model = m.Fund
        fields = ("name", "manager", "partners", "size", "status", "planned_on", "established_on")
        widgets = {"planned_on": DATE, "established_on": DATE}


class InvestmentForm(RecordForm):
    class Meta:
        model = m.FundInvestment
        fields = ("enterprise", "fund", "amount", "invested_on", "note")
        widgets = {"invested_on": DATE}


# --- the declarations -----------------------------------------------------------------------------------

MENU = "finance"

PRODUCT = records.register(
    records.Record(
        name="financial_product",
        model=m.FinancialProduct,
        filterset=_filterset(
            m.FinancialProduct,
            ("name", "institution__name"),
            (("name", "name"), ("institution__name", "institution"), ("rate_min", "rate_min")),
            kind=_choice(ProductKind, _("产品类别")),
            institution=_bank_choice("institution"),
        ),
        form=ProductForm,
        columns=("name", "institution__name", "kind", "rate_min", "rate_max", "max_amount", "term_months"),
        related=("institution",),
        grants=KEPT_BY_BANKS,
        scope=ScopeRule(_organisation_or_all("institution")),
        menu=records.Menu(group=MENU, order=60),
        money_units={"max_amount": "万元"},
        description=_("按金融机构和产品名称新增或更新；金融机构填写已登记机构的名称或编码。"),
        import_columns=(
            Column("institution", _("金融机构"), Kind.ORGANISATION, required=True),
            Column("name", _("产品名称"), required=True),
            choice_column("kind", _("产品类别"), ProductKind, required=True),
            Column("rate_min_text", _("最低年利率（%）"), required=True),
            Column("rate_max_text", _("最高年利率（%）"), required=True),
            Column("max_amount", _("最高额度"), Kind.MONEY),
            Column("term_months", _("最长期限（月）"), Kind.INT, required=True),
            Column("note", _("说明")),
        ),
        natural_key=("name", "institution"),
    )
)

SERVICE_INSTITUTION = records.register(
    records.Record(
        name="finance_service_institution",
        model=m.ServiceInstitution,
        filterset=_filterset(
            m.ServiceInstitution,
            ("organisation__name", "partner"),
            (("designated_on", "designated_on"), ("organisation__name", "organisation")),
            year=_year("designated_on"),
        ),
        form=ServiceInstitutionForm,
        columns=("organisation__name", "designated_on", "partner"),
        related=("organisation",),
        grants=KEPT_BY_CITY,
        scope=ScopeRule(_organisation_or_all("organisation")),
        menu=records.Menu(group=MENU, order=70),
        description=_("省级遴选的科技金融服务机构；机构填写已登记机构的名称或编码。"),
        import_columns=(
            Column("organisation", _("服务机构"), Kind.ORGANISATION, required=True),
            Column("designated_on", _("入选日期"), Kind.DATE, required=True),
            Column("partner", _("签约合作方")),
            Column("note", _("说明")),
        ),
        natural_key=("organisation", "designated_on"),
    )
)

EVENT = records.register(
    records.Record(
        name="matchmaking_event",
        model=m.MatchmakingEvent,
        filterset=_filterset(
            m.MatchmakingEvent,
            ("title", "venue", "organiser__name"),
            (("held_on", "held_on"), ("title", "title")),
            year=_year("held_on"),
        ),
        form=EventForm,
        columns=("title", "held_on", "organiser__name", "district__name", "venue"),
        related=("organiser", "district"),
        grants=KEPT_BY_CITY,
        scope=ScopeRule(_event_rule),
        menu=records.Menu(group=MENU, order=10),
        description=_("按活动名称和日期新增或更新；县区不填为全市活动；主办单位填写已登记机构的名称或编码。"),
        import_columns=(
            Column("title", _("活动名称"), required=True),
            Column("held_on", _("举办日期"), Kind.DATE, required=True),
            Column("organiser", _("主办单位"), Kind.ORGANISATION),
            Column("district", _("举办县区"), Kind.DISTRICT),
            Column("venue", _("地点")),
            Column("note", _("说明")),
        ),
        natural_key=("held_on", "title"),
    )
)

EVENT_BANK = records.register(
    records.Record(
        name="event_bank",
        model=m.EventBank,
        filterset=_filterset(
            m.EventBank,
            ("event__title", "bank__name"),
            (("event__held_on", "held_on"), ("bank__name", "bank")),
            bank=_bank_choice(),
        ),
        form=EventBankForm,
        columns=("event__title", "event__held_on", "bank__name", "note"),
        related=("event", "bank"),
        parent="event",
        grants=KEPT_BY_CITY,
        scope=ScopeRule(_event_bank_rule),
        menu=records.Menu(group=MENU, order=11),
        description=_("按银行和活动名称新增或更新；同名活动取最近举办的一场。"),
        import_columns=(
            Column("bank", _("参会银行"), Kind.ORGANISATION, required=True),
            Column("event__title", _("对接活动"), required=True),
            Column("note", _("备注")),
        ),
        natural_key=("bank", "event__title"),
    )
)

ATTENDANCE = records.register(
    records.Record(
        name="event_attendance",
        model=m.EventAttendance,
        filterset=_filterset(
            m.EventAttendance,
            ("event__title", "enterprise__name", "enterprise__credit_code"),
            (("event__held_on", "held_on"), ("enterprise__name", "enterprise")),
            year=_year("event__held_on"),
        ),
        form=AttendanceForm,
        columns=("enterprise__name", "event__title", "event__held_on", "outcome"),
        related=("event", "enterprise"),
        parent="enterprise",
        parent_key="credit_code",
        grants=KEPT_BY_WRITERS,
        menu=records.Menu(group=MENU, order=12),
        description=_("按企业和活动名称新增或更新；同名活动取最近举办的一场。"),
        import_columns=(
            ENTERPRISE_COLUMN,
            Column("event__title", _("对接活动"), required=True),
            Column("outcome", _("对接结果")),
        ),
        natural_key=("credit_code", "event__title"),
    )
)

VISIT = records.register(
    records.Record(
        name="finance_visit",
        model=m.FinanceVisit,
        filterset=_filterset(
            m.FinanceVisit,
            ("enterprise__name", "enterprise__credit_code", "topics", "organisation__name"),
            (("visited_on", "visited_on"), ("enterprise__name", "enterprise")),
            year=_year("visited_on"),
        ),
        form=VisitForm,
        columns=("enterprise__name", "visited_on", "organisation__name", "topics", "outcome"),
        related=("enterprise", "organisation"),
        parent="enterprise",
        parent_key="credit_code",
        grants=KEPT_BY_WRITERS,
        menu=records.Menu(group=MENU, order=20),
        description=_("按企业、走访日期和走访内容新增或更新；企业须已登记。"),
        import_columns=(
            ENTERPRISE_COLUMN,
            Column("visited_on", _("走访日期"), Kind.DATE, _("不能晚于今天"), required=True),
            Column("organisation", _("走访机构"), Kind.ORGANISATION),
            Column("topics", _("走访内容"), required=True),
            Column("outcome", _("走访结果")),
        ),
        natural_key=("credit_code", "visited_on", "topics"),
    )
)

DEMAND = records.register(
    records.Record(
        name="financing_demand",
        model=m.FinancingDemand,
        filterset=_filterset(
            m.FinancingDemand,
            ("enterprise__name", "enterprise__credit_code", "purpose"),
            (("raised_on", "raised_on"), ("amount", "amount"), ("enterprise__name", "enterprise")),
            status=_choice(DemandStatus),
            year=_year("raised_on"),
        ),
        form=DemandForm,
        columns=("enterprise__name", "raised_on", "amount", "purpose", "term_months", "status"),
        parent="enterprise",
        parent_key="credit_code",
        grants=KEPT_BY_CITY,
        scope=ScopeRule(kept_by_firm(extra=_shared_with_bank)),
        menu=records.Menu(group=MENU, order=30),
        money_units={"amount": "万元"},
        description=_("按企业、提出日期和资金用途新增或更新；企业须已登记。"),
        import_columns=(
            ENTERPRISE_COLUMN,
            Column("raised_on", _("提出日期"), Kind.DATE, _("不能晚于今天"), required=True),
            Column("amount", _("需求金额"), Kind.MONEY, required=True),
            Column("purpose", _("资金用途"), required=True),
            Column("term_months", _("期限（月）"), Kind.INT),
            choice_column("status", _("状态"), DemandStatus),
        ),
        natural_key=("credit_code", "raised_on", "purpose"),
    )
)

DEMAND_SHARE = records.register(
    records.Record(
        name="demand_share",
        model=m.DemandShare,
        filterset=_filterset(
            m.DemandShare,
            ("demand__enterprise__name", "demand__purpose", "bank__name"),
            (("shared_on", "shared_on"), ("bank__name", "bank")),
            bank=_bank_choice(),
        ),
        form=DemandShareForm,
        columns=("demand__enterprise__name", "demand__purpose", "bank__name", "shared_on", "note"),
        related=("demand__enterprise", "bank"),
        parent="demand",
        grants=KEPT_BY_CITY,
        menu=records.Menu(group=MENU, order=31),
        description=_(
            "按银行和融资需求新增或更新；需求由企业的统一社会信用代码和资金用途确定（同名取最近提出的一条）。"
        ),
        import_columns=(
            Column("bank", _("推送银行"), Kind.ORGANISATION, required=True),
            Column("demand__enterprise__credit_code", _("需求企业统一社会信用代码"), required=True),
            Column("demand__purpose", _("资金用途"), required=True),
            Column("shared_on", _("推送日期"), Kind.DATE),
            Column("note", _("备注")),
        ),
        natural_key=("bank", "demand__enterprise__credit_code", "demand__purpose"),
    )
)

LOAN = records.register(
    records.Record(
        name="loan",
        model=m.Loan,
        filterset=_filterset(
            m.Loan,
            ("contract_number", "enterprise__name", "enterprise__credit_code", "bank__name"),
            (
                ("lent_on", "lent_on"),
                ("amount", "amount"),
                ("enterprise__name", "enterprise"),
                ("bank__name", "bank"),
            ),
            bank=_bank_choice(),
            guarantee=_choice(GuaranteeKind, _("担保方式")),
            year=_year("lent_on"),
            arranged=django_filters.BooleanFilter(
                label=_("促成贷款（经银企对接或融资需求）"), method=_arranged
            ),
        ),
        form=LoanForm,
        columns=(
            "contract_number",
            "enterprise__name",
            "bank__name",
            "amount",
            "lent_on",
            "rate",
            "term_months",
            "guarantee",
        ),
        related=("enterprise", "bank"),
        parent="enterprise",
        parent_key="credit_code",
        grants=KEPT_BY_BANKS,
        scope=ScopeRule(kept_by_firm(organisation="bank")),
        menu=records.Menu(group=MENU, order=40),
        money_units={"amount": "万元"},
        description=_(
            "按合同编号和企业新增或更新；放款银行必填（已登记金融机构的名称或编码）；"
            "年利率为百分数，如 3.85。"
        ),
        import_columns=(
            Column("contract_number", _("合同编号"), required=True),
            ENTERPRISE_COLUMN,
            Column("bank", _("放款银行"), Kind.ORGANISATION, required=True),
            Column("amount", _("贷款金额"), Kind.MONEY, required=True),
            Column("lent_on", _("放款日期"), Kind.DATE, _("不能晚于今天"), required=True),
            Column("rate_text", _("年利率（%）"), required=True),
            Column("term_months", _("期限（月）"), Kind.INT, required=True),
            choice_column("guarantee", _("担保方式"), GuaranteeKind, required=True),
        ),
        natural_key=("contract_number", "credit_code"),
    )
)

SUBSIDY = records.register(
    records.Record(
        name="interest_subsidy",
        model=m.InterestSubsidyApplication,
        filterset=_filterset(
            m.InterestSubsidyApplication,
            ("enterprise__name", "enterprise__credit_code", "loan__contract_number"),
            (("year", "year"), ("requested", "requested"), ("enterprise__name", "enterprise")),
            status=_choice(SubsidyStatus),
            year=YearFilter(label=_("申请年度")),
        ),
        form=SubsidyForm,
        columns=(
            "enterprise__name",
            "year",
            "loan__contract_number",
            "interest_paid",
            "requested",
            "approved",
            "status",
            "note",
        ),
        related=("enterprise", "loan"),
        parent="enterprise",
        parent_key="credit_code",
        grants=KEPT_BY_WRITERS,
        menu=records.Menu(group=MENU, order=50),
        description=_(
            "按贷款合同编号和申请年度新增或更新；申请贴息不能高于该笔贷款的利息（金额×年利率×期限÷12个月）。"
        ),
        import_columns=(
            ENTERPRISE_COLUMN,
            Column("loan__contract_number", _("贷款合同编号"), required=True),
            Column("year", _("申请年度"), Kind.INT, required=True),
            Column("interest_paid", _("已付利息"), Kind.MONEY, required=True),
            Column("requested", _("申请贴息"), Kind.MONEY, required=True),
            Column("approved", _("核定贴息"), Kind.MONEY),
            choice_column("status", _("状态"), SubsidyStatus),
            Column("note", _("备注")),
        ),
        natural_key=("loan__contract_number", "year", "credit_code"),
    )
)

INSURANCE = records.register(
    records.Record(
        name="tech_insurance",
        model=m.TechInsurance,
        filterset=_filterset(
            m.TechInsurance,
            ("policy_number", "enterprise__name", "enterprise__credit_code", "insurer__name"),
            (("starts_on", "starts_on"), ("premium", "premium"), ("enterprise__name", "enterprise")),
            kind=_choice(InsuranceKind, _("险种")),
            year=_year("starts_on"),
        ),
        form=InsuranceForm,
        columns=(
            "policy_number",
            "enterprise__name",
            "insurer__name",
            "kind",
            "premium",
            "cover",
            "starts_on",
        ),
        related=("enterprise", "insurer"),
        parent="enterprise",
        parent_key="credit_code",
        grants=KEPT_BY_WRITERS,
        menu=records.Menu(group=MENU, order=80),
        money_units={"premium": "元", "cover": "万元"},
        description=_("按保单号和企业新增或更新；保险机构填写已登记机构的名称或编码。"),
        import_columns=(
            Column("policy_number", _("保单号"), required=True),
            ENTERPRISE_COLUMN,
            Column("insurer", _("保险机构"), Kind.ORGANISATION, required=True),
            choice_column("kind", _("险种"), InsuranceKind, required=True),
            Column("premium", _("保费"), Kind.MONEY, required=True),
            Column("cover", _("保额"), Kind.MONEY, required=True),
            Column("starts_on", _("起保日期"), Kind.DATE, required=True),
            Column("ends_on", _("终止日期"), Kind.DATE, required=True),
        ),
        natural_key=("policy_number", "credit_code"),
    )
)

FUND = records.register(
    records.Record(
        name="fund",
        model=m.Fund,
        filterset=_filterset(
            m.Fund,
            ("name", "manager", "partners"),
            (("name", "name"), ("planned_on", "planned_on")),
            status=_choice(FundStatus),
        ),
        form=FundForm,
        columns=("name", "status", "manager", "partners", "size", "planned_on"),
        grants=KEPT_BY_CITY,
        scope=ScopeRule(_anyone_with_a_scope),
        menu=records.Menu(group=MENU, order=90),
        money_units={"size": "万元"},
        description=_("按基金名称新增或更新；规模未定可不填。"),
        import_columns=(
            Column("name", _("基金名称"), required=True),
            choice_column("status", _("状态"), FundStatus),
            Column("manager", _("管理机构")),
            Column("partners", _("合作方")),
            Column("size", _("规模"), Kind.MONEY),
            Column("planned_on", _("谋划日期"), Kind.DATE),
            Column("established_on", _("设立日期"), Kind.DATE),
        ),
        natural_key=("name",),
    )
)

INVESTMENT = records.register(
    records.Record(
        name="fund_investment",
        model=m.FundInvestment,
        filterset=_filterset(
            m.FundInvestment,
            ("fund__name", "enterprise__name", "enterprise__credit_code"),
            (("invested_on", "invested_on"), ("amount", "amount")),
            year=_year("invested_on"),
        ),
        form=InvestmentForm,
        columns=("enterprise__name", "fund__name", "amount", "invested_on", "note"),
        related=("enterprise", "fund"),
        parent="enterprise",
        parent_key="credit_code",
        grants=KEPT_BY_CITY,
        menu=records.Menu(group=MENU, order=91),
        money_units={"amount": "万元"},
        description=_("按企业、基金和投资日期新增或更新；基金须已登记。"),
        import_columns=(
            ENTERPRISE_COLUMN,
            Column("fund__name", _("基金名称"), required=True),
            Column("amount", _("投资金额"), Kind.MONEY, required=True),
            Column("invested_on", _("投资日期"), Kind.DATE, _("不能晚于今天"), required=True),
            Column("note", _("备注")),
        ),
        natural_key=("credit_code", "invested_on", "fund__name"),
    )
)
