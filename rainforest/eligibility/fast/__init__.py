"""The fast path: verdict and score only, for bulk runs (every rulebook × 500,000 firms).

The reference path (`engine.evaluate`, the rule modules) builds every criterion with its value, reason and
gaps in Chinese, which a person reads; a bulk run that ranks or counts firms needs only the verdict and the
score range. The functions here compute exactly those, from the same rulebook files, without Fraction,
text or per-criterion objects:

* every ratio test a ÷ b ≥ t is made as a ≥ t × b (b > 0) on Decimals in a context wide enough that no
  product or sum is ever rounded (`EXACT`), so a ratio is never rounded before it is compared;
* band bounds are read once per rulebook into plain tuples (`_bands`);
* text is built only on demand: a caller that wants the reasons and gaps of one firm (a page, the pool's
  candidates) runs the reference path for it.

`eligibility/tests/test_fastpath.py` checks on thousands of random facts that both paths give the same verdict and
score. A rulebook without a fast module in this package falls back to the reference path (same answer, slower).

One module per rulebook family (`tech_sme`, `hnte`, `innovative_sme`, `srdi`, `little_giant`), beside
the shared helpers of `_common`; this module maps rulebook versions to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import localcontext
from functools import cache

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.fast._common import EXACT, FastRule, Outcome, Years, _reference
from rainforest.eligibility.fast.hnte import _hnte
from rainforest.eligibility.fast.innovative_sme import _innovative
from rainforest.eligibility.fast.little_giant import _little_giant_2022, _little_giant_2026
from rainforest.eligibility.fast.srdi import _srdi_2022, _srdi_2026
from rainforest.eligibility.fast.tech_sme import _tech_sme
from rainforest.eligibility.rulebook import Rulebook, all_rulebooks, rulebook_for, rulebook_named

__all__ = ["EXACT", "Outcome", "compiled", "evaluate_many", "fast_evaluate", "fast_evaluate_all", "years_of"]


# --- Dispatch ---------------------------------------------------------------------------------------------

FAST: dict[str, Callable[[Rulebook], FastRule]] = {
    "tech-sme-2017": _tech_sme,
    "hnte-2016": _hnte,
    "innovative-sme-2022": _innovative,
    "srdi-2022": _srdi_2022,
    "srdi-2026": _srdi_2026,
    "little-giant-2022": _little_giant_2022,
    "little-giant-2026": _little_giant_2026,
}


@cache
def compiled(name: str) -> FastRule:
    """The fast rule of a rulebook version, its thresholds read once (falls back to the reference path)."""
    book = rulebook_named(name)
    build = FAST.get(name)
    if build is None:
        return lambda facts, years: _reference(facts, book)
    return build(book)


def years_of(facts: Facts) -> Years:
    return {record.year: record for record in facts.years}


def fast_evaluate(facts: Facts, name: str) -> Outcome:
    """Verdict and score of one rulebook version (by its full name, e.g. `hnte-2016`)."""
    with localcontext(EXACT):
        return compiled(name)(facts, years_of(facts))


@cache
def _in_force(day: date) -> tuple[tuple[str, str], ...]:
    books = []
    for family in dict.fromkeys(book.family for book in all_rulebooks()):
        try:
            books.append((family, rulebook_for(family, day).name))
        except LookupError:
            continue
    return tuple(books)


def fast_evaluate_all(facts: Facts) -> dict[str, Outcome]:
    """Every family's version in force on facts.evaluated_on, as `engine.evaluate_all` picks them."""
    years = years_of(facts)
    with localcontext(EXACT):
        return {family: compiled(name)(facts, years) for family, name in _in_force(facts.evaluated_on)}


def evaluate_many(items: Iterable[tuple[int, Facts]]) -> Iterator[tuple[int, dict[str, Outcome]]]:
    """(pk, {family: outcome}) for a stream of (pk, facts): the bulk loop, one exact context for all."""
    with localcontext(EXACT):
        for pk, facts in items:
            years = {record.year: record for record in facts.years}
            yield pk, {family: compiled(name)(facts, years) for family, name in _in_force(facts.evaluated_on)}
