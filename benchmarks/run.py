"""`make bench`: Rainforest's speed claims, measured on PostgreSQL against baselines in the same run.

    .venv/bin/python benchmarks/run.py [--scale national|province|city] [--repeat N] [--out docs/benchmarks.md]

1. Makes sure the database that DATABASE_URL names (default postgres://postgres@127.0.0.1:5432/rainforest_bench)
   exists, is migrated and holds the demo at the asked scale (`rainforest demo --scale S --no-serve`).
2. Measures medians over repeated runs of
   a. the first page of the filtered enterprise list as the API serves it (GET /api/v1/enterprises with a
      city officer's token through Django's test client), and the same through the selector and FilterSet
      alone, against a hand-written SQL query returning the same rows (same filter, ORDER BY, LIMIT) and
      the same total count;
   b. the forest summary for a date (GET /api/v1/forest and forest.selectors.forest_summary) against a
      hand-written SQL GROUP BY;
   c. the layer computation for every enterprise at one date (forest.selectors.layers_on);
   d. the yearly-figures import (benchmarks/bench_import.py, when it is there).
3. Writes docs/benchmarks.md: the machine, the date, the medians, the ratios and the aims of the issue.

Nothing here asserts a time: these are measurements, reported as they come out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/rainforest_bench"
# Enterprises a loaded demo has at least, by scale (the issue: ~1,500 for the city, ~500,000 national).
MINIMUM_ROWS = {"city": 1000, "province": 10000, "national": 400000}
# The filtered list: 榆次区 (GB/T 2260 140702), herb layer, first page.
LIST_FILTER = {"district": "140702", "layer": "herb", "page": "1"}
LAYER_VALUES = {"none": 0, "seed": 1, "herb": 2, "shrub": 3, "tree": 4}


@dataclass
class Measure:
    name: str
    seconds: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000


def timed(function: Callable[[], Any], repeat: int, warmup: int = 1) -> tuple[list[float], Any]:
    result = None
    for _ in range(warmup):
        result = function()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def say(message: str) -> None:
    print(f"bench: {message}", flush=True)


# --- The database ---------------------------------------------------------------------------------------


def _admin_connection(url: str) -> tuple[Any, str]:
    """An autocommit connection to the server's `postgres` database, and the database name in `url`."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench: the benchmarks run on PostgreSQL; DATABASE_URL names " + config["ENGINE"])
    params = {
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
    }
    conninfo = psycopg.conninfo.make_conninfo(
        dbname="postgres", **{k: str(v) for k, v in params.items() if v}
    )
    return psycopg.connect(conninfo, autocommit=True), str(config["NAME"])


def ensure_database(url: str, *, fresh: bool = False) -> None:
    """Create the database `url` names on first use (PostgreSQL only); `fresh` drops it first."""
    connection, name = _admin_connection(url)
    with connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            say(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    connection, name = _admin_connection(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure_demo(scale: str, reload: bool) -> int | None:
    """Load the demo at `scale` unless it is there; the number of enterprises, or None when unavailable."""
    from django.core.management import call_command, get_commands

    from rainforest.enterprises.models import Enterprise

    call_command("migrate", verbosity=0, interactive=False)
    count = Enterprise.objects.count()
    if count >= MINIMUM_ROWS[scale] and not reload:
        say(f"{count} enterprises already loaded (scale {scale})")
        return count
    if "demo" not in get_commands():
        say("the `demo` command is not available yet: nothing to measure. Skipped.")
        return None
    say(
        f"loading the demo at scale {scale}: `rainforest demo --scale {scale} --no-serve` (this can take minutes)"
    )
    started = time.perf_counter()
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("rainforest")), "demo", "--scale", scale, "--no-serve"],
        cwd=ROOT,
        env=os.environ.copy(),
        check=False,
    )
    if completed.returncode != 0:
        say(f"`rainforest demo --scale {scale}` failed (exit {completed.returncode}): skipped.")
        return None
    say(f"demo loaded in {time.perf_counter() - started:.0f} s")
    return Enterprise.objects.count()


# --- The measures ---------------------------------------------------------------------------------------


