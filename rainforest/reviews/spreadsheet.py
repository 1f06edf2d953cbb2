"""Score sheets as Excel (.xlsx): the template of a call's panel (one row per expert and application under
review, a column per criterion) and its import, all or nothing: every bad row is reported with its row
number and the column it names, and nothing is stored unless every row is good."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from rainforest.calls.choices import State
from rainforest.calls.models import Application, Call
from rainforest.core.xlsx import Book
from rainforest.reviews import services
from rainforest.reviews.models import Expert, Panel

FIXED = ("专家编号", "专家姓名", "统一社会信用代码", "企业名称")
COMMENT = "评审意见"


def headers(panel: Panel) -> list[str]:
    return [*FIXED, *(str(item["name"]) for item in panel.criteria), COMMENT]


def template(panel: Panel) -> bytes:
    """The panel's score sheet: a row for each member and application under expert review."""
    book = Book()
    sheet = book.sheet(_("评分表"))
    sheet.append(headers(panel))
    applications = Application.objects.filter(
        call_id=panel.call_id, status=State.EXPERT_REVIEW
    ).select_related("enterprise")
    for member in panel.members.select_related("expert").order_by("position"):
        for application in applications.order_by("enterprise__credit_code"):
            row: list[Any] = [
                member.expert.pk,
                member.expert.name,
                application.enterprise.credit_code,
                application.enterprise.name,
            ]
            sheet.append(row + [None] * (len(panel.criteria) + 1))
    return book.bytes()


@dataclass(frozen=True)
class Row:
    number: int
    expert: Expert
    application: Application
    scores: dict[str, Any]
    comment: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read(call: Call, panel: Panel, upload: IO[bytes] | bytes) -> list[Row]:
    """The rows of an uploaded score sheet, or ValidationError listing every bad row ("第 N 行：…")."""
    content = upload if isinstance(upload, bytes) else upload.read()
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise ValidationError(
            {"file": _("无法读取 Excel 文件（.xlsx）：{error}").format(error=error)}
        ) from error
    worksheet = workbook.worksheets[0]
    lines = worksheet.iter_rows(values_only=True)
    header = [_text(cell) for cell in next(lines, ())]
    wanted = headers(panel)
    missing = [name for name in wanted if name != COMMENT and name not in header]
    if missing:
        raise ValidationError({"file": _("缺少列：{names}").format(names="、".join(missing))})
    position = {name: header.index(name) for name in wanted if name in header}
    experts = {expert.pk: expert for expert in Expert.objects.select_related("organisation")}
    applications = {
        application.enterprise.credit_code: application
        for application in Application.objects.filter(call=call).select_related("enterprise", "call")
    }
    rows: list[Row] = []
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    for number, line in enumerate(lines, start=2):
        cells = {name: (line[index] if index < len(line) else None) for name, index in position.items()}
        if all(_text(value) == "" for value in cells.values()):
            continue
        errors: list[str] = []
        expert_key = _text(cells["专家编号"])
        expert = experts.get(int(expert_key)) if expert_key.isdigit() else None
        if expert is None:
            errors.append(_("专家编号：未知专家“{value}”").format(value=expert_key))
        code = _text(cells["统一社会信用代码"]).upper()
        application = applications.get(code)
        if application is None:
            errors.append(_("统一社会信用代码：{code} 未申报本通知").format(code=code))
        scores = {str(item["name"]): cells[str(item["name"])] for item in panel.criteria}
        if expert is not None and application is not None:
            if (expert.pk, application.pk) in seen:
                errors.append(_("同一专家对同一申报重复评分"))
            seen.add((expert.pk, application.pk))
            found, _values, _total = services.sheet_problems(
                panel=panel, expert=expert, application=application, scores=scores
            )
            errors.extend(f"{field}：{message}" for field, message in found.items())
        if errors:
            problems.append(_("第 {n} 行：{errors}").format(n=number, errors="；".join(errors)))
        elif expert is not None and application is not None:
            rows.append(Row(number, expert, application, scores, _text(cells.get(COMMENT))))
    if problems:
        raise ValidationError(problems)
    if not rows:
        raise ValidationError({"file": _("文件中没有评分")})
    return rows


@transaction.atomic
def sheets_import(*, user: Any, call: Call, upload: IO[bytes] | bytes) -> int:
    """Import a call's score sheets from .xlsx (an officer entering the experts' paper sheets): every row
    checked first, nothing stored if one is bad. Returns the number of sheets stored."""
    panel = services.panel_for(call)
    if panel is None or panel.drawn_at is None:
        raise ValidationError({"panel": _("该申报通知尚未抽取评审专家组")})
    rows = read(call, panel, upload)
    for row in rows:
        services.sheet_submit(
            user=user, application=row.application, scores=row.scores, comment=row.comment, expert=row.expert
        )
    return len(rows)
