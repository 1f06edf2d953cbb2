"""The fast path gives the reference path's verdict and score, on thousands of random facts.

The facts are drawn to sit on band edges as often as between them (R&D exactly 5% of sales, one cent
either side, staff ratios at the percent, sales at 5,000万, zero and negative bases for growth), with any
input missing now and then, so every "needs data" branch is taken too.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from rainforest.eligibility.engine import evaluate_all
from rainforest.eligibility.facts import Award, Facts, YearFacts
from rainforest.eligibility.fast import compiled, evaluate_many, fast_evaluate, fast_evaluate_all
from rainforest.eligibility.rulebook import all_rulebooks
from rainforest.eligibility.rules import RULES
from rainforest.eligibility.tests.helpers import EVALUATED_ON, wan

CENT = Decimal("0.01")
RATES = [
    Decimal(rate)
    for rate in (
        "0", "0.01", "0.02", "0.03", "0.04", "0.05", "0.06", "0.08", "0.1", "0.15", "0.2", "0.25", "0.3",
        "0.35", "0.5", "0.55", "0.6", "0.7", "0.75", "0.8", "0.9", "1",
    )
]  # fmt: skip
DAYS = [date(2025, 6, 1), date(2024, 1, 1), date(2026, 3, 31), date(2026, 4, 1), date(2026, 12, 31)]
AMOUNTS = [
    Decimal(value)
    for value in ("0", "1", "1000000", "10000000", "15000000", "50000000", "50000000.01", "50000100",
                  "100000000", "200000000", "200000000.01")
]  # fmt: skip
TITLES = ["innovative_sme", "tech_and_innovative_sme", "specialised_sme", "little_giant"]
HONOURS = ["tech_innovation_demo", "ip_advantage", "ip_demo"]
FIELDS: list[Any] = [
    "electronic_info", "bio_medicine", "aerospace", "new_materials", "hitech_services", "new_energy",
    "resources_environment", "advanced_manufacturing", "none",
]  # fmt: skip
EXPERT_CODES = [
    "IP-1", "IP-2", "IP-3", "IP-4", "IP-5", "CONV", "RDM-1", "RDM-2", "GR-1", "GR-2", "SP-4", "FP-1",
    "FP-2", "FS-1", "S26-8", "S26-9", "LG-9", "LG-10", "LG-11", "LG-12", "LG-13", "L26-10", "L26-11",
]  # fmt: skip


def maybe(rng: random.Random, value, p_none: float = 0.1):
    return None if rng.random() < p_none else value


def amount(rng: random.Random) -> Decimal:
    if rng.random() < 0.4:
        return rng.choice(AMOUNTS)
    return Decimal(rng.randint(0, 400_000_000_00)) / 100


def near(rng: random.Random, base: Decimal | None, *, negative: bool = False) -> Decimal:
    """A value at, or a cent either side of, rate × base (or anywhere)."""
    if base is None or rng.random() < 0.15:
        value = amount(rng)
    else:
        value = (base * rng.choice(RATES)).quantize(CENT) + rng.choice(
            [Decimal(0), Decimal(0), CENT, -CENT, Decimal(rng.randint(-100000, 100000))]
        )
    if negative and rng.random() < 0.2:
        value = -value
    return value if negative else max(value, Decimal(0))


def people(rng: random.Random, employees: int | None) -> int:
    if employees is None or rng.random() < 0.2:
        return rng.randint(0, 600)
    exact = int(employees * rng.choice(RATES))
    return max(0, min(employees, exact + rng.choice([-1, 0, 0, 1])))


def year_facts(rng: random.Random, year: int, previous: YearFacts | None) -> YearFacts:
    employees = rng.choice([0, 1, 3, 10, 40, 100, 150, 480, 500, 501, rng.randint(0, 800)])
    sales = amount(rng)
    if previous is not None and previous.sales_revenue is not None and rng.random() < 0.5:
        sales = near(rng, previous.sales_revenue * rng.choice([Decimal("1.05"), Decimal("1.15"), Decimal(2)]))
    operating = rng.choice([sales, near(rng, sales), amount(rng)])
    total_income = rng.choice([operating, near(rng, operating), amount(rng)])
    assets = amount(rng)
    rd = near(rng, rng.choice([sales, operating, amount(rng)]))
    net_assets = near(rng, previous.net_assets if previous and previous.net_assets else assets, negative=True)
    return YearFacts(
        year=year,
        employees=maybe(rng, employees),
        tech_staff=maybe(rng, people(rng, employees)),
        rd_staff=maybe(rng, people(rng, employees)),
        sales_revenue=maybe(rng, sales),
        operating_revenue=maybe(rng, operating),
        main_business_revenue=maybe(rng, near(rng, operating)),
        total_assets=maybe(rng, assets),
        total_liabilities=maybe(rng, near(rng, assets)),
        cost_expense=maybe(rng, near(rng, rd) if rng.random() < 0.3 else amount(rng)),
        rd_expense=maybe(rng, rd),
        rd_expense_domestic=maybe(rng, near(rng, rd)),
        total_income=maybe(rng, total_income),
        hitech_income=maybe(rng, near(rng, total_income)),
        net_assets=maybe(rng, net_assets),
        net_profit=maybe(rng, near(rng, operating, negative=True)),
        conversions=maybe(rng, rng.randint(0, 7)),
        equity_qualified=maybe(
            rng, rng.choice([Decimal(0), wan(250), wan(500), wan(1000), wan(3000), amount(rng)])
        ),
    )


def random_facts(rng: random.Random) -> Facts:
    day = rng.choice(DAYS)
    years = []
    previous = None
    for year in range(day.year - 4, day.year):
        record = year_facts(rng, year, previous)
        previous = record
        if rng.random() > 0.1:
            years.append(record)
    # Half the firms lean towards passing, so that verdicts "true" and "undetermined" come up often too.
    good = rng.random() < 0.5
    yes: list[bool | None] = [True, True, True, True, True, True, True, True, None, False]
    no: list[bool | None] = [False, False, False, False, False, False, False, False, None, True]
    if not good:
        yes = no = [None, True, False]
    registered = day - timedelta(days=rng.choice([0, 364, 365, 366, rng.randint(0, 4000)]))
    return Facts(
        evaluated_on=day,
        registered_on=maybe(rng, registered),
        resident_enterprise=rng.choice(yes),
        is_sme=rng.choice(yes),
        restricted_industry=rng.choice(no),
        major_incident_12m=rng.choice(no),
        major_incident_tsme=rng.choice(no),
        major_incident_3y=rng.choice(no),
        dishonest_listed=rng.choice(no),
        has_valid_hnte=rng.choice(yes),
        valid_titles=maybe(rng, frozenset(rng.sample(TITLES, rng.randint(0, 2))), 0.3),
        honours_valid=maybe(rng, frozenset(rng.sample(HONOURS, rng.randint(0, 1))), 0.3),
        national_award_top3_5y=rng.choice(yes),
        awards=maybe(
            rng,
            tuple(
                Award(
                    level=rng.choice(["national", "provincial"]),
                    rank=rng.randint(1, 7),
                    year=rng.randint(day.year - 5, day.year),
                )
                for _ in range(rng.randint(0, 2))
            ),
            0.4,
        ),
        provincial_rd_institution=rng.choice(yes),
        rd_institution_level=rng.choice([None, "none", "below_city", "city", "provincial", "national"]),
        led_standard_5y=rng.choice(yes),
        tech_field=rng.choice([None, *FIELDS]),
        owns_core_ip=rng.choice(yes),
        ip_class1=maybe(rng, rng.choice([0, 0, 1, 2, 5]), 0.2),
        ip_class2=maybe(rng, rng.randint(0, 7), 0.2),
        ip_class1_high_value=maybe(rng, rng.randint(0, 2), 0.3),
        ip_class1_self_developed=maybe(rng, rng.randint(0, 2), 0.3),
        ip_class1_applied=maybe(rng, rng.randint(0, 5), 0.3),
        strategic_emerging_field=rng.choice(yes),
        niche_market_since=maybe(
            rng,
            rng.choice([date(day.year - n, day.month, day.day) for n in (1, 2, 3, 6)] + [date(2019, 7, 1)]),
        ),
        market_share=maybe(rng, rng.choice([Decimal("0.0999"), Decimal("0.1"), Decimal("0.25")]), 0.4),
        market_rank_national=maybe(rng, rng.randint(1, 6), 0.4),
        chuangke_rank_3y=maybe(rng, rng.choice([0, 1, 50, 51, 500, 501]), 0.5),
        key_chain_role=rng.choice(yes),
        key_field_product=rng.choice(yes),
        own_brand=rng.choice(yes),
        information_system=rng.choice(yes),
        management_certification=rng.choice(yes),
        ip_advancement=rng.choice([None, "A", "B", "C", "D", "E"]),
        ip_core_support=rng.choice([None, "A", "B", "C", "D", "E"]),
        ip_acquisition=rng.choice([None, "self", "acquired_only", "none"]),
        standards_participation=rng.choice(yes),
        rd_mgmt_system=rng.choice([None, "absent", "present", rng.randint(0, 4)]),
        rd_mgmt_institution=rng.choice([None, "absent", "present", rng.randint(0, 4)]),
        rd_mgmt_conversion=rng.choice([None, "absent", "present", rng.randint(0, 4)]),
        rd_mgmt_talent=rng.choice([None, "absent", "present", rng.randint(0, 4)]),
        expert_points={
            code: rng.randint(-1, 70) for code in rng.sample(EXPERT_CODES, rng.choice([0, 0, 0, 1, 3]))
        },
        years=tuple(years),
    )


def reference(facts: Facts, name: str):
    book = next(book for book in all_rulebooks() if book.name == name)
    result = RULES[name](facts, book)
    score = result.score
    return result.eligible, score[0] if score else None, score[1] if score else None


NAMES = sorted(RULES)


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_path_agrees_with_the_reference_path_on_random_facts(seed):
    rng = random.Random(seed)
    disagreements = []
    for _ in range(600):
        facts = random_facts(rng)
        for name in NAMES:
            expected = reference(facts, name)
            got = fast_evaluate(facts, name)
            if got != expected:
                disagreements.append((name, expected, got, facts))
    assert disagreements[:1] == []


def test_every_rulebook_has_a_fast_rule():
    assert sorted(compiled.__wrapped__(name).__qualname__.split(".")[0] for name in NAMES) == sorted(
        [
            "_hnte",
            "_innovative",
            "_little_giant_2022",
            "_little_giant_2026",
            "_srdi_2022",
            "_srdi_2026",
            "_tech_sme",
        ]
    )


def test_the_bulk_loop_gives_what_evaluate_all_gives():
    rng = random.Random(99)
    facts = [random_facts(rng) for _ in range(200)]

    bulk = dict(evaluate_many(enumerate(facts)))

    for index, one in enumerate(facts):
        expected = {
            family: (result.eligible, *(result.score or (None, None)))
            for family, result in evaluate_all(one).items()
        }
        assert bulk[index] == expected == fast_evaluate_all(one)


def test_a_ratio_one_cent_under_the_band_edge_is_not_rounded_up():
    # H-5: latest sales 50,000,000 → 5%; R&D exactly 5% passes HNTE-5, one cent less fails.
    sales = Decimal("50000000")
    years = tuple(
        YearFacts(year=year, sales_revenue=sales, rd_expense=sales * Decimal("0.05"))
        for year in (2022, 2023, 2024)
    )
    facts = Facts(evaluated_on=EVALUATED_ON, years=years)
    short = Facts(
        evaluated_on=EVALUATED_ON,
        years=(
            *years[:2],
            YearFacts(year=2024, sales_revenue=sales, rd_expense=sales * Decimal("0.05") - CENT),
        ),
    )
    book = next(book for book in all_rulebooks() if book.name == "hnte-2016")
    assert RULES["hnte-2016"](facts, book).criterion("HNTE-5").passed is True
    assert RULES["hnte-2016"](short, book).criterion("HNTE-5").passed is False
    assert fast_evaluate(facts, "hnte-2016") == reference(facts, "hnte-2016")
    assert fast_evaluate(short, "hnte-2016") == reference(short, "hnte-2016")
