"""`rainforest briefing --period 2025Q1 [--district CODE] [--user NAME] [--format docx|html] [--out FILE]`:
generate the period's briefing (the Word document by default, or the HTML page), keep it like the
cockpit's button does, and write it to FILE (default: the briefing's title with its suffix, in the current
folder). Without --user it is the whole city's (the operator's view), with one that user's scope. A bad
period, district or user exits with 1 and says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import get_valid_filename

from rainforest.imports.management.commands._common import user_named
from rainforest.indicators.briefing import document
from rainforest.indicators.briefing.services import briefing_generate
from rainforest.indicators.management.commands.indicators import operator
from rainforest.indicators.periods import Period


class Command(BaseCommand):
    help = "Generate the briefing (简报) of a period as a Word document or an HTML page, and keep it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2025Q1, 2025M03 / 2025-03, 2025YTD04, 2025")
        parser.add_argument("--district", default="", help="a district's region code (default: the city)")
        parser.add_argument("--user", default="", help="generate within this user's data scope")
        parser.add_argument("--format", choices=("docx", "html"), default="docx")
        parser.add_argument("--out", default="", help="the file to write (default: the title)")
        parser.add_argument("--no-charts", action="store_true", help="leave the charts out")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period.parse(options["period"])
        except ValueError as error:
            raise CommandError(f"--period: {error}") from None
        user = user_named(options["user"]) if options["user"] else operator()
        try:
            generated = briefing_generate(
                period=period,
                user=user,
                district=options["district"] or None,
                with_charts=not options["no_charts"],
            )
        except (ValueError, PermissionDenied) as error:
            raise CommandError(f"--district: {error}") from None
        briefing = generated.briefing
        suffix = "." + options["format"]
        out = Path(
            options["out"] or (get_valid_filename(briefing.title) or f"briefing-{briefing.pk}") + suffix
        )
        if options["format"] == "docx":
            out.write_bytes(bytes(briefing.docx or b""))
        else:
            out.write_text(document.standalone(briefing.title, briefing.html), encoding="utf-8")
        for note in generated.content.notes:
            self.stderr.write(f"注：{note}")
        self.stdout.write(f"{out}  ({briefing.title}，第 {briefing.pk} 号简报)")