def api_client(username: str) -> Any:
    """A test client carrying a fresh API token of `username`, made through the stable CLI command."""
    from io import StringIO

    from django.core.management import call_command
    from django.test import Client

    out = StringIO()
    call_command("token", "create", "--user", username, stdout=out)
    token = out.getvalue().strip().split()[-1]
    return Client(headers={"authorization": f"Bearer {token}"})


def page_items(payload: Any) -> tuple[list[dict[str, Any]], int | None]:
    if isinstance(payload, dict):
        items: list[dict[str, Any]] = next(
            (payload[k] for k in ("items", "results", "data") if isinstance(payload.get(k), list)), []
        )
        total = next((payload[k] for k in ("count", "total") if isinstance(payload.get(k), int)), None)
        return items, total
    return (payload if isinstance(payload, list) else []), None


def list_sql(page_size: int, day: date) -> tuple[str, str, str]:
    """The filtered list by hand: the district's id by its code (as the FilterSet looks it up first), then
    the page (ORDER BY name, id with LIMIT, with the district for display) and the total count."""
    from rainforest.core.models import Region
    from rainforest.enterprises.models import Enterprise
    from rainforest.forest.models import LayerSpan

    enterprise = Enterprise._meta.db_table
    region = Region._meta.db_table
    span = LayerSpan._meta.db_table
    district = f"SELECT id FROM {region} WHERE code = %s"
    where = f"""
        WHERE e.district_id = %s
          AND EXISTS (SELECT 1 FROM {span} s
                      WHERE s.enterprise_id = e.id AND s.layer = {LAYER_VALUES[LIST_FILTER["layer"]]}
                        AND s.starts_on <= '{day.isoformat()}'
                        AND (s.ends_on IS NULL OR s.ends_on > '{day.isoformat()}'))"""
    page = f"""
        SELECT e.id, e.credit_code, e.name, r.code, r.name, e.founded_on
        FROM {enterprise} e JOIN {region} r ON r.id = e.district_id
        {where}
        ORDER BY e.name, e.id
        LIMIT {int(page_size)}"""
    count = f"SELECT count(*) FROM {enterprise} e {where}"
    return district, page, count


def measure_list(client: Any, user: Any, repeat: int) -> tuple[list[Measure], list[str]]:
    from django.db import connection

    from rainforest.core.models import data_as_of
    from rainforest.enterprises.filters import EnterpriseFilter
    from rainforest.enterprises.selectors import enterprises_for

    notes: list[str] = []
    measures: list[Measure] = []
    url = "/api/v1/enterprises?" + urlencode(LIST_FILTER)
    api_codes: list[Any] = []
    api_total: int | None = None

    def call_api() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response.json()

    try:
        seconds, payload = timed(call_api, repeat)
        items, api_total = page_items(payload)
        api_codes = [item.get("credit_code") for item in items]
        measures.append(Measure("API GET /api/v1/enterprises (first page, with total)", seconds))
    except Exception as error:  # the endpoint may not exist yet: say so, measure the code path alone
        notes.append(f"The API list endpoint was not measured: {error}.")

    page_size = len(api_codes) or 20  # the API's default page size

    def code_path() -> tuple[list[str], int]:
        filtered = EnterpriseFilter(
            {k: v for k, v in LIST_FILTER.items() if k != "page"}, queryset=enterprises_for(user)
        ).qs
        rows = list(filtered.order_by("name", "id").values_list("credit_code", flat=True)[:page_size])
        return rows, filtered.count()

    seconds, (orm_codes, orm_total) = timed(code_path, repeat)
    measures.append(Measure("selector + FilterSet (first page and total, no HTTP)", seconds))

    # The FilterSet's layer filter looks at the data as-of date (RAINFOREST_AS_OF, the demo's, or today).
    district, page, count = list_sql(page_size, data_as_of())

    def raw() -> tuple[list[str], int]:
        with connection.cursor() as cursor:
            cursor.execute(district, [LIST_FILTER["district"]])
            district_id = cursor.fetchone()[0]
            cursor.execute(page, [district_id])
            rows = [row[1] for row in cursor.fetchall()]
            cursor.execute(count, [district_id])
            return rows, cursor.fetchone()[0]

    seconds, (sql_codes, sql_total) = timed(raw, repeat)
    measures.append(Measure("hand-written SQL (district id, page with ORDER BY/LIMIT, count)", seconds))

    same = sql_codes == orm_codes and sql_total == orm_total
    if api_codes:
        same = same and api_codes == sql_codes and (api_total is None or api_total == sql_total)
    notes.append(
        f"Filter {LIST_FILTER}: {sql_total} matching enterprises, page of {len(sql_codes)}; "
        + (
            "the API, the code path and the SQL returned the same rows and total."
            if same
            else "WARNING: the rows differ between the measured paths; the ratio compares unequal work."
        )
    )
    return measures, notes


