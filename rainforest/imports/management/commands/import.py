"""`rainforest import --list` and `rainforest import TYPE FILE.xlsx [--dry-run] [--json] [--user NAME]`.

--json prints exactly {"rows": n, "stored": true|false, "errors": [{"row", "field", "message"}]}.
Exit status 0 when stored (or a clean dry run), 1 when any row is refused."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rainforest.imports import services
from rainforest.imports.management.commands._common import record_type_named, user_named
from rainforest.imports.registry import RECORD_TYPES


class Command(BaseCommand):
    help = "Import a spreadsheet of one record type (validate every row; store all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("type", nargs="?", help="record type, see --list")
        parser.add_argument("file", nargs="?", help=".xlsx file")
        parser.add_argument("--list", action="store_true", help="list the record types and exit")
        parser.add_argument("--dry-run", action="store_true", help="validate only, store nothing")
        parser.add_argument("--json", action="store_true", help="print the outcome as JSON")
        parser.add_argument(
            "--user", help="import as this user (change log and data scope); default: city-wide"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for name, record_type in RECORD_TYPES.items():
                self.stdout.write(f"{name}\t{record_type.label}")
            return
        if not options["type"] or not options["file"]:
            raise CommandError(_("用法：rainforest import TYPE FILE.xlsx [--dry-run] [--json] [--user NAME]"))
        record_type = record_type_named(options["type"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("文件不存在：{path}").format(path=path))
        user = user_named(options["user"])
        try:
            result = services.import_file(
                record_type=record_type, path=path, user=user, dry_run=options["dry_run"]
            )
        except PermissionDenied as refusal:
            raise CommandError(str(refusal)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            for error in result.errors:
                if error["row"] == 0:  # the file itself: too large, not an .xlsx, …
                    self.stdout.write(error["message"])
                else:
                    self.stdout.write(_("第 {row} 行 {field}：{message}").format(**error))
            if result.stored:
                summary = _("已保存：共 {rows} 行，新增 {created}，更新 {updated}，未变 {unchanged}")
            elif result.errors:
                summary = _("未保存：共 {rows} 行，{count} 处错误")
            else:
                summary = _(
                    "试运行通过（未保存）：共 {rows} 行，将新增 {created}，更新 {updated}，未变 {unchanged}"
                )
            self.stdout.write(
                summary.format(
                    rows=result.rows,
                    created=result.created,
                    updated=result.updated,
                    unchanged=result.unchanged,
                    count=len(result.errors),
                )
            )
        if result.errors:
            sys.exit(1)
