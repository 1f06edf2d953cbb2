"""The matching API does what its OpenAPI schema says (the API-wide schemathesis run of
rainforest/api/tests/test_schema.py, on this API's operations only)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from schemathesis.generation import GenerationMode

from rainforest.api.tests import test_schema
from rainforest.core.services import api_token_create
from rainforest.matching.engine import store
from rainforest.matching.tests.factories import AchievementFactory, DemandFactory
from rainforest.matching.tests.test_engine_records import PROBLEM, SEAL

connection_kept = test_schema.connection_kept


@pytest.fixture(autouse=True)
def _own_index(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    store.forget()
    yield
    store.forget()


def test_the_matching_api_answers_as_its_schema_says(city, connection_kept):
    AchievementFactory(**SEAL)
    DemandFactory(title="油缸漏油", description=PROBLEM)
    headers = {"Authorization": "Bearer " + api_token_create(user=city, name="schema test")[1]}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    mine = (
        "/matching/search",
        "/matching/demands/{demand_id}/matches",
        "/matching/achievements/{achievement_id}/matches",
    )
    operations = [result.ok() for result in schema.get_all_operations() if result.ok().path.endswith(mine)]
    assert len(operations) == 3
    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for failure in test_schema.failures_of(operation, mode, headers)
    ]
    assert "\n\n".join(failures) == ""