def measure_forest(client: Any, user: Any, day: date, repeat: int) -> tuple[list[Measure], list[str]]:
    from django.db import connection

    from rainforest.forest.models import LayerSpan
    from rainforest.forest.selectors import forest_summary

    notes: list[str] = []
    measures: list[Measure] = []
    url = f"/api/v1/forest?as_of={day.isoformat()}"

    def call_api() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response.json()

    try:
        seconds, _payload = timed(call_api, repeat)
        measures.append(Measure(f"API GET /api/v1/forest?as_of={day}", seconds))
    except Exception as error:
        notes.append(f"The API forest endpoint was not measured: {error}.")

    seconds, summary = timed(lambda: forest_summary(user, day), repeat)
    measures.append(Measure("forest.selectors.forest_summary (no HTTP)", seconds))

    span = LayerSpan._meta.db_table
    sql = f"""
        SELECT district_id, layer, count(*), count(*) FILTER (WHERE needs_data)
        FROM {span}
        WHERE starts_on <= %s AND (ends_on IS NULL OR ends_on > %s)
        GROUP BY district_id, layer"""

    def raw() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, [day, day])
            return cursor.fetchall()

    seconds, rows = timed(raw, repeat)
    measures.append(Measure("hand-written SQL GROUP BY district, layer", seconds))
    sql_total = sum(row[2] for row in rows)
    notes.append(
        f"Forest on {day}: {summary.total} organisations in the summary, {sql_total} spans counted by the SQL"
        + (" (equal)." if sql_total == summary.total else " (WARNING: they differ).")
    )
    return measures, notes


def measure_layers(day: date, repeat: int) -> tuple[Measure, int]:
    from rainforest.forest.selectors import layers_on

    seconds, layers = timed(lambda: layers_on(day), repeat, warmup=0)
    return Measure(f"forest.selectors.layers_on({day}) for every enterprise", seconds), len(layers)


