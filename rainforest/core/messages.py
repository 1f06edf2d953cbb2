"""Django's own validator messages ("确保该变量包含不超过 120 字符 (目前字符数 604)。") in the user's words
("不能超过 120 个字（现有 604 个字）"), for imports and forms alike: the field's label goes before them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# By Django's error code: what a validator's failure means, with its params.
FRIENDLY = {
    "max_length": _("不能超过 {limit_value} 个字（现有 {show_value} 个字）"),
    "min_length": _("至少要有 {limit_value} 个字（现有 {show_value} 个字）"),
    "max_value": _("不能大于 {limit_value}"),
    "min_value": _("不能小于 {limit_value}"),
    "max_digits": _("数值位数过多（最多 {max} 位数字）"),
    "max_whole_digits": _("数值过大（整数部分最多 {max} 位）"),
    "max_decimal_places": _("小数位数过多（最多 {max} 位）"),
    "blank": _("必填，不能为空"),
    "null": _("必填，不能为空"),
    "required": _("必填，不能为空"),
    "invalid_choice": _("“{value}”不是可选值"),
    "unique": _("已存在相同的记录"),
    "step_size": _("须为 {limit_value} 的整数倍"),
}


def friendly(validation_error: ValidationError) -> list[str]:
    """The messages of a ValidationError, Django's own replaced by the user's words."""
    messages = []
    for item in validation_error.error_list:
        template = FRIENDLY.get(item.code or "")
        params = dict(item.params or {})
        if template is not None:
            try:
                messages.append(str(template).format(**params))
                continue
            except (KeyError, IndexError):
                pass
        message = str(item.message)
        messages.append(message % params if params and "%(" in message else message)
    return messages


def _django_defaults() -> list[object]:
    """Django's own messages (the fields', the model fields' and the validators'), as the objects Django puts
    in a ValidationError: lazy, compared by identity or, for plain ones, by their text."""
    from django.core import validators
    from django.db.models import fields as model_fields
    from django.forms import fields as form_fields
    from django.forms import models as model_forms

    found: list[object] = []
    for module in (form_fields, model_fields, model_forms):
        for value in vars(module).values():
            messages = getattr(value, "default_error_messages", None) if isinstance(value, type) else None
            if isinstance(messages, dict):
                found += messages.values()
    for validator in (
        validators.MaxLengthValidator,
        validators.MinLengthValidator,
        validators.MaxValueValidator,
        validators.MinValueValidator,
        validators.StepValueValidator,
    ):
        found.append(validator.message)
    found += validators.DecimalValidator.messages.values()
    return found


def is_stock(item: ValidationError) -> bool:
    """Whether the message is one of Django's own (not one the project wrote for that field)."""
    message = item.message
    for default in _django_defaults():
        if message is default:
            return True
        try:
            if str(message) == str(default):
                return True
        except (TypeError, KeyError):  # a plural message that needs its number to be read
            continue
    return False


def in_user_words(validation_error: ValidationError) -> list[ValidationError]:
    """The errors of a form field with Django's own messages in the user's words; the project's own messages
    (a field's custom "required" text, say) are kept as they are."""
    result = []
    for item in validation_error.error_list:
        template = FRIENDLY.get(item.code or "")
        if template is not None and is_stock(item):
            try:
                text = str(template).format(**dict(item.params or {}))
            except (KeyError, IndexError):
                result.append(item)
                continue
            result.append(ValidationError(text, code=item.code))
        else:
            result.append(item)
    return result
