"""Forms of the policy pages: the policy with its conditions (an inline formset, each condition's CEL
checked by the model's clean(), so a parse error shows next to its condition), and the push-list query
shared by the page, the export and the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from rainforest.core.forms import InUserWords
from rainforest.core.models import Region, data_as_of
from rainforest.policies.choices import Verdict
from rainforest.policies.models import Policy, PolicyCondition
from rainforest.policies.selectors import OPEN
from rainforest.policies.services import CONDITION_FIELDS, POLICY_FIELDS


class PolicyForm(InUserWords, forms.ModelForm):
    source_url = forms.URLField(label=_("来源网址"), required=False, max_length=400, assume_scheme="https")

    class Meta:
        model = Policy
        fields = list(POLICY_FIELDS)
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "benefit_expression": forms.Textarea(attrs={"rows": 3, "class": "code", "spellcheck": "false"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ConditionForm(InUserWords, forms.ModelForm):
    class Meta:
        model = PolicyCondition
        fields = list(CONDITION_FIELDS)
        widgets = {"expression": forms.Textarea(attrs={"rows": 2, "class": "code", "spellcheck": "false"})}


ConditionFormSet = inlineformset_factory(
    Policy, PolicyCondition, form=ConditionForm, extra=2, can_delete=True, min_num=0
)


def condition_rows(formset: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    """The conditions to save (deleted and empty forms left out) and, at the same index, their forms, so a
    service error `conditions[i].expression` lands next to condition i."""
    rows, owners = [], []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE") or (not form.has_changed() and form.instance.pk is None):
            continue
        rows.append(
            {name: data.get(name) for name in CONDITION_FIELDS} | {"gap_fact": data.get("gap_fact") or ""}
        )
        owners.append(form)
    return rows, owners


def district_choices() -> list[tuple[str, str]]:
    districts = Region.objects.districts().filter(parent__code="140700").order_by("sort_order", "code")
    return [("", str(_("全部县区"))), *((region.code, region.name) for region in districts)]


ALL = "all"


class PushQueryForm(InUserWords, forms.Form):
    """as_of, district and verdict of a push list; `values()` falls back to defaults when a field is bad."""

    as_of = forms.DateField(
        label=_("计算日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    district = forms.ChoiceField(label=_("县区"), required=False, choices=())
    verdict = forms.ChoiceField(
        label=_("结论"),
        required=False,
        choices=[(OPEN, _("符合或待定")), (ALL, _("全部结论")), *Verdict.choices],
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.get("verdict"):  # the default filter shows as chosen
            data = data.copy()
            data["verdict"] = OPEN
        if data is not None and not data.get("as_of"):  # the date box shows the day the page evaluates
            data = data.copy()
            data["as_of"] = data_as_of().isoformat()
        super().__init__(data, *args, **kwargs)
        self.fields["district"].choices = district_choices()  # type: ignore[attr-defined]
        self.fields["verdict"].initial = OPEN
        self.fields["as_of"].initial = data_as_of()

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        as_of: date = data.get("as_of") or data_as_of()
        chosen = data.get("verdict") or OPEN  # the firms worth a call, unless the user asks for all
        verdict = "" if chosen == ALL else chosen
        return {"as_of": as_of, "district": data.get("district") or "", "verdict": verdict}


class AsOfForm(InUserWords, forms.Form):
    as_of = forms.DateField(
        label=_("计算日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def value(self) -> date:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]  # type: ignore[no-any-return]
        return data_as_of()
