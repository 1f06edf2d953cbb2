"""A move's reason in the reader's language.

The forest engine stores a move's reason as Chinese text (`Move.reason`, e.g. "高新技术企业证书到期或撤销；
迁出孵化载体"): it is the bureau's record, exported and compared as written. The engine writes it from a
closed set of phrases, joined by "；". A page in English shows each phrase through the interface's gettext
catalogue, with its numbers and names carried over; a phrase this table does not know is shown as stored
(in Chinese) rather than guessed. `tests/test_reasons.py` renders every phrase the engine can write, so a
new phrase without a translation fails a test. Decision and alternatives:
docs/decisions/0003-domain-text-translation.md."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

SEPARATOR = "；"

# The certificate names the engine writes (forest.engine.CERTIFICATE_LABELS), as interface strings.
CERTIFICATES = {
    "科技型中小企业登记": gettext_lazy("科技型中小企业登记"),
    "高新技术企业证书": gettext_lazy("高新技术企业证书"),
    "创新型中小企业": gettext_lazy("创新型中小企业"),
    "专精特新": gettext_lazy("专精特新"),
    "专精特新“小巨人”": gettext_lazy("专精特新“小巨人”"),
    "龙头企业认定": gettext_lazy("龙头企业认定"),
    "科技领军企业认定": gettext_lazy("科技领军企业认定"),
    "科技和创新型中小企业": gettext_lazy("科技和创新型中小企业"),
}


def _certificate(match: re.Match[str]) -> str | None:
    name = CERTIFICATES.get(match["certificate"])
    return _("{certificate}到期或撤销").format(certificate=name) if name is not None else None


# (pattern of one stored phrase, its rendering in the active language)
PHRASES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]] = [
    (re.compile(r"(?P<certificate>.+)到期或撤销"), _certificate),
    (re.compile(r"迁出孵化载体"), lambda m: _("迁出孵化载体")),
    (
        re.compile(r"成立满(?P<years>\d+)年，不再属于初创企业"),
        lambda m: _("成立满{years}年，不再属于初创企业").format(years=m["years"]),
    ),
    (
        re.compile(r"(?P<year>\d{4})年营业收入低于(?P<amount>[\d.]+)亿元"),
        lambda m: _("{year}年营业收入低于{amount}亿元").format(year=m["year"], amount=m["amount"]),
    ),
    (
        re.compile(r"(?P<year>\d{4})年营业收入缺失"),
        lambda m: _("{year}年营业收入缺失").format(year=m["year"]),
    ),
    (re.compile(r"条件不再满足"), lambda m: _("条件不再满足")),
    (
        re.compile(r"(?P<year>\d{4})年营业收入同比增长(?P<growth>-?[\d.]+%)"),
        lambda m: _("{year}年营业收入同比增长{growth}").format(year=m["year"], growth=m["growth"]),
    ),
]


def phrase_text(phrase: str) -> str:
    """One stored phrase in the active language; unknown phrases as stored."""
    for pattern, render in PHRASES:
        match = pattern.fullmatch(phrase)
        if match is not None:
            text = render(match)
            if text is not None:
                return text
    return phrase


def reason_text(stored: str) -> str:
    """A stored reason in the active language: as stored for a Chinese page, phrase by phrase otherwise."""
    if not stored or (get_language() or "zh-hans").startswith("zh"):
        return stored
    return "; ".join(phrase_text(phrase) for phrase in stored.split(SEPARATOR))
