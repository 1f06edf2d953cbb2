"""Ranking: a query's own words, the concept map's technique terms, keywords of the first results (pseudo-
relevance feedback) and field agreement, fused into one score; every result says why it matched."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from rainforest.matching.engine.concepts import ConceptMap, Fired, default_map
from rainforest.matching.engine.index import Doc, Index, keyword_words
from rainforest.matching.engine.text import Tokenizer, normalise


@dataclass(frozen=True)
class Params:
    """The fusion's weights (chosen on the development queries of the hard set, see docs/matching.md)."""

    concept_weight: float = 0.35  # each technique term of a fired concept, against 1 for a query word
    prf_docs: int = 0  # feedback from the keywords of this many first results (0: off, see docs)
    prf_terms: int = 6  # at most this many keywords added
    prf_weight: float = 0.25
    field_bonus: float = 0.4  # score × (1 + bonus) when the document's field is the query's


@dataclass
class Bridge:
    trigger: str  # the query's phrase
    concept: str
    terms: list[str]  # the technique terms found in the document


@dataclass
class Match:
    doc: Doc
    score: float
    shared: list[str] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)
    expansions: list[str] = field(default_factory=list)
    field_agrees: bool = False

    @property
    def id(self) -> str:
        return self.doc.id

    def reasons(self) -> list[str]:
        """The explanation, one Chinese sentence per reason."""
        out = []
        if self.shared:
            out.append("共同词语：" + "、".join(self.shared))
        for b in self.bridges:
            out.append(f"概念关联：「{b.trigger}」→ {b.concept}（{'、'.join(b.terms)}）")
        if self.expansions:
            out.append("关键词扩展：" + "、".join(self.expansions))
        if self.field_agrees:
            out.append(f"领域一致：{self.doc.field}")
        return out

    def explanation(self) -> str:
        return "；".join(self.reasons()) or "文本相近"

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.doc.id,
            "title": self.doc.title,
            "field": self.doc.field,
            "owner": self.doc.owner,
            "score": round(float(self.score), 4),
            "shared_terms": self.shared,
            "concepts": [
                {"trigger": b.trigger, "concept": b.concept, "terms": b.terms} for b in self.bridges
            ],
            "expansions": self.expansions,
            "field_agrees": self.field_agrees,
            "explanation": self.explanation(),
        }


