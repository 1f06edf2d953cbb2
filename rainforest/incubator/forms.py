"""Forms of the incubator. They check and clean input; the writes are incubator.services calls."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from rainforest.core.forms import InUserWords
from rainforest.enterprises.forms import DATE, districts_for, limit
from rainforest.enterprises.selectors import enterprises_for
from rainforest.incubator.choices import TRANSITIONS, TenancyStatus
from rainforest.incubator.models import Park, Site, Team, Tenancy, Zone
from rainforest.incubator.selectors import teams_for

WRONG_DISTRICT = _("只能选择您有权登记的县区")


class ParkForm(InUserWords, forms.ModelForm):
    class Meta:
        model = Park
        fields = ("name", "district", "development_zone", "level")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "district", districts_for(user))
        self.fields["district"].error_messages["invalid_choice"] = WRONG_DISTRICT


class ZoneForm(InUserWords, forms.ModelForm):
    class Meta:
        model = Zone
        fields = ("name", "tier", "site", "space_m2", "capacity")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "site", Site.objects.filter(park_id=self.instance.park_id))

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        clash = Zone.objects.filter(park_id=self.instance.park_id, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("该孵化载体已有名为“{name}”的片区").format(name=name), code="unique")
        return name


class TeamForm(InUserWords, forms.ModelForm):
    class Meta:
        model = Team
        fields = ("name", "district", "leader", "institution", "formed_on", "enterprise", "incorporated_on")
        widgets = {"formed_on": DATE, "incorporated_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "district", districts_for(user))
        self.fields["district"].error_messages["invalid_choice"] = WRONG_DISTRICT
        limit(self, "enterprise", enterprises_for(user))


class TenancyForm(InUserWords, forms.ModelForm):
    class Meta:
        model = Tenancy
        fields = (
            "park",
            "zone",
            "enterprise",
            "team",
            "status",
            "intended_on",
            "negotiating_on",
            "approved_on",
            "entered_on",
            "left_on",
            "withdrawn_on",
        )
        widgets = {
            "intended_on": DATE,
            "negotiating_on": DATE,
            "approved_on": DATE,
            "entered_on": DATE,
            "left_on": DATE,
            "withdrawn_on": DATE,
        }

    def __init__(self, *args: Any, user: Any, parks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "park", parks)
        limit(self, "zone", Zone.objects.filter(park__in=parks).select_related("park"))
        limit(self, "enterprise", enterprises_for(user))
        limit(self, "team", teams_for(user))
        self.fields["enterprise"].help_text = _("入驻企业与入驻团队二选一")

    # _post_clean is a Django hook the stubs do not declare.
    def _post_clean(self) -> None:  # type: ignore[misc]
        super()._post_clean()  # type: ignore[misc]
        # The model's clean() and its check constraint both refuse a missing or double tenant: say it once.
        errors: Any = self.errors
        if NON_FIELD_ERRORS in errors:
            errors[NON_FIELD_ERRORS] = self.error_class(
                list(dict.fromkeys(errors[NON_FIELD_ERRORS])), error_class="nonfield"
            )


def service_fields(form: forms.ModelForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form._meta.fields or () if name in form.cleaned_data}


class DayForm(InUserWords, forms.Form):
    """The day a page looks at (default: the data's as-of day)."""

    on = forms.DateField(label=_("日期"), required=False, widget=DATE)


class PeriodForm(InUserWords, forms.Form):
    start = forms.DateField(label=_("起始日期"), required=False, widget=DATE)
    end = forms.DateField(label=_("截止日期"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError({"end": _("截止日期不能早于起始日期")})
        return data


class AdvanceForm(InUserWords, forms.Form):
    """One step of a tenancy's pipeline: the next stage, its date, and why."""

    to_status = forms.ChoiceField(label=_("新阶段"))
    on = forms.DateField(label=_("日期"), widget=DATE)
    zone = forms.ModelChoiceField(
        label=_("片区"), queryset=Zone.objects.none(), required=False, help_text=_("入驻时填写")
    )
    space_m2 = forms.IntegerField(label=_("使用面积（平方米）"), min_value=0, required=False)
    comment = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args: Any, tenancy: Tenancy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to_status: Any = self.fields["to_status"]
        to_status.choices = [(s, TenancyStatus(s).label) for s in TRANSITIONS.get(tenancy.status, ())]
        zone: Any = self.fields["zone"]
        zone.queryset = Zone.objects.filter(park_id=tenancy.park_id).order_by("tier", "name")


class MoveForm(InUserWords, forms.Form):
    """A move to another zone of the park (a promotion between tiers, or any other move)."""

    zone = forms.ModelChoiceField(label=_("新片区"), queryset=Zone.objects.none())
    on = forms.DateField(label=_("日期"), widget=DATE)
    space_m2 = forms.IntegerField(label=_("使用面积（平方米）"), min_value=0, required=False)
    comment = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args: Any, tenancy: Tenancy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone: Any = self.fields["zone"]
        zone.queryset = Zone.objects.filter(park_id=tenancy.park_id).order_by("tier", "name")
