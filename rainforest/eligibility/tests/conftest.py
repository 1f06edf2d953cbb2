"""Every rule test doubles as a fast-path test: each reference evaluation a test makes is checked against
the `fast` package (same verdict, same score), so the band edges the rule tests pin down bind the fast path too."""

from __future__ import annotations

import pytest

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.fast import EXACT, compiled, years_of
from rainforest.eligibility.result import Result
from rainforest.eligibility.rulebook import Rulebook
from rainforest.eligibility.rules import RULES


@pytest.fixture(autouse=True)
def fast_path_agrees(monkeypatch):
    from decimal import localcontext

    def checked(rule):
        def evaluate(facts: Facts, book: Rulebook) -> Result:
            result = rule(facts, book)
            with localcontext(EXACT):
                fast = compiled(book.name)(facts, years_of(facts))
            score = result.score or (None, None)
            assert fast == (result.eligible, *score), f"fast path differs for {book.name}"
            return result

        return evaluate

    for name, rule in list(RULES.items()):
        monkeypatch.setitem(RULES, name, checked(rule))
