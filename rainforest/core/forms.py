"""What every form of the project shares: Django's own messages said in the user's words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rainforest.core.messages import in_user_words


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
