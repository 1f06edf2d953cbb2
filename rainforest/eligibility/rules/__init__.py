"""The rule functions, one module per rulebook, mapped by an explicit dictionary (no dotted paths, no getattr).

Each function is pure: `(facts, rulebook) -> Result`; the rulebook file supplies every threshold.
"""

from __future__ import annotations

from collections.abc import Callable

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.result import Result
from rainforest.eligibility.rulebook import Rulebook
from rainforest.eligibility.rules import hnte, innovative_sme, little_giant, srdi, tech_sme

Rule = Callable[[Facts, Rulebook], Result]

RULES: dict[str, Rule] = {
    "tech-sme-2017": tech_sme.evaluate,
    "hnte-2016": hnte.evaluate,
    "innovative-sme-2022": innovative_sme.evaluate,
    "srdi-2022": srdi.evaluate_2022,
    "srdi-2026": srdi.evaluate_2026,
    "little-giant-2022": little_giant.evaluate_2022,
    "little-giant-2026": little_giant.evaluate_2026,
}
