"""The engine's indexes of the records, kept on disk under settings.MATCHING_INDEX_DIR (var/matching by
default) so a restart reads them instead of rebuilding, and rebuilt when the records change.

A version stamp of each index (count, id sum and latest update of the records, plus a digest of the
engine's own data files) is compared with the records' on every use: one aggregate query. A stale index is
rebuilt at once when the records are few (SYNC_LIMIT); a larger one is rebuilt by a background task
(`rainforest worker`) while the stale index keeps answering. What a user sees is always filtered through the
policy afterwards, so a stale index never shows a record the user may not see, or a deleted one."""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.db.models import Count, Max, Sum

from rainforest.core.choices import TechField
from rainforest.matching import selectors
from rainforest.matching.choices import CityIndustry
from rainforest.matching.engine.index import Doc, Index
from rainforest.matching.engine.ranker import Engine
from rainforest.matching.engine.text import DATA_DIR
from rainforest.matching.models import Achievement, Demand

log = logging.getLogger(__name__)

Kind = Literal["achievements", "demands"]
KINDS: tuple[Kind, ...] = ("achievements", "demands")
ENGINE_VERSION = "1"
SYNC_LIMIT = 20_000

# The city's industries as the concept map names them; a record without an industry is compared by its
# high-tech field instead.
INDUSTRY_FIELD: dict[str, str] = {
    CityIndustry.CARBON_MATERIALS.value: "新材料",
    CityIndustry.HYDRAULICS.value: "装备制造",
    CityIndustry.TCM.value: "生物医药",
    CityIndustry.AGRI_PROCESSING.value: "现代农业",
    CityIndustry.GREEN.value: "节能环保",
    CityIndustry.IT.value: "信息技术",
    CityIndustry.FUNCTIONAL_FOOD.value: "功能食品",
}
TECH_FIELDS = dict(TechField.choices)


def field_of(row: dict[str, Any] | Any) -> str:
    """The field a record is compared by: its city industry, else its high-tech field (as labels)."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name, "")
    industry = get("industry") or ""
    if industry in INDUSTRY_FIELD:
        return INDUSTRY_FIELD[industry]
    tech = get("field") or ""
    return str(TECH_FIELDS.get(tech, tech)) if tech else ""


def index_dir() -> Path:
    return Path(getattr(settings, "MATCHING_INDEX_DIR", Path(settings.VAR_DIR) / "matching"))


@cache
def _data_digest() -> str:
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    for name in ("concepts.toml", "domain_dict.txt", "stopwords.txt"):
        digest.update((DATA_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


def current_stamp(kind: Kind) -> str:
    """The records' version: changes when one is added, edited (updated_at) or deleted."""
    model = Achievement if kind == "achievements" else Demand
    figures = model.objects.aggregate(n=Count("id"), s=Sum("id"), m=Max("updated_at"))
    latest = figures["m"].isoformat() if figures["m"] else "-"
    return f"{figures['n']}:{figures['s'] or 0}:{latest}:{_data_digest()}"


def documents(kind: Kind) -> list[Doc]:
    if kind == "achievements":
        return [
            Doc.from_achievement({**row, "field": field_of(row)}) for row in selectors.achievement_documents()
        ]
    return [Doc.from_demand({**row, "field": field_of(row)}) for row in selectors.demand_documents()]


def build(kind: Kind, stamp: str | None = None) -> Engine:
    """Build the index of `kind` from the records, save it and return its engine."""
    stamp = stamp or current_stamp(kind)
    engine = Engine.build(documents(kind), stamp=stamp, reverse=kind == "demands")
    try:
        engine.index.save(index_dir() / kind)
    except OSError as error:  # another process swapping the same folder, a read-only disk: serve from memory
        log.warning("matching index %s not saved: %s", kind, error)
    log.info("matching index %s rebuilt: %d documents", kind, len(engine.index))
    return engine


@dataclass
class _Slot:
    engine: Engine | None = None
    queued: str = ""  # the stamp a background rebuild was asked for


_slots: dict[Kind, _Slot] = {kind: _Slot() for kind in KINDS}
_lock = threading.Lock()


def engine_for(kind: Kind) -> Engine:
    """The engine over the current records of `kind`: from memory, else from disk, else rebuilt."""
    stamp = current_stamp(kind)
    slot = _slots[kind]
    if slot.engine is not None and slot.engine.index.stamp == stamp:
        return slot.engine
    with _lock:
        if slot.engine is None or slot.engine.index.stamp != stamp:
            index = Index.load(index_dir() / kind)
            if index is not None and (index.stamp == stamp or slot.engine is None):
                slot.engine = Engine(index, reverse=kind == "demands")
        if slot.engine is not None and slot.engine.index.stamp == stamp:
            return slot.engine
        count = int(stamp.split(":", 1)[0])
        if slot.engine is None or count <= SYNC_LIMIT:
            slot.engine = build(kind, stamp)
            return slot.engine
        if slot.queued != stamp:
            from rainforest.matching.engine.tasks import rebuild_index

            rebuild_index.enqueue(kind=kind)
            slot.queued = stamp
        return slot.engine


def forget() -> None:
    """Drop the engines held in memory (tests: a new process reads from disk)."""
    for kind in KINDS:
        _slots[kind] = _Slot()
