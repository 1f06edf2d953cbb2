"""An ordinary refusal (403) or a missing page (404) is logged as one line, without a traceback, for pages
and the API alike; a real fault keeps its traceback."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied

from rainforest.core.log import OrdinaryRefusalsWithoutTraceback
from rainforest.core.services import api_token_create


def request_log(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str, bool]]:
    return [
        (record.levelname, record.getMessage(), record.exc_info is not None or record.exc_text is not None)
        for record in caplog.records
        if record.name == "django.request"
    ]


def test_a_refused_page_logs_one_line_without_a_traceback(client, bank, caplog):
    client.force_login(bank)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/cultivation/")
    assert response.status_code == 403
    assert request_log(caplog) == [("WARNING", "Forbidden (Permission denied): /cultivation/", False)]
    assert "Traceback" not in caplog.text


def test_a_missing_page_logs_one_line_without_a_traceback(client, city, caplog):
    client.force_login(city)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/enterprises/911407020000000000/")
    assert response.status_code == 404
    assert request_log(caplog) == [("WARNING", "Not Found: /enterprises/911407020000000000/", False)]


@pytest.mark.parametrize(
    ("path", "status", "line"),
    [
        ("/api/v1/cultivation/targets", 403, "Forbidden: /api/v1/cultivation/targets"),
        ("/api/v1/enterprises/911407020000000000", 404, "Not Found: /api/v1/enterprises/911407020000000000"),
    ],
)
def test_a_refused_or_missing_api_answer_logs_one_line_without_a_traceback(
    path, status, line, client, bank, caplog
):
    _, secret = api_token_create(user=bank)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(path, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == status
    assert request_log(caplog) == [("WARNING", line, False)]


def test_the_filter_keeps_the_traceback_of_a_real_fault():
    def record_of(error: Exception) -> logging.LogRecord:
        try:
            raise error
        except Exception as caught:
            return logging.LogRecord(
                "django.request", logging.ERROR, __file__, 1, "x", (), (type(caught), caught, None)
            )

    fault, refusal = record_of(ZeroDivisionError("boom")), record_of(PermissionDenied("no"))
    quiet = OrdinaryRefusalsWithoutTraceback()
    assert (quiet.filter(fault), quiet.filter(refusal)) == (True, True)
    assert (fault.exc_info is not None, refusal.exc_info) == (True, None)