def measure_import(url: str, rows: int) -> tuple[str, dict[str, Any] | None]:
    """Run benchmarks/bench_import.py (written with the imports framework) on a throwaway PostgreSQL
    database beside the benchmark one, and keep what it reports."""
    script = ROOT / "benchmarks" / "bench_import.py"
    if not script.exists():
        return "benchmarks/bench_import.py is not there yet: the import was not measured.", None
    throwaway = url.rsplit("/", 1)[0] + "/" + url.rsplit("/", 1)[1].split("?")[0] + "_import"
    ensure_database(throwaway, fresh=True)
    say(f"running benchmarks/bench_import.py --rows {rows} on a throwaway database (this takes minutes)")
    try:
        completed = subprocess.run(
            [sys.executable, str(script), "--json", "--rows", str(rows), "--database-url", throwaway],
            cwd=ROOT,
            env=os.environ.copy(),
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        drop_database(throwaway)
    if completed.returncode != 0:
        return (
            f"benchmarks/bench_import.py failed (exit {completed.returncode}):\n\n```\n{completed.stderr[-2000:]}\n```",
            None,
        )
    output = completed.stdout.strip()
    try:
        return "", json.loads(output.splitlines()[-1])
    except (ValueError, IndexError):
        return f"```\n{output[-4000:]}\n```", None


# --- The report -----------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    from django.db import connection

    memory = ""
    cpu = platform.processor()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    import django

    return {
        "cores (nproc)": str(
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        ),
        "processor": cpu or "unknown",
        "memory": memory or "unknown",
        "PostgreSQL": server,
        "Python": platform.python_version(),
        "Django": django.get_version(),
    }


def ratio(numerator: Measure | None, baseline: Measure) -> str:
    if numerator is None:
        return "—"
    return f"{numerator.median_ms / baseline.median_ms:.1f}x"


def write_report(out: Path, context: dict[str, Any]) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (benchmarks/run.py) down to the marker line; do not edit that part by hand, run",
        "it again. The capabilities' own benchmarks follow the marker, and a run keeps them. Medians of repeated",
        "runs after one warm-up run; each baseline is measured in the same run, on the same database.",
        "",
        f"- date: {context['date']}",
        f"- database: PostgreSQL, demo at scale **{context['scale']}**: {context['enterprises']:,} enterprises"
        f" ({context['spans']:,} layer spans)",
    ]
    lines += [f"- {key}: {value}" for key, value in context["machine"].items()]
    lines += [f"- load: {context['load']}"]
    cores = int(context["machine"]["cores (nproc)"])
    if max(context["load_averages"]) > cores:
        lines += [
            "",
            f"> The machine was busy during this run (1-minute load average up to {max(context['load_averages']):.1f}"
            f" on {cores} cores): absolute times are inflated by the other work; the ratios, measured side by side,"
            " hold better.",
        ]
    if context["scale"] != "national":
        lines += [
            "",
            f"> These figures are for the **{context['scale']}** scale, not the national one (about 500,000",
            "> enterprises) that the aims below are stated for. "
            + (context.get("scale_reason") or "Run `make bench` (national scale) for those."),
        ]
    lines += [
        "",
        "## The filtered enterprise list, first page",
        "",
        "| what | median | vs SQL |",
        "| --- | ---: | ---: |",
    ]
    baseline = context["list"][-1]
    for measure in context["list"]:
        lines.append(f"| {measure.name} | {measure.median_ms:.1f} ms | {ratio(measure, baseline)} |")
    lines += ["", *[f"- {note}" for note in context["list_notes"]]]
    lines += [
        "",
        "## The forest summary for a date",
        "",
        "| what | median | vs SQL |",
        "| --- | ---: | ---: |",
    ]
    baseline = context["forest"][-1]
    for measure in context["forest"]:
        lines.append(f"| {measure.name} | {measure.median_ms:.1f} ms | {ratio(measure, baseline)} |")
    lines += ["", *[f"- {note}" for note in context["forest_notes"]]]
    layers: Measure = context["layers"]
    lines += [
        "",
        "## The layer computation",
        "",
        f"{layers.name}: **{layers.median_ms / 1000:.1f} s** (median of {len(layers.seconds)}) for"
        f" {context['layered']:,} enterprises, loading their facts and applying the rulebook.",
        "",
        "## The yearly-figures import",
        "",
    ]
    text, figures = context["import"]
    if figures:
        lines += ["| what | value |", "| --- | ---: |"]
        lines += [f"| {key} | {value} |" for key, value in figures.items()]
    if text:
        lines += [text]
    api_list = context["list"][0]
    api_forest = context["forest"][0]

    def verdict(met: bool) -> str:
        return "met" if met else "**not met**"

    def within(measure: Measure, baseline: Measure) -> str:
        met = measure.median_ms <= 300 and measure.median_ms <= 2 * baseline.median_ms
        return f"{measure.median_ms:.0f} ms, {ratio(measure, baseline)} ({measure.name}) | {verdict(met)}"

    national = context["layered"] >= 400000
    layer_seconds = layers.median_ms / 1000
    lines += [
        "",
        "## Aims (from the foundation issue)",
        "",
        "| aim | measured | |",
        "| --- | --- | --- |",
        f"| the filtered list within 2x of the raw query and under 300 ms | {within(api_list, context['list'][-1])} |",
        f"| the forest summary within 2x of the raw query and under 300 ms"
        f" | {within(api_forest, context['forest'][-1])} |",
        f"| layers of 500,000 enterprises at one date under 30 s | {layer_seconds:.1f} s for"
        f" {context['layered']:,} | {verdict(layer_seconds < 30) if national else 'not at national scale'} |",
    ]
    if figures and "full import: validate + store + forest (median)" in figures:
        full = figures["full import: validate + store + forest (median)"]
        seconds = float(str(full).split()[0])
        rows = str(figures.get("rows", "?"))
        lines.append(
            f"| a 100,000-row yearly-figures import under 20 s (ratio to the raw calamine read) | {full} for"
            f" {rows} rows, {figures.get('ratio full import / raw read', '?')} |"
            f" {verdict(seconds < 20) if rows == '100,000' else 'not 100,000 rows'} |"
        )
    else:
        lines.append("| a 100,000-row yearly-figures import under 20 s | not measured | |")
    for what, measures in (("list", context["list"]), ("forest summary", context["forest"])):
        baseline = measures[-1]
        if baseline.median_ms > 300:
            lines += [
                "",
                f"The hand-written {what} query alone takes {baseline.median_ms:.0f} ms here: above 300 ms the time"
                " goes to the query and its indexes, not to Django.",
            ]
    lines += [
        "",
        "The HTTP figures include Django's request handling, token authentication and JSON rendering; the raw",
        "query does none of that, so the ratio is an upper bound on the cost of the ORM itself.",
        "",
    ]
    kept = _kept_sections(out)
    out.write_text("\n".join(lines) + ("\n" + kept if kept else ""), encoding="utf-8")


