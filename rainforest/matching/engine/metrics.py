"""Ranking metrics of match-eval.

- nDCG@10 with gains 2^grade − 1, the ideal ranking being the query's judged items by grade;
- recall@10 of the items graded ≥ 2 (queries without such an item are left out of the mean);
- MRR: 1 ÷ rank of the first grade-3 item (0 when none is retrieved; queries without a grade-3 item are left
  out of the mean).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(gains: Sequence[float]) -> float:
    return sum(g / math.log2(rank + 2) for rank, g in enumerate(gains))


def ndcg_at(ranking: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    gains = [2 ** grades.get(doc, 0) - 1 for doc in ranking[:k]]
    ideal = sorted((2**g - 1 for g in grades.values() if g > 0), reverse=True)[:k]
    best = dcg(ideal)
    return dcg(gains) / best if best else 0.0


def recall_at(
    ranking: Sequence[str], grades: Mapping[str, int], k: int = 10, *, min_grade: int = 2
) -> float | None:
    relevant = {d for d, g in grades.items() if g >= min_grade}
    if not relevant:
        return None
    return len(relevant & set(ranking[:k])) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], grades: Mapping[str, int], *, grade: int = 3) -> float | None:
    if not any(g >= grade for g in grades.values()):
        return None
    for rank, doc in enumerate(ranking, start=1):
        if grades.get(doc, 0) >= grade:
            return 1.0 / rank
    return 0.0


def mean(values: Sequence[float | None]) -> float:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else 0.0


def summary(
    rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]]
) -> dict[str, float | int]:
    """The match-eval figures over the queries that have judgements."""
    queries = [q for q in qrels if q in rankings]
    return {
        "queries": len(queries),
        "ndcg@10": round(mean([ndcg_at(rankings[q], qrels[q]) for q in queries]), 4),
        "recall@10": round(mean([recall_at(rankings[q], qrels[q]) for q in queries]), 4),
        "mrr": round(mean([reciprocal_rank(rankings[q], qrels[q]) for q in queries]), 4),
    }
