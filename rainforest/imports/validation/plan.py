"""The outcome of validating a file, and how progress is reported while it runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from rainforest.imports.base import RecordType

PROGRESS_EVERY = 1000
Progress = Callable[[int, int], None]  # (rows done, rows in the file)


@dataclass
class Plan:
    """What to create, what to update (and which fields change), how many rows are unchanged, and every
    error with its row and field."""

    record_type: RecordType
    rows: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    new: list[models.Model] = field(default_factory=list)
    new_rows: list[int] = field(default_factory=list)  # the spreadsheet row of each of `new`
    changed: list[models.Model] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    unchanged: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.errors)
