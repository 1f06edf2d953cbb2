"""The form base of declared record types: the parent is entered by its key (a credit code) and must be
within the user's reach; money is entered in 万元 or 元 with the unit beside the field; a service's
ValidationError lands next to its field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from rainforest.core.messages import in_user_words
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


class InUserWords(forms.BaseForm):
    """A form that says Django's own messages in the user's words: "不能超过 120 个字（现有 604 个字）" rather
    than "确保该变量包含不超过 120 字符 (目前字符数 604)。", "请填写数字" rather than "输入一个数字。". The
    project's own messages for a field stay as written. Put it first among a form's bases."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plain_invalid_messages()

    def plain_invalid_messages(self) -> None:
        """Numbers and dates typed wrong, in the user's words (fields replaced after __init__ call it again)."""
        for field in self.fields.values():
            if field.error_messages.get("invalid") not in _STOCK_INVALID:
                continue
            if isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
                field.error_messages["invalid"] = _("请填写数字")
            elif isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _("请填写日期，如 2025-03-31")

    def full_clean(self) -> None:
        super().full_clean()
        found = self.errors  # set by full_clean: reading it does not validate again
        for name, errors in list(found.items()):
            found[name] = self.error_class(in_user_words(ValidationError(errors.as_data())))


_STOCK_INVALID = (
    forms.DecimalField.default_error_messages["invalid"],
    forms.IntegerField.default_error_messages["invalid"],
    forms.FloatField.default_error_messages["invalid"],
    forms.DateField.default_error_messages["invalid"],
)


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
