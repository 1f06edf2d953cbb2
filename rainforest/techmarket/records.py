"""Technology contracts declared once (rainforest.core.records): pages under /records/contract/, the API
under /api/v1/records/contract, the Excel type `contract` and the menu entry follow. The registration
workflow (submit, register, return, resubmit) is this app's own (services.py, views.py).

Who sees a contract: the city every one; a district officer those whose seller or buyer is in their
districts (or development zone); a butler those where a firm assigned to them is a party; an enterprise
user those of their firm; a university user those of their organisation."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core import policy, records
from rainforest.core.choices import Role, TechField
from rainforest.core.policy import NOTHING, Action, Rule, ScopeRule, district_ids
from rainforest.core.records.forms import DATE, RecordForm
from rainforest.core.scope import Reach, Scope
from rainforest.imports.base import Column, Kind, choice_column
from rainforest.techmarket import navigation  # noqa: F401  (the 技术市场 section)
from rainforest.techmarket.choices import Category, SellerClass, Status, SubType
from rainforest.techmarket.models import Contract

ALL = _("全部")
SIDES = ("seller", "buyer")


def contract_rule(scope: Scope, action: Action) -> Q:
    """A contract is within a scope when its seller or its buyer is."""
    if scope.reach is Reach.CITY:
        return Q()
    condition = NOTHING
    if scope.reach is Reach.DISTRICT:
        regions = sorted(district_ids(scope))
        for side in SIDES:
            if regions:
                condition |= Q(**{f"{side}_district__in": regions})
            if scope.zone_id:
                condition |= Q(**{f"{side}_enterprise__development_zone_id": scope.zone_id})
                condition |= Q(**{f"{side}_organisation__zone_id": scope.zone_id})
        return condition
    if scope.reach is Reach.ASSIGNED and scope.user_id:
        from rainforest.enterprises.models import Assignment

        served = Assignment.objects.filter(butler_id=scope.user_id, ended_on__isnull=True).values(
            "enterprise_id"
        )
        return Q(seller_enterprise__in=served) | Q(buyer_enterprise__in=served)
    if scope.reach is Reach.OWN:
        if scope.credit_code:
            condition |= Q(seller_enterprise__credit_code=scope.credit_code)
            condition |= Q(buyer_enterprise__credit_code=scope.credit_code)
        if scope.organisation_id:
            condition |= Q(seller_organisation_id=scope.organisation_id)
            condition |= Q(buyer_organisation_id=scope.organisation_id)
        return condition
    return NOTHING


def _party_in_scope(scope: Scope, enterprise: Any, organisation: Any) -> bool:
    """One party of an unsaved contract (its enterprise or organisation, either may be None)."""
    if scope.reach is Reach.DISTRICT:
        regions = district_ids(scope)
        if enterprise is not None and (
            enterprise.district_id in regions
            or (scope.zone_id and enterprise.development_zone_id == scope.zone_id)
        ):
            return True
        return organisation is not None and (
            organisation.region_id in regions
            or (bool(scope.zone_id) and organisation.zone_id == scope.zone_id)
        )
    if scope.reach is Reach.ASSIGNED and scope.user_id and enterprise is not None:
        from rainforest.enterprises.models import Assignment

        return Assignment.objects.filter(
            butler_id=scope.user_id, ended_on__isnull=True, enterprise_id=enterprise.pk
        ).exists()
    if scope.reach is Reach.OWN:
        if enterprise is not None and scope.credit_code and enterprise.credit_code == scope.credit_code:
            return True
        return organisation is not None and organisation.pk == scope.organisation_id
    return False


def contract_unsaved(scope: Scope, action: Action, contract: Any) -> bool:
    """`contract_rule` for a contract not stored yet (what `policy.may` asks before an ADD): its seller or
    its buyer is within the scope. The policy module calls it when it knows the hook (`own.unsaved`);
    without it, the same rule is applied after saving by `policy.checked`."""
    if scope.reach is Reach.CITY:
        return True
    return any(
        _party_in_scope(
            scope,
            getattr(contract, side + "_enterprise") if getattr(contract, side + "_enterprise_id") else None,
            getattr(contract, side + "_organisation")
            if getattr(contract, side + "_organisation_id")
            else None,
        )
        for side in SIDES
    )


contract_rule.unsaved = contract_unsaved  # type: ignore[attr-defined]

PARTIES = (Role.ENTERPRISE_USER, Role.UNIVERSITY_USER)
CONTRACT_GRANTS: tuple[records.declaration.Grant, ...] = (
    ((*policy.BUREAU, *PARTIES), policy.READ, Rule.SCOPE),
    ((*policy.WRITERS, *PARTIES), (Action.ADD,), Rule.SCOPE),  # submit (and resubmit) a contract
    (policy.WRITERS, (Action.CHANGE, Action.DELETE, Action.IMPORT), Rule.SCOPE),  # register, return
)


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("编号、名称或当事方"), method="filter_q")
    status = django_filters.ChoiceFilter(label=_("登记状态"), choices=Status.choices, empty_label=ALL)
    category = django_filters.ChoiceFilter(label=_("合同类别"), choices=Category.choices, empty_label=ALL)
    field = django_filters.ChoiceFilter(label=_("技术领域"), choices=TechField.choices, empty_label=ALL)
    seller_class = django_filters.ChoiceFilter(
        label=_("卖方类型"), choices=SellerClass.choices, empty_label=ALL
    )
    registered_from = django_filters.DateFilter(
        field_name="registered_on", lookup_expr="gte", label=_("登记日期起")
    )
    registered_to = django_filters.DateFilter(
        field_name="registered_on", lookup_expr="lte", label=_("登记日期止")
    )
    period = django_filters.CharFilter(label=_("统计期"), method="filter_period")
    side = django_filters.ChoiceFilter(
        label=_("口径"),
        choices=(("output", _("输出（卖方在本地）")), ("absorption", _("吸纳（买方在本地）"))),
        method="filter_side",
        empty_label=ALL,
    )
    district = django_filters.CharFilter(label=_("县区代码"), method="filter_district")
    ordering = django_filters.OrderingFilter(
        fields=(
            ("number", "number"),
            ("registered_on", "registered_on"),
            ("signed_on", "signed_on"),
            ("contract_amount", "contract_amount"),
            ("tech_transaction_amount", "tech_transaction_amount"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = Contract
        fields = ["q", "status", "category", "field", "seller_class", "registered_from", "registered_to"]

    def filter_q(self, queryset: QuerySet[Contract], name: str, value: str) -> QuerySet[Contract]:
        value = value.strip()
        if not value:
            return queryset
        condition = Q(number__icontains=value) | Q(title__icontains=value) | Q(registration_number=value)
        for side in SIDES:
            condition |= Q(**{f"{side}_enterprise__name__icontains": value})
            condition |= Q(**{f"{side}_organisation__name__icontains": value})
            condition |= Q(**{f"{side}_name__icontains": value})
        return queryset.filter(condition)

    def filter_period(self, queryset: QuerySet[Contract], name: str, value: str) -> QuerySet[Contract]:
        from rainforest.indicators.periods import Period

        value = value.strip()
        if not value:
            return queryset
        try:
            period = Period.parse(value)
        except ValueError:
            return queryset.none()
        return queryset.filter(
            status=Status.REGISTERED, registered_on__gte=period.start, registered_on__lte=period.end
        )

    def filter_side(self, queryset: QuerySet[Contract], name: str, value: str) -> QuerySet[Contract]:
        # the district filter narrows further; the side alone means "a party of the registry"
        self._side = value
        if value == "output":
            return queryset.filter(seller_district__isnull=False)
        if value == "absorption":
            return queryset.filter(buyer_district__isnull=False)
        return queryset

    def filter_district(self, queryset: QuerySet[Contract], name: str, value: str) -> QuerySet[Contract]:
        value = value.strip()
        if not value:
            return queryset
        side = self.data.get("side") or "output"
        prefix = "buyer" if side == "absorption" else "seller"
        return queryset.filter(**{f"{prefix}_district__code": value})


class ContractForm(RecordForm):
    """A registry firm is entered by its credit code (one of ten thousand: a text box, not a list); an
    organisation is chosen among the universities and institutes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django import forms

        from rainforest.core.choices import OrganisationKind
        from rainforest.core.models import Organisation
        from rainforest.enterprises.models import Enterprise

        super().__init__(*args, **kwargs)
        for side in SIDES:
            name = f"{side}_enterprise"
            if name in self.fields:
                old = self.fields[name]
                field = forms.ModelChoiceField(
                    Enterprise.objects.all(),
                    to_field_name="credit_code",
                    required=False,
                    label=old.label,
                    widget=forms.TextInput,
                    help_text=_("统一社会信用代码"),
                )
                field.error_messages["invalid_choice"] = _("%(value)s 不是已登记企业的统一社会信用代码")
                self.fields[name] = field
                enterprise = getattr(self.instance, name) if getattr(self.instance, f"{name}_id") else None
                if enterprise is not None:
                    self.initial[name] = enterprise.credit_code
            name = f"{side}_organisation"
            if name in self.fields:
                self.fields[name].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                    kind=OrganisationKind.UNIVERSITY
                )

    class Meta:
        model = Contract
        fields = (
            "number",
            "title",
            "category",
            "sub_type",
            "seller_enterprise",
            "seller_organisation",
            "seller_name",
            "seller_place",
            "seller_province",
            "seller_class",
            "buyer_enterprise",
            "buyer_organisation",
            "buyer_name",
            "buyer_place",
            "buyer_province",
            "contract_amount",
            "tech_transaction_amount",
            "signed_on",
            "submitted_on",
            "field",
            "achievement",
            "tech_manager",
        )
        widgets = {"signed_on": DATE, "submitted_on": DATE}