# The capabilities' own benchmarks (bench_calls.py, bench_contracts.py, …) add their sections below this line
# of docs/benchmarks.md; a run of this script rewrites what is above it and keeps them.
KEPT_MARKER = "<!-- make bench keeps everything below this line: the capabilities' own benchmarks -->"


def _kept_sections(out: Path) -> str:
    """The part of the report from KEPT_MARKER on ("" without the marker or the file)."""
    try:
        text = out.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    position = text.find(KEPT_MARKER)
    return text[position:] if position >= 0 else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", choices=sorted(MINIMUM_ROWS), default=os.environ.get("BENCH_SCALE", "national")
    )
    parser.add_argument("--repeat", type=int, default=15, help="runs per query measure (default 15)")
    parser.add_argument(
        "--layer-repeat", type=int, default=3, help="runs of the layer computation (default 3)"
    )
    parser.add_argument("--reload", action="store_true", help="load the demo again even if it is there")
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="date of the forest (default: the data as-of date the API uses)",
    )
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows of the import benchmark")
    parser.add_argument("--skip-import", action="store_true", help="do not run benchmarks/bench_import.py")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    # The test client talks to "testserver"; nothing else is served here.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rainforest.settings")
    sys.path.insert(0, str(ROOT))
    ensure_database(url)

    import django

    # WhiteNoise warns when STATIC_ROOT was never collected; no static file is requested here.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    enterprises = ensure_demo(args.scale, args.reload)
    if enterprises is None:
        return

    from rainforest.core.models import User, data_as_of
    from rainforest.forest.models import LayerSpan

    day = args.as_of or data_as_of()
    load_before = os.getloadavg()
    user = User.objects.get(username="city")
    client = api_client("city")
    say("measuring the enterprise list")
    list_measures, list_notes = measure_list(client, user, args.repeat)
    say("measuring the forest summary")
    forest_measures, forest_notes = measure_forest(client, user, day, args.repeat)
    say("measuring the layer computation")
    layers, layered = measure_layers(day, args.layer_repeat)
    imported = (
        ("The import was not measured in this run (--skip-import).", None)
        if args.skip_import
        else measure_import(url, args.import_rows)
    )

    load_after = os.getloadavg()
    context = {
        "load_averages": (load_before[0], load_after[0]),
        "load": f"{load_before[0]:.1f} before, {load_after[0]:.1f} after (1-minute load average; other work on"
        " the machine slows every figure alike, the ratios less)",
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        # The scale actually loaded (the database may hold a larger demo than asked for).
        "scale": max((s for s, n in MINIMUM_ROWS.items() if enterprises >= n), key=MINIMUM_ROWS.__getitem__),
        "scale_reason": os.environ.get("BENCH_SCALE_REASON", ""),
        "enterprises": enterprises,
        "spans": LayerSpan.objects.count(),
        "machine": machine(),
        "list": list_measures,
        "list_notes": list_notes,
        "forest": forest_measures,
        "forest_notes": forest_notes,
        "layers": layers,
        "layered": layered,
        "import": imported,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_report(args.out, context)
    for measure in [*list_measures, *forest_measures, layers]:
        say(f"{measure.median_ms:10.1f} ms  {measure.name}")
    say(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
