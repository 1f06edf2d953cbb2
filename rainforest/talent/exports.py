"""The census as an Excel workbook (through rainforest.core.xlsx, so no cell can run as a formula)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rainforest.core.xlsx import Book
from rainforest.talent.selectors import Census, CensusRow


def _figure(value: int | None) -> Any:
    return "—" if value is None else value


def census_workbook(census: Census) -> bytes:
    """One row per institution and a total row: the figures of the census page."""
    book = Book()
    sheet = book.sheet(_("高校院所普查"))
    sheet.append(
        [
            _("高校院所"),
            _("机构编码"),
            _("所在区县"),
            _("重点学科"),
            _("国家级"),
            _("省级"),
            _("校级"),
            _("创新平台"),
            _("科研团队"),
            _("团队人数"),
            _("科技成果"),
            _("联合创新中心"),
        ]
    )

    def values(row: CensusRow, name: str, code: str, region: str) -> list[Any]:
        return [
            name,
            code,
            region,
            row.disciplines,
            row.national,
            row.provincial,
            row.school,
            _figure(row.platforms),
            row.teams,
            row.members,
            _figure(row.achievements),
            row.centres,
        ]

    for row in census.rows:
        organisation = row.organisation
        region = str(organisation.region) if organisation.region_id else ""
        sheet.append(values(row, organisation.name, organisation.code, region))
    total_label = _("合计（{n} 所）").format(n=census.institutions)
    sheet.append(values(census.total, total_label, "", ""))
    return book.bytes()
