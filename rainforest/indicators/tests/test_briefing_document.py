"""The briefing generated from records: the Word document opens with python-docx and holds the sentences,
the tables and the chart images; the HTML says the same; the briefing is kept with the figures it used;
`rainforest briefing` writes a file and exits 1 with a message on a bad period or district."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from rainforest.indicators.briefing import charts
from rainforest.indicators.briefing.services import briefing_generate, months_so_far
from rainforest.indicators.models import Briefing, PeerFigure
from rainforest.indicators.periods import Period
from rainforest.techmarket.tests.factories import contract

pytestmark = pytest.mark.django_db

Q1 = Period.quarter(2025, 1)
SENTENCE = (
    "一季度，全市登记技术合同5份，同比上升400.0%，成交额9600万元，同比上升9500.0%，"
    "较去年同期前进一位跃居全省第二"
)


@pytest.fixture
def records(two_districts):
    """Five contracts registered in 2025 Q1 (600万元 by 榆次区's firm, 9,000万元 by 太谷区's), one in 2024 Q1
    (100万元), and two other cities' published turnover: the city is 3rd in 2024 Q1 and 2nd in 2025 Q1."""
    for number, firm, amount, day in (
        ("HT-B-1", "yuci", "1000000", date(2025, 1, 10)),
        ("HT-B-2", "yuci", "2000000", date(2025, 2, 10)),
        ("HT-B-3", "yuci", "3000000", date(2025, 3, 10)),
        ("HT-B-4", "taigu", "40000000", date(2025, 2, 20)),
        ("HT-B-5", "taigu", "50000000", date(2025, 3, 20)),
        ("HT-B-6", "yuci", "1000000", date(2024, 2, 10)),
    ):
        contract(
            number=number,
            seller_enterprise=two_districts[firm],
            contract_amount=Decimal(amount),
            tech_transaction_amount=Decimal(amount),
            signed_on=day,
            submitted_on=day,
            registered_on=day,
        )
    for city, period, value in (
        ("太原市", "2025Q1", "20000"),
        ("大同市", "2025Q1", "5000"),
        ("太原市", "2024Q1", "5000"),
        ("大同市", "2024Q1", "3000"),
    ):
        PeerFigure.objects.create(
            indicator="contracts.turnover",
            city=city,
            period=period,
            period_kind="quarter",
            value=Decimal(value),
            unit="万元",
            source="测试",
            published_on=date(2025, 4, 20),
        )
    return two_districts


