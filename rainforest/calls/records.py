"""Record types of the calls app declared once (rainforest.core.records): calls (申报通知) and the firms'
declarations (企业声明). Pages under /records/call/ and /records/declaration/, the API under
/api/v1/records/…, the Excel template, import and export and the menu entries follow from the declarations.

Applications are not a generic record: they move only through their workflow (`calls.services`), on the
calls app's own pages (/calls/) and API (/api/v1/calls)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.calls.choices import DeclaredFact, Level
from rainforest.calls.models import Call, Declaration
from rainforest.core import policy, records
from rainforest.core.choices import Role
from rainforest.core.policy import Action, Rule, ScopeRule, restrict
from rainforest.core.records.forms import DATE, RecordForm
from rainforest.imports.base import Column, Kind, choice_column

ALL = _("全部")


class CallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("编号或名称"), method="filter_q")
    level = django_filters.ChoiceFilter(label=_("层级"), choices=Level.choices, empty_label=ALL)
    opens_after = django_filters.DateFilter(
        field_name="opens_on", lookup_expr="gte", label=_("开始申报日期起")
    )
    ordering = django_filters.OrderingFilter(
        fields=(("code", "code"), ("title", "title"), ("opens_on", "opens_on"), ("closes_on", "closes_on")),
        label=_("排序"),
    )

    class Meta:
        model = Call
        fields = ["q", "level", "opens_after"]

    def filter_q(self, queryset: QuerySet[Call], name: str, value: str) -> QuerySet[Call]:
        value = value.strip()
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value)) if value else queryset


class CallForm(RecordForm):
    class Meta:
        model = Call
        fields = (
            "code",
            "title",
            "level",
            "description",
            "rulebook",
            "condition",
            "prefill",
            "form_fields",
            "attachments",
            "opens_on",
            "closes_on",
            "district_review_ends_on",
            "expert_review_ends_on",
            "publicity_days",
            "quota",
            "budget",
            "decided_on",
        )
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "district_review_ends_on": DATE,
            "expert_review_ends_on": DATE,
            "decided_on": DATE,
        }


CALL = records.register(
    records.Record(
        name="call",
        model=Call,
        filterset=CallFilter,
        form=CallForm,
        columns=("code", "title", "level", "opens_on", "closes_on", "quota", "budget"),
        menu=records.Menu(group="calls", order=90, label=_("申报通知维护")),
        grants=(
            (policy.EVERYONE, policy.READ, Rule.ALL),
            (policy.OFFICERS, (*policy.WRITE, Action.IMPORT), Rule.ALL),
        ),
        scope=ScopeRule(),
        money_units={"budget": "万元"},
        description=_("按编号新增或更新申报通知；申报表字段、所需附件用 JSON 填写（见 docs/calls.md）。"),
        import_columns=(
            Column("code", _("编号"), required=True),
            Column("title", _("名称"), required=True),
            choice_column("level", _("层级"), Level, required=True),
            Column("rulebook", _("资格规则")),
            Column("condition", _("资格条件（CEL）")),
            Column("opens_on", _("开始申报日期"), Kind.DATE, required=True),
            Column("closes_on", _("截止申报日期"), Kind.DATE, required=True),
            Column("district_review_ends_on", _("县区审核截止日期"), Kind.DATE, required=True),
            Column("expert_review_ends_on", _("专家评审截止日期"), Kind.DATE, required=True),
            Column("publicity_days", _("公示天数"), Kind.INT, required=True),
            Column("quota", _("名额"), Kind.INT),
            Column("budget", _("资金总额"), Kind.MONEY),
        ),
        natural_key=("code",),
    )
)


class DeclarationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("企业名称或信用代码"), method="filter_q")
    fact = django_filters.ChoiceFilter(label=_("声明事项"), choices=DeclaredFact.choices, empty_label=ALL)
    declared_after = django_filters.DateFilter(
        field_name="declared_on", lookup_expr="gte", label=_("声明日期起")
    )
    ordering = django_filters.OrderingFilter(
        fields=(("declared_on", "declared_on"), ("fact", "fact"), ("enterprise__name", "enterprise")),
        label=_("排序"),
    )

    class Meta:
        model = Declaration
        fields = ["q", "fact", "declared_after"]

    def filter_q(self, queryset: QuerySet[Declaration], name: str, value: str) -> QuerySet[Declaration]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(enterprise__name__icontains=value) | Q(enterprise__credit_code__istartswith=value.upper())
        )


class DeclarationForm(RecordForm):
    """A new declaration, signed by the user filling it (`declared_by`); a declaration is never edited:
    a later one supersedes it."""

    class Meta:
        model = Declaration
        fields = (
            "enterprise",
            "fact",
            "value",
            "period_start",
            "period_end",
            "declared_on",
            "signatory",
            "note",
        )
        widgets = {"period_start": DATE, "period_end": DATE, "declared_on": DATE}

    def _parent_field(self) -> None:
        """The firm among those the user reads: a firm's own user, who holds no ADD on the registry, declares
        for its firm (whether the user may add the declaration is the policy's, checked when it is stored)."""
        super()._parent_field()
        field = self.fields[self.record.parent]
        field.queryset = restrict(self.record.parent_model._default_manager.all(), self.user, Action.VIEW)  # type: ignore[attr-defined]

    def save(self, commit: bool = True) -> Any:
        instance = super().save(commit=False)
        if instance.declared_by_id is None and getattr(self.user, "is_authenticated", False):
            instance.declared_by = self.user
        if commit:
            instance.save()
        return instance


DECLARATION = records.register(
    records.Record(
        name="declaration",
        model=Declaration,
        filterset=DeclarationFilter,
        form=DeclarationForm,
        columns=(
            "enterprise__name",
            "fact",
            "value",
            "period_start",
            "period_end",
            "declared_on",
            "signatory",
        ),
        parent="enterprise",
        parent_key="credit_code",
        menu=records.Menu(group="calls", order=40),
        grants=(
            (policy.EVERYONE, policy.READ, Rule.SCOPE),
            ((Role.ENTERPRISE_USER, *policy.WRITERS), (Action.ADD,), Rule.SCOPE),
            (policy.WRITERS, (Action.IMPORT,), Rule.SCOPE),
        ),
        touches_forest=True,
        description=_(
            "企业对登记数据未包含事项的承诺声明（是/否填 true/false；研发机构级别填代码）。声明不修改、不删除，"
            "新的声明取代旧的。"
        ),
        import_columns=(
            Column(
                "credit_code", _("统一社会信用代码"), Kind.ENTERPRISE, required=True, attribute="enterprise"
            ),
            choice_column("fact", _("声明事项"), DeclaredFact, required=True),
            Column("value", _("声明内容"), required=True),
            Column("period_start", _("适用期间起"), Kind.DATE, required=True),
            Column("period_end", _("适用期间止"), Kind.DATE),
            Column("declared_on", _("声明日期"), Kind.DATE, _("不能晚于今天"), required=True),
            Column("signatory", _("签署人"), required=True),
            Column("note", _("说明")),
        ),
        natural_key=("credit_code", "fact", "period_start", "declared_on", "value"),
    )
)
