"""The briefing's content and its two renderings: a Word document (python-docx) and an HTML fragment.

`compose` turns the figures of a period (and the year's targets, and the estimates of a later period)
into a `Content`: the title, the sections in the bureau's order with their sentences, a table of each
section's figures and a chart of their change. `docx_bytes` and `html` render that same content, so the
Word document and the page never say different things."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from rainforest.indicators.briefing import charts
from rainforest.indicators.briefing.numbers import amount, ordinal, percent
from rainforest.indicators.briefing.sentences import (
    TARGETS_TITLE,
    FigureLike,
    TargetLike,
    numbered,
    sections,
    target_sentence,
)
from rainforest.indicators.periods import Period

TABLE_HEAD = ("指标", "本期", "去年同期", "同比", "全省排名", "去年同期排名")
TARGET_HEAD = ("指标", "全年目标", "已完成", "完成进度", "预计全年")
DASH = "—"


@dataclass(frozen=True)
class Part:
    """A numbered part of the briefing: its heading, sentences, table rows and chart (if any)."""

    heading: str
    sentences: list[str]
    head: tuple[str, ...]
    rows: list[tuple[str, ...]]
    chart: charts.Chart | None = None

    @property
    def chart_data_uri(self) -> str:
        if self.chart is None:
            return ""
        return "data:image/png;base64," + base64.b64encode(self.chart.png).decode("ascii")


@dataclass(frozen=True)
class Content:
    title: str
    subtitle: str
    parts: list[Part]
    notes: list[str] = field(default_factory=list)


def _change(value: Decimal | None) -> str:
    if value is None:
        return DASH
    return ("+" if value > 0 else "−" if value < 0 else "") + percent(value)


def _value(value: Decimal | None, unit: str) -> str:
    return DASH if value is None else amount(value, unit, grouping=True)


def _rank(rank: int | None) -> str:
    return DASH if rank is None else ordinal(rank)


def figure_row(figure: FigureLike) -> tuple[str, ...]:
    name = figure.name + ("（预计）" if figure.estimate else "")
    return (
        name,
        _value(figure.value, figure.unit),
        _value(figure.previous, figure.unit),
        _change(figure.change),
        _rank(figure.rank),
        _rank(figure.previous_rank),
    )


def target_row(target: TargetLike) -> tuple[str, ...]:
    progress = DASH if target.progress_percent is None else percent(target.progress_percent)
    return (
        target.name,
        _value(target.target, target.unit),
        _value(target.actual, target.unit),
        progress,
        _value(target.forecast, target.unit),
    )


def _chart(title: str, labels: list[str], values: list[Decimal], notes: list[str]) -> charts.Chart | None:
    if not values or notes:  # a font found missing once is not looked for again in the same briefing
        return None
    try:
        return charts.bars(title, labels, values)
    except charts.ChartsUnavailable as error:
        notes.append(error.reason)
        return None


def compose(
    *,
    period: Period,
    scope: str,
    figures: Sequence[FigureLike],
    targets: Sequence[TargetLike] = (),
    estimates: Sequence[tuple[Period, FigureLike]] = (),
    title_scope: str | None = None,
    target_months: int = 12,
    on: date | None = None,
    with_charts: bool = True,
) -> Content:
    """The briefing of `period` for `scope` ("全市" or a district's name) from its figures; the targets'
    progress counts the first `target_months` months of the year."""
    notes: list[str] = [] if with_charts else ["未附图表"]
    parts: list[Part] = []
    for section in sections(period, scope, figures, estimates=estimates):
        changed = [figure for figure in section.figures if figure.change is not None]
        chart = _chart(
            f"{section.title}：同比增速（%）",
            [figure.name for figure in changed],
            [Decimal(figure.change) for figure in changed if figure.change is not None],
            notes,
        )
        parts.append(
            Part(
                heading=numbered(len(parts) + 1, section.title),
                sentences=section.sentences,
                head=TABLE_HEAD,
                rows=[figure_row(figure) for figure in section.figures],
                chart=chart,
            )
        )
    if targets:
        measured = [target for target in targets if target.progress_percent is not None]
        parts.append(
            Part(
                heading=numbered(len(parts) + 1, TARGETS_TITLE),
                sentences=[
                    target_sentence(target, year=period.year, months=target_months) for target in targets
                ],
                head=TARGET_HEAD,
                rows=[target_row(target) for target in targets],
                chart=_chart(
                    f"{period.year}年目标完成进度（%）",
                    [target.name for target in measured],
                    [Decimal(target.progress_percent or 0) for target in measured],
                    notes,
                ),
            )
        )
    heading = title_scope if title_scope is not None else scope
    return Content(
        title=f"{heading}{period.label}科技创新主要指标简报",
        subtitle=f"统计期：{period.label}（{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}）；"
        f"数据截至：{(on or date.today()):%Y-%m-%d}",
        parts=parts,
        notes=notes,
    )


def html(content: Content) -> str:
    """The briefing as an HTML fragment (charts inline as PNG data URIs, which the CSP allows)."""
    return render_to_string("indicators/briefing_document.html", {"content": content})


def docx_bytes(content: Content) -> bytes:
    """The briefing as a Word document: the title, each part's heading, its sentences as paragraphs, its
    table and its chart, and any note (charts left out) at the end."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document: Any = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Noto Sans CJK SC"
    normal.font.size = Pt(11)
    # East Asian text takes its font from w:eastAsia, which python-docx does not set by itself.
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")

    heading = document.add_heading(content.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(content.subtitle)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in content.parts:
        document.add_heading(part.heading, level=1)
        for text in part.sentences:
            paragraph = document.add_paragraph(text)
            paragraph.paragraph_format.first_line_indent = Pt(22)
        if part.rows:
            table = document.add_table(rows=1, cols=len(part.head))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, part.head, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in part.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
        if part.chart is not None:
            document.add_picture(io.BytesIO(part.chart.png), width=Cm(15))
            caption = document.add_paragraph(part.chart.title)
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for note in content.notes:
        document.add_paragraph("注：" + note)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def standalone(title: str, fragment: str) -> str:
    """A kept briefing's HTML fragment as a page of its own (the `--format html` file, the download)."""
    return render_to_string("indicators/briefing_standalone.html", {"title": title, "fragment": fragment})