class Engine:
    """Matches text against one index. `plain=True` gives the baseline (jieba + BM25, nothing else)."""

    def __init__(
        self,
        index: Index,
        *,
        concepts: ConceptMap | None = None,
        params: Params | None = None,
        reverse: bool = False,
    ) -> None:
        self.index = index
        self.plain = index.plain
        self.concepts = concepts or default_map()
        self.params = params or Params()
        self.reverse = reverse  # the documents are demands (problem words), the queries techniques
        self.tokenizer = Tokenizer(index.words, plain=index.plain)

    @classmethod
    def build(
        cls,
        docs: Iterable[Doc],
        *,
        plain: bool = False,
        stamp: str = "",
        concepts: ConceptMap | None = None,
        params: Params | None = None,
        reverse: bool = False,
    ) -> Engine:
        docs = list(docs)
        concepts = concepts or default_map()
        tokenizer = Tokenizer(() if plain else concepts.phrases() | keyword_words(docs), plain=plain)
        return cls(
            Index.build(docs, tokenizer, stamp=stamp), concepts=concepts, params=params, reverse=reverse
        )

    # ------------------------------------------------------------------ query
    def _terms(self, phrases: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for p in phrases:
            out.update(self.tokenizer.tokens(p))
        return out

    def search(
        self,
        text: str,
        *,
        field: str = "",
        top: int = 10,
        allowed: Callable[[list[str]], set[str]] | None = None,
        exclude: Iterable[str] = (),
    ) -> list[Match]:
        """The `top` best documents for `text`. `allowed(ids)` returns which of the candidate ids the user may
        see (the policy's restrict): results are drawn from those only, however deep that takes."""
        if not len(self.index):
            return []
        scores, own, fired, bridge_terms, expansions, agrees = self._score(text, field)
        excluded = {self.index.position[e] for e in exclude if e in self.index.position}
        chosen = self._choose(scores, top, allowed, excluded)
        return [
            self._explain(i, float(scores[i]), own, fired, bridge_terms, expansions, bool(agrees[i]))
            for i in chosen
        ]

    def ranking(self, text: str, *, field: str = "", depth: int = 1000) -> list[str]:
        """Ids of the first `depth` documents (no explanations), for evaluation."""
        if not len(self.index):
            return []
        scores = self._score(text, field)[0]
        return [self.index.docs[i].id for i in _top(scores, depth)]

    def _score(
        self, text: str, field: str
    ) -> tuple[np.ndarray, Counter[str], list[Fired], dict[str, set[str]], list[str], np.ndarray]:
        p = self.params
        own = Counter(self.tokenizer.tokens(text))
        weights: dict[str, float] = {t: 1.0 for t in own}
        fired: list[Fired] = []
        bridge_terms: dict[str, set[str]] = {}
        if not self.plain:
            fired = self.concepts.fire(text, reverse=self.reverse)
            for f in fired:
                phrases = f.concept.problems if self.reverse else f.concept.techniques
                terms = self._terms(phrases) - set(own)
                bridge_terms[f.concept.name] = terms
                for t in terms:
                    weights[t] = weights.get(t, 0.0) + p.concept_weight
        scores = self.index.scores(weights)
        expansions: list[str] = []
        if not self.plain and p.prf_docs and not self.reverse:
            first = _top(scores, p.prf_docs)
            votes: dict[str, float] = {}
            for rank, i in enumerate(first):
                for k in self.index.docs[i].keywords:
                    votes[normalise(k)] = votes.get(normalise(k), 0.0) + 1.0 / (rank + 1)
            added: dict[str, float] = {}
            for k in sorted(votes, key=lambda w: (-votes[w], w)):
                if len(expansions) >= p.prf_terms:
                    break
                pieces = self.tokenizer.tokens(k)
                if not pieces or all(t in weights for t in pieces):
                    continue
                expansions.append(k)
                for t in pieces:
                    if t not in weights:
                        added[t] = p.prf_weight
            if added:
                scores = scores + self.index.scores(added)
                weights.update(added)
        query_fields = {field} if field else set()
        if not self.plain and not field and fired:
            # No field given: the industries of the concepts that fired stand for it.
            query_fields = {f.concept.field for f in fired}
        agrees = np.zeros(len(self.index), dtype=bool)
        if not self.plain and query_fields:
            agrees = self.index.in_fields(query_fields)
            scores = np.where(agrees & (scores > 0), scores * (1 + p.field_bonus), scores)
        return scores, own, fired, bridge_terms, expansions, agrees

    def _choose(
        self,
        scores: np.ndarray,
        top: int,
        allowed: Callable[[list[str]], set[str]] | None,
        excluded: set[int],
    ) -> list[int]:
        positive = int((scores > 0).sum())
        depth = min(positive, max(top * 5, 50))
        while True:
            candidates = [i for i in _top(scores, depth) if i not in excluded]
            if allowed is not None:
                ids = [self.index.docs[i].id for i in candidates]
                visible = allowed(ids)
                candidates = [i for i in candidates if self.index.docs[i].id in visible]
            if len(candidates) >= top or depth >= positive:
                return candidates[:top]
            depth = min(positive, depth * 8)

    def _explain(
        self,
        i: int,
        score: float,
        own: Counter[str],
        fired: list[Fired],
        bridge_terms: dict[str, set[str]],
        expansions: list[str],
        agrees: bool,
    ) -> Match:
        doc = self.index.docs[i]
        doc_terms = set(self.tokenizer.tokens(doc.text()))
        # One-character words still score (膜, 烯) but say too little to explain a match.
        shared = self.index.idf_order({t for t in own if len(t) > 1} & doc_terms)[:6]
        bridges = []
        doc_text = normalise(doc.text())
        for f in fired:
            # Name the concept's own phrases found in the document; its word pieces only when none is whole.
            phrases = f.concept.problems if self.reverse else f.concept.techniques
            found = [t for t in phrases if t in doc_text][:4]
            if not found:
                found = self.index.idf_order(bridge_terms.get(f.concept.name, set()) & doc_terms)[:4]
            if found:
                bridges.append(Bridge(f.trigger, f.concept.name, found))
        used = [k for k in expansions if set(self.tokenizer.tokens(k)) & doc_terms]
        return Match(doc, score, shared, bridges, used, agrees)


def _top(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the k best positive scores, best first (ties by position, for a stable order)."""
    if k <= 0:
        return []
    positive = np.flatnonzero(scores > 0)
    part = positive[np.argpartition(-scores[positive], k - 1)[:k]] if len(positive) > k else positive
    order = np.lexsort((part, -scores[part]))
    return [int(x) for x in part[order]]
