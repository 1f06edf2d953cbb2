"""The yearly-figures import against a raw python-calamine read of the same file, in the same run.

    .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--repeat 3] [--json] [--database-url URL]

Builds a throwaway database (a temporary SQLite file unless --database-url names another throwaway
database; the DATABASE_URL of the environment is deliberately ignored), migrates it, creates enough
enterprises in bulk (5 years of figures each), writes an .xlsx of `--rows` yearly-figures rows with
openpyxl, then measures medians of
  - the raw read: python-calamine loading every cell of the sheet (the baseline);
  - the full import into an empty table: read, validate every row, store with history, refresh the forest;
  - the re-import of the same file: read, validate, find nothing changed, write nothing.
Prints a markdown table (and with --json, one JSON object on the last line, for benchmarks/run.py).
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
YEARS = (2021, 2022, 2023, 2024, 2025)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON on the last line")
    parser.add_argument(
        "--database-url", default="", help="a THROWAWAY database (default: a temporary SQLite file)"
    )
    return parser.parse_args()


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def setup(workdir: Path, database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "rainforest.settings"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["RAINFOREST_VAR_DIR"] = str(workdir / "var")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_enterprises(count: int) -> list[str]:
    from datetime import date

    from rainforest.core import credit_code
    from rainforest.core.models import Region
    from rainforest.enterprises.models import Enterprise

    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    districts = list(Region.objects.districts().filter(parent__code="140700"))
    codes = []
    rows = []
    for n in range(count):
        body, rest = "", n + 1
        for _ in range(8):
            body = alphabet[rest % 31] + body
            rest //= 31
        code = credit_code.build("91", districts[n % len(districts)].code, body)
        codes.append(code)
        rows.append(
            Enterprise(
                credit_code=code,
                name=f"基准测试科技有限公司{n:06d}",
                district=districts[n % len(districts)],
                founded_on=date(2010 + n % 10, 1 + n % 12, 1),
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=5000)
    return codes


def write_file(path: Path, codes: list[str], rows: int) -> None:
    from openpyxl import Workbook

    from rainforest.imports.registry import RECORD_TYPES

    columns = RECORD_TYPES["yearly_figures"].columns
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("年度数据")
    sheet.append([str(column.label) for column in columns])
    written = 0
    for index, code in enumerate(codes):
        for year in YEARS:
            if written == rows:
                break
            employees = 20 + (index * 7 + year) % 300
            income = 1_000_000 + (index * 7919 + year * 31) % 90_000_000
            sheet.append(
                [code, year, employees, employees // 5, employees // 8, income, income, income, income + 5000, income // 2,
                 income * 2, income, income, income // 10, income // 2, income // 20, income // 25, 1 + index % 5,
                 index % 9, index % 3, None, None]
            )  # fmt: skip
            written += 1
    workbook.save(path)


def timed(
    function: Callable[[], Any], repeat: int, before: Callable[[], None] | None = None
) -> tuple[list[float], Any]:
    seconds = []
    result = None
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def main() -> None:
    arguments = parse_arguments()
    with tempfile.TemporaryDirectory(prefix="rainforest-bench-import-") as directory:
        workdir = Path(directory)
        say("migrating a throwaway database")
        setup(workdir, arguments.database_url)
        from django.db import connection

        from rainforest.enterprises.models import YearlyFigures
        from rainforest.forest.models import LayerSpan, Move
        from rainforest.imports import services
        from rainforest.imports.reader import read_cells
        from rainforest.imports.registry import RECORD_TYPES

        enterprises = -(-arguments.rows // len(YEARS))
        say(f"creating {enterprises:,} enterprises")
        codes = make_enterprises(enterprises)
        path = workdir / "yearly_figures.xlsx"
        say(f"writing {arguments.rows:,} rows to {path.name}")
        write_file(path, codes, arguments.rows)
        record_type = RECORD_TYPES["yearly_figures"]

        def empty() -> None:
            # Raw deletes: a queryset delete would send post_delete per row and write 100,000 history rows.
            for model in (YearlyFigures.history.model, YearlyFigures, LayerSpan, Move):
                model._base_manager.all()._raw_delete(connection.alias)

        def run_import() -> services.ImportResult:
            result = services.import_file(record_type=record_type, path=path, user=None, file_name=path.name)
            if not result.stored and result.errors:
                raise SystemExit(f"the benchmark file was refused: {result.errors[:3]}")
            return result

        say("raw python-calamine read")
        raw, cells = timed(lambda: read_cells(path), arguments.repeat)
        say("full import into an empty table")
        full, result = timed(run_import, arguments.repeat, before=empty)
        say("re-import of the same file")
        again, unchanged = timed(run_import, arguments.repeat)

        raw_s, full_s, again_s = statistics.median(raw), statistics.median(full), statistics.median(again)
        figures = {
            "database": connection.vendor,
            "rows": f"{len(cells) - 1:,}",
            "raw calamine read (median)": f"{raw_s:.2f} s",
            "full import: validate + store + forest (median)": f"{full_s:.2f} s",
            "ratio full import / raw read": f"{full_s / raw_s:.1f}x",
            "re-import, nothing changed (median)": f"{again_s:.2f} s",
            "ratio re-import / raw read": f"{again_s / raw_s:.1f}x",
            "rows created by the import": f"{result.created:,}",
            "rows unchanged on re-import": f"{unchanged.unchanged:,}",
            "repeats": str(arguments.repeat),
        }
        print("| what | value |")
        print("| --- | ---: |")
        for key, value in figures.items():
            print(f"| {key} | {value} |")
        if arguments.json:
            print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
