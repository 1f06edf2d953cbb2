"""The concept map (rainforest/matching/data/concepts.toml): a firm's problem phrases → a university's
technique terms, per industry of the city."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rainforest.matching.engine.text import DATA_DIR, normalise


@dataclass(frozen=True)
class Concept:
    name: str
    field: str
    problems: tuple[str, ...]
    techniques: tuple[str, ...]


@dataclass(frozen=True)
class Fired:
    """A concept that fired on a text, and the phrase that made it fire."""

    concept: Concept
    trigger: str


class ConceptMap:
    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = concepts

    @classmethod
    def load(cls, path: Path | None = None) -> ConceptMap:
        data = tomllib.loads((path or DATA_DIR / "concepts.toml").read_text(encoding="utf-8"))
        return cls(
            [
                Concept(
                    name=c["name"],
                    field=c.get("field", ""),
                    problems=tuple(normalise(p) for p in c.get("problems", [])),
                    techniques=tuple(normalise(t) for t in c.get("techniques", [])),
                )
                for c in data.get("concept", [])
            ]
        )

    def phrases(self) -> set[str]:
        out: set[str] = set()
        for c in self.concepts:
            out.update(c.problems)
            out.update(c.techniques)
        return out

    def fire(self, text: str, *, reverse: bool = False) -> list[Fired]:
        """The concepts whose problem phrases (technique terms if `reverse`) occur in `text`."""
        text = normalise(text)
        fired = []
        for c in self.concepts:
            for phrase in c.techniques if reverse else c.problems:
                if phrase and phrase in text:
                    fired.append(Fired(c, phrase))
                    break
        return fired


@cache
def default_map() -> ConceptMap:
    return ConceptMap.load()
