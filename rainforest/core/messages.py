"""Django's own validator messages ("确保该变量包含不超过 120 字符 (目前字符数 604)。") in the user's words
("不能超过 120 个字（现有 604 个字）"), for imports and forms alike: the field's label goes before them."""

from __future__ import annotations

from functools import cache

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


def _said(item: ValidationError) -> str | None:
    """The item's message in the user's words by its code, or None where the code has none (or its params
    do not fit the words)."""
    template = FRIENDLY.get(item.code or "")
    if template is None:
        return None
    try:
        return str(template).format(**dict(item.params or {}))
    except (KeyError, IndexError):
        return None


def friendly(validation_error: ValidationError) -> list[str]:
    """The messages of a ValidationError, each said by its code when the code has words (imports)."""
    messages = []
    for item in validation_error.error_list:
        said = _said(item)
        if said is not None:
            messages.append(said)
            continue
        message, params = str(item.message), dict(item.params or {})
        messages.append(message % params if params and "%(" in message else message)
    return messages


@cache
def _django_defaults() -> frozenset[int]:
    """The identities of Django's own messages (the form fields', the model fields' and the validators'):
    a ValidationError carries the very object, so identity tells Django's message from a project's."""
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
    return frozenset(id(message) for message in found)


def in_user_words(validation_error: ValidationError) -> list[ValidationError]:
    """The errors with Django's own messages said in the user's words (forms, the API); the project's own
    messages (a field's custom "required" text, say) are kept as they are."""
    result = []
    for item in validation_error.error_list:
        said = _said(item) if id(item.message) in _django_defaults() else None
        result.append(item if said is None else ValidationError(said, code=item.code))
    return result
