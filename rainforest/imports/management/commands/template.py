"""`rainforest template TYPE --out FILE.xlsx`: the import template of a record type."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rainforest.imports.management.commands._common import record_type_named
from rainforest.imports.writer import template_write


class Command(BaseCommand):
    help = "Write the Excel import template of a record type."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("type")
        parser.add_argument("--out", required=True, help="the .xlsx file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        record_type = record_type_named(options["type"])
        if not record_type.importable:
            raise CommandError(_("“{label}”只能导出，没有导入模板").format(label=record_type.label))
        template_write(record_type, options["out"])
        self.stdout.write(options["out"])
