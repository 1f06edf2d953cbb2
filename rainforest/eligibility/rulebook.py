"""Loads the versioned rulebook files (rulebooks/<name>.toml) and picks the version in force.

A file holds every threshold and band of one rulebook version, each criterion with the regulation and
article it comes from (`source`) and how sure we are of it (`status`: CONFIRMED / SECONDARY / UNCONFIRMED /
TEAM DESIGN). Code holds no thresholds: rules read them from here.

Bands are written as intervals: `{ ge = "0.25", lt = "0.30", points = 16 }` is [25%, 30%). Keys `ge`/`gt`
give the lower bound (inclusive / exclusive), `le`/`lt` the upper one. The loader refuses floats (use
strings or integers, read as exact Decimals) and bands that overlap or leave a hole.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

RULEBOOK_DIR = Path(__file__).parent / "rulebooks"
STATUSES = frozenset({"CONFIRMED", "SECONDARY", "UNCONFIRMED", "TEAM DESIGN"})

Points = tuple[int, int]


class RulebookError(ValueError):
    pass


def to_decimal(raw: Any, where: str) -> Decimal:
    if isinstance(raw, bool | float):
        raise RulebookError(f"{where}: write numbers as strings or integers, not {raw!r}")
    if isinstance(raw, int | str):
        return Decimal(raw)
    raise RulebookError(f"{where}: not a number: {raw!r}")


def to_points(raw: Any, where: str) -> Points:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return (raw, raw)
    if (
        isinstance(raw, list)
        and len(raw) == 2
        and all(isinstance(item, int) for item in raw)
        and raw[0] <= raw[1]
    ):
        return (raw[0], raw[1])
    raise RulebookError(f"{where}: points must be an integer or [low, high]: {raw!r}")


@dataclass(frozen=True, slots=True)
class Band:
    """One interval of a banded measure and what it gives (points, a rate, or both)."""

    lower: Decimal | None
    lower_inclusive: bool
    upper: Decimal | None
    upper_inclusive: bool
    points: Points | None
    rate: Decimal | None
    label: str
    veto: bool
    # The bounds as exact Fractions, computed once at load time (band lookups run millions of times).
    lower_exact: Fraction | None = None
    upper_exact: Fraction | None = None

    def contains(self, x: Fraction | Decimal | int) -> bool:
        value = x if isinstance(x, Fraction | int) else Fraction(x)
        bound = self.lower_exact
        if bound is not None and (value < bound or (value == bound and not self.lower_inclusive)):
            return False
        bound = self.upper_exact
        return bound is None or not (value > bound or (value == bound and not self.upper_inclusive))

    @property
    def interval(self) -> str:
        """The band as the rule texts write it, e.g. "[0.25, 0.30)" or "≥ 0.30"."""
        if self.lower is not None and self.upper is not None:
            left = "[" if self.lower_inclusive else "("
            right = "]" if self.upper_inclusive else ")"
            return f"{left}{self.lower}, {self.upper}{right}"
        if self.lower is not None:
            return f"{'≥' if self.lower_inclusive else '>'} {self.lower}"
        if self.upper is not None:
            return f"{'≤' if self.upper_inclusive else '<'} {self.upper}"
        return "any"

    @property
    def threshold(self) -> Decimal | None:
        """The bound a value must reach to enter this band (the lower bound; the upper one for caps)."""
        return self.lower if self.lower is not None else self.upper


def _band(raw: Any, where: str) -> Band:
    if not isinstance(raw, dict):
        raise RulebookError(f"{where}: a band is an inline table")
    unknown = set(raw) - {"ge", "gt", "le", "lt", "points", "rate", "label", "veto"}
    if unknown:
        raise RulebookError(f"{where}: unknown keys {sorted(unknown)}")
    if ("ge" in raw and "gt" in raw) or ("le" in raw and "lt" in raw):
        raise RulebookError(f"{where}: two lower or two upper bounds")
    lower_key = "ge" if "ge" in raw else "gt" if "gt" in raw else None
    upper_key = "le" if "le" in raw else "lt" if "lt" in raw else None
    lower = to_decimal(raw[lower_key], where) if lower_key else None
    upper = to_decimal(raw[upper_key], where) if upper_key else None
    return Band(
        lower=lower,
        lower_inclusive=lower_key == "ge",
        upper=upper,
        upper_inclusive=upper_key == "le",
        lower_exact=None if lower is None else Fraction(lower),
        upper_exact=None if upper is None else Fraction(upper),
        points=to_points(raw["points"], where) if "points" in raw else None,
        rate=to_decimal(raw["rate"], where) if "rate" in raw else None,
        label=str(raw.get("label", "")),
        veto=bool(raw.get("veto", False)),
    )


@dataclass(frozen=True, slots=True)
class Bands:
    """Bands in the file's order (best first). They must tile the whole line: no overlap, no hole."""

    bands: tuple[Band, ...]

    def __iter__(self) -> Iterator[Band]:
        return iter(self.bands)

    def find(self, x: Fraction | Decimal | int) -> Band:
        for band in self.bands:
            if band.contains(x):
                return band
        raise RulebookError(f"no band holds {x}")  # prevented by the tiling check at load time

    def better_than(self, band: Band) -> Band | None:
        """The next band up (the one listed just before `band`), if any."""
        index = self.bands.index(band)
        return self.bands[index - 1] if index > 0 else None

    @property
    def max_points(self) -> int:
        return max(band.points[1] for band in self.bands if band.points is not None)


