"""The API's documentation page (/api/v1/docs) on a machine without the internet: Swagger UI's files come
from the application itself, so with every request to another host blocked the page still lists every
operation of the OpenAPI schema, and the Content-Security-Policy blocks nothing (no inline script)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import Page
from tests.e2e.test_csp import RECORD_VIOLATIONS, violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOCS = "/api/v1/docs"


def test_the_api_docs_list_every_operation_with_other_hosts_blocked(
    page: Page, city_data: dict[str, Any]
) -> None:
    from rainforest.api.api import api

    own = urlsplit(page.base_url).netloc
    elsewhere: list[str] = []

    def only_this_server(route: Any) -> None:
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.page.route("**/*", only_this_server)
    page.page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(DOCS)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.page.locator(".opblock").first.wait_for(timeout=120_000)  # the schema is built on first request
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = sum(len(methods) for methods in schema["paths"].values())
    assert page.page.locator(".opblock").count() == operations
    assert page.page.locator(".opblock-summary-path[data-path='/api/v1/enterprises']").count() == 2
    assert (elsewhere, violations(page), page.errors) == ([], [], [])
