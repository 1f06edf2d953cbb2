"""A BM25 index over documents (achievements or demands): bm25s computes the term × document score matrix
once (eager BM25, sparse CSC); a query is a weighted sum of its terms' columns, so expansion terms can weigh
less than the query's own. Saved as plain .npy arrays (never pickles) and JSON, loaded without running code
from the files."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from rainforest.matching.engine.text import Tokenizer, normalise

FORMAT = 1
K1 = 1.2
B = 0.75


@dataclass
class Doc:
    """One document of an index. For an achievement: title, abstract as body, keywords, discipline, field;
    for a demand: title, description as body, field, and the firm in `owner`."""

    id: str
    title: str
    body: str = ""
    keywords: list[str] = field(default_factory=list)
    discipline: str = ""
    field: str = ""
    owner: str = ""

    @classmethod
    def from_achievement(cls, row: Mapping[str, Any]) -> Doc:
        keywords = row.get("keywords") or []
        if isinstance(keywords, str):
            keywords = [
                k for k in keywords.replace("；", ";").replace("，", ",").replace(";", ",").split(",")
            ]
        return cls(
            id=str(row["id"]),
            title=str(row.get("title") or ""),
            body=str(row.get("abstract") or ""),
            keywords=[k.strip() for k in keywords if k and k.strip()],
            discipline=str(row.get("discipline") or ""),
            field=str(row.get("field") or ""),
            owner=str(row.get("owner") or ""),
        )

    @classmethod
    def from_demand(cls, row: Mapping[str, Any]) -> Doc:
        return cls(
            id=str(row["id"]),
            title=str(row.get("title") or ""),
            body=str(row.get("description") or ""),
            field=str(row.get("field") or ""),
            owner=str(row.get("owner") or row.get("enterprise") or ""),
        )

    def text(self) -> str:
        return " ".join([self.title, " ".join(self.keywords), self.body])


def weighted_text(doc: Doc, *, plain: bool) -> str:
    """What is indexed: the plain baseline indexes title, keywords and body once each; the engine repeats
    the title and the keywords (a field weight of 2), which name the technique more densely than the body."""
    if plain:
        return doc.text()
    keywords = " ".join(doc.keywords)
    return " ".join([doc.title, doc.title, keywords, keywords, doc.body])


class Index:
    def __init__(
        self,
        docs: list[Doc],
        vocab: dict[str, int],
        data: np.ndarray,
        indices: np.ndarray,
        indptr: np.ndarray,
        *,
        plain: bool,
        stamp: str = "",
        words: Iterable[str] = (),
    ) -> None:
        self.docs = docs
        self.vocab = vocab
        self.data = data
        self.indices = indices
        self.indptr = indptr
        self.plain = plain
        self.stamp = stamp
        self.words = sorted(set(words))
        self.position = {d.id: i for i, d in enumerate(docs)}
        # Document frequency of each term (column length), for the explanations' ordering.
        self.df = np.diff(indptr)
        # Each document's field as a small integer, for field agreement without a Python loop per query.
        self.field_ids: dict[str, int] = {}
        for d in docs:
            self.field_ids.setdefault(d.field, len(self.field_ids))
        self.field_codes = np.fromiter(
            (self.field_ids[d.field] for d in docs), dtype=np.int32, count=len(docs)
        )

    def in_fields(self, fields: Iterable[str]) -> np.ndarray:
        """A mask of the documents whose field is one of `fields`."""
        codes = [self.field_ids[f] for f in fields if f and f in self.field_ids]
        return np.isin(self.field_codes, codes) if codes else np.zeros(len(self.docs), dtype=bool)

    def __len__(self) -> int:
        return len(self.docs)

    # ----------------------------------------------------------------- building
    @classmethod
    def build(cls, docs: Iterable[Doc], tokenizer: Tokenizer, *, stamp: str = "") -> Index:
        docs = list(docs)
        corpus_tokens = [tokenizer.tokens(weighted_text(d, plain=tokenizer.plain)) or ["\x00"] for d in docs]
        retriever = bm25s.BM25(k1=K1, b=B, method="lucene")
        if docs:
            scores, vocab = retriever.build_index_from_tokens(corpus_tokens, show_progress=False)
            data = np.asarray(scores["data"], dtype=np.float32)
            indices = np.asarray(scores["indices"], dtype=np.int32)
            indptr = np.asarray(scores["indptr"], dtype=np.int64)
        else:
            vocab, data = {}, np.zeros(0, dtype=np.float32)
            indices, indptr = np.zeros(0, dtype=np.int32), np.zeros(1, dtype=np.int64)
        return cls(
            docs,
            dict(vocab),
            data,
            indices,
            indptr,
            plain=tokenizer.plain,
            stamp=stamp,
            words=tokenizer.words,
        )

    # ----------------------------------------------------------------- scoring
    def scores(self, weights: Mapping[str, float]) -> np.ndarray:
        """Σ weight × BM25(term, doc) over the query's terms, for every document."""
        out = np.zeros(len(self.docs), dtype=np.float32)
        for term, weight in weights.items():
            tid = self.vocab.get(term)
            if tid is None or weight == 0:
                continue
            start, end = self.indptr[tid], self.indptr[tid + 1]
            out[self.indices[start:end]] += np.float32(weight) * self.data[start:end]
        return out

    def idf_order(self, terms: Iterable[str]) -> list[str]:
        """Terms rarest first (the most telling shared words lead an explanation)."""
        known = [t for t in terms if t in self.vocab]
        return sorted(known, key=lambda t: (int(self.df[self.vocab[t]]), t))

    # ----------------------------------------------------------------- persistence
    def save(self, directory: Path) -> None:
        """Write into a fresh folder beside `directory` and swap it in, so a reader never sees half an index."""
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
        np.save(tmp / "data.npy", self.data, allow_pickle=False)
        np.save(tmp / "indices.npy", self.indices, allow_pickle=False)
        np.save(tmp / "indptr.npy", self.indptr, allow_pickle=False)
        (tmp / "vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        (tmp / "docs.json").write_text(
            json.dumps([asdict(d) for d in self.docs], ensure_ascii=False), encoding="utf-8"
        )
        (tmp / "words.json").write_text(json.dumps(self.words, ensure_ascii=False), encoding="utf-8")
        manifest = {"format": FORMAT, "stamp": self.stamp, "plain": self.plain, "documents": len(self.docs)}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        old = None
        if directory.exists():
            old = directory.with_name(f".{directory.name}-old-{os.getpid()}")
            directory.rename(old)
        tmp.rename(directory)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def manifest(directory: Path) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads((Path(directory) / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if data.get("format") == FORMAT else None

    @classmethod
    def load(cls, directory: Path) -> Index | None:
        """The index saved in `directory`, or None when there is none (or of another format)."""
        directory = Path(directory)
        manifest = cls.manifest(directory)
        if manifest is None:
            return None
        try:
            docs = [Doc(**d) for d in json.loads((directory / "docs.json").read_text(encoding="utf-8"))]
            vocab = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
            words = json.loads((directory / "words.json").read_text(encoding="utf-8"))
            arrays = [
                np.load(directory / f"{n}.npy", allow_pickle=False) for n in ("data", "indices", "indptr")
            ]
        except (OSError, ValueError, TypeError):
            return None
        return cls(
            docs, vocab, *arrays, plain=bool(manifest["plain"]), stamp=str(manifest["stamp"]), words=words
        )


def keyword_words(docs: Iterable[Doc]) -> set[str]:
    """The keywords of the documents: the dictionary grows from them."""
    return {normalise(k) for d in docs for k in d.keywords if 2 <= len(normalise(k)) <= 12}
