"""Evaluate facts against a rulebook, chosen by name or by family and date (the version in
force on `evaluated_on`; MIIT tiers switch from the 2022 to the 2026 rules on 2026-04-01).

A name always wins: a notice may fix the version for a batch (the 2026 小巨人 re-review used the 2022 rules).
"""

from __future__ import annotations

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.result import Result
from rainforest.eligibility.rulebook import Rulebook, all_rulebooks, rulebook_for, rulebook_named
from rainforest.eligibility.rules import RULES


class UnknownRulebook(KeyError):
    pass


def choose(name_or_family: str, facts: Facts) -> Rulebook:
    """`hnte-2016` names a version; `hnte` picks the version in force on facts.evaluated_on."""
    try:
        return rulebook_named(name_or_family)
    except KeyError:
        pass
    try:
        return rulebook_for(name_or_family, facts.evaluated_on)
    except KeyError:
        known = ", ".join(
            sorted({book.name for book in all_rulebooks()} | {book.family for book in all_rulebooks()})
        )
        raise UnknownRulebook(f"unknown rulebook {name_or_family!r}; known: {known}") from None


def evaluate(facts: Facts, rulebook: str) -> Result:
    book = choose(rulebook, facts)
    return RULES[book.name](facts, book)


def evaluate_all(facts: Facts) -> dict[str, Result]:
    """Every family's version in force on facts.evaluated_on (a family with none in force is left out)."""
    results: dict[str, Result] = {}
    for family in dict.fromkeys(book.family for book in all_rulebooks()):
        try:
            book = rulebook_for(family, facts.evaluated_on)
        except LookupError:
            continue
        results[family] = RULES[book.name](facts, book)
    return results
