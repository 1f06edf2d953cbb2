"""The cultivation pool (培育库): the firms to grow into this round's high-tech enterprises (HNTE) and this
year's tech-SMEs, ranked by how close they are to passing, each with what it lacks and a pass probability.

Who is a candidate in year Y, on day d:
* `hnte` — every firm without an HNTE certificate valid at the end of Y: those that never held one or
  whose certificate lapsed, and those whose certificate expires within Y (no 复审 under 国科发火〔2016〕32号:
  they must win a new recognition). Evaluated on d with the figures of the three accounting years before
  Y, the ones an application of this year's round uses (recognitions are issued in November–December);
* `tech-sme` — every firm not yet registered for Y, last year's tech-SMEs due to re-register among them.

What a row says the firm lacks (`Candidate.shortfalls`, `margins`, `to_verify`), in Chinese:
* the gaps of its failing conditions, cheapest first, in yuan, people and IP;
* its margins: a score condition whose range straddles the pass mark (the points still open, and the
  cheapest quantified step that raises the score), and an HNTE ratio that passes by less than `NEAR` of
  its threshold, or that next year's window (sales held) would fail unless R&D rises: what keeps it safe;
* the facts the registry does not hold that its undetermined conditions need ("待核实：…").
On registry data alone no HNTE verdict is "true" (HNTE-2, HNTE-8 need data), so for the top of the pool the
margins are the nearest quantified gaps.

Ranking (closest first): fewer failing conditions; then cheaper gaps (eligibility.gaps.Cost tiers summed
over the failing conditions, a condition with no known fix counting as the dearest); then a higher score
midpoint against the pass mark; then fewer yuan and people needed; then fewer yuan and people to make its
margins safe; then the pass probability.

Bulk: the facts of every candidate come from `eligibility.selectors.facts_for_all` in a constant number of
queries; `build_pool` itself touches no database, so tests can hand it facts directly.

The package, by concern: `common` (vocabulary, `Candidate`, `Shortfall`), `lacks` (what a firm lacks),
`ranking` (evaluate and rank, no database), `registry` (candidates, facts and cache from the database,
`pool_for`), `kept` (the whole pool's probabilities, kept for the targets' summaries), `calibration` (the
history the probability model is fitted on). Import from the package.
"""

from rainforest.cultivation.pool.calibration import Observation, calibration_history
from rainforest.cultivation.pool.common import (
    BANDS,
    EXPIRING,
    HNTE,
    ID_LIST_LIMIT,
    NEAR,
    NO_KNOWN_FIX,
    RE_REGISTER,
    REASON_LABELS,
    RULEBOOK_LABELS,
    RULEBOOKS,
    SCORE_LABELS,
    TECH_SME,
    Candidate,
    Shortfall,
)
from rainforest.cultivation.pool.kept import LIVE_LIMIT, KeptProbabilities, keep
from rainforest.cultivation.pool.lacks import margins_of, shortfalls_of, to_verify_of
from rainforest.cultivation.pool.ranking import assess, build_pool, in_band, rank
from rainforest.cultivation.pool.registry import (
    CACHE_SECONDS,
    candidates_queryset,
    clear_cache,
    data_stamp,
    load_facts,
    pool_for,
    reasons_for,
)

__all__ = [
    "BANDS",
    "CACHE_SECONDS",
    "EXPIRING",
    "HNTE",
    "ID_LIST_LIMIT",
    "LIVE_LIMIT",
    "NEAR",
    "NO_KNOWN_FIX",
    "REASON_LABELS",
    "RE_REGISTER",
    "RULEBOOKS",
    "RULEBOOK_LABELS",
    "SCORE_LABELS",
    "TECH_SME",
    "Candidate",
    "KeptProbabilities",
    "Observation",
    "Shortfall",
    "assess",
    "build_pool",
    "calibration_history",
    "candidates_queryset",
    "clear_cache",
    "data_stamp",
    "in_band",
    "keep",
    "load_facts",
    "margins_of",
    "pool_for",
    "rank",
    "reasons_for",
    "shortfalls_of",
    "to_verify_of",
]  # fmt: skip
