"""The policy calculator (政策找企业) over N enterprises for one policy, against a naive one-enterprise-at-a-
time ORM loop over a sample, in the same run.

    .venv/bin/python benchmarks/bench_policies.py [--n 500000] [--policy P-ZG-1] [--sample 300] [--repeat 3]
                                                  [--as-of 2025-06-01] [--json] [--use-database-url]

Where the enterprises come from:
  - with --use-database-url, the database DATABASE_URL names (e.g. the national-scale demo of
    `rainforest demo --scale national`): read only, every enterprise in it (N is ignored);
  - otherwise a throwaway SQLite database in a temporary folder, filled in bulk with N synthetic
    enterprises: a fifth in the 综改区 (晋中开发区), a third with HNTE certificates (first, second or third
    consecutive), tech-SME registrations, and 2023-2024 figures with zone tax for most (some missing, so
    "unknown" outcomes are exercised). Building it is timed apart and not part of the figures.

Measured (medians over --repeat runs):
  1. facts loading: `policies.selectors.policy_facts` for every enterprise, only the facts the policy
     reads (one query per input kind);
  2. evaluation: `calculator.evaluate_many` over those facts with a freshly compiled policy (empty memo);
  3. end to end: `selectors.push_list` as a city-wide user (scope, load, evaluate, sort);
  4. the baseline: for each enterprise of a sample, the ORM fetches it, its certificates and its yearly
     figures one enterprise at a time, builds its facts with the same pure functions and evaluates it;
     per-enterprise time × N is the naive estimate.
Prints a markdown table (and with --json one JSON object on the last line). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=500_000, help="synthetic enterprises (default 500,000)")
    parser.add_argument("--policy", default="P-ZG-1", help="policy code from the shipped catalogue")
    parser.add_argument("--sample", type=int, default=300, help="enterprises in the naive loop's sample")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--as-of", default="2025-06-01")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON on the last line")
    parser.add_argument(
        "--use-database-url",
        action="store_true",
        help="read the enterprises of the database DATABASE_URL names (read only) instead of a synthetic one",
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


def insert(model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT rows straight through the cursor (ORM objects would make building 500,000 firms take many
    minutes); every other column gets its model default, computed once."""
    from django.db import connection
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = {name: index for index, name in enumerate(columns)}
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for field in fields:
        if field.attname not in given:
            auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            defaults[field.attname] = field.get_db_prep_save(now if auto else field.get_default(), connection)
    names = [field.attname for field in fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(
                sql,
                [
                    tuple(row[given[name]] if name in given else defaults[name] for name in names)
                    for row in rows[start : start + 10_000]
                ],
            )


def build_city(count: int, seed: int = 7) -> None:
    """N synthetic enterprises with certificates and two years of figures, inserted in bulk."""
    from decimal import Decimal

    from django.db import connection, transaction

    from rainforest.core import credit_code
    from rainforest.core.models import DevelopmentZone, Region
    from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures

    if connection.vendor == "sqlite":  # a throwaway file: no need to survive a crash while filling it
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA journal_mode=MEMORY")
    rng = random.Random(seed)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    districts = list(Region.objects.districts().filter(parent__code="140700"))
    zone = DevelopmentZone.objects.get(short_name="晋中开发区")
    enterprises = []
    for n in range(count):
        body, rest = "", n + 1
        for _ in range(8):
            body = alphabet[rest % 31] + body
            rest //= 31
        in_zone = n % 5 == 0
        district = zone.host if in_zone else districts[n % len(districts)]
        enterprises.append(
            (
                credit_code.build("91", district.code, body),
                f"基准测试科技有限公司{n:07d}",
                district.pk,
                zone.pk if in_zone else None,
                date(2005 + n % 18, 1 + n % 12, 1),
            )
        )
    with transaction.atomic():
        insert(
            Enterprise,
            ("credit_code", "name", "district_id", "development_zone_id", "founded_on"),
            enterprises,
        )
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    certificates: list[tuple[Any, ...]] = []
    figures: list[tuple[Any, ...]] = []
    for index, enterprise_id in enumerate(ids):
        if index % 3 == 0:  # HNTE: a chain of 1-3 certificates, the last one issued in 2025 for half of them
            links = 1 + rng.randrange(3)
            last = date(2025, 3, 1) if rng.random() < 0.5 else date(2023, 11, 1)
            for link in range(links):
                issued = last.replace(year=last.year - 3 * (links - 1 - link))
                certificates.append(
                    (enterprise_id, "hnte", None, issued, issued.replace(year=issued.year + 3))
                )
        if index % 4 == 1:
            year = 2024 + rng.randrange(2)
            certificates.append((enterprise_id, "tech_sme", year, date(year, 4, 1), date(year + 1, 1, 1)))
        if index % 10 != 9:  # a tenth have no figures at all: "unknown"
            for year in (2023, 2024):
                revenue = Decimal(rng.randrange(1_000_000, 150_000_000))
                tax = Decimal(rng.randrange(0, 60_000)) if rng.random() < 0.9 else None
                figures.append(
                    (enterprise_id, year, rng.randrange(10, 500), revenue, revenue, revenue / 25, tax)
                )
    with transaction.atomic():
        insert(Certificate, ("enterprise_id", "kind", "year", "issued_on", "expires_on"), certificates)
        insert(
            YearlyFigures,
            (
                "enterprise_id",
                "year",
                "employees",
                "operating_revenue",
                "sales_revenue",
                "rd_expense",
                "tax_paid_in_zone",
            ),
            figures,
        )


def policy_spec(code: str) -> Any:
    """The policy as the calculator sees it: from the database when stored there, else from the shipped
    catalogue file (without writing it anywhere)."""
    import tomllib

    from rainforest.policies.models import Policy, PolicyCondition
    from rainforest.policies.services import CATALOGUE_FILE, _condition_values, _policy_values

    stored = Policy.objects.filter(code=code).first()
    if stored is not None:
        return stored.spec()
    data = tomllib.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    row = next(item for item in data["policy"] if item["code"] == code)
    conditions = [
        PolicyCondition(**_condition_values(item, i)) for i, item in enumerate(row.get("condition", []))
    ]
    return Policy(**_policy_values(row)).spec(conditions)


def naive_facts(enterprise_id: int, as_of: date) -> dict[str, Any]:
    """One enterprise's facts through the ORM, one query after another (the baseline)."""
    from django.db.models import Max

    from rainforest.enterprises.models import Enterprise
    from rainforest.policies.facts import (
        FACT_NAMES,
        YEAR_FACTS,
        CertificateRow,
        best_revenue_fact,
        certificate_facts,
        enterprise_facts_builder,
        to_cel,
    )

    enterprise = Enterprise.objects.select_related("district", "development_zone").get(pk=enterprise_id)
    zone = enterprise.development_zone
    facts: dict[str, Any] = {"as_of": as_of.isoformat(), "year": as_of.year}
    row = (
        enterprise.pk, enterprise.credit_code, enterprise.name, enterprise.district_id,
        enterprise.development_zone_id, enterprise.founded_on, enterprise.resident_enterprise, enterprise.tech_field,
    )  # fmt: skip
    districts = {enterprise.district_id: enterprise.district.code}
    zones = {zone.pk: (zone.name, zone.short_name)} if zone else {}
    facts.update(enterprise_facts_builder(FACT_NAMES, as_of, districts=districts, zones=zones)(row))
    rows = [
        CertificateRow(c.kind, c.issued_on, c.expires_on, c.revoked_on, c.year)
        for c in enterprise.certificates.filter(issued_on__lte=as_of).order_by("issued_on")
    ]
    facts.update(certificate_facts(rows, as_of))
    by_year = {f.year: f for f in enterprise.yearly_figures.filter(year__in=(as_of.year - 1, as_of.year - 2))}
    for name, (field, offset) in YEAR_FACTS.items():
        record = by_year.get(as_of.year - offset)
        value = getattr(record, field) if record else None
        if value is not None:
            facts[name] = to_cel(value)
    best = enterprise.yearly_figures.filter(year__lt=as_of.year - 1).aggregate(best=Max("operating_revenue"))[
        "best"
    ]
    facts.update(best_revenue_fact(best, enterprise.founded_on, as_of))
    return facts


CPU: dict[str, float] = {}


def timed(function: Callable[[], Any], repeat: int, label: str = "") -> tuple[float, Any]:
    """Median wall-clock seconds (and, in CPU[label], median CPU seconds of this process: on a shared
    machine the wall clock also counts other people's work)."""
    seconds, cpu = [], []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    if label:
        CPU[label] = statistics.median(cpu)
    return statistics.median(seconds), result


def main() -> None:
    arguments = parse_arguments()
    as_of = date.fromisoformat(arguments.as_of)
    with tempfile.TemporaryDirectory(prefix="rainforest-bench-policies-") as directory:
        setup(Path(directory), arguments.use_database_url)
        from django.db import connection

        from rainforest.enterprises.models import Enterprise
        from rainforest.policies import selectors
        from rainforest.policies.calculator import CompiledPolicy, evaluate_many
        from rainforest.policies.models import Policy
        from rainforest.policies.services import policies_load_catalogue

        build_seconds = None
        if not arguments.use_database_url:
            say(f"building {arguments.n:,} synthetic enterprises in a throwaway SQLite database")
            start = time.perf_counter()
            build_city(arguments.n)
            policies_load_catalogue()
            build_seconds = time.perf_counter() - start
        total = Enterprise.objects.count()
        spec = policy_spec(arguments.policy)
        names = CompiledPolicy(spec).fact_names
        say(f"{total:,} enterprises; policy {spec.code} reads {', '.join(sorted(names))}")

        load_seconds, facts = timed(
            lambda: selectors.policy_facts(as_of=as_of, names=names), arguments.repeat, "load"
        )
        evaluate_seconds, rows = timed(
            lambda: evaluate_many(CompiledPolicy(spec), facts), arguments.repeat, "evaluate"
        )
        verdicts: dict[str, int] = {}
        for row in rows:
            verdicts[row.verdict] = verdicts.get(row.verdict, 0) + 1

        # End to end through the selector the pages use, as a city-wide user (no write needed).
        everyone = SimpleNamespace(is_authenticated=True, is_active=True, is_superuser=True, pk=0, role="")
        stored = Policy.objects.filter(code=spec.code).first()
        push_seconds, push = (None, None)
        if stored is not None:
            push_seconds, push = timed(
                lambda: selectors.push_list(user=everyone, policy=stored, as_of=as_of),
                arguments.repeat,
                "push",
            )

        sample_ids = random.Random(11).sample(
            list(Enterprise.objects.values_list("pk", flat=True)), min(arguments.sample, total)
        )
        calculator = CompiledPolicy(spec)

        def naive() -> None:
            for enterprise_id in sample_ids:
                calculator.evaluate(naive_facts(enterprise_id, as_of))

        naive_seconds, _ = timed(naive, 1, "naive")
        per_enterprise = naive_seconds / len(sample_ids)
        naive_estimate = per_enterprise * total
        bulk = load_seconds + evaluate_seconds

        cpu_bulk = CPU["load"] + CPU["evaluate"]
        cpu_naive_estimate = CPU["naive"] / len(sample_ids) * total
        figures = {
            "database": connection.vendor,
            "enterprises": total,
            "policy": spec.code,
            "build_seconds": None if build_seconds is None else round(build_seconds, 1),
            "facts_load_seconds": round(load_seconds, 3),
            "evaluate_seconds": round(evaluate_seconds, 3),
            "bulk_seconds": round(bulk, 3),
            "bulk_cpu_seconds": round(cpu_bulk, 3),
            "push_list_seconds": None if push_seconds is None else round(push_seconds, 3),
            "naive_sample": len(sample_ids),
            "naive_per_enterprise_ms": round(per_enterprise * 1000, 3),
            "naive_estimate_seconds": round(naive_estimate, 1),
            "ratio": round(naive_estimate / bulk, 1) if bulk else None,
            "ratio_cpu": round(cpu_naive_estimate / cpu_bulk, 1) if cpu_bulk else None,
            "verdicts": verdicts,
            "push_rows": None if push is None else len(push.rows),
        }
        repeat = arguments.repeat
        lines = [
            f"### Policy calculator: {spec.code} over {total:,} enterprises ({connection.vendor})",
            "",
            "| step | wall s | CPU s | note |",
            "| --- | ---: | ---: | --- |",
        ]
        if build_seconds is not None:
            lines.append(
                f"| (building the synthetic city; not part of the figures) | {build_seconds:.1f} | | bulk inserts |"
            )
        lines += [
            f"| facts loading (one query per input kind) | {load_seconds:.2f} | {CPU['load']:.2f} | median of {repeat} |",
            f"| evaluation (CEL, memoised per condition) | {evaluate_seconds:.2f} | {CPU['evaluate']:.2f} | median of {repeat} |",
            f"| **loading + evaluation** | **{bulk:.2f}** | **{cpu_bulk:.2f}** | aim: under 10 s for 500,000 |",
        ]
        if push_seconds is not None:
            lines.append(
                f"| push list end to end (scope, load, evaluate, sort) | {push_seconds:.2f} | {CPU['push']:.2f} | selectors.push_list |"
            )
        lines += [
            f"| naive ORM loop, per enterprise × {total:,} | {naive_estimate:.1f} | {cpu_naive_estimate:.1f} | "
            f"{per_enterprise * 1000:.2f} ms each (wall) over a sample of {len(sample_ids)} |",
            f"| **ratio naive ÷ bulk** | **{figures['ratio']}×** | **{figures['ratio_cpu']}×** | |",
            "",
            f"Verdicts: {verdicts}",
        ]
        print("\n" + "\n".join(lines))
        if arguments.json:
            print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
