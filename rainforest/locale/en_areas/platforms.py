"""English of the platforms area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "创新平台": "Innovation platforms",
}  # fmt: skip