def _check_tiling(bands: tuple[Band, ...], where: str) -> None:
    def start(band: Band) -> tuple[int, Fraction, int]:
        if band.lower is None:
            return (0, Fraction(0), 0)
        return (1, Fraction(band.lower), 0 if band.lower_inclusive else 1)

    ordered = sorted(bands, key=start)
    if ordered[0].lower is not None or ordered[-1].upper is not None:
        raise RulebookError(f"{where}: the bands must cover every value (first unbounded below, last above)")
    for below, above in itertools.pairwise(ordered):
        if below.upper is None or above.lower is None or below.upper != above.lower:
            raise RulebookError(f"{where}: hole or overlap between {below.interval} and {above.interval}")
        if below.upper_inclusive == above.lower_inclusive:
            raise RulebookError(f"{where}: boundary {below.upper} must belong to exactly one band")


def parse_bands(raw: Any, where: str) -> Bands:
    if not isinstance(raw, list) or not raw:
        raise RulebookError(f"{where}: bands must be a non-empty list")
    bands = tuple(_band(item, f"{where}[{index}]") for index, item in enumerate(raw))
    _check_tiling(bands, where)
    return Bands(bands)


@dataclass(frozen=True, slots=True)
class Spec:
    """One criterion (or a parameter group) of a rulebook file: label, source, status and its values."""

    code: str
    label: str
    source: str
    status: str
    values: Mapping[str, Any]
    parsed_bands: Mapping[str, Bands]

    def where(self, key: str) -> str:
        return f"{self.code}.{key}"

    def dec(self, key: str) -> Decimal:
        return to_decimal(self.values[key], self.where(key))

    def int(self, key: str) -> int:
        raw = self.values[key]
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise RulebookError(f"{self.where(key)}: expected an integer")
        return raw

    def points(self, key: str) -> Points:
        return to_points(self.values[key], self.where(key))

    def text(self, key: str) -> str:
        return str(self.values[key])

    def flag(self, key: str) -> bool:
        return bool(self.values[key])

    def bands(self, key: str = "bands") -> Bands:
        return self.parsed_bands[key]

    def has(self, key: str) -> bool:
        return key in self.values


@dataclass(frozen=True, slots=True)
class Rulebook:
    name: str  # e.g. "hnte-2016"
    family: str  # e.g. "hnte"
    version: str  # e.g. "2016"
    title: str
    basis: str
    effective_from: date
    effective_to: date | None  # exclusive
    provisional: bool
    pass_mark: int | None
    params: Spec
    criteria: Mapping[str, Spec]

    def __getitem__(self, code: str) -> Spec:
        return self.criteria[code]

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


def _spec(code: str, raw: Mapping[str, Any], defaults: Mapping[str, Any], where: str) -> Spec:
    status = str(raw.get("status", defaults.get("status", "")))
    if status not in STATUSES:
        raise RulebookError(f"{where}.{code}: status {status!r} is not one of {sorted(STATUSES)}")
    source = str(raw.get("source", defaults.get("source", "")))
    if not source:
        raise RulebookError(f"{where}.{code}: every criterion names its source")
    # Band lists are parsed once, here, so a bad file fails at load time.
    parsed = {
        key: parse_bands(value, f"{where}.{code}.{key}")
        for key, value in raw.items()
        if key == "bands" or key.endswith("_bands")
    }
    return Spec(
        code=code,
        label=str(raw.get("label", code)),
        source=source,
        status=status,
        values=raw,
        parsed_bands=parsed,
    )


def parse_rulebook(text: str, where: str) -> Rulebook:
    raw = tomllib.loads(text)
    try:
        defaults = {"source": raw["basis"], "status": raw.get("status", "CONFIRMED")}
        criteria = {code: _spec(code, table, defaults, where) for code, table in raw["criteria"].items()}
        effective_to = raw.get("effective_to")
        return Rulebook(
            name=f"{raw['rulebook']}-{raw['version']}",
            family=str(raw["rulebook"]),
            version=str(raw["version"]),
            title=str(raw["title"]),
            basis=str(raw["basis"]),
            effective_from=raw["effective_from"],
            effective_to=effective_to,
            provisional=bool(raw.get("provisional", False)),
            pass_mark=raw.get("pass_mark"),
            params=_spec("params", raw.get("params", {}), defaults, where),
            criteria=criteria,
        )
    except KeyError as error:
        raise RulebookError(f"{where}: missing key {error}") from None


@cache
def all_rulebooks() -> tuple[Rulebook, ...]:
    books = []
    for path in sorted(RULEBOOK_DIR.glob("*.toml")):
        book = parse_rulebook(path.read_text(encoding="utf-8"), path.name)
        if f"{book.name}.toml" != path.name:
            raise RulebookError(f"{path.name}: declares {book.name}")
        books.append(book)
    return tuple(sorted(books, key=lambda book: (book.family, book.effective_from)))


def rulebook_named(name: str) -> Rulebook:
    for book in all_rulebooks():
        if book.name == name:
            return book
    raise KeyError(name)


def families() -> tuple[str, ...]:
    return tuple(dict.fromkeys(book.family for book in all_rulebooks()))


def rulebook_for(family: str, day: date) -> Rulebook:
    """The version of `family` in force on `day` (the MIIT tiers switch on 2026-04-01)."""
    books = [book for book in all_rulebooks() if book.family == family]
    if not books:
        raise KeyError(family)
    for book in books:
        if book.in_force_on(day):
            return book
    raise LookupError(f"no {family} rulebook is in force on {day.isoformat()}")
