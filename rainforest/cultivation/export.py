"""The cultivation pool as an Excel workbook (openpyxl, write-only): the rows the page's filters keep,
in the page's order, with what each firm lacks in 万元 and people, its top gaps, what keeps its
narrow passes safe and the facts to verify, in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rainforest.core.xlsx import Book
from rainforest.cultivation.pool import RULEBOOK_LABELS, Candidate

WAN = Decimal(10_000)
VERDICTS = {
    "true": gettext_lazy("符合"),
    "false": gettext_lazy("不符合"),
    "undetermined": gettext_lazy("待定"),
}


def pool_workbook(candidates: Sequence[Candidate], *, rulebook: str, day: date, filters: str) -> bytes:
    workbook = Book()
    about = workbook.sheet(_("说明"))
    about.append([_("评价规则"), str(RULEBOOK_LABELS[rulebook])])
    about.append([_("评价日期"), day.isoformat()])
    about.append([_("筛选条件"), filters or _("无")])
    about.append([_("企业数"), len(candidates)])
    about.append([_("排序"), _("按接近通过的程度：不满足条件数、差距成本、得分与及格线之差")])

    sheet = workbook.sheet(_("培育库"))
    sheet.append(
        [
            _("排名"),
            _("统一社会信用代码"),
            _("企业名称"),
            _("县区"),
            _("结论"),
            _("不满足条件数"),
            _("得分"),
            _("及格线"),
            _("通过概率"),
            _("需增加投入（万元）"),
            _("需增加人员（人）"),
            _("主要差距"),
            _("提示"),
            _("稳妥所需（接近门槛或得分待定）"),
            _("待核实"),
        ]
    )
    for position, candidate in enumerate(candidates, start=1):
        enterprise = candidate.enterprise
        sheet.append(
            [
                position,
                enterprise.credit_code if enterprise else "",
                enterprise.name if enterprise else "",
                enterprise.district.name if enterprise else "",
                str(VERDICTS[candidate.verdict]),
                candidate.failing,
                candidate.score_text,
                candidate.result.pass_mark,
                round(candidate.probability, 4),
                float(candidate.yuan_needed / WAN),
                candidate.persons_needed,
                "；".join(item.text for item in candidate.shortfalls),
                candidate.reason_label,
                "；".join(item.text for item in candidate.margins),
                candidate.to_verify_text,
            ]
        )
    return workbook.bytes()
