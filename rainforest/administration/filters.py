"""One FilterSet per administered model drives its list page and its Excel export alike."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core.choices import OrganisationKind, OrganisationStatus, Role
from rainforest.core.models import Organisation, User

ALL = _("全部")
ACTIVE_CHOICES = (("active", _("正常")), ("disabled", _("停用")))


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("用户名、姓名或手机"), method="filter_q")
    role = django_filters.ChoiceFilter(label=_("角色"), choices=Role.choices, empty_label=ALL)
    organisation = django_filters.ModelChoiceFilter(
        label=_("所属机构"),
        queryset=Organisation.objects.order_by("sort_order", "code"),
        to_field_name="code",
        empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=ACTIVE_CHOICES, method="filter_status", empty_label=ALL
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("username", "username"),
            ("display_name", "display_name"),
            ("role", "role"),
            ("organisation__name", "organisation"),
            ("last_login", "last_login"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = User
        fields = ["q", "role", "organisation", "status"]

    def filter_q(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value) | Q(display_name__icontains=value) | Q(phone__startswith=value)
        )

    def filter_status(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        if value == "active":
            return queryset.filter(is_active=True)
        if value == "disabled":
            return queryset.filter(is_active=False)
        return queryset


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或编码"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=OrganisationKind.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=OrganisationStatus.choices, empty_label=ALL)
    ordering = django_filters.OrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("kind", "kind"),
            ("parent__name", "parent"),
            ("region__code", "region"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "status"]

    def filter_q(self, queryset: QuerySet[Organisation], name: str, value: str) -> QuerySet[Organisation]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
