"""Forms of the cultivation pages. A form checks and cleans input; the write is a service call
(cultivation.services), whose own validation errors are shown on the form too."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core.choices import Role
from rainforest.core.models import Region, User
from rainforest.cultivation.choices import AttendanceStatus, FollowUpStatus, TargetIndicator, VisitTopic
from rainforest.cultivation.pool import BANDS, RULEBOOK_LABELS, RULEBOOKS
from rainforest.cultivation.services import FollowUpInput
from rainforest.enterprises.forms import DATE
from rainforest.enterprises.models import Enterprise

SORTS = (
    ("closeness", _("最接近通过")),
    ("-probability", _("通过概率从高到低")),
    ("probability", _("通过概率从低到高")),
    ("name", _("企业名称")),
    ("district", _("县区")),
)


def with_day(data: Any, day: date | None) -> Any:
    """The query with `as_of` set to `day` where it is missing or blank, so the date input shows the day the
    page evaluates on (the data as-of date) instead of starting empty. None (an unbound form) stays None."""
    if data is None or day is None or data.get("as_of"):
        return data
    filled = data.copy()
    filled["as_of"] = day.isoformat()
    return filled


class PoolFilterForm(forms.Form):
    rulebook = forms.ChoiceField(
        label=_("评价规则"), choices=[(code, RULEBOOK_LABELS[code]) for code in RULEBOOKS], required=False
    )
    district = forms.ModelChoiceField(
        label=_("县区"), queryset=Region.objects.none(), to_field_name="code", required=False
    )
    band = forms.ChoiceField(
        label=_("通过概率"),
        choices=[("", _("全部")), *[(code, label) for code, label, _low, _high in BANDS]],
        required=False,
    )
    sort = forms.ChoiceField(label=_("排序"), choices=SORTS, required=False)
    as_of = forms.DateField(label=_("评价日期"), required=False, widget=DATE, input_formats=["%Y-%m-%d"])

    def __init__(
        self,
        data: Any = None,
        *args: Any,
        districts: QuerySet[Region],
        day: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(with_day(data, day), *args, **kwargs)
        self.fields["as_of"].initial = day
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = districts
        field.empty_label = str(_("全部县区"))

    def values(self, default_day: date) -> dict[str, Any]:
        """The cleaned values, each falling back to its default when missing or bad."""
        cleaned = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "rulebook": cleaned.get("rulebook") or RULEBOOKS[0],
            "district": cleaned.get("district"),
            "band": cleaned.get("band") or "",
            "sort": cleaned.get("sort") or "closeness",
            "as_of": cleaned.get("as_of") or default_day,
        }


class VisitForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("企业"), queryset=Enterprise.objects.none(), to_field_name="credit_code"
    )
    butler = forms.ModelChoiceField(
        label=_("科技管家"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("不选则记为本人走访"),
    )
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE)
    topics = forms.MultipleChoiceField(
        label=_("走访事项"), choices=VisitTopic.choices, widget=forms.CheckboxSelectMultiple
    )
    findings = forms.CharField(
        label=_("发现的问题"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    next_visit_on = forms.DateField(label=_("计划下次走访"), widget=DATE, required=False)

    def __init__(self, *args: Any, enterprises: QuerySet[Enterprise], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enterprise = self.fields["enterprise"]
        assert isinstance(enterprise, forms.ModelChoiceField)
        enterprise.queryset = enterprises
        butler = self.fields["butler"]
        assert isinstance(butler, forms.ModelChoiceField)
        if getattr(user, "role", None) == Role.BUTLER:
            del self.fields["butler"]
        else:
            butler.queryset = User.objects.filter(role=Role.BUTLER, is_active=True).order_by("username")


class VisitEditForm(forms.Form):
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE)
    topics = forms.MultipleChoiceField(
        label=_("走访事项"), choices=VisitTopic.choices, widget=forms.CheckboxSelectMultiple
    )
    findings = forms.CharField(
        label=_("发现的问题"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    next_visit_on = forms.DateField(label=_("计划下次走访"), widget=DATE, required=False)


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("待办事项"), max_length=200)
    owner = forms.CharField(label=_("责任人"), max_length=60)
    due_on = forms.DateField(label=_("完成期限"), widget=DATE)
    status = forms.ChoiceField(label=_("状态"), choices=FollowUpStatus.choices, initial=FollowUpStatus.OPEN)
    done_on = forms.DateField(label=_("完成日期"), widget=DATE, required=False)

    def service_values(self) -> FollowUpInput:
        data = self.cleaned_data
        return FollowUpInput(
            action=data["action"],
            owner=data["owner"],
            due_on=data["due_on"],
            status=data["status"],
            done_on=data.get("done_on"),
        )


class OptionalFollowUpForm(FollowUpForm):
    """A follow-up row of the visit form: a row left empty is skipped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False

    def has_changed(self) -> bool:
        # The status select always sends a value: a row counts as filled in only by its own words and date.
        return any(self.data.get(self.add_prefix(name)) for name in ("action", "owner", "due_on"))


FollowUpFormSet = forms.formset_factory(OptionalFollowUpForm, extra=3, max_num=10)


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("培训名称"), max_length=120)
    organiser = forms.CharField(label=_("主办单位"), max_length=80, required=False)
    topic = forms.CharField(label=_("主题"), max_length=200, required=False)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("举办日期"), widget=DATE)
    venue = forms.CharField(label=_("地点"), max_length=120, required=False)
    capacity = forms.IntegerField(label=_("名额"), min_value=1, required=False)


class InviteForm(forms.Form):
    enterprises = forms.ModelMultipleChoiceField(
        label=_("邀请企业"),
        queryset=Enterprise.objects.none(),
        to_field_name="credit_code",
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args: Any, enterprises: QuerySet[Enterprise], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enterprises"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = enterprises


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=AttendanceStatus.choices)
    attendees = forms.IntegerField(label=_("出席人数"), min_value=0, initial=0)


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("指标"), choices=TargetIndicator.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    district = forms.ModelChoiceField(
        label=_("县区"), queryset=Region.objects.none(), required=False, help_text=_("不选则为全市目标")
    )
    value = forms.IntegerField(label=_("目标值"), min_value=0)
    source = forms.CharField(label=_("来源"), max_length=200, required=False)

    def __init__(self, *args: Any, districts: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = districts
        field.empty_label = str(_("全市"))


class ForecastForm(forms.Form):
    as_of = forms.DateField(label=_("截至日期"), required=False, widget=DATE, input_formats=["%Y-%m-%d"])

    def __init__(self, data: Any = None, *args: Any, day: date | None = None, **kwargs: Any) -> None:
        super().__init__(with_day(data, day), *args, **kwargs)
        self.fields["as_of"].initial = day
