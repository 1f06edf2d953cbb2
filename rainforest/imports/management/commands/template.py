"""`rainforest template TYPE --out FILE.xlsx`: the import template of a record type."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rainforest.imports.management.commands._common import record_type_named
from rainforest.imports.writer import template_write


class Command(BaseCommand):
    help = "Write the Excel import template of a record type."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("type")
        parser.add_argument("--out", required=True, help="the .xlsx file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        template_write(record_type_named(options["type"]), options["out"])
        self.stdout.write(options["out"])
