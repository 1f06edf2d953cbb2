"""Helpers for API tests: every call is made as one of the named cast, with a real bearer token."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from rainforest.core.services import api_token_create

Call = Callable[..., Any]


@pytest.fixture(autouse=True)
def api_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "rainforest.api.tests.urls"


@pytest.fixture
def api(client: Client) -> Call:
    """`api(user, "GET", "/api/v1/…", body=None, **query)` → the response (its JSON is `response.json()`).
    Each user gets one token, created through the service as `rainforest token create` does."""
    tokens: dict[int, str] = {}

    def call(user: Any, method: str, path: str, body: dict[str, Any] | None = None, **query: Any) -> Any:
        headers = {}
        if user is not None:
            if user.pk not in tokens:
                tokens[user.pk] = api_token_create(user=user, name="tests")[1]
            headers["Authorization"] = f"Bearer {tokens[user.pk]}"
        if method == "GET":
            return client.get(path, query, headers=headers)
        return client.generic(
            method, path, json.dumps(body or {}), content_type="application/json", headers=headers
        )

    return call
