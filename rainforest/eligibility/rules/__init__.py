"""The rule functions, one module per rulebook, mapped by an explicit dictionary (no dotted paths, no getattr).

Each function is pure: `(facts, rulebook) -> Result`; the rulebook file supplies every threshold.
"""

from __future__ import annotations

from collections.abc import Callable

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.result import Result
from rainforest.eligibility.rulebook import Rulebook
from rainforest.eligibility.rules import tech_sme

Rule = Callable[[Facts, Rulebook], Result]

RULES: dict[str, Rule] = {
    "tech-sme-2017": tech_sme.evaluate,
}
