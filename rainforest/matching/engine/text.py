"""Tokenisation of the matching engine: rjieba (jieba's dictionary compiled into the package, nothing read or
downloaded at run time) with the domain dictionary shipped in rainforest/matching/data, the concept map's
phrases and the records' keywords added as words, NFKC normalisation and stopwords."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import rjieba

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# A token is kept when it holds a letter or a CJK character; pure punctuation, digits and symbols go.
_WORDLIKE = re.compile(r"[A-Za-z\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits to half-width), lower case, one space between words."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().lower()


def _lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def stopwords() -> frozenset[str]:
    return frozenset(normalise(w) for w in _lines(DATA_DIR / "stopwords.txt"))


@cache
def domain_words() -> tuple[str, ...]:
    return tuple(normalise(line.split()[0]) for line in _lines(DATA_DIR / "domain_dict.txt"))


class Tokenizer:
    """Cuts Chinese text into words.

    `plain=True` is the baseline: jieba's own dictionary, no stopwords beyond punctuation.
    Otherwise the domain dictionary, the extra words given (concept phrases, keywords) and the stopword list
    apply, and the search mode adds the shorter words inside a long one (石墨烯导热膜 → 石墨烯, 导热…), so a
    compound term still meets its parts.
    """

    def __init__(self, extra_words: Iterable[str] = (), *, plain: bool = False) -> None:
        self.plain = plain
        self._jieba = rjieba.Jieba()
        self.words: set[str] = set()
        if not plain:
            self.add_words(domain_words())
            self.add_words(extra_words)
        self._stop = frozenset() if plain else stopwords()

    def add_words(self, words: Iterable[str]) -> None:
        for word in words:
            w = normalise(word)
            # Only multi-character words: a one-character "word" would only split others.
            if len(w) >= 2 and w not in self.words and " " not in w:
                self._jieba.add_word(w, None, None)
                self.words.add(w)

    def tokens(self, text: str) -> list[str]:
        text = normalise(text)
        if not text:
            return []
        raw = self._jieba.cut(text) if self.plain else self._jieba.cut_for_search(text)
        return [t for t in raw if t.strip() and _WORDLIKE.search(t) and t not in self._stop]
