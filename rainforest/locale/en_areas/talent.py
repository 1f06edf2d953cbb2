"""English of the talent area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "人才与高校院所": "Talent and universities",
}  # fmt: skip
