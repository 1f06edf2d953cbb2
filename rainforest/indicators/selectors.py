"""Reads of the indicators app: the figures of a period and the progress to targets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rainforest.indicators.figures import Figure, TargetProgress
from rainforest.indicators.periods import Period


def figures(
    period: Period, *, user: Any, district: str | None = None, codes: Iterable[str] | None = None
) -> list[Figure]:
    return []


def target_progress(year: int, *, user: Any, district: str | None = None) -> list[TargetProgress]:
    return []
