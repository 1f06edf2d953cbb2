"""Error rows ({"row", "field", "message"}) and messages in the user's words. Django's own validator
messages ("确保该变量包含不超过 120 字符 (目前字符数 604)。") are replaced by short ones that follow the
column's label: "企业名称：不能超过 120 个字（现有 604 个字）"."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from rainforest.core.messages import FRIENDLY, friendly

__all__ = ["FRIENDLY", "error", "friendly", "labelled", "model_errors"]


def error(row: int, field: str, message: str) -> dict[str, Any]:
    return {"row": row, "field": field, "message": message}


def labelled(label: str, message: str) -> str:
    """The message after the column's label, unless it names the label already."""
    return (
        message
        if label and label in message
        else str(_("{label}：{message}")).format(label=label, message=message)
    )


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
