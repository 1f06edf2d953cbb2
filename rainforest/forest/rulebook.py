"""Loads the versioned forest rulebook files (rulebooks/forest-N.toml) and picks the one in force."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

RULEBOOK_DIR = Path(__file__).parent / "rulebooks"


@dataclass(frozen=True)
class ForestRulebook:
    version: str
    effective_from: date
    source: str
    herb_certificates: frozenset[str]
    startup_max_age_years: int
    registration_counts_until: tuple[int, int] | None  # (month, day) in the year after the registration year
    shrub_certificates: frozenset[str]
    tree_extra_certificates: frozenset[str]
    tree_min_revenue: Decimal
    designations: frozenset[str]
    high_growth_min_yoy: Decimal


def _month_day(raw: str | None) -> tuple[int, int] | None:
    if raw is None:
        return None
    month, day = (int(part) for part in raw.split("-"))
    date(2001, month, day)  # refuses an impossible date (and 29 February, which most years lack)
    return month, day


def _parse(path: Path) -> ForestRulebook:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    if raw.get("rulebook") != "forest":
        raise ValueError(f"{path.name}: not a forest rulebook")
    return ForestRulebook(
        version=str(raw["version"]),
        effective_from=raw["effective_from"],
        source=raw["source"],
        herb_certificates=frozenset(raw["herb"]["registration_certificates"]),
        startup_max_age_years=int(raw["herb"]["startup_max_age_years"]),
        registration_counts_until=_month_day(raw["herb"].get("registration_counts_until")),
        shrub_certificates=frozenset(raw["shrub"]["certificates"]),
        tree_extra_certificates=frozenset(raw["tree"]["also_qualifying_certificates"]),
        tree_min_revenue=Decimal(raw["tree"]["min_revenue_yuan"]),
        designations=frozenset(raw["tree"]["designations"]),
        high_growth_min_yoy=Decimal(raw["moves"]["high_growth_min_yoy"]),
    )


@cache
def all_rulebooks() -> tuple[ForestRulebook, ...]:
    books = sorted((_parse(p) for p in RULEBOOK_DIR.glob("forest-*.toml")), key=lambda b: b.effective_from)
    if not books:
        raise RuntimeError("no forest rulebook file found")
    return tuple(books)


def rulebook_on(day: date) -> ForestRulebook:
    """The rulebook version in force on `day` (the earliest one for days before all of them)."""
    books = all_rulebooks()
    chosen = books[0]
    for book in books:
        if book.effective_from <= day:
            chosen = book
    return chosen
