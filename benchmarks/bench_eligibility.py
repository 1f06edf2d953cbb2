"""Every rulebook in force for every enterprise (issue 3, Speed): the bulk path against a naive
one-enterprise-at-a-time ORM loop over a sample, in the same run.

    .venv/bin/python benchmarks/bench_eligibility.py [--n 500000] [--workers 2] [--sample 200]
                                                     [--db-n 20000] [--as-of 2025-06-01] [--use-database-url]

Where the enterprises come from:
  - with --use-database-url (or DATABASE_URL set in the environment), the database it names, e.g. the
    national-scale demo (`rainforest demo --scale national --no-serve`): read only, every enterprise in it;
    each worker streams the facts of its own id range (`eligibility.selectors.iter_facts`, one query per
    input kind) and evaluates them as they come;
  - otherwise N synthetic `Facts` generated in memory by each worker for its share (shaped like the demo
    registry: 2021–2024 figures from the founding year on, certificates, IP counts; the facts the registry
    does not hold left missing), and a throwaway SQLite database with --db-n synthetic enterprises on which
    the bulk loader and the naive loop are measured (its building is not timed).

Measured:
  1. facts: loading from the database (or generating in memory), per worker, seconds;
  2. evaluation: `eligibility.fast.evaluate_many` (verdict and score of every rulebook in force), per
     worker, seconds;
  3. wall time of the whole bulk run over 2 (--workers) processes;
  4. peak memory (ru_maxrss) of the parent and of the largest worker;
  5. the baseline: for each enterprise of a sample, the ORM fetches it, its figures and its certificates,
     one enterprise at a time, and `engine.evaluate_all` evaluates it with the reference path (full
     criteria, reasons and gaps); per-enterprise time × N is the naive estimate.
Prints a markdown table. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TITLES = ("innovative_sme", "specialised_sme", "little_giant")
FIELDS = (
    "electronic_info", "bio_medicine", "aerospace", "new_materials", "hitech_services", "new_energy",
    "resources_environment", "advanced_manufacturing",
)  # fmt: skip


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=500_000, help="synthetic enterprises (default 500,000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=200, help="enterprises in the naive loop's sample")
    parser.add_argument(
        "--db-n", type=int, default=20_000, help="synthetic enterprises in the throwaway database"
    )
    parser.add_argument("--as-of", default="2025-06-01")
    parser.add_argument(
        "--use-database-url", action="store_true", help="read the database DATABASE_URL names"
    )
    return parser.parse_args()


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def setup(workdir: Path, use_database_url: bool) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "rainforest.settings"
    if not use_database_url:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("RAINFOREST_VAR_DIR", str(workdir / "var"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    if not use_database_url:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


# --- Synthetic firms -------------------------------------------------------------------------------------


def synthetic_firm(rng: random.Random, n: int, as_of: date) -> dict[str, Any]:
    """One firm's registry content, shaped like the demo's (`rainforest/demo/registry.py`)."""
    founded = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
    revenue = rng.uniform(2e6, 3e8)
    staff_ratio, rd_ratio = rng.uniform(0.03, 0.45), rng.uniform(0.0, 0.09)
    years = []
    for year in range(max(2021, founded.year), 2025):
        revenue *= rng.uniform(0.95, 1.3)
        employees = max(3, int(revenue / rng.uniform(4e5, 1.2e6)))
        assets = revenue * rng.uniform(0.6, 1.6)
        sales = Decimal(int(revenue * rng.uniform(0.96, 1.0)))
        rd = Decimal(int(float(sales) * rd_ratio))
        total_income = Decimal(int(revenue * rng.uniform(1.0, 1.06)))
        years.append(
            {
                "year": year,
                "employees": employees,
                "tech_staff": min(employees, max(1, int(employees * staff_ratio))),
                "rd_staff": max(0, int(employees * staff_ratio * 0.7)),
                "sales_revenue": sales,
                "operating_revenue": Decimal(int(revenue)),
                "main_business_revenue": Decimal(int(float(sales) * rng.uniform(0.82, 0.99))),
                "total_assets": Decimal(int(assets)),
                "total_liabilities": Decimal(int(assets * rng.uniform(0.2, 0.72))),
                "cost_expense": Decimal(int(revenue * rng.uniform(0.82, 1.02))),
                "rd_expense": rd,
                "rd_expense_domestic": rd if rng.random() < 0.8 else Decimal(int(float(rd) * 0.95)),
                "total_income": total_income,
                "hitech_income": Decimal(int(float(total_income) * rng.uniform(0.2, 0.95))),
                "net_assets": Decimal(int(assets * rng.uniform(0.28, 0.8))),
                "net_profit": Decimal(int(revenue * rng.uniform(-0.05, 0.15))),
                "conversions": rng.randint(0, 6),
                "equity_qualified": None,
                "tax_paid_in_zone": None,
            }
        )
    hnte = rng.random() < 0.25
    return {
        "n": n,
        "founded_on": founded,
        "tech_field": rng.choice(FIELDS) if rng.random() < 0.8 else "",
        "hnte": hnte,
        "titles": frozenset(title for title in TITLES if rng.random() < 0.05),
        "ip_class1": rng.randint(0, 6) if hnte else rng.randint(0, 1),
        "ip_class2": rng.randint(0, 12),
        "years": years,
    }


def firm_facts(firm: dict[str, Any], as_of: date) -> Any:
    from rainforest.eligibility.facts import Facts, YearFacts

    return Facts(
        evaluated_on=as_of,
        credit_code=f"SYN{firm['n']:015d}",
        registered_on=firm["founded_on"],
        resident_enterprise=True,
        tech_field=firm["tech_field"] or None,
        has_valid_hnte=firm["hnte"],
        valid_titles=firm["titles"],
        ip_class1=firm["ip_class1"],
        ip_class2=firm["ip_class2"],
        years=tuple(YearFacts(**year) for year in firm["years"]),
    )


def build_database(count: int, as_of: date, seed: int = 11) -> None:
    """`count` synthetic enterprises, their figures and certificates, inserted in bulk (not timed)."""
    from django.db import connection

    from rainforest.core import credit_code
    from rainforest.core.models import Region
    from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA journal_mode=MEMORY")
    rng = random.Random(seed)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    districts = list(Region.objects.districts().filter(parent__code="140700"))
    firms = [synthetic_firm(rng, n, as_of) for n in range(count)]
    rows = []
    for n, firm in enumerate(firms):
        body, rest = "", n + 1
        for _ in range(8):
            body = alphabet[rest % 31] + body
            rest //= 31
        district = districts[n % len(districts)]
        rows.append(
            Enterprise(
                credit_code=credit_code.build("91", district.code, body),
                name=f"基准测试科技有限公司{n:07d}",
                district=district,
                founded_on=firm["founded_on"],
                tech_field=firm["tech_field"],
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=5_000)
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    figures, certificates = [], []
    for enterprise_id, firm in zip(ids, firms, strict=True):
        for index, year in enumerate(firm["years"]):
            last = index == len(firm["years"]) - 1
            figures.append(
                YearlyFigures(
                    enterprise_id=enterprise_id,
                    ip_class1=firm["ip_class1"] if last else None,
                    ip_class2=firm["ip_class2"] if last else None,
                    **year,
                )
            )
        if firm["hnte"]:
            certificates.append(
                Certificate(
                    enterprise_id=enterprise_id,
                    kind="hnte",
                    issued_on=date(2023, 11, 1),
                    expires_on=date(2026, 11, 1),
                )
            )
        for title in firm["titles"]:
            certificates.append(
                Certificate(
                    enterprise_id=enterprise_id,
                    kind=title,
                    issued_on=date(2024, 3, 20),
                    expires_on=date(2027, 3, 20),
                )
            )
    YearlyFigures.objects.bulk_create(figures, batch_size=5_000)
    Certificate.objects.bulk_create(certificates, batch_size=5_000)


# --- Workers ---------------------------------------------------------------------------------------------


def _evaluate_stream(stream: Any) -> tuple[float, float, int, Counter[str], float, float]:
    """Pull facts from `stream` and evaluate them, timing the two apart: wall seconds, and CPU seconds of
    this process (`process_time`), which a busy shared machine does not inflate."""
    from rainforest.eligibility.fast import evaluate_many

    facts_seconds = facts_cpu = 0.0
    counts: Counter[str] = Counter()
    done = 0

    def timed() -> Any:
        nonlocal facts_seconds, facts_cpu
        iterator = iter(stream)
        while True:
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                item = next(iterator)
            except StopIteration:
                return
            finally:
                facts_seconds += time.perf_counter() - started
                facts_cpu += time.process_time() - started_cpu
            yield item

    started, started_cpu = time.perf_counter(), time.process_time()
    for _pk, outcomes in evaluate_many(timed()):
        done += 1
        for family, (eligible, _low, _high) in outcomes.items():
            counts[f"{family}:{eligible}"] += 1
    total, total_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return facts_seconds, total - facts_seconds, done, counts, facts_cpu, total_cpu - facts_cpu


def database_worker(job: tuple[str, int, int]) -> tuple[Any, ...]:
    as_of, low, high = job
    from django.db import connections

    from rainforest.eligibility.selectors import iter_facts

    connections.close_all()  # a fresh connection per process
    day = date.fromisoformat(as_of)
    result = _evaluate_stream(iter_facts(day, id_range=(low, high)))
    return (*result[:4], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, os.getpid(), *result[4:])


def synthetic_worker(job: tuple[str, int, int]) -> tuple[Any, ...]:
    as_of, low, high = job
    day = date.fromisoformat(as_of)

    def stream() -> Any:
        rng = random.Random(low)
        for n in range(low, high):
            yield n, firm_facts(synthetic_firm(rng, n, day), day)

    result = _evaluate_stream(stream())
    return (*result[:4], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, os.getpid(), *result[4:])


def bulk_run(worker: Any, ranges: list[tuple[int, int]], as_of: str, workers: int) -> dict[str, Any]:
    from django.db import connections

    connections.close_all()
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(worker, [(as_of, low, high) for low, high in ranges])
    wall = time.perf_counter() - started
    counts: Counter[str] = Counter()
    facts: Counter[int] = Counter()
    evaluation: Counter[int] = Counter()
    for part in parts:
        counts.update(part[3])
        facts[part[5]] += part[0]  # per worker process
        evaluation[part[5]] += part[1]
    return {
        "wall": wall,
        "facts": max(facts.values()),
        "evaluation": max(evaluation.values()),
        "facts_cpu": sum(part[6] for part in parts),
        "evaluation_cpu": sum(part[7] for part in parts),
        "firms": sum(part[2] for part in parts),
        "counts": counts,
        "worker_rss_mb": max(part[4] for part in parts) / 1024,
    }


def id_ranges(ids_low: int, ids_high: int, parts: int) -> list[tuple[int, int]]:
    step = max(1, -(-(ids_high - ids_low) // parts))
    return [(low, min(low + step, ids_high)) for low in range(ids_low, ids_high, step)]


# --- The baseline ----------------------------------------------------------------------------------------


def naive(sample: list[int], as_of: date) -> tuple[float, float]:
    """Seconds per enterprise: fetch it, its figures and certificates one query after another, build its
    facts with the loader's own mapping, evaluate every rulebook with the reference path."""
    from django.db.models import Q

    from rainforest.eligibility.engine import evaluate_all
    from rainforest.eligibility.selectors import CERTIFICATE_KINDS, ENTERPRISE_COLUMNS, YEAR_COLUMNS, _facts
    from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures

    started, started_cpu = time.perf_counter(), time.process_time()
    for pk in sample:
        row = Enterprise.objects.filter(pk=pk).values_list(*ENTERPRISE_COLUMNS).get()
        years = list(
            YearlyFigures.objects.filter(enterprise_id=pk, year__lte=as_of.year)
            .order_by("year")
            .values_list(*YEAR_COLUMNS)
        )
        held = list(
            Certificate.objects.filter(
                enterprise_id=pk, kind__in=CERTIFICATE_KINDS, issued_on__lte=as_of, expires_on__gt=as_of
            )
            .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=as_of))
            .values_list("enterprise_id", "kind")
        )
        evaluate_all(_facts(row, as_of, years, held))
    return (time.perf_counter() - started) / len(sample), (time.process_time() - started_cpu) / len(sample)