def _texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def test_the_word_document_tells_the_figures_in_the_bureaus_words_with_tables_and_charts(city, records):
    generated = briefing_generate(period=Q1, user=city, on=date(2025, 6, 1))
    document = Document(io.BytesIO(bytes(generated.briefing.docx)))
    texts = _texts(document)
    assert texts[0] == generated.briefing.title == "晋中市2025年一季度科技创新主要指标简报"
    assert texts[1] == "统计期：2025年一季度（2025-01-01 至 2025-03-31）；数据截至：2025-06-01"
    assert texts[2] == "一、核心指标"
    assert texts[3].startswith(SENTENCE)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "一、核心指标"
    core = document.tables[0]
    assert [cell.text for cell in core.rows[0].cells] == [
        "指标",
        "本期",
        "去年同期",
        "同比",
        "全省排名",
        "去年同期排名",
    ]
    rows = {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in core.rows[1:]}
    assert rows["技术合同登记数"] == ["5份", "1份", "+400.0%", "—", "—"]
    assert rows["技术合同成交额"] == ["9,600万元", "100万元", "+9500.0%", "第二", "第三"]
    pictures = [rel for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(pictures) == len([part for part in generated.content.parts if part.chart is not None]) >= 1
    assert pictures[0].target_part.blob[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_html_says_what_the_word_document_says(city, records):
    generated = briefing_generate(period=Q1, user=city, on=date(2025, 6, 1))
    page = generated.briefing.html
    assert SENTENCE in page
    assert "<h2>一、核心指标</h2>" in page
    assert '<img src="data:image/png;base64,' in page
    assert '<th scope="row">技术合同成交额</th><td class="num">9,600万元</td>' in page


def test_the_briefing_is_kept_with_the_figures_it_used(city, records):
    generated = briefing_generate(period=Q1, user=city, on=date(2025, 6, 1))
    kept = Briefing.objects.get(pk=generated.briefing.pk)
    used = {figure["code"]: figure for figure in kept.figures}
    assert (kept.period, kept.district, kept.created_by) == ("2025Q1", None, city)
    assert used["contracts.turnover"] == {
        "code": "contracts.turnover",
        "name": "技术合同成交额",
        "unit": "元",
        "value": 96000000,
        "previous": 1000000,
        "change": 9500.0,
        "rank": 2,
        "previous_rank": 3,
        "area": "core",
        "period": "2025Q1",
        "estimate": False,
        "records_url": used["contracts.turnover"]["records_url"],
    }
    assert used["contracts.turnover"]["records_url"]


def test_a_district_officers_briefing_tells_their_district_only(district_yuci, records):
    generated = briefing_generate(period=Q1, user=district_yuci, on=date(2025, 6, 1))
    texts = _texts(Document(io.BytesIO(bytes(generated.briefing.docx))))
    assert generated.briefing.title == "榆次区2025年一季度科技创新主要指标简报"
    assert generated.briefing.district.code == "140702"
    # 榆次区's three contracts (600万元) against its one of 2024 Q1; no province rank for a district
    assert texts[3].startswith("一季度，榆次区登记技术合同3份，同比上升200.0%，成交额600万元，同比上升500.0%")
    assert "9600万元" not in " ".join(texts)


def test_without_a_chinese_font_the_briefing_is_written_without_charts_and_says_why(
    city, records, monkeypatch
):
    monkeypatch.setattr(charts, "FONT_FILES", ())
    monkeypatch.setattr(charts, "FONT_FAMILIES", ())
    charts.font_name.cache_clear()
    try:
        generated = briefing_generate(period=Q1, user=city, on=date(2025, 6, 1))
    finally:
        charts.font_name.cache_clear()
    document = Document(io.BytesIO(bytes(generated.briefing.docx)))
    assert [rel for rel in document.part.rels.values() if "image" in rel.reltype] == []
    assert _texts(document)[-1] == "注：" + charts.NO_FONT
    assert generated.content.notes == [charts.NO_FONT]


@pytest.mark.parametrize(
    ("day", "months"),
    [(date(2025, 6, 1), 5), (date(2025, 5, 31), 5), (date(2026, 1, 3), 12), (date(2025, 1, 15), 0)],
)
def test_targets_count_the_whole_months_of_the_year_so_far(day, months):
    assert months_so_far(2025, day) == months


def test_the_command_writes_the_word_document(tmp_path, records, capsys):
    out = tmp_path / "简报.docx"
    call_command("briefing", "--period", "2025Q1", "--out", str(out))
    document = Document(str(out))
    assert _texts(document)[3].startswith(SENTENCE)
    assert Briefing.objects.get().created_by is None  # the operator's, not a user's
    assert str(out) in capsys.readouterr().out


def test_the_command_writes_the_html_page(tmp_path, records):
    out = tmp_path / "brief.html"
    call_command("briefing", "--period", "2025Q1", "--format", "html", "--out", str(out), "--no-charts")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert SENTENCE in page
    assert "<img" not in page


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--period", "2025Q5"], "--period: 季度 5 无效：应在 1–4 之间"),
        (["--period", "soon"], "--period: 统计期代码"),
        (["--period", "2025Q1", "--district", "999999"], "--district: 县区代码 999999 不存在"),
    ],
)
def test_the_command_refuses_a_bad_period_or_district_and_keeps_nothing(tmp_path, db, arguments, message):
    out = tmp_path / "never.docx"
    with pytest.raises(CommandError) as refused:
        call_command("briefing", *arguments, "--out", str(out))
    assert str(refused.value).startswith(message)
    assert not out.exists()
    assert Briefing.objects.count() == 0


def test_the_console_script_exits_1_with_the_message(tmp_path, db):
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rainforest.cli",
            "briefing",
            "--period",
            "2025Q9",
            "--out",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "季度 9 无效" in result.stderr
