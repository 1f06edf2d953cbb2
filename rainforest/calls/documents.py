"""Word documents of a call (python-docx): the notice (公示) and the recommendation letter to the province
(推荐函). Both set a Chinese font as the east-Asian font of every run (`w:eastAsia`), so Word shows
宋体/黑体 instead of falling back to a Latin font."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from rainforest.calls.choices import State
from rainforest.calls.models import Application, Call
from rainforest.calls.outcome_selectors import notice_cells
from rainforest.calls.outcomes import Publicity
from rainforest.core.money import WAN

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _font(run: Any, name: str, size: float | None = None, bold: bool = False) -> None:
    run.font.name = name
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    if size is not None:
        run.font.size = Pt(size)
    run.bold = bold


def _document() -> Any:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(12)
    properties = normal.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    return document


def _paragraph(
    document: Any,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 12,
    bold: bool = False,
    align: Any = None,
) -> Any:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _table(document: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _font(cell.paragraphs[0].add_run(text), TITLE_FONT, 11, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(_text(value)), BODY_FONT, 11)


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _bytes(document: Any) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def publicity_notice(publicity: Publicity) -> bytes:
    """The notice: title, introduction, the table of every listed application in the chosen columns, the
    period, how to object (contact), the issuing body and the date."""
    document = _document()
    _paragraph(
        document, publicity.title, font=TITLE_FONT, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    if publicity.intro:
        _paragraph(document, publicity.intro)
    _table(document, publicity.column_labels(), notice_cells(publicity, publicity.rows))
    _paragraph(
        document,
        _("公示期：{start}至{end}（{days}个工作日）。").format(
            start=_chinese_date(publicity.published_on),
            end=_chinese_date(publicity.ends_on),
            days=publicity.call.publicity_days,
        ),
    )
    _paragraph(
        document,
        _("公示期内，对公示名单有异议的，请以书面形式实名向发布单位提出，并提供必要的证明材料。"),
    )
    if publicity.contact:
        _paragraph(document, _("联系人及电话：{contact}").format(contact=publicity.contact))
    _paragraph(document, publicity.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, _chinese_date(publicity.published_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    return _bytes(document)


def recommended(call: Call) -> list[Application]:
    """The applications the city recommended to the province (recommended, or funded after it)."""
    return list(
        Application.objects.filter(call=call, status__in=(State.RECOMMENDED, State.PROJECT))
        .select_related("enterprise", "enterprise__district")
        .order_by("enterprise__credit_code", "pk")
    )


def recommendation_letter(call: Call, *, issuer: str = "", day: date | None = None) -> bytes:
    """The letter recommending a provincial call's applications to the province: addressee, what was done,
    the table (number, enterprise, district, project, amount requested in 万元), the issuing body and date."""
    from rainforest.core.models import today

    day = day or call.decided_on or today()
    rows = recommended(call)
    document = _document()
    _paragraph(
        document,
        _("关于推荐{title}的函").format(title=call.title),
        font=TITLE_FONT,
        size=18,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, _("省科学技术厅："))
    _paragraph(
        document,
        _(
            "根据《{title}》申报通知要求，我局组织开展了申报推荐工作。经企业申报、县区审核、形式审查、"
            "专家评审和公示，现推荐以下 {n} 个单位（项目），请予审定。"
        ).format(title=call.title, n=len(rows)),
    )
    _table(
        document,
        [_("序号"), _("企业名称"), _("所在县区"), _("项目名称"), _("申请金额（万元）")],
        [
            [
                n,
                a.enterprise.name,
                a.enterprise.district.name if a.enterprise.district_id else "",
                a.title,
                a.amount_requested / WAN if a.amount_requested is not None else None,
            ]
            for n, a in enumerate(rows, start=1)
        ],
    )
    _paragraph(document, issuer or _("市科学技术局"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, _chinese_date(day), align=WD_ALIGN_PARAGRAPH.RIGHT)
    return _bytes(document)
