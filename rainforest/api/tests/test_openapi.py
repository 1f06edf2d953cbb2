"""The OpenAPI schema itself: every operation declares its errors with their shape, list pages declare
their bounds, and no two schemas share a name (the schema keeps one of them, so the other operation's
answer would be documented with the wrong shape)."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from rainforest.api.api import api

SCHEMA = api.get_openapi_schema(path_prefix="/api/v1/")


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_no_two_schemas_of_the_api_share_a_name():
    components = set(SCHEMA["components"]["schemas"])
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("rainforest.") and ".tests" not in cls.__module__:
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert {
        name: sorted(where) for name, where in by_name.items() if len(where) > 1 and name in components
    } == {}


def test_every_operation_declares_its_errors_with_their_shape():
    missing = []
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            statuses = set(operation["responses"])
            wanted = {"401", "403", "429"} | (
                {"422"} if operation.get("parameters") or "requestBody" in operation else set()
            )
            if "{" in path:
                wanted.add("404")
            if not wanted <= {str(s) for s in statuses}:
                missing.append((method, path, sorted(wanted - {str(s) for s in statuses})))
    assert missing == []
    enterprise = SCHEMA["paths"]["/api/v1/enterprises/{credit_code}"]["get"]["responses"]
    assert enterprise[404]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    listing = SCHEMA["paths"]["/api/v1/enterprises"]["get"]["responses"]
    assert listing[422]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationErrorOut"
    }


def test_every_list_declares_the_same_page_bounds():
    bounds = {}
    for methods in SCHEMA["paths"].values():
        for parameter in methods.get("get", {}).get("parameters", []):
            if parameter["name"] in ("page", "page_size"):
                schema = parameter["schema"]
                bounds.setdefault(parameter["name"], set()).add((schema["minimum"], schema["maximum"]))
    assert bounds == {"page": {(1, 1_000_000)}, "page_size": {(1, 100)}}
