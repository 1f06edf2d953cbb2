"""English of the identity controls' strings added after the catalogue was last made (merged into
translations_en.py's EN)."""

EN: dict[str, str] = {
    "密码至少需要 {n} 个字符": "The password must have at least {n} characters",
    "至少 {n} 个字符": "At least {n} characters",
}  # fmt: skip
