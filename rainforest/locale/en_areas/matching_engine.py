"""English of the matching_engine area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
}  # fmt: skip
