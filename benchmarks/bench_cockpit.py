"""The cockpit's data for one period (`indicators.figures.figures`: every indicator with the year before, the
change and the ranks, each read through the policy for a city officer) against plain per-indicator
queries in the same run.

    DATABASE_URL=… .venv/bin/python benchmarks/bench_cockpit.py [--period 2025Q1] [--repeat 7] [--json]

The database must hold a demo (`rainforest demo --scale city|province|national --no-serve`). Measured,
as medians over `--repeat` runs after one warm-up:

  1. `figures(period, user=city)`: the 27 indicators, each with its year before, change and rank;
  2. the baseline: one plain ORM query per indicator for the period alone (no policy, no year before, no
     rank), the least any cockpit must ask the database.

It prints a markdown table (and with --json one JSON object on the last line) with the ratio and the
machine's load (the 1-minute load average before and after each measurement). Nothing here asserts a time.

Options for national scale (PostgreSQL):

  --contracts N   before measuring, top the contract table up to N contracts with synthetic registered
                  contracts (INSERT … SELECT from generate_series in the database, as bench_contracts.py
                  fills its own, in chunks of 500,000), sold and bought by the demo's own enterprises and
                  so counted in their districts; then VACUUM ANALYZE the database. Timed apart, not part
                  of the figures. (bench_contracts.py's fill is not reused: it empties the contract table
                  and sells through 2,000 firms of its own.) Registered evenly from 2019-01-01 to the
                  data's as-of date; two thirds sold by a registry firm, half bought by one.
  --briefing      also time `rainforest briefing --period P --format docx --user city` (called in the
                  same process, writing to a temporary file): the median of 3 runs, no warm-up. The
                  briefing's cultivation targets read the pools' kept probabilities (cultivation/pool/
                  kept.py); it prints whether they were fresh. Without any kept row, the first run keeps
                  them (minutes at national scale): run with --keep-pool first.
  --keep-pool     before measuring, evaluate the whole registry's cultivation pools on the data's as-of
                  day and keep their probabilities (`rainforest cultivation keep-pool`), timed apart.
  --breakdown     also time, indicator by indicator in declaration order as `figures` computes them (one
                  context per run, so a source shared by several indicators is counted at the first that
                  reads it), the selector and the rank apart: medians over --repeat runs after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--period", default="2025Q1")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON on the last line")
    parser.add_argument(
        "--contracts", type=int, default=0, help="top the contract table up to N synthetic contracts first"
    )
    parser.add_argument("--briefing", action="store_true", help="also time the period's Word briefing")
    parser.add_argument(
        "--keep-pool",
        action="store_true",
        help="keep the cultivation pools' probabilities first (timed apart)",
    )
    parser.add_argument("--breakdown", action="store_true", help="also time each indicator alone")
    return parser.parse_args()


def load() -> float:
    return round(os.getloadavg()[0], 2)


CHUNK = 500_000


def top_up(total: int) -> tuple[int, float]:
    """Add synthetic registered contracts until the table holds `total`; returns (added, seconds)."""
    from bench_contracts import insert_contracts  # benchmarks/, on the path when run as a script
    from django.db import connection

    from rainforest.core.models import data_as_of
    from rainforest.enterprises.models import Enterprise
    from rainforest.techmarket.models import Contract

    missing = total - Contract.objects.count()
    if missing <= 0:
        return 0, 0.0
    if connection.vendor != "postgresql":
        raise SystemExit("--contracts needs PostgreSQL (generate_series)")
    started = time.perf_counter()
    first_day = date(2019, 1, 1)
    days = (data_as_of() - first_day).days + 1
    done = Contract.objects.filter(number__startswith="BC-").count()  # numbers go on after a top-up
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_firm")
        cursor.execute(
            "CREATE TEMP TABLE bench_firm AS SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id, "
            f"district_id AS district FROM {Enterprise._meta.db_table} WHERE district_id IS NOT NULL"
        )
        cursor.execute("ALTER TABLE bench_firm ADD PRIMARY KEY (n)")
        cursor.execute("SELECT count(*) FROM bench_firm")
        firms = cursor.fetchone()[0]
        if firms < 2:
            raise SystemExit("--contracts needs a demo with enterprises in districts")
        for low in range(done + 1, done + missing + 1, CHUNK):
            high = min(low + CHUNK - 1, done + missing)
            insert_contracts(
                cursor, firms=firms, low=low, high=high, first_day=first_day, days=days, prefix=("BC-", "BC")
            )
            print(f"  contracts {high - done:,} / {missing:,} added ({time.perf_counter() - started:.0f} s)")
        cursor.execute("DROP TABLE bench_firm")
        cursor.execute("VACUUM ANALYZE")
    return missing, time.perf_counter() - started


def time_briefing(period: Any, runs: int = 3) -> list[float]:
    """Seconds of each `rainforest briefing --period P --format docx --user city` run, in this process."""
    from io import StringIO

    from django.core.management import call_command

    seconds = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "briefing.docx"
        for _ in range(runs):
            start = time.perf_counter()
            call_command(
                "briefing",
                period=period.code,
                format="docx",
                out=str(out),
                user="city",
                stdout=StringIO(),
                stderr=StringIO(),
            )
            seconds.append(time.perf_counter() - start)
    return seconds


def breakdown(period: Any, user: Any, repeat: int) -> list[tuple[str, float, float]]:
    """(code, selector ms, rank ms) per indicator, as `indicators.selectors.figures` computes them."""
    from rainforest.core.models import data_as_of
    from rainforest.core.scope import Reach, scope_for
    from rainforest.indicators import selectors
    from rainforest.indicators.definitions import Context, all_definitions

    definitions = list(all_definitions())
    ranked = scope_for(user).reach is Reach.CITY
    times: dict[str, tuple[list[float], list[float]]] = {d.code: ([], []) for d in definitions}
    for run in range(repeat + 1):  # the first is a warm-up
        ctx = Context(period=period, user=user, district=None, as_of=data_as_of())
        for definition in definitions:
            start = time.perf_counter()
            pair = definition.selector(ctx)
            middle = time.perf_counter()
            if ranked and definition.peer_indicator:
                selectors._rank(definition, period, pair.value, pair.previous)
            end = time.perf_counter()
            if run:
                times[definition.code][0].append((middle - start) * 1000)
                times[definition.code][1].append((end - middle) * 1000)
    return [
        (code, statistics.median(selector), statistics.median(rank))
        for code, (selector, rank) in times.items()
    ]


def machine() -> dict[str, Any]:
    from django.db import connection

    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kilobytes = int(meminfo.read_text().split("\n", 1)[0].split()[1])
        memory = f"{kilobytes / 1024 / 1024:.0f} GB"
    server = ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
    return {
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "server": server,
    }


def median_ms(run: Callable[[], Any], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def plain_queries(period: Any) -> Callable[[], list[Any]]:
    """One query per indicator for the period only, straight on the tables."""
    from django.db.models import Count, Q, Sum

    from rainforest.enterprises.models import Certificate
    from rainforest.finance import models as finance
    from rainforest.incubator.models import Tenancy
    from rainforest.indicators.models import ServiceRevenue
    from rainforest.platforms.models import Platform, PlatformPerformance
    from rainforest.talent.models import KeyDiscipline, ResearchTeam, Trainee
    from rainforest.techmarket.models import Contract

    start, end = period.start, period.end
    day = min(end, date(2025, 6, 1))
    window = {"gte": start, "lte": end}

    def between(field: str) -> dict[str, date]:
        return {f"{field}__{key}": value for key, value in window.items()}

    valid = Q(issued_on__lte=day, expires_on__gt=day) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
    key = Platform.objects.filter(level="provincial", type__key_platform=True, recognised_on__lte=day)
    queries: list[Callable[[], Any]] = [
        lambda: (
            Contract.objects.filter(status="registered", **between("registered_on"))
            .filter(Q(seller_enterprise__isnull=False) | Q(seller_organisation__isnull=False))
            .aggregate(n=Count("pk"), a=Sum("contract_amount"), t=Sum("tech_transaction_amount"))
        ),
        lambda: ServiceRevenue.objects.filter(**between("month")).aggregate(
            n=Count("enterprise", distinct=True), r=Sum("revenue")
        ),
        lambda: Certificate.objects.filter(valid, kind="hnte").values("enterprise_id").distinct().count(),
        lambda: Certificate.objects.filter(kind="hnte", **between("issued_on")).count(),
        lambda: Certificate.objects.filter(valid, kind="tech_sme").values("enterprise_id").distinct().count(),
        lambda: key.count(),
        lambda: PlatformPerformance.objects.filter(
            platform__in=key.values("pk"), year=period.year - 1
        ).aggregate(r=Sum("rd_input"), b=Sum("economic_benefit")),
        lambda: Trainee.objects.filter(**between("training_class__ends_on")).count(),
        lambda: finance.MatchmakingEvent.objects.filter(**between("held_on")).count(),
        lambda: (
            finance.FinanceVisit.objects.filter(**between("visited_on"))
            .values("enterprise_id")
            .distinct()
            .count()
        ),
        lambda: finance.Loan.objects.filter(**between("lent_on")).aggregate(
            a=Sum("amount"), n=Count("enterprise", distinct=True)
        ),
        lambda: (
            finance.InterestSubsidyApplication.objects.filter(year=period.year)
            .values("enterprise_id")
            .distinct()
            .count()
        ),
        lambda: finance.TechInsurance.objects.filter(**between("starts_on")).aggregate(p=Sum("premium")),
        lambda: (
            Tenancy.objects.filter(entered_on__lte=day)
            .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
            .aggregate(
                f=Count("pk", filter=Q(enterprise__isnull=False)), t=Count("pk", filter=Q(team__isnull=False))
            )
        ),
        lambda: Tenancy.objects.filter(approved_on__lte=day, entered_on__isnull=True).count(),
        lambda: Tenancy.objects.filter(negotiating_on__lte=day, approved_on__isnull=True).count(),
        lambda: (KeyDiscipline.objects.count(), ResearchTeam.objects.count()),
    ]
    return lambda: [query() for query in queries]


def main() -> None:
    arguments = parse_arguments()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rainforest.settings")
    import django

    django.setup()
    from django.db import connection

    from rainforest.core.models import User
    from rainforest.enterprises.models import Enterprise
    from rainforest.indicators.figures import figures
    from rainforest.indicators.periods import Period
    from rainforest.techmarket.models import Contract

    period = Period.parse(arguments.period)
    city = User.objects.get(username="city")
    result: dict[str, Any] = {"period": period.code, "database": connection.vendor, **machine()}
    if arguments.contracts:
        loads = [load()]
        added, filled = top_up(arguments.contracts)
        result["top_up"] = {"added": added, "seconds": round(filled, 1), "load": [*loads, load()]}
        print(f"Topped up {added:,} contracts in {filled:.0f} s (not part of the figures)")
    if arguments.keep_pool:
        from rainforest.core.models import data_as_of
        from rainforest.cultivation.pool import RULEBOOKS, keep

        for rulebook in RULEBOOKS:
            row = keep(rulebook, data_as_of())
            result.setdefault("keep_pool", {})[rulebook] = {
                "candidates": row.candidates,
                "seconds": float(row.seconds),
            }
            print(
                f"Kept the {rulebook} pool: {row.candidates:,} candidates in {row.seconds} s (not part of the figures)"
            )
    result["enterprises"] = Enterprise.objects.count()
    result["contracts"] = Contract.objects.count()
    result["contracts_in_period"] = Contract.objects.filter(
        status="registered", registered_on__gte=period.start, registered_on__lte=period.end
    ).count()
    loads = [load()]
    cockpit = median_ms(lambda: figures(period, user=city), arguments.repeat)
    loads.append(load())
    plain = median_ms(plain_queries(period), arguments.repeat)
    loads.append(load())
    result.update(
        figures_ms=round(cockpit, 1),
        plain_ms=round(plain, 1),
        ratio=round(cockpit / plain, 1) if plain else None,
        load=loads,
    )
    print(
        f"Cockpit data for {period.code} on {(connection.vendor + ' ' + result['server']).strip()}: "
        f"{result['enterprises']:,} enterprises, {result['contracts']:,} contracts "
        f"({result['contracts_in_period']:,} registered in the period); {result['cores']} cores, "
        f"{result['memory']}; load {loads[0]} before the cockpit, {loads[1]} after it, {loads[2]} after plain"
    )
    print()
    print("| what | median | vs plain |")
    print("| --- | ---: | ---: |")
    print(
        f"| figures(period, user=city): 27 indicators, year before, change, ranks | {cockpit:.1f} ms | "
        f"{result['ratio']}x |"
    )
    print(f"| plain per-indicator queries (period only, no policy) | {plain:.1f} ms | 1.0x |")
    if arguments.briefing:
        from rainforest.core.models import data_as_of
        from rainforest.cultivation.models import KeptPool
        from rainforest.eligibility.stamp import registry_stamp

        stamp = registry_stamp()
        kept = {row.rulebook: row.stamp == stamp for row in KeptPool.objects.filter(day=data_as_of())}
        result["kept_pools_fresh"] = kept
        print(f"\nKept pools on the as-of day (rulebook: fresh): {kept or 'none'}")
        loads = [load()]
        seconds = time_briefing(period)
        loads.append(load())
        result["briefing"] = {
            "seconds": [round(s, 2) for s in seconds],
            "median_s": round(statistics.median(seconds), 2),
            "load": loads,
        }
        print()
        print(
            f"Briefing (docx, user city): median {statistics.median(seconds):.2f} s of "
            f"{', '.join(f'{s:.2f}' for s in seconds)} s; load {loads[0]} before, {loads[1]} after"
        )
    if arguments.breakdown:
        loads = [load()]
        parts = breakdown(period, city, arguments.repeat)
        loads.append(load())
        result["breakdown"] = {
            "load": loads,
            "indicators": [
                {"code": c, "selector_ms": round(s, 1), "rank_ms": round(r, 1)} for c, s, r in parts
            ],
        }
        print()
        print(f"Indicator by indicator (load {loads[0]} before, {loads[1]} after):")
        print()
        print("| indicator | selector | rank |")
        print("| --- | ---: | ---: |")
        for code, selector, rank in parts:
            print(f"| {code} | {selector:.1f} ms | {rank:.1f} ms |")
        print(f"| total | {sum(p[1] for p in parts):.1f} ms | {sum(p[2] for p in parts):.1f} ms |")
    if arguments.json:
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
