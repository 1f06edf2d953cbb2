"""Errors from the layers below turned into the answers ninja gives for bad input, so a client reads one
shape whatever refused its request: `{"detail": [{"loc": [...], "msg": "…", "type": "…"}]}`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def validation_error_detail(error: ValidationError, location: str = "body") -> list[dict[str, Any]]:
    """One entry per message, each naming its field (`["body", "tech_staff"]`); errors not tied to a
    field are located at `["body"]`."""
    detail: list[dict[str, Any]] = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            loc = [location] if field == NON_FIELD_ERRORS else [location, field]
            for item in errors:
                for message in item.messages:
                    detail.append({"loc": loc, "msg": str(message), "type": "value_error"})
    else:
        for message in error.messages:
            detail.append({"loc": [location], "msg": str(message), "type": "value_error"})
    return detail


def form_error_detail(errors: dict[str, Any], location: str = "query") -> list[dict[str, Any]]:
    """The same shape for a bound form's (or FilterSet's) errors."""
    return [
        {
            "loc": [location] if field == NON_FIELD_ERRORS else [location, field],
            "msg": str(message),
            "type": "value_error",
        }
        for field, messages in errors.items()
        for message in messages
    ]
