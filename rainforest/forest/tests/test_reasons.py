"""A move's stored reason reads in the reader's language: every phrase the forest engine writes has an
English rendering, the numbers and names in it carried over; a Chinese page shows the reason as stored."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from rainforest.forest import engine
from rainforest.forest.reasons import phrase_text, reason_text

ENGINE_SOURCE = Path(engine.__file__).read_text(encoding="utf-8")
CJK = re.compile(r"[\u4e00-\u9fff]")


def sample(expression: str) -> str:
    """A value the engine could put in place of one {…} of a reason."""
    if "CERTIFICATE_LABELS" in expression:
        return "高新技术企业证书"
    if "growth" in expression:
        return "25.0%"
    if "revenue" in expression:
        return "1"
    return "2024"


def engine_phrases() -> list[str]:
    """Every reason phrase the engine source can write, with sample values in its {…} parts: the texts
    appended to `events`, passed as a Move's reason, or given as the fallback reason."""
    found: list[ast.expr] = []
    for node in ast.walk(ast.parse(ENGINE_SOURCE)):
        if isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "append"
                and isinstance(func.value, ast.Name)
                and func.value.id == "events"
            ):
                found.append(node.args[0])
            if isinstance(func, ast.Name) and func.id == "Move":
                found.extend(node.args[4:5])
        if isinstance(node, ast.BoolOp):
            found.extend(value for value in node.values if isinstance(value, ast.Constant))
    phrases = []
    for expression in found:
        if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
            text = expression.value
        elif isinstance(expression, ast.JoinedStr):
            text = "".join(
                str(part.value) if isinstance(part, ast.Constant) else sample(ast.unparse(part.value))
                for part in expression.values
                if isinstance(part, ast.Constant | ast.FormattedValue)
            )
        else:
            continue
        if CJK.search(text):
            phrases.append(text)
    return sorted(set(phrases))


def test_the_scan_finds_the_engines_phrases():
    assert engine_phrases() == [
        "2024年营业收入低于1亿元",
        "2024年营业收入同比增长25.0%",
        "2024年营业收入缺失",
        "成立满2024年，不再属于初创企业",
        "条件不再满足",
        "迁出孵化载体",
        "高新技术企业证书到期或撤销",
    ]


@pytest.mark.parametrize("phrase", engine_phrases())
def test_every_phrase_the_engine_writes_reads_in_english(phrase):
    with translation.override("en"):
        english = phrase_text(phrase)
    assert not CJK.search(english), english


@pytest.mark.parametrize("label", sorted(engine.CERTIFICATE_LABELS.values()))
def test_every_certificate_the_engine_names_reads_in_english(label):
    with translation.override("en"):
        assert not CJK.search(phrase_text(f"{label}到期或撤销"))


def test_a_reason_of_several_phrases_reads_in_english_with_its_numbers():
    stored = "高新技术企业证书到期或撤销；迁出孵化载体；2024年营业收入低于1亿元"
    with translation.override("en"):
        assert reason_text(stored) == (
            "High-tech enterprise certificate expired or revoked; Left the incubator; "
            "Operating revenue of 2024 below 1 hundred million yuan"
        )
        assert (
            reason_text("2024年营业收入同比增长25.0%")
            == "Operating revenue of 2024 up 25.0% on the year before"
        )


def test_a_chinese_page_shows_the_reason_as_stored():
    stored = "高新技术企业证书到期或撤销；迁出孵化载体"
    with translation.override("zh-hans"):
        assert reason_text(stored) == stored


def test_an_unknown_phrase_is_shown_as_stored_not_guessed():
    with translation.override("en"):
        assert reason_text("迁出孵化载体；经人工核定调整") == "Left the incubator; 经人工核定调整"