def main() -> None:
    arguments = parse_arguments()
    use_database = arguments.use_database_url or bool(os.environ.get("DATABASE_URL"))
    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder), use_database)
        from django.db import connection

        from rainforest.enterprises.models import Enterprise

        as_of = date.fromisoformat(arguments.as_of)
        if not use_database:
            say(f"building a throwaway SQLite database with {arguments.db_n:,} synthetic enterprises …")
            build_database(arguments.db_n, as_of)
        ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
        sample = random.Random(5).sample(ids, min(arguments.sample, len(ids)))
        say(f"naive loop over {len(sample)} enterprises …")
        per_firm_naive, per_firm_naive_cpu = naive(sample, as_of)
        say("bulk loader over the database …")
        database = bulk_run(
            database_worker,
            id_ranges(ids[0], ids[-1] + 1, arguments.workers * 4),
            arguments.as_of,
            arguments.workers,
        )
        rows: list[tuple[str, str]] = []
        db_firms = database["firms"]
        if use_database:
            n = db_firms
            bulk = database
        else:
            n = arguments.n
            say(f"bulk run over {n:,} synthetic facts in memory …")
            bulk = bulk_run(
                synthetic_worker, id_ranges(0, n, arguments.workers * 8), arguments.as_of, arguments.workers
            )
        naive_total = per_firm_naive * n
        loader_per_firm = database["facts_cpu"] / db_firms
        evaluation_per_firm = bulk["evaluation_cpu"] / bulk["firms"]
        parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rulebooks = sorted({key.split(":")[0] for key in bulk["counts"]})
        rows += [
            (
                "machine",
                f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}, {connection.vendor}",
            ),
            ("enterprises", f"{n:,}" + ("" if use_database else " synthetic (in memory)")),
            ("rulebooks in force on " + arguments.as_of, ", ".join(rulebooks)),
            ("workers", str(arguments.workers)),
            (
                "facts: "
                + ("loading from the database" if use_database else "generating in memory")
                + " (slowest worker)",
                f"{bulk['facts']:.1f} s",
            ),
            (
                "evaluation, fast path (slowest worker)",
                f"{bulk['evaluation']:.1f} s ({evaluation_per_firm * 1e6:.0f} µs per firm per core)",
            ),
            ("**bulk run, wall**", f"**{bulk['wall']:.1f} s**"),
            (
                "bulk loader from the database, per firm per core",
                f"{loader_per_firm * 1e6:.0f} µs (measured over {db_firms:,} firms in {connection.vendor})",
            ),
        ]
        if not use_database:
            estimate = (loader_per_firm + evaluation_per_firm) * n / arguments.workers
            rows.append(
                (
                    "estimate: load from the database + evaluate, "
                    + f"{n:,} firms on {arguments.workers} workers",
                    f"{estimate:.1f} s",
                )
            )
        rows += [
            ("peak memory: parent / largest worker", f"{parent_mb:.0f} MB / {bulk['worker_rss_mb']:.0f} MB"),
            (
                "naive ORM loop, per firm (reference path)",
                f"{per_firm_naive * 1e3:.2f} ms over a sample of {len(sample)}",
            ),
            ("naive ORM loop, extrapolated to all firms", f"{naive_total:.0f} s"),
            ("**ratio naive ÷ bulk (wall)**", f"**{naive_total / bulk['wall']:.0f}x**"),
            (
                "CPU seconds (not inflated by other load): bulk facts + evaluation, all workers",
                f"{bulk['facts_cpu']:.1f} + {bulk['evaluation_cpu']:.1f} s "
                f"→ {(bulk['facts_cpu'] + bulk['evaluation_cpu']) / arguments.workers:.1f} s on {arguments.workers} idle cores",
            ),
            (
                "CPU: naive per firm × all firms, ratio naive ÷ bulk",
                f"{per_firm_naive_cpu * n:.0f} s, "
                f"{per_firm_naive_cpu * n / (bulk['facts_cpu'] + bulk['evaluation_cpu']):.0f}x",
            ),
            ("load average while running (1 min)", f"{os.getloadavg()[0]:.1f}"),
        ]
        print("| measure | value |\n| --- | --- |")
        for name, value in rows:
            print(f"| {name} | {value} |")
        verdicts = Counter()
        for key, count in bulk["counts"].items():
            verdicts[key] = count
        print("\n| rulebook | true | false | undetermined |\n| --- | ---: | ---: | ---: |")
        for family in rulebooks:
            print(
                f"| {family} | {verdicts[family + ':true']:,} | {verdicts[family + ':false']:,} | {verdicts[family + ':undetermined']:,} |"
            )


if __name__ == "__main__":
    main()
