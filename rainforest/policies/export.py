"""The push list (政策找企业) as an Excel workbook with Chinese headers (openpyxl, write-only for big lists)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from rainforest.core.money import WAN
from rainforest.core.xlsx import Book
from rainforest.policies.choices import ConditionStatus, Verdict
from rainforest.policies.selectors import PushList


def _wan(value: Decimal | None) -> float | None:
    return None if value is None else float(value / WAN)


def push_list_workbook(push: PushList, district_names: dict[str, str]) -> bytes:
    """One row per enterprise: code, name, district, verdict, amount in 万元 (low and high) and the status of
    every condition; a first sheet says which policy, as of when, and how many firms fit."""
    policy = push.policy
    workbook = Book()
    about = workbook.sheet(_("说明"))
    about.append([_("政策编号"), policy.code])
    about.append([_("政策名称"), policy.name])
    about.append([_("文号"), policy.document_number])
    about.append([_("资料状态"), policy.get_status_display()])
    about.append([_("计算日期"), push.as_of.isoformat()])
    for verdict, count in push.counts.items():
        about.append([_("{verdict}（家）").format(verdict=Verdict(verdict).label), count])
    if policy.open_question:
        about.append([_("待确认问题"), policy.open_question])

    sheet = workbook.sheet(_("企业清单"))
    statuses = dict(ConditionStatus.choices)
    verdicts = dict(Verdict.choices)
    sheet.append(
        [
            _("统一社会信用代码"),
            _("企业名称"),
            _("县区"),
            _("孵化载体"),
            _("结论"),
            _("金额下限（万元）"),
            _("金额上限（万元）"),
            _("金额说明"),
            *push.labels,
        ]
    )
    for row in push.rows:
        sheet.append(
            [
                row.credit_code,
                row.name,
                district_names.get(row.district_code, row.district_code),
                row.incubator_park,
                str(verdicts[row.verdict]),
                _wan(row.amount.low),
                _wan(row.amount.high),
                row.amount.reason,
                *(str(statuses[status]) for status in row.statuses),
            ]
        )
    return workbook.bytes()
