"""Answers that once were server errors, and the one shape of every error."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/enterprises",
        "/api/v1/cultivation/trainings",
        "/api/v1/cultivation/follow-ups",
        "/api/v1/cultivation/pool",
    ],
)
def test_a_page_number_beyond_the_declared_bound_is_refused_with_422_naming_it(api, city, path):
    response = api(city, "GET", path, page="100000000000000000000")
    assert response.status_code == 422
    assert [(e["loc"], e["type"]) for e in response.json()["detail"]] == [
        (["query", "page"], "less_than_equal")
    ]


@pytest.mark.parametrize("path", ["/api/v1/enterprises", "/api/v1/cultivation/trainings"])
def test_the_last_allowed_page_is_an_empty_page(api, city, path):
    body = api(city, "GET", path, page=1_000_000, page_size=100).json()
    assert (body["page"], body["page_size"], body["results"]) == (1_000_000, 100, [])
