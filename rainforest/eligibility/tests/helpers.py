"""Fact builders for the rule tests: a firm that passes everything, changed one input at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.result import Result

WAN = 10000


def wan(amount: str | int) -> Decimal:
    return Decimal(amount) * WAN


def with_year(facts: Facts, year: int, **changes: Any) -> Facts:
    """Facts with one year's figures changed (the year is added when absent)."""
    records = {record.year: record for record in facts.years}
    records[year] = replace(records.get(year, YearFacts(year=year)), **changes)
    return replace(facts, years=tuple(records[key] for key in sorted(records)))


def run(facts: Facts, rulebook: str) -> Result:
    return evaluate(facts, rulebook)


def criterion(result: Result, code: str) -> dict[str, Any]:
    for item in result.to_json()["criteria"]:
        if item["code"] == code:
            return dict(item)
    raise KeyError(code)


EVALUATED_ON = date(2025, 6, 1)
