"""`rainforest indicators --period P [--district CODE] [--user NAME] --json`: every indicator's figure for
the period, as JSON objects {"code", "name", "unit", "value", "previous", "change", "rank",
"previous_rank"} (money in yuan). Without --user the figures are the whole city's (the operator's view);
with one, that user's scope (a district officer: their district). A bad period or district exits with 1."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rainforest.imports.management.commands._common import user_named
from rainforest.indicators.figures import figures
from rainforest.indicators.periods import Period


def operator() -> Any:
    """The operator's view: an unsaved administrator, whose scope is the whole city."""
    from rainforest.core.models import User

    return User(username="operator", is_superuser=True, is_active=True)


class Command(BaseCommand):
    help = "Print every indicator's figure for a period (money in yuan)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2025Q1, 2025-03, 2025, 2025-01..2025-05 …")
        parser.add_argument("--district", default="", help="GB/T 2260 code of a district; default: the city")
        parser.add_argument("--user", default="", help="compute within this user's data scope")
        parser.add_argument("--code", action="append", help="only this indicator (repeatable)")
        parser.add_argument("--json", action="store_true", help="print JSON (the default prints a table)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period.parse(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        user = user_named(options["user"]) if options["user"] else operator()
        try:
            rows = figures(period, user=user, district=options["district"] or None, codes=options["code"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
            return
        self.stdout.write(_("{period}（{code}）").format(period=period.label, code=period.code))
        for row in rows:
            value = "—" if row.value is None else f"{row.value:,}"
            change = "" if row.change is None else f"  {row.change:+}%"
            rank = "" if row.rank is None else _("  第{rank}位").format(rank=row.rank)
            self.stdout.write(f"{row.code:30} {row.name}  {value} {row.unit}{change}{rank}")
