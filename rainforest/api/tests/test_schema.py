"""The API does what its own OpenAPI schema says. Schemathesis generates requests from the schema, for
every operation valid ones and invalid ones, and sends them to the application in-process as the city
officer, through WSGI: no network, no server. No failure is allowed: no server error, no status the schema
does not declare, no answer that violates its declared shape, no valid request refused and no invalid one
accepted. The examples are derandomized, so every run sends the same requests."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
)

from rainforest.core.services import api_token_create
from rainforest.enterprises.tests.factories import EnterpriseFactory, district

# Left out: ignored_auth sends bad tokens on purpose (rainforest/api/tests/test_auth.py covers them), and
# repeated bad tokens from one address are locked out, which would refuse the rest of this run.
# negative_data_rejection flags an invalid request the API accepts anyway; pydantic's lax parsing accepts
# a few (a number for a date), which is leniency, not a fault. Invalid requests are still sent: they
# must not cause a server error or an undeclared status.
# Per operation and mode. Enough to try each parameter's bounds, empty strings and wrong types; small
# enough that the whole run stays well under a minute on a busy machine.
EXAMPLES = 8
EXPLORE = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported as found, not shrunk
    suppress_health_check=list(HealthCheck),
)


WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def refused_by_a_rule(response: Any) -> bool:
    """A 422 whose every error comes from a rule of the application (a service's or model's validation,
    type `value_error`, naming its field), not from the API's own parsing of what the schema allows."""
    if response.status_code != 422:
        return True
    return all(error.get("type") == "value_error" for error in response.json()["detail"])


def failures_of(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> list[str]:
    """Reads must accept every request their schema allows. A write may refuse a schema-valid body for a
    rule JSON Schema cannot state (a credit code's check digit, a district that must exist, a duplicate),
    with 422 naming the field; it may never refuse one in its parsing (the schema would be wrong)."""
    found: list[str] = []
    write = operation.method.upper() in WRITES and mode is GenerationMode.POSITIVE
    excluded = [ignored_auth, negative_data_rejection]
    if write:
        excluded.append(positive_data_acceptance)

    @EXPLORE
    @given(case=operation.as_strategy(generation_mode=mode))
    def explore(case: Any) -> None:
        try:
            response = case.call_and_validate(headers=headers, excluded_checks=excluded)
            if write and not refused_by_a_rule(response):
                found.append(f"{mode.value} {operation.label}: a schema-valid body refused: {response.text}")
        except (Exception, BaseExceptionGroup) as failure:  # how schemathesis reports a failed check
            found.append(f"{mode.value} {operation.label}: {failure}")

    explore()
    return found


@pytest.fixture
def connection_kept():
    """As Django's test client does: a request handled here must not close the test's connection (on
    PostgreSQL, close_old_connections closes a connection inside a transaction, and every later query of
    the test, and of the tests after it on that worker, would fail)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_answers_as_its_schema_says(city, connection_kept):
    EnterpriseFactory(name="晋中示例科技有限公司")  # some rows, so that lists and filters return them
    EnterpriseFactory(name="太谷示例科技有限公司", district=district("140703"))
    headers = {"Authorization": "Bearer " + api_token_create(user=city, name="schema test")[1]}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for failure in failures_of(operation, mode, headers)
    ]
    assert "\n\n".join(failures) == ""
