"""A call's eligibility funnel over every firm of the registry (issue 10, Speed): the bulk path the funnel
uses against the per-firm precheck, in the same run, on the database DATABASE_URL names (read only).

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python benchmarks/bench_calls.py [--sample 100]
                                                                                     [--rulebook tech-sme]

The call is unsaved: open to every firm, with the rulebook given and the CEL condition
`resident_enterprise` (so both halves of a call's condition are exercised).

Measured:
  1. `calls.eligibility.eligible_ids`: the rulebook's fast evaluator over the streamed facts (one query per
     input kind, declarations included) and the CEL condition over the policy facts it reads, for every
     firm; seconds, and firms per second;
  2. `calls.selectors.funnel` as the city officer (the same pass, plus the applications by stage and
     district);
  3. the baseline: `calls.eligibility.precheck` (the reference path: full criteria, reasons, gaps) for a
     sample of firms, one at a time; per-firm time × N is the naive estimate.
The 500,000-firm figure is extrapolated linearly from the measured rate (the bulk path streams, so its
time grows with the number of firms and its memory does not). Prints a markdown table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rainforest.settings")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--rulebook", default="tech-sme")
    args = parser.parse_args()

    import django

    django.setup()
    from datetime import timedelta

    from rainforest.calls.eligibility import eligible_ids, precheck
    from rainforest.calls.models import Call
    from rainforest.calls.selectors import funnel
    from rainforest.core.models import User, data_as_of
    from rainforest.enterprises.models import Enterprise

    day = data_as_of()
    call = Call(
        code="bench-open-to-all",
        title="benchmark",
        rulebook=args.rulebook,
        condition="resident_enterprise",
        opens_on=day - timedelta(days=10),
        closes_on=day + timedelta(days=20),
        district_review_ends_on=day + timedelta(days=30),
        expert_review_ends_on=day + timedelta(days=40),
    )
    firms = Enterprise.objects.count()

    started = time.perf_counter()
    verdicts = eligible_ids(call, day)
    bulk = time.perf_counter() - started

    # The funnel's own part (applications by stage and district, eligible firms by district) on top of a
    # given eligibility pass, on a stored call when there is one (an unsaved call has no applications).
    city = User.objects.filter(role="city_officer").first()
    stored = Call.objects.order_by("pk").first()
    funnel_seconds = None
    if city is not None and stored is not None:
        started = time.perf_counter()
        funnel(stored, city, eligible=verdicts)
        funnel_seconds = time.perf_counter() - started

    sample = list(Enterprise.objects.order_by("pk")[: args.sample])
    started = time.perf_counter()
    for enterprise in sample:
        precheck(call, enterprise, day)
    naive = (time.perf_counter() - started) / max(len(sample), 1)

    rate = firms / bulk if bulk else float("inf")
    eligible = sum(1 for verdict in verdicts.values() if verdict == "true")
    print(f"| firms | {firms:,} |")
    print(f"| eligible (true) | {eligible:,} |")
    print(f"| bulk eligibility pass (s) | {bulk:.2f} |")
    print(f"| bulk rate (firms/s) | {rate:,.0f} |")
    if funnel_seconds is not None:
        print(f"| funnel counts on top of a given pass (s) | {funnel_seconds:.2f} |")
    print(f"| naive precheck per firm (ms) | {naive * 1000:.1f} |")
    print(f"| naive estimate for these firms (s) | {naive * firms:.1f} |")
    print(f"| ratio naive ÷ bulk | {naive * firms / bulk:.1f}× |")
    print(f"| bulk extrapolated to 500,000 firms (s) | {500_000 / rate:.1f} |")


if __name__ == "__main__":
    main()
