"""`rainforest serve`: the gunicorn command line and the first-run collectstatic."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from rainforest.core.management.commands import serve


def test_it_runs_gunicorn_on_the_wsgi_application_with_logs_to_stdout():
    argv = serve.gunicorn_argv(host="0.0.0.0", port=8080, workers=3, threads=2, timeout=30, max_requests=1000)

    assert argv[1:4] == ["-m", "gunicorn", "rainforest.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:8080"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--threads") + 1] == "2"
    assert argv[argv.index("--access-logfile") + 1] == "-"
    assert argv[argv.index("--max-requests-jitter") + 1] == "100"


def test_workers_default_to_web_concurrency(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    out = StringIO()

    call_command("serve", "--dry-run", stdout=out)

    assert "--workers 5" in out.getvalue()


def test_workers_default_to_two_without_web_concurrency(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)

    assert serve.default_workers() == 2


@pytest.mark.parametrize("manifest, expected", [(False, True), (True, False)])
def test_static_files_are_collected_when_the_manifest_is_missing(
    settings, tmp_path: Path, manifest: bool, expected: bool
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    if manifest:
        (tmp_path / serve.MANIFEST).write_text("{}", encoding="utf-8")

    assert serve.static_needs_collecting() is expected
