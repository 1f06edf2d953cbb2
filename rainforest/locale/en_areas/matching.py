"""English of the matching area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "成果与需求对接": "Achievements and demands",
}  # fmt: skip
