"""Forms of the registry. A form only checks and cleans input; the write itself is a service call
(enterprises.services), whose own validation errors are shown on the form too."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core import credit_code as uscc
from rainforest.core.choices import Role
from rainforest.core.forms import InUserWords
from rainforest.core.models import Region, User, today
from rainforest.core.scope import Reach, scope_for
from rainforest.enterprises.models import Assignment, Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.services import ENTERPRISE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def districts_for(user: Any) -> QuerySet[Region]:
    """The districts a user may write in: Jinzhong's units for city-wide users, their own for district staff."""
    districts = Region.objects.districts().filter(parent__code="140700")
    scope = scope_for(user)
    if scope.reach is Reach.CITY:
        return districts
    return districts.filter(pk=scope.region_id) if scope.region_id else districts.none()


def limit(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Narrow the choices of a model choice field (to the user's scope)."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


class EnterpriseForm(InUserWords, forms.ModelForm):
    """Register or edit an enterprise. A credit code failing its check character may be stored only by a
    city officer who writes down why."""

    class Meta:
        model = Enterprise
        fields = (
            "credit_code",
            "credit_code_override_reason",
            *[f for f in ENTERPRISE_FIELDS if f != "credit_code"],
        )
        widgets = {"founded_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.creating = self.instance.pk is None
        limit(self, "district", districts_for(user))
        self.fields["district"].error_messages["invalid_choice"] = _("只能选择您有权登记的县区")
        if not self.creating or getattr(user, "role", None) != Role.CITY_OFFICER:
            del self.fields["credit_code_override_reason"]

    def clean_credit_code(self) -> str:
        code = uscc.normalise(self.cleaned_data["credit_code"])
        query = Enterprise.objects.filter(credit_code=code)
        if self.instance.pk:
            query = query.exclude(pk=self.instance.pk)
        if query.exists():
            raise ValidationError(_("统一社会信用代码 {code} 已登记").format(code=code), code="unique")
        return code

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        code = data.get("credit_code")
        reason = (data.get("credit_code_override_reason") or "").strip()
        if code:
            problem = uscc.problem(code)
            if problem is None:
                data["credit_code_override_reason"] = ""
                self.instance.credit_code_override_reason = ""
            elif self.creating and reason:
                data["credit_code_override_reason"] = reason
            elif not self.creating and self.instance.credit_code_override_reason:
                pass  # an exception already granted, with its reason, stays
            elif "credit_code_override_reason" in self.fields:
                self.add_error(
                    "credit_code",
                    _("{problem}；如确属早期有效代码，请在“校验例外理由”中写明理由").format(problem=problem),
                )
            else:
                self.add_error("credit_code", problem)
        return data

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ENTERPRISE_FIELDS}


class FiguresForm(InUserWords, forms.ModelForm):
    """An enterprise's figures for one year, in yuan and persons."""

    class Meta:
        model = YearlyFigures
        fields = [f.name for f in YearlyFigures._meta.concrete_fields if f.name not in ("id", "enterprise")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if (
            self.instance.pk is None
            and YearlyFigures.objects.filter(enterprise_id=self.instance.enterprise_id, year=year).exists()
        ):
            raise ValidationError(
                _("{year} 年度数据已存在，请在企业页面修改").format(year=year), code="unique"
            )
        return year

    def service_values(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "year"}


class CertificateForm(InUserWords, forms.ModelForm):
    """A certificate or designation. Its kind and issue date identify it, so they are fixed once stored."""

    class Meta:
        model = Certificate
        fields = ("kind", "number", "year", "issued_on", "expires_on", "revoked_on", "issuer", "note")
        widgets = {"issued_on": DATE, "expires_on": DATE, "revoked_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].required = False
        self.fields["expires_on"].help_text = _(
            "留空则按类别默认有效期：高企等三年，科技型中小企业至当年年底"
        )
        if self.instance.pk:
            self.fields["kind"].disabled = True
            self.fields["issued_on"].disabled = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind, issued_on = data.get("kind"), data.get("issued_on")
        if kind and issued_on:
            if not data.get("expires_on"):
                data["expires_on"] = Certificate.default_expiry(kind, issued_on, data.get("year"))
            if (
                self.instance.pk is None
                and Certificate.objects.filter(
                    enterprise_id=self.instance.enterprise_id, kind=kind, issued_on=issued_on
                ).exists()
            ):
                self.add_error("issued_on", _("该类资质在此日期已登记，请在企业页面修改"))
        return data

    def service_values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class AssignmentForm(InUserWords, forms.ModelForm):
    """Assign a tech butler to an enterprise."""

    class Meta:
        model = Assignment
        fields = ("butler", "started_on")
        widgets = {"started_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "butler", User.objects.filter(role=Role.BUTLER, is_active=True).order_by("username"))
        self.fields["butler"].error_messages["invalid_choice"] = _("只能指派角色为科技管家的用户")

    def clean_started_on(self) -> Any:
        started_on = self.cleaned_data["started_on"]
        if started_on > today():
            raise ValidationError(_("日期不能晚于今天"), code="future")
        return started_on

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        butler = data.get("butler")
        if (
            butler
            and Assignment.objects.filter(
                enterprise_id=self.instance.enterprise_id, butler=butler, ended_on__isnull=True
            ).exists()
        ):
            self.add_error("butler", _("{butler} 已在服务该企业").format(butler=butler))
        return data


def show_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
