"""Error rows ({"row", "field", "message"}) and messages in the user's words. Django's own validator
messages ("确保该变量包含不超过 120 字符 (目前字符数 604)。") are replaced by short ones that follow the
column's label: "企业名称：不能超过 120 个字（现有 604 个字）"."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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


def error(row: int, field: str, message: str) -> dict[str, Any]:
    return {"row": row, "field": field, "message": message}


def labelled(label: str, message: str) -> str:
    """The message after the column's label, unless it names the label already."""
    return (
        message
        if label and label in message
        else str(_("{label}：{message}")).format(label=label, message=message)
    )


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


def model_errors(
    number: int, validation_error: ValidationError, labels: dict[str, str], columns: dict[str, str]
) -> list[dict[str, Any]]:
    """The error rows of a model's clean(): each field's messages after that field's label."""
    found = []
    if hasattr(validation_error, "error_dict"):
        for name, errors in validation_error.error_dict.items():
            for message in friendly(ValidationError(errors)):
                if name == NON_FIELD_ERRORS:
                    found.append(error(number, "", message))
                else:
                    found.append(
                        error(number, columns.get(name, name), labelled(labels.get(name, name), message))
                    )
    else:
        found.extend(error(number, "", message) for message in friendly(validation_error))
    return found
