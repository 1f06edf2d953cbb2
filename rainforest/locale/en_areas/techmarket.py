"""English of the techmarket area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "技术市场": "Technology market",
}  # fmt: skip
