"""English of the calls area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "申报": "Calls for applications",
}  # fmt: skip
