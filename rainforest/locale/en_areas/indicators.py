"""English of the indicators area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "指标与统计": "Indicators and statistics",
}  # fmt: skip
