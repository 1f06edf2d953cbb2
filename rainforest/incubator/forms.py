"""Forms of the incubator. They check and clean input; the writes are incubator.services calls."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from rainforest.enterprises.forms import DATE, districts_for, limit
from rainforest.enterprises.selectors import enterprises_for
from rainforest.incubator.models import Park, Team, Tenancy, Zone
from rainforest.incubator.selectors import teams_for

WRONG_DISTRICT = _("只能选择您有权登记的县区")


class ParkForm(forms.ModelForm):
    class Meta:
        model = Park
        fields = ("name", "district", "development_zone", "level")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "district", districts_for(user))
        self.fields["district"].error_messages["invalid_choice"] = WRONG_DISTRICT


class ZoneForm(forms.ModelForm):
    class Meta:
        model = Zone
        fields = ("name", "tier")

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        clash = Zone.objects.filter(park_id=self.instance.park_id, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("该孵化载体已有名为“{name}”的片区").format(name=name), code="unique")
        return name


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ("name", "district", "leader", "institution", "formed_on", "enterprise", "incorporated_on")
        widgets = {"formed_on": DATE, "incorporated_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "district", districts_for(user))
        self.fields["district"].error_messages["invalid_choice"] = WRONG_DISTRICT
        limit(self, "enterprise", enterprises_for(user))


class TenancyForm(forms.ModelForm):
    class Meta:
        model = Tenancy
        fields = ("park", "zone", "enterprise", "team", "status", "entered_on", "left_on")
        widgets = {"entered_on": DATE, "left_on": DATE}

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
