"""Contract statistics for a year over millions of technology contracts (national scale), on PostgreSQL,
against a plain SQL aggregate in the same run.

    .venv/bin/python benchmarks/bench_contracts.py [--rows 5000000] [--year 2024] [--repeat 7] [--json]

DATABASE_URL names the database (default postgres://postgres@127.0.0.1:5432/rf_contracts; created and
migrated on first use). The script fills it with `--rows` synthetic contracts (once; `--reload` fills it
again), registered evenly over 2019–2025, sold by 2,000 registry firms of the city's districts or by
outside parties and bought likewise, in every category and field, then measures (medians over
`--repeat` runs after one warm-up):

  1. `techmarket.selectors.contract_statistics` for the year: output and absorption with the year before,
     the breakdowns by category, field, seller class and district, and the rank from peer figures;
  2. the same for one district;
  3. the baseline: one hand-written SQL aggregate (count, Σ turnover, Σ transaction amount) of the year's
     registered contracts, the least any statistics page must do;
  4. the same SQL for the year and the year before (what 同比 needs at least).

It prints a markdown table (and with --json one JSON object on the last line): medians, ratios to the
baseline, the aim (under 1 s for the year over 5 million contracts) and the machine's load. Filling the
table (INSERT … SELECT from generate_series in the database) is timed apart and not part of the figures.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/rf_contracts"
FIRMS = 2000


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=5_000_000, help="contracts in the table (default 5,000,000)"
    )
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reload", action="store_true", help="fill the table again")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON on the last line")
    return parser.parse_args()


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rainforest.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(function: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    result = function()  # warm-up
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def firms() -> list[tuple[int, int]]:
    """(enterprise id, district id) of the bench's firms, made once (2,000 firms over the districts)."""
    from rainforest.core import credit_code
    from rainforest.core.models import Region
    from rainforest.enterprises.models import Enterprise

    districts = list(Region.objects.filter(parent__code="140700").districts().order_by("code"))
    existing = list(Enterprise.objects.filter(name__startswith="基准企业").values_list("pk", "district_id"))
    if len(existing) >= FIRMS:
        return existing[:FIRMS]
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    rows = []
    for n in range(len(existing), FIRMS):
        district = districts[n % len(districts)]
        body, value = "", n + 500_000
        for _ in range(8):
            body = alphabet[value % 31] + body
            value //= 31
        rows.append(
            Enterprise(
                credit_code=credit_code.build("91", district.code, body),
                name=f"基准企业{n:05d}",
                district=district,
                founded_on="2015-01-01",
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=1000)
    return list(Enterprise.objects.filter(name__startswith="基准企业").values_list("pk", "district_id"))


CATEGORIES = [
    ("development", "commissioned"),
    ("development", "cooperative"),
    ("transfer", "patent_transfer"),
    ("licensing", "patent_licence"),
    ("consulting", "consulting"),
    ("service", "service"),
    ("service", "training"),
]
FIELDS = [
    "electronic_info",
    "bio_medicine",
    "aerospace",
    "new_materials",
    "hitech_services",
    "new_energy",
    "resources_environment",
    "advanced_manufacturing",
]


def insert_contracts(
    cursor: Any, *, firms: int, low: int, high: int, first_day: Any, days: int, prefix: tuple[str, str]
) -> None:
    """Insert registered contracts number `low`..`high` in the database itself (generate_series), between the
    firms of the temporary table bench_firm (n, id, district; `firms` rows): two thirds sold by a firm
    (output), a third by outside parties; half bought by a firm. Registered evenly over `days` days from
    `first_day`; numbers and registration numbers start with `prefix`. Also used by bench_cockpit.py."""
    category_array = "(ARRAY[" + ",".join(f"'{c}'" for c, _s in CATEGORIES) + "])"
    sub_array = "(ARRAY[" + ",".join(f"'{s}'" for _c, s in CATEGORIES) + "])"
    field_array = "(ARRAY[" + ",".join(f"'{f}'" for f in FIELDS) + "])"
    number, registration = prefix
    cursor.execute(
        f"""
        INSERT INTO techmarket_contract (
            number, title, category, sub_type,
            seller_enterprise_id, seller_organisation_id, seller_name, seller_place, seller_province,
            seller_class, seller_district_id, seller_in_province,
            buyer_enterprise_id, buyer_organisation_id, buyer_name, buyer_place, buyer_province,
            buyer_district_id, buyer_in_province,
            contract_amount, tech_transaction_amount, signed_on, submitted_on, registered_on, field,
            status, registration_number, return_reason)
        SELECT
            %s || g, '基准合同', {category_array}[1 + g %% 7], {sub_array}[1 + g %% 7],
            CASE WHEN g %% 3 <> 0 THEN s.id END, NULL,
            CASE WHEN g %% 3 = 0 THEN '外部单位' || (g %% 97) ELSE '' END,
            CASE WHEN g %% 3 = 0 THEN '北京市' ELSE '' END,
            CASE WHEN g %% 3 = 0 THEN '北京市' ELSE '' END,
            'enterprise', CASE WHEN g %% 3 <> 0 THEN s.district END, g %% 3 <> 0,
            CASE WHEN g %% 2 = 0 AND b.id <> s.id THEN b.id END, NULL,
            CASE WHEN g %% 2 = 0 AND b.id <> s.id THEN '' ELSE '买方' || (g %% 89) END,
            '', CASE WHEN g %% 2 = 0 AND b.id <> s.id THEN '' ELSE '上海市' END,
            CASE WHEN g %% 2 = 0 AND b.id <> s.id THEN b.district END,
            g %% 2 = 0 AND b.id <> s.id,
            amount, round(amount * 0.8, 2),
            day - 10, day - 5, day, {field_array}[1 + g %% 8],
            'registered', %s || g, ''
        FROM (
            SELECT g,
                   round((10000 + (g::bigint * 7919) %% 5000000)::numeric, 2) AS amount,
                   %s::date + (g %% %s)::int AS day
            FROM generate_series(%s::bigint, %s::bigint) AS g
        ) AS base
        JOIN bench_firm s ON s.n = base.g %% {firms}
        JOIN bench_firm b ON b.n = (base.g * 31 + 7) %% {firms}
        """,
        [number, registration, first_day, days, low, high],
    )


def fill(rows: int, reload: bool) -> float:
    """Fill the contract table with `rows` synthetic contracts in the database itself; returns seconds."""
    from django.db import connection

    from rainforest.techmarket.models import Contract

    present = Contract.objects.count()
    if present == rows and not reload:
        return 0.0
    started = time.perf_counter()
    pairs = firms()
    ids = [pk for pk, _district in pairs]
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE techmarket_contractevent, techmarket_historicalcontract, techmarket_contract CASCADE"
        )
        cursor.execute("DROP TABLE IF EXISTS bench_firm")
        cursor.execute("CREATE TEMP TABLE bench_firm (n int PRIMARY KEY, id bigint, district bigint)")
        cursor.executemany(
            "INSERT INTO bench_firm VALUES (%s, %s, %s)", [(n, pk, d) for n, (pk, d) in enumerate(pairs)]
        )
        insert_contracts(
            cursor, firms=len(ids), low=1, high=rows, first_day="2019-01-15", days=2500, prefix=("B", "R")
        )
        cursor.execute("VACUUM ANALYZE techmarket_contract")
    return time.perf_counter() - started


