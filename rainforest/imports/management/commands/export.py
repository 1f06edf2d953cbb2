"""`rainforest export TYPE --out FILE.xlsx [--district CODE] [--layer L] [--q TEXT] …`: the same rows the
list page shows for these filters (the enterprise FilterSet), with the template's headers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from rainforest.imports.management.commands._common import record_type_named, user_named
from rainforest.imports.writer import export_write

FILTERS = ("district", "layer", "q", "industry", "tech_field", "certificate", "year", "kind")


class Command(BaseCommand):
    help = "Export the rows of a record type to .xlsx (filters as on the enterprise list and API)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("type")
        parser.add_argument("--out", required=True, help="the .xlsx file to write")
        parser.add_argument("--user", help="export with this user's data scope; default: city-wide")
        parser.add_argument("--district", help="GB/T 2260 code of a district")
        parser.add_argument("--layer", choices=["none", "seed", "herb", "shrub", "tree"])
        parser.add_argument("--q", help="name or credit code")
        parser.add_argument("--industry", help="GB/T 4754 door, A-T")
        parser.add_argument("--tech-field", dest="tech_field")
        parser.add_argument("--certificate", help="holding a valid certificate of this kind")
        parser.add_argument("--year", help="yearly figures of this year only")
        parser.add_argument("--kind", help="certificates of this kind only")

    def handle(self, *args: Any, **options: Any) -> None:
        record_type = record_type_named(options["type"])
        params = {name: options[name] for name in FILTERS if options.get(name)}
        rows = record_type.export_queryset(user_named(options["user"]), params)
        count = export_write(record_type, rows.iterator(chunk_size=2000), options["out"])
        self.stdout.write(_("已导出 {count} 行到 {path}").format(count=count, path=options["out"]))
