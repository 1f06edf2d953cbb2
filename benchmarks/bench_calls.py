"""A call's funnel over every firm of the registry (issue 10, Speed: a call open to every firm of the national
demo, the funnel in under 5 s), against baselines measured in the same run, on the database DATABASE_URL
names (read only: nothing is written).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rainforest_bench .venv/bin/python benchmarks/bench_calls.py \\
        [--sample 200] [--repeat 5] [--rulebook tech-sme] [--condition resident_enterprise]

The call: the demo's first stored call (so its applications are counted) with, in memory only, the rulebook
and CEL condition given and dates that keep it open on the registry's as-of date; an unsaved call when the
database holds none. Both halves of a call's condition are exercised.

Measured (medians of --repeat runs unless said):
  1. the plain query: firms counted by district (`GROUP BY district_id`), the floor any funnel stands on;
  2. the registry stamp (`calls.funnel.registry_stamp`), paid by every funnel to find its cache entry;
  3. the funnel as the city officer, cold (cache cleared: every firm judged on the fast paths, then cached;
     one run) and warm (the registry unchanged: the cached set);
  4. the funnel as a district officer, warm;
  5. the reference path: `calls.eligibility.precheck` (full criteria, reasons, gaps) for a sample of firms,
     one at a time; per-firm time × N is what a funnel judging firm by firm would take. The sample's
     verdicts are compared with the cached set's.
Prints a markdown table; asserts nothing. Caching is on for PostgreSQL only (calls/funnel.py says why):
elsewhere the warm figures are cold ones.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rainforest.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rainforest_bench")


def median_of(repeat: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rulebook", default="tech-sme")
    parser.add_argument("--condition", default="resident_enterprise")
    args = parser.parse_args()

    import django

    django.setup()
    from datetime import timedelta

    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count

    from rainforest.calls.eligibility import precheck
    from rainforest.calls.funnel import eligible_set, funnel, registry_stamp
    from rainforest.calls.models import Call
    from rainforest.core.models import User, data_as_of
    from rainforest.enterprises.models import Enterprise

    day = data_as_of()
    call = Call.objects.order_by("pk").first() or Call(code="bench-open-to-all", title="benchmark")
    call.rulebook, call.condition = args.rulebook, args.condition
    call.opens_on, call.closes_on = day - timedelta(days=10), day + timedelta(days=20)
    call.district_review_ends_on = day + timedelta(days=30)
    call.expert_review_ends_on = day + timedelta(days=40)
    city = User.objects.filter(role="city_officer").order_by("pk").first()
    district = User.objects.filter(role="district_officer").order_by("pk").first()
    if city is None:
        sys.exit("no city officer in this database: load the demo first (rainforest demo --scale …)")
    firms = Enterprise.objects.count()
    load = os.getloadavg()[0]

    def plain() -> Any:
        return list(Enterprise.objects.order_by().values("district_id").annotate(n=Count("id")))

    plain_seconds = median_of(args.repeat, plain)
    stamp_seconds = median_of(args.repeat, registry_stamp)

    cache.clear()
    started, started_cpu = time.perf_counter(), time.process_time()
    cold = funnel(call, city)
    cold_seconds, cold_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    warm_seconds = median_of(args.repeat, lambda: funnel(call, city))
    district_seconds = median_of(args.repeat, lambda: funnel(call, district)) if district else None
    judged = eligible_set(call)

    sample = list(Enterprise.objects.order_by("pk")[: args.sample])
    started = time.perf_counter()
    verdicts = [precheck(call, firm, day)["eligible"] for firm in sample]
    naive = (time.perf_counter() - started) / max(len(sample), 1)
    agree = sum(
        1 for firm, verdict in zip(sample, verdicts, strict=True) if judged.verdict(firm.pk) == verdict
    )

    print(
        f"| machine | {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, {connection.vendor} |"
    )
    print(f"| load average (1 min) at the start / end | {load:.1f} / {os.getloadavg()[0]:.1f} |")
    print(f"| firms | {firms:,} |")
    print(f"| call | `{call.code}`: rulebook `{call.rulebook}`, condition `{call.condition}`, on {day} |")
    print(f"| eligible / undetermined | {cold.totals.get('eligible', 0):,} / {cold.undetermined:,} |")
    print(f"| applications counted (started) | {cold.totals.get('started', 0):,} |")
    print(f"| plain query: firms by district (s) | {plain_seconds:.3f} |")
    print(f"| registry stamp (s) | {stamp_seconds:.3f} |")
    print(
        f"| **funnel, city officer, warm (s)** | **{warm_seconds:.3f}** ({warm_seconds / plain_seconds:.1f}× the plain query) |"
    )
    if district_seconds is not None:
        print(f"| funnel, district officer, warm (s) | {district_seconds:.3f} |")
    print(
        f"| funnel, city officer, cold: every firm judged on the fast paths (s) | {cold_seconds:.2f} ({firms / cold_seconds:,.0f} firms/s; {cold_cpu:.1f} s of this process's CPU) |"
    )
    print(f"| reference path: precheck per firm (ms, sample of {len(sample)}) | {naive * 1000:.2f} |")
    print(f"| reference path × these firms (s) | {naive * firms:.0f} |")
    print(
        f"| ratio reference ÷ cold / reference ÷ warm | {naive * firms / cold_seconds:.0f}× / {naive * firms / warm_seconds:,.0f}× |"
    )
    print(f"| sample verdicts equal to the reference path | {agree} / {len(sample)} |")


if __name__ == "__main__":
    main()