def _organisation_column(name: str, label: Any, side: str) -> tuple[Column, ...]:
    """The party's organisation by name or code, when the Excel framework knows organisations."""
    kind = getattr(Kind, "ORGANISATION", None)
    if kind is None:
        return ()
    return (Column(name, label, kind, _("高校院所填写机构名称或编码"), attribute=f"{side}_organisation"),)


SELLER_COLUMNS: tuple[Column, ...] = (
    Column(
        "seller_credit_code",
        _("卖方统一社会信用代码"),
        Kind.ENTERPRISE,
        _("登记在册企业填写"),
        attribute="seller_enterprise",
    ),
    *_organisation_column("seller_organisation_name", _("卖方高校院所"), "seller"),
    Column("seller_name", _("卖方外部单位"), hint=_("外部单位填写名称")),
    Column("seller_place", _("卖方所在地"), hint=_("外部单位填写，如 北京市海淀区")),
    Column("seller_province", _("卖方所在省份"), hint=_("外部单位填写")),
)
BUYER_COLUMNS: tuple[Column, ...] = (
    Column(
        "buyer_credit_code",
        _("买方统一社会信用代码"),
        Kind.ENTERPRISE,
        _("登记在册企业填写"),
        attribute="buyer_enterprise",
    ),
    *_organisation_column("buyer_organisation_name", _("买方高校院所"), "buyer"),
    Column("buyer_name", _("买方外部单位"), hint=_("外部单位填写名称")),
    Column("buyer_place", _("买方所在地"), hint=_("外部单位填写，如 北京市海淀区")),
    Column("buyer_province", _("买方所在省份"), hint=_("外部单位填写")),
)


