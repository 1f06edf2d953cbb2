"""The permission matrix (rainforest/core/tests/test_permission_matrix.py) asked about this app's routes
only: every page and API operation of platforms, their partners, performance, plans and types, for every
role of the cast, on a record of 榆次区 and one of 太谷区 (the factories of tests/matrix.py). The whole
matrix runs in the shared suite; this keeps the platforms' part quick to run while working on them."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

# The record walk first: the apps' tests/matrix.py import both modules, and importing the walk first keeps
# that chain free of a module half imported (the matrix first ends in one that needs the matrix's names).
importlib.import_module("rainforest.core.tests.test_records")
matrix = importlib.import_module("rainforest.core.tests.test_permission_matrix")

pytestmark = pytest.mark.django_db


ALL_ROUTES = matrix.all_routes


def platform_routes() -> list[Any]:
    return [route for route in ALL_ROUTES() if "platform" in route.path]


def test_the_platform_routes_are_the_expected_ones():
    pages = {route.name for route in platform_routes() if not route.api}
    assert {"platforms:summary", "platforms:scorecards", "platforms:plan"} <= pages
    for name in ("platform", "platform_partner", "platform_performance", "platform_plan", "platform_type"):
        assert {f"records:{name}_{view}" for view in ("list", "create", "detail", "edit", "delete")} <= pages
    operations = {route.path for route in platform_routes() if route.api}
    assert {"api/v1/platforms/scorecards", "api/v1/platforms/plan", "api/v1/platforms/summary"} <= operations


@pytest.mark.parametrize("who", matrix.ROLES, ids=[str(role) for role in matrix.ROLES])
def test_every_platform_route_answers_each_role_as_the_policy_says(client, request, who, butler, own_firm,
                                                                    monkeypatch):  # fmt: skip
    monkeypatch.setattr(matrix, "all_routes", platform_routes)
    matrix.test_every_route_answers_each_role_as_the_policy_says(client, request, who, butler, own_firm)
