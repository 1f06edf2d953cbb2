"""Loads the reference data file (regions, development zones, industry sections). Idempotent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REFERENCE_FILE = Path(__file__).parent / "data" / "reference.json"


def reference_data() -> dict[str, Any]:
    return json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))


def load_reference_data(region_model: Any, zone_model: Any, section_model: Any) -> None:
    """Upsert every reference row; takes models so a data migration can pass its historical models."""
    data = reference_data()
    by_code: dict[str, Any] = {}
    for row in data["regions"]:
        region, _ = region_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "level": row["level"],
                "parent": by_code.get(row.get("parent") or ""),
                "sort_order": row.get("sort_order", 0),
                "valid_until": row.get("valid_until"),
            },
        )
        by_code[row["code"]] = region
    for row in data["regions"]:
        if row.get("alias_of"):
            region_model.objects.filter(code=row["code"]).update(alias_of=by_code[row["alias_of"]])
    for row in data["development_zones"]:
        zone_model.objects.update_or_create(
            name=row["name"],
            defaults={
                "short_name": row["short_name"],
                "host": by_code[row["host"]],
                "statistical_code": row["statistical_code"],
                "status": row["status"],
                "note": row["note"],
            },
        )
    # The English name arrived with a later migration: older (historical) models have no such field.
    has_english = any(field.name == "name_en" for field in section_model._meta.get_fields())
    for row in data["industry_sections"]:
        defaults = {"name": row["name"]}
        if has_english:
            defaults["name_en"] = row.get("name_en", "")
        section_model.objects.update_or_create(code=row["code"], defaults=defaults)
