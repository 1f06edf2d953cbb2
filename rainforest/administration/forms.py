"""Forms of the administration pages. They parse input only; the services check and store it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rainforest.administration.services import OrganisationData, UserData
from rainforest.core.choices import DataScope, OrganisationKind, RegionLevel, Role
from rainforest.core.forms import InUserWords
from rainforest.core.models import DevelopmentZone, Organisation, Region


def show_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _city_regions() -> Any:
    """The city and its current districts (what a bureau's region can be)."""
    return Region.objects.filter(
        Q(level=RegionLevel.CITY) | Q(level=RegionLevel.DISTRICT), alias_of__isnull=True
    ).order_by("level", "sort_order", "code")


class OrganisationForm(InUserWords, forms.Form):
    code = forms.CharField(
        label=_("机构编码"), max_length=40, help_text=_("如 jz-yuci；命令行和导入文件用它指代机构")
    )
    name = forms.CharField(label=_("名称"), max_length=120)
    kind = forms.ChoiceField(label=_("类型"), choices=OrganisationKind.choices)
    parent = forms.ModelChoiceField(
        label=_("上级机构"), queryset=Organisation.objects.none(), required=False, to_field_name="code"
    )
    region = forms.ModelChoiceField(
        label=_("所辖区划"), queryset=Region.objects.none(), required=False, to_field_name="code"
    )
    zone = forms.ModelChoiceField(label=_("所辖园区"), queryset=DevelopmentZone.objects.all(), required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=32767, initial=0, required=False)

    def __init__(self, *args: Any, instance: Organisation | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": instance.code,
                "name": instance.name,
                "kind": instance.kind,
                "parent": instance.parent.code if instance.parent else None,
                "region": instance.region.code if instance.region else None,
                "zone": instance.zone_id,
                "credit_code": instance.credit_code,
                "sort_order": instance.sort_order,
            }
        super().__init__(*args, **kwargs)
        parents = Organisation.objects.exclude(kind=OrganisationKind.ENTERPRISE).order_by(
            "sort_order", "code"
        )
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["region"].queryset = _city_regions()  # type: ignore[attr-defined]

    def data_object(self) -> OrganisationData:
        data = self.cleaned_data
        return OrganisationData(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            parent=data["parent"],
            region=data["region"],
            zone=data["zone"],
            credit_code=data["credit_code"] or "",
            sort_order=data["sort_order"] or 0,
        )


class UserForm(InUserWords, forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=40, required=False)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("所属机构"), queryset=Organisation.objects.none(), required=False, to_field_name="code"
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    phone = forms.CharField(label=_("手机"), max_length=20, required=False)
    data_scope = forms.ChoiceField(
        label=_("数据范围"),
        choices=[("", _("按角色的数据范围")), *DataScope.choices],
        required=False,
        help_text=_("须在所属机构的辖区之内"),
    )
    scope_regions = forms.ModelMultipleChoiceField(
        label=_("自定义县区"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("数据范围为“自定义县区”时选择"),
    )
    sees_personal_data = forms.BooleanField(label=_("可查看个人信息"), required=False)

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "username": instance.username,
                "display_name": instance.display_name,
                "role": instance.role,
                "organisation": instance.organisation.code if instance.organisation else None,
                "email": instance.email,
                "phone": instance.phone,
                "data_scope": instance.data_scope,
                "scope_regions": [r.code for r in instance.scope_regions.all()],
                "sees_personal_data": instance.sees_personal_data,
            }
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().order_by(  # type: ignore[attr-defined]
            "sort_order", "code"
        )
        self.fields["scope_regions"].queryset = Region.objects.districts().filter(  # type: ignore[attr-defined]
            parent__code="140700"
        )
        if instance is not None:
            del self.fields["username"]  # a username is not changed (the change log and audit follow it)

    def data_object(self) -> UserData:
        data = self.cleaned_data
        return UserData(
            role=data["role"],
            organisation=data["organisation"],
            display_name=data["display_name"],
            email=data["email"],
            phone=data["phone"],
            data_scope=data["data_scope"],
            scope_regions=tuple(data["scope_regions"]),
            sees_personal_data=data["sees_personal_data"],
        )


class RoleForm(InUserWords, forms.Form):
    data_scope = forms.ChoiceField(
        label=_("数据范围"),
        choices=[choice for choice in DataScope.choices if choice[0] != DataScope.CUSTOM],
        help_text=_("该角色的用户未单独设置数据范围时适用"),
    )
    description = forms.CharField(label=_("说明"), max_length=200, required=False)


class InviteForm(InUserWords, forms.Form):
    """A city officer creates the account of one enterprise's user."""

    credit_code = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=40, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    phone = forms.CharField(label=_("手机"), max_length=20, required=False)
