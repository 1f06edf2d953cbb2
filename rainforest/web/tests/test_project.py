"""What a newcomer meets before the first page: the licence, the README's demo command, and a `migrate`
whose system checks raise no alarming warning on the default SQLite database."""

from __future__ import annotations

import re
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_the_database_checks_that_migrate_runs_pass_without_a_warning():
    output = StringIO()
    # `migrate` runs the checks with the database tags; a warning there fails this command.
    call_command("check", "--database", "default", "--fail-level", "WARNING", stdout=output, stderr=output)
    assert "W040" not in output.getvalue()


def test_the_repository_ships_the_apache_license_2_0_that_pyproject_declares():
    text = (ROOT / "LICENSE").read_text()
    assert re.match(
        r"\s*Apache License\s+Version 2\.0, January 2004\s+http://www\.apache\.org/licenses/", text
    )
    assert "END OF TERMS AND CONDITIONS" in text
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "Apache-2.0"


def test_the_readme_says_how_to_serve_the_demo_on_another_port_and_the_makefile_obeys():
    assert "make demo PORT=8101" in (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "PORT ?= 8000" in makefile
    demo_recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "--port $(PORT)" in demo_recipe
