"""English of the finance area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "科技金融": "Sci-tech finance",
}  # fmt: skip
