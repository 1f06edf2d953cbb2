"""What a newcomer meets before the first page: the licence, the README's demo command, and a `migrate`
whose system checks raise no alarming warning on the default SQLite database."""

from __future__ import annotations

import ast
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


# Design notes kept beside the repository, never in it: the project's files say what they meant instead.
OUTSIDE = re.compile(r"\b(?:DESIGN|DOMAIN|STYLE)\.md\b|/work/(?:shared|briefs)\b")
SCANNED = ("rainforest", "docs", "benchmarks", "scripts", "tests", ".ci")
TEXT = {".py", ".md", ".html", ".toml", ".json", ".txt", ".cfg", ".po", ".sh", ".js", ".css", ""}


def test_no_doc_docstring_or_help_text_cites_a_file_outside_the_repository():
    files = [ROOT / name for name in ("README.md", "CONTRIBUTING.md", "pyproject.toml", "Makefile")]
    for folder in SCANNED:
        files += [path for path in (ROOT / folder).rglob("*") if path.is_file() and path.suffix in TEXT]
    this = Path(__file__).resolve()
    citing = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if path.resolve() != this and "__pycache__" not in path.parts
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert citing == []


def _imports_within(app: Path) -> dict[str, set[str]]:
    """Module → the modules of the same app it imports, at its top or inside a function."""
    package = f"rainforest.{app.name}"
    modules = {
        ".".join((package, *path.relative_to(app).with_suffix("").parts)).removesuffix(".__init__"): path
        for path in app.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(app).parts)
    }
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        graph[module] = {name for name in names if name in modules and name != module}
    return graph


@pytest.mark.parametrize("app", sorted(path.parent.name for path in (ROOT / "rainforest").glob("*/tasks.py")))
def test_neither_services_nor_tasks_lie_on_an_import_cycle(app):
    graph = _imports_within(ROOT / "rainforest" / app)
    for start in (f"rainforest.{app}.services", f"rainforest.{app}.tasks"):
        seen, stack = set(), list(graph.get(start, ()))
        while stack:
            module = stack.pop()
            if module not in seen:
                seen.add(module)
                stack.extend(graph[module])
        assert start not in seen, f"{start} imports itself through {sorted(seen)}"
