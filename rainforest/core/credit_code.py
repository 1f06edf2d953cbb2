"""Unified social credit code (统一社会信用代码, GB 32100-2015): shape and check character."""

from __future__ import annotations

import re
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: index for index, char in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
# Second, optional check of the organisation code (GB 11714), positions 9-17: warning only.
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def normalise(raw: str) -> str:
    """Upper-case, strip spaces and turn full-width digits and letters into ASCII (NFKC)."""
    return "".join(unicodedata.normalize("NFKC", raw).split()).upper()


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must already be in the alphabet)."""
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """None when `code` is a valid credit code, else a sentence saying what is wrong with it."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实为{len(code)}位"
    if not SHAPE.match(code):
        return "统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z，第3-8位须为数字）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第18位应为 {expected}，实为 {code[17]}"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


def organisation_check_character(body8: str) -> str:
    """GB 11714 check character for positions 9-16 (values 0-9, A-Z = 0-35)."""

    def value(char: str) -> int:
        return int(char) if char.isdigit() else ord(char) - 55

    remainder = 11 - sum(value(c) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def organisation_code_warning(code: str) -> str | None:
    """A warning (not an error) when the embedded organisation code fails its own check."""
    body, check = code[8:16], code[16]
    if not all(c.isdigit() or "A" <= c <= "Z" for c in body):
        return None
    expected = organisation_check_character(body)
    if check != expected:
        return f"组织机构代码校验位（第17位）应为 {expected}，实为 {check}（仅提示）"
    return None


def build(registration: str, region_code: str, organisation_body8: str) -> str:
    """A valid code from its parts: 2 registration characters, 6-digit region, 8 organisation characters."""
    first16 = registration + region_code + organisation_body8
    first17 = first16 + organisation_check_character(organisation_body8)
    return first17 + check_character(first17)
