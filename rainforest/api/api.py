"""The REST API (django-ninja) under /api/v1/, documented at /api/v1/docs. Endpoints live in each app's
api.py and are added here; authentication and the shape of errors are decided here, once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router, Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.renderers import JSONRenderer

from rainforest.api.auth import AuthenticatedRequest, session_auth, token_auth
from rainforest.api.changes import router as changes_router
from rainforest.api.errors import DESCRIPTIONS, declared_errors, validation_error_detail
from rainforest.calls.api import router as calls_router
from rainforest.core import records
from rainforest.core.policy import access
from rainforest.core.records.api import router_for
from rainforest.core.scope import scope_for, sees_personal_data
from rainforest.cultivation.api import router as cultivation_router
from rainforest.eligibility.api import enterprise_router as eligibility_enterprise_router
from rainforest.eligibility.api import router as eligibility_router
from rainforest.enterprises.api import router as enterprises_router
from rainforest.finance.api import router as finance_router
from rainforest.forest.api import router as forest_router
from rainforest.incubator.api import router as incubator_router
from rainforest.indicators.api import router as indicators_router
from rainforest.matching.api import router as matching_router
from rainforest.matching.match_api import router as match_router
from rainforest.platforms.api import router as platforms_router
from rainforest.policies.api import enterprise_router as policies_enterprise_router
from rainforest.policies.api import router as policies_router
from rainforest.reviews.api import router as reviews_router
from rainforest.talent.api import router as talent_router
from rainforest.techmarket.api import router as techmarket_router


class ReadableJSONRenderer(JSONRenderer):
    """Chinese messages as characters, not \\u escapes, so a person reading curl output can read them."""

    json_dumps_params = {"ensure_ascii": False}


# The strings pydantic reads as a Decimal (no infinity, no NaN, an exponent Decimal can hold: a longer one
# fails to parse). Pydantic's schema for a Decimal input says "a number or any string", which promises more
# than it accepts.
DECIMAL_TEXT = r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,17})?\s*$"


def _state_decimal_text(node: Any) -> None:
    """Give every "number or string" (a Decimal input) the pattern of the strings it accepts."""
    if isinstance(node, dict):
        choices = node.get("anyOf")
        if isinstance(choices, list) and any(
            isinstance(choice, dict) and choice.get("type") == "number" for choice in choices
        ):
            for choice in choices:
                if choice == {"type": "string"}:
                    choice["pattern"] = DECIMAL_TEXT
        for value in node.values():
            _state_decimal_text(value)
    elif isinstance(node, list):
        for value in node:
            _state_decimal_text(value)


class DeclaredErrorsSchema(OpenAPISchema):
    """The OpenAPI schema with every operation's error answers declared (401, 403, 404, 422, 400, 429 as
    `errors.declared_errors` decides from the operation's inputs), each with its shape. An operation that
    declares a status itself (`response={201: …, 409: ErrorOut}`) keeps its own declaration. Decimal
    inputs state which strings they accept."""

    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        super().__init__(api, path_prefix)
        _state_decimal_text(self)

    def responses(self, operation: Operation) -> dict[int, Any]:
        declared = super().responses(operation)
        sources = {getattr(model, "__ninja_param_source__", None) for model in operation.models}
        errors = declared_errors(
            authenticated=bool(operation.auth_callbacks),
            path_parameters=bool(operation.signature.path_params_names),
            inputs=bool(operation.models),
            body=bool(sources - {"path", "query", "header", "cookie"}),
        )
        for status, schema in errors.items():
            if status in declared:
                continue
            model = operation._create_response_model(schema)
            assert model is not None
            content = self._create_schema_from_model(model, by_alias=True, mode="serialization")[0]  # type: ignore[type-var]
            declared[status] = {
                "description": DESCRIPTIONS[status],
                "content": {self.api.renderer.media_type: {"schema": content}},
            }
        return dict(sorted(declared.items()))


class RainforestAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return DeclaredErrorsSchema(self, path_prefix)


api = RainforestAPI(
    title="Rainforest 雨林 API",
    version="1",
    description="晋中市科技创新雨林平台接口。脚本使用 `Authorization: Bearer TOKEN`（`rainforest token create`），"
    "浏览器页面使用登录会话（附 CSRF 令牌）。所有数据按用户的数据范围返回。",
    urls_namespace="api",
    auth=[token_auth, session_auth],
    renderer=ReadableJSONRenderer(),
)


@api.exception_handler(ValidationError)
def refused_by_validation(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A service's (or model's) ValidationError answers 422 in the shape ninja uses for schema errors."""
    return api.create_response(request, {"detail": validation_error_detail(error)}, status=422)


@api.exception_handler(PermissionDenied)
def refused_by_permission(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or "Forbidden"}, status=403)


# --- /me ----------------------------------------------------------------------------------------------

account = Router(tags=["account"])


class LabelledCode(Schema):
    code: str
    label: str


class OrganisationOut(Schema):
    name: str
    kind: LabelledCode


class RegionOut(Schema):
    code: str
    name: str


class ScopeOut(Schema):
    reach: str
    district: RegionOut | None
    development_zone: str | None
    credit_code: str


class MeOut(Schema):
    username: str
    display_name: str
    role: LabelledCode
    organisation: OrganisationOut | None
    scope: ScopeOut
    sees_personal_data: bool


@account.get("/me", response=MeOut, summary="当前用户、角色、机构与数据范围")
@access.login
def me(request: AuthenticatedRequest) -> dict[str, Any]:
    user = request.auth
    scope = scope_for(user)
    organisation = user.organisation
    region = organisation.region if organisation and scope.region_id else None
    zone = organisation.zone if organisation and scope.zone_id else None
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": {"code": user.role, "label": user.get_role_display()},
        "organisation": {
            "name": organisation.name,
            "kind": {"code": organisation.kind, "label": organisation.get_kind_display()},
        }
        if organisation
        else None,
        "scope": {
            "reach": scope.reach.value,
            "district": {"code": region.code, "name": region.name} if region else None,
            "development_zone": str(zone) if zone else None,
            "credit_code": scope.credit_code,
        },
        "sees_personal_data": sees_personal_data(user),
    }


api.add_router("", account)
api.add_router("/enterprises", enterprises_router)
api.add_router("/enterprises", eligibility_enterprise_router)
api.add_router("/eligibility", eligibility_router)
api.add_router("/forest", forest_router)
api.add_router("/policies", policies_router)
api.add_router("/enterprises", policies_enterprise_router)
api.add_router("/cultivation", cultivation_router)
api.add_router("/changes", changes_router)
api.add_router("/indicators", indicators_router)
api.add_router("/techmarket", techmarket_router)
api.add_router("/matching", matching_router)
api.add_router("/matching", match_router)
api.add_router("/talent", talent_router)
api.add_router("/platforms", platforms_router)
api.add_router("/finance", finance_router)
api.add_router("/calls", calls_router)
api.add_router("/reviews", reviews_router)
api.add_router("/incubator", incubator_router)

# Every record type declared once (rainforest.core.records) gets its list, detail and create operations.
for record in records.registered():
    api.add_router(f"/records/{record.slug}", router_for(record))
