"""The form base of declared record types: the parent is entered by its key (a credit code) and must be
within the user's reach; money is entered in 万元 or 元 with the unit beside the field; a service's
ValidationError lands next to its field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from rainforest.core.forms import InUserWords
from rainforest.core.money import WAN
from rainforest.core.policy import Action, restrict

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UNITS = {"万元": (WAN, _("万元")), "元": (Decimal(1), _("元"))}


class MoneyField(forms.DecimalField):
    """Money entered in `unit` (万元 or 元) and stored in yuan; the unit is shown beside the input."""

    def __init__(self, *, unit: str, **kwargs: Any) -> None:
        self.factor, self.unit = UNITS[unit]
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return (value / self.factor).normalize()
        return value

    def clean(self, value: Any) -> Any:
        amount = super().clean(value)
        return None if amount is None else amount * self.factor


class RecordForm(InUserWords, forms.ModelForm):
    """Create or edit one record of a declared type (`record`), for `user`."""

    def __init__(self, *args: Any, record: Any, user: Any, units: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record
        self.user = user
        # Pages enter money in its declared unit; the API takes yuan (units=False).
        for name, unit in record.money_units.items() if units else ():
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = MoneyField(
                    unit=unit, label=old.label, required=old.required, help_text=old.help_text
                )
        if record.parent and record.parent in self.fields:
            self._parent_field()
        self.plain_invalid_messages()

    def _parent_field(self) -> None:
        """The parent by its key, among the parents the user may add records to (or change them in)."""
        name, key = self.record.parent, self.record.parent_key
        old = self.fields[name]
        action = Action.ADD if self.instance.pk is None else Action.CHANGE
        parents = restrict(self.record.parent_model._default_manager.all(), self.user, action)
        field = forms.ModelChoiceField(
            parents, to_field_name=key, label=old.label, widget=forms.TextInput, help_text=old.help_text
        )
        field.error_messages["invalid_choice"] = _("%(value)s 不存在或不在您的数据范围内")
        self.fields[name] = field
        parent = getattr(self.instance, name, None) if getattr(self.instance, f"{name}_id") else None
        if parent is not None:
            self.initial[name] = getattr(parent, key)

    def add_service_errors(self, error: ValidationError) -> None:
        """A service's ValidationError on the form: next to its field when the form has it, else on top."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error.messages)

    def error_summary(self) -> list[tuple[str, str]]:
        """Every error at once, each named by its field's label: [(label, message), …]."""
        summary: list[tuple[str, str]] = []
        for name, messages in self.errors.items():
            label = (
                ""
                if name == NON_FIELD_ERRORS
                else str(self.fields[name].label)
                if name in self.fields
                else name
            )
            summary.extend((label, str(message)) for message in messages)
        return summary
