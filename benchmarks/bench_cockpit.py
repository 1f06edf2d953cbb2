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
machine's load. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
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
    return parser.parse_args()


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
    load_before = os.getloadavg()[0]
    cockpit = median_ms(lambda: figures(period, user=city), arguments.repeat)
    plain = median_ms(plain_queries(period), arguments.repeat)
    load_after = os.getloadavg()[0]
    result: dict[str, Any] = {
        "period": period.code,
        "database": connection.vendor,
        "enterprises": Enterprise.objects.count(),
        "contracts": Contract.objects.count(),
        "figures_ms": round(cockpit, 1),
        "plain_ms": round(plain, 1),
        "ratio": round(cockpit / plain, 1) if plain else None,
        "load": [round(load_before, 1), round(load_after, 1)],
    }
    print(
        f"Cockpit data for {period.code} on {connection.vendor}: {result['enterprises']:,} enterprises, "
        f"{result['contracts']:,} contracts; load {result['load'][0]} before, {result['load'][1]} after"
    )
    print()
    print("| what | median | vs plain |")
    print("| --- | ---: | ---: |")
    print(
        f"| figures(period, user=city): 27 indicators, year before, change, ranks | {cockpit:.1f} ms | "
        f"{result['ratio']}x |"
    )
    print(f"| plain per-indicator queries (period only, no policy) | {plain:.1f} ms | 1.0x |")
    if arguments.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
