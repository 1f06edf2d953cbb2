"""The shape of the API's errors, declared once. Errors from the layers below are turned into the answers
ninja gives for bad input, so a client reads one shape whatever refused its request:
`{"detail": [{"loc": [...], "msg": "…", "type": "…"}]}` for 422, `{"detail": "…"}` for 400, 401, 403
and 404. `declared_errors` says which of them an operation can answer; the API adds them to every
operation's OpenAPI responses (rainforest/api/api.py), so no endpoint declares them by hand."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from ninja import Field, Schema

from rainforest.core.messages import in_user_words


def validation_error_detail(error: ValidationError, location: str = "body") -> list[dict[str, Any]]:
    """One entry per message, each naming its field (`["body", "tech_staff"]`); errors not tied to a
    field are located at `["body"]`. Django's own messages are said in the user's words ("不能小于 0")."""
    detail: list[dict[str, Any]] = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            loc = [location] if field == NON_FIELD_ERRORS else [location, field]
            for item in in_user_words(ValidationError(errors)):
                for message in item.messages:
                    detail.append({"loc": loc, "msg": str(message), "type": "value_error"})
    else:
        for item in in_user_words(error):
            for message in item.messages:
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


# --- The shape of every error answer, declared in the OpenAPI schema ------------------------------------


class ErrorOut(Schema):
    """401, 403, 404 (and 400 for a body that is not JSON): one message."""

    detail: str = Field(description="说明，如 “Unauthorized”、“Not Found” 或拒绝的原因（中文）")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description='出错的位置：body/query/path 及字段名，如 ["query", "page"]')
    msg: str = Field(description="说明（中文或英文），指明该字段的问题")
    type: str = Field(description="错误类别，如 value_error、missing、int_parsing")


class ValidationErrorOut(Schema):
    """422: every problem of the request at once, each naming its field."""

    detail: list[FieldErrorOut]


# Which statuses every operation may answer besides its own, and why (see `declared_errors`).
DESCRIPTIONS = {
    400: "请求体不是合法的 JSON",
    401: "缺少或无效的令牌（或会话）",
    403: "角色无权进行此操作，或会话请求缺少 CSRF 令牌",
    404: "对象不存在或不在您的数据范围内",
    422: "参数或请求体不符合要求：逐项指明字段",
    429: "该地址（或令牌所属账户）连续认证失败过多，暂时锁定",
}


def declared_errors(
    *, authenticated: bool, path_parameters: bool, inputs: bool, body: bool
) -> dict[int, type[Schema]]:
    """The error statuses an operation can answer, from what it takes: every authenticated operation may
    answer 401 (no or a bad credential), 403 (a role that may not, a missing CSRF token) and 429 (an
    address locked after repeated failed logins or tokens); one with path
    parameters 404 (no such object, or one outside the caller's scope: the same answer, so a scope leaks
    nothing); one with parameters or a body 422; one with a body 400 (not JSON)."""
    statuses: dict[int, type[Schema]] = {}
    if body:
        statuses[400] = ErrorOut
    if authenticated:
        statuses[401] = ErrorOut
        statuses[403] = ErrorOut
        statuses[429] = ErrorOut
    if path_parameters:
        statuses[404] = ErrorOut
    if inputs:
        statuses[422] = ValidationErrorOut
    return statuses
