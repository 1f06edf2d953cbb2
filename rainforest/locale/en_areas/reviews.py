"""English of the reviews area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "评审与立项": "Review and projects",
}  # fmt: skip