CONTRACT = records.register(
    records.Record(
        name="contract",
        model=Contract,
        filterset=ContractFilter,
        form=ContractForm,
        columns=(
            "number",
            "title",
            "category",
            "seller_enterprise__name",
            "buyer_enterprise__name",
            "contract_amount",
            "tech_transaction_amount",
            "registered_on",
            "status",
        ),
        # The seller firm is the contract's parent: the contract shows in its section of the firm's page, the
        # form and API take it by credit code. Who reaches a contract is `contract_rule` (seller or buyer).
        parent="seller_enterprise",
        parent_key="credit_code",
        related=("seller_enterprise", "buyer_enterprise", "seller_organisation", "buyer_organisation"),
        grants=CONTRACT_GRANTS,
        scope=ScopeRule(contract_rule),
        menu=records.Menu(group="techmarket", order=10),
        money_units={"contract_amount": "万元", "tech_transaction_amount": "万元"},
        description=_(
            "按合同编号新增或更新。卖方、买方各填一种：登记在册企业的统一社会信用代码、高校院所，或外部单位"
            "（名称、所在地、省份）。金额列的表头须注明单位（万元或元）；技术交易额不能高于合同成交额；"
            "已登记的合同填写登记日期和登记号。"
        ),
        import_columns=(
            Column("number", _("合同编号"), required=True),
            Column("title", _("合同名称"), required=True),
            choice_column("category", _("合同类别"), Category, required=True),
            choice_column("sub_type", _("合同子类"), SubType, required=True),
            *SELLER_COLUMNS,
            choice_column("seller_class", _("卖方类型"), SellerClass, hint=_("外部单位填写；其余自动判定")),
            *BUYER_COLUMNS,
            Column("contract_amount", _("合同成交额（万元）"), Kind.MONEY, required=True),
            Column("tech_transaction_amount", _("技术交易额（万元）"), Kind.MONEY, required=True),
            Column("signed_on", _("签订日期"), Kind.DATE, _("不能晚于今天"), required=True),
            Column("registered_on", _("登记日期"), Kind.DATE, _("已登记的合同填写")),
            Column("registration_number", _("登记号"), hint=_("已登记的合同填写")),
            choice_column("status", _("登记状态"), Status),
            choice_column("field", _("技术领域"), TechField),
        ),
        natural_key=("number",),
    )
)
