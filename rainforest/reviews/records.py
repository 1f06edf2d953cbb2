"""Record types of the reviews app declared once (rainforest.core.records): the expert pool (评审专家) and the
experts' conflict declarations (回避声明). Pages under /records/expert/ and /records/expert-conflict/, the API
under /api/v1/records/…, the Excel template, import and export and the menu entries follow from the
declarations; who may do what is in rainforest/core/policy.py (`reviews.expert`, `reviews.conflict`)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core import records
from rainforest.core.records.forms import RecordForm
from rainforest.imports.base import Column, Kind
from rainforest.reviews.models import Conflict, Expert

ALL = _("全部")
YES_NO = ((True, _("是")), (False, _("否")))


class ExpertFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名、领域或单位"), method="filter_q")
    technical = django_filters.BooleanFilter(label=_("技术专家"))
    financial = django_filters.BooleanFilter(label=_("财务专家"))
    available = django_filters.BooleanFilter(label=_("可参加评审"))
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("field", "field"), ("organisation__name", "organisation")),
        label=_("排序"),
    )

    class Meta:
        model = Expert
        fields = ["q", "technical", "financial", "available"]

    def filter_q(self, queryset: QuerySet[Expert], name: str, value: str) -> QuerySet[Expert]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(field__icontains=value) | Q(organisation__name__icontains=value)
        )


class ExpertForm(RecordForm):
    class Meta:
        model = Expert
        fields = (
            "name",
            "field",
            "title",
            "organisation",
            "technical",
            "financial",
            "phone",
            "email",
            "available",
            "note",
            "user",
        )


EXPERT = records.register(
    records.Record(
        name="expert",
        model=Expert,
        filterset=ExpertFilter,
        form=ExpertForm,
        columns=("name", "field", "title", "organisation__name", "technical", "financial", "available"),
        detail_fields=(
            "name",
            "field",
            "title",
            "organisation",
            "technical",
            "financial",
            "available",
            "note",
        ),
        related=("organisation",),
        menu=records.Menu(group="calls", order=60),
        description=_("按姓名和工作单位新增或更新评审专家；工作单位填写已登记机构的名称或编码。"),
        import_columns=(
            Column("name", _("姓名"), required=True),
            Column("organisation", _("工作单位"), Kind.ORGANISATION, required=True),
            Column("field", _("专业领域"), required=True),
            Column("title", _("职称")),
            Column("technical", _("技术专家"), Kind.BOOL, required=True),
            Column("financial", _("财务专家"), Kind.BOOL, required=True),
            Column("phone", _("联系电话")),
            Column("email", _("电子邮箱")),
            Column("available", _("可参加评审"), Kind.BOOL, required=True),
            Column("note", _("备注")),
        ),
        natural_key=("name", "organisation"),
        personal={"phone": lambda value: value[:3] + "****" + value[-4:] if len(value) >= 7 else "****"},
    )
)


class ConflictFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("专家、企业或机构"), method="filter_q")
    ordering = django_filters.OrderingFilter(
        fields=(("expert__name", "expert"), ("enterprise__name", "enterprise")), label=_("排序")
    )

    class Meta:
        model = Conflict
        fields = ["q"]

    def filter_q(self, queryset: QuerySet[Conflict], name: str, value: str) -> QuerySet[Conflict]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(expert__name__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(organisation__name__icontains=value)
        )


class ConflictForm(RecordForm):
    class Meta:
        model = Conflict
        fields = ("expert", "enterprise", "organisation", "grounds")


CONFLICT = records.register(
    records.Record(
        name="expert_conflict",
        model=Conflict,
        filterset=ConflictFilter,
        form=ConflictForm,
        columns=("expert__name", "enterprise__name", "organisation__name", "grounds"),
        related=("expert", "enterprise", "organisation"),
        parent="expert",
        menu=records.Menu(group="calls", order=65),
        description=_("专家与企业（填信用代码）或机构（填名称或编码）的回避声明，二选一。"),
        import_columns=(
            Column("expert", _("专家编号"), Kind.INT, required=True, attribute="expert_id"),
            Column("credit_code", _("统一社会信用代码"), Kind.ENTERPRISE, attribute="enterprise"),
            Column("organisation", _("机构"), Kind.ORGANISATION),
            Column("grounds", _("回避理由"), required=True),
        ),
        natural_key=("expert", "credit_code", "organisation"),
    )
)
