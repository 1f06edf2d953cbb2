"""Evaluate candidates and rank them, closest to passing first; no database access (tests hand it facts)."""

from __future__ import annotations

from collections.abc import Iterable

from rainforest.cultivation.pool.common import BANDS, Candidate
from rainforest.cultivation.pool.lacks import margins_of, shortfalls_of, to_verify_of
from rainforest.cultivation.probability import Model, features_of
from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.facts import Facts
from rainforest.enterprises.models import Enterprise


def assess(rulebook: str, facts: Facts, model: Model, *, enterprise_id: int, reason: str = "") -> Candidate:
    result = evaluate(facts, rulebook)
    features = features_of(result, facts)
    return Candidate(
        enterprise_id=enterprise_id,
        rulebook=rulebook,
        result=result,
        features=features,
        probability=model.probability(features),
        shortfalls=shortfalls_of(result),
        reason=reason,
        margins=margins_of(result, facts),
        to_verify=to_verify_of(result),
    )


def rank(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=Candidate.closeness)


def build_pool(
    *,
    rulebook: str,
    facts_by_enterprise: dict[int, Facts],
    model: Model,
    reasons: dict[int, str] | None = None,
    enterprises: dict[int, Enterprise] | None = None,
) -> list[Candidate]:
    """Evaluate every firm of `facts_by_enterprise` with `rulebook` and rank them (no database access)."""
    reasons = reasons or {}
    enterprises = enterprises or {}
    candidates = []
    for pk, facts in facts_by_enterprise.items():
        candidate = assess(rulebook, facts, model, enterprise_id=pk, reason=reasons.get(pk, ""))
        candidate.enterprise = enterprises.get(pk)
        candidates.append(candidate)
    return rank(candidates)


def in_band(candidates: Iterable[Candidate], band: str) -> list[Candidate]:
    for code, _label, low, high in BANDS:
        if code == band:
            return [c for c in candidates if low <= c.probability < high]
    return list(candidates)