def peers(year: int) -> None:
    from datetime import date
    from decimal import Decimal

    from rainforest.indicators.models import PeerFigure

    for period in (str(year), str(year - 1)):
        for n, city in enumerate(("太原市", "大同市", "长治市")):
            PeerFigure.objects.update_or_create(
                indicator="contracts.turnover",
                province="山西省",
                city=city,
                period=period,
                source="基准数据",
                defaults={
                    "value": Decimal(1000 + n),
                    "unit": "亿元",
                    "period_kind": "year",
                    "published_on": date(2025, 1, 1),
                },
            )


def main() -> None:
    arguments = parse_arguments()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    setup_django(url)
    from django.db import connection

    from rainforest.core.models import Region
    from rainforest.indicators.periods import Period
    from rainforest.techmarket import selectors
    from rainforest.techmarket.models import Contract

    load_before = os.getloadavg()
    filled = fill(arguments.rows, arguments.reload)
    peers(arguments.year)
    period = Period.whole_year(arguments.year)
    before = period.previous_year()
    yuci = Region.objects.get(code="140702")
    total = Contract.objects.count()

    def sql(start: Any, end: Any) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), sum(contract_amount), sum(tech_transaction_amount) FROM techmarket_contract "
                "WHERE status = 'registered' AND registered_on BETWEEN %s AND %s",
                [start, end],
            )
            return cursor.fetchone()

    def sql_two() -> Any:
        return sql(period.start, period.end), sql(before.start, before.end)

    city_seconds, stats = timed(lambda: selectors.contract_statistics(period=period), arguments.repeat)
    district_seconds, _ = timed(
        lambda: selectors.contract_statistics(period=period, district=yuci), arguments.repeat
    )
    base_seconds, base = timed(lambda: sql(period.start, period.end), arguments.repeat)
    two_seconds, _ = timed(sql_two, arguments.repeat)
    load_after = os.getloadavg()
    baseline = statistics.median(base_seconds)
    figures = {
        "rows": total,
        "year": arguments.year,
        "contracts_in_year": base[0],
        "fill_seconds": round(filled, 1),
        "statistics_city_ms": round(statistics.median(city_seconds) * 1000, 1),
        "statistics_district_ms": round(statistics.median(district_seconds) * 1000, 1),
        "baseline_sql_ms": round(baseline * 1000, 1),
        "baseline_sql_two_years_ms": round(statistics.median(two_seconds) * 1000, 1),
        "ratio_city": round(statistics.median(city_seconds) / baseline, 2),
        "ratio_district": round(statistics.median(district_seconds) / baseline, 2),
        "output_count": stats.output.current.count,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "cores": os.cpu_count(),
        "postgres": connection.cursor().connection.info.server_version,
        "python": platform.python_version(),
    }
    print(
        f"Contract statistics for {arguments.year} over {total:,} contracts ({base[0]:,} registered that year)"
    )
    print()
    print("| measure | median (ms) | ratio to baseline | aim |")
    print("| --- | ---: | ---: | --- |")
    print(
        f"| contract_statistics, the city | {figures['statistics_city_ms']} | {figures['ratio_city']} | < 1000 ms |"
    )
    print(
        f"| contract_statistics, one district (榆次区) | {figures['statistics_district_ms']} "
        f"| {figures['ratio_district']} | < 1000 ms |"
    )
    print(f"| baseline: one SQL aggregate of the year | {figures['baseline_sql_ms']} | 1.00 | |")
    print(
        f"| SQL aggregates of the year and the year before | {figures['baseline_sql_two_years_ms']} "
        f"| {round(statistics.median(two_seconds) / baseline, 2)} | |"
    )
    print()
    print(
        f"load average before {figures['load_before']}, after {figures['load_after']}; {figures['cores']} cores"
    )
    if arguments.json:
        print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
