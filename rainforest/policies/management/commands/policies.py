"""`rainforest policies load [--file FILE]`: upsert the shipped policy catalogue by code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rainforest.policies.services import policies_load_catalogue


class Command(BaseCommand):
    help = "政策目录：load 载入（按编号更新或新增，可重复执行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])
        parser.add_argument("--file", type=Path, default=None, help="TOML 文件（缺省为随附的政策目录）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = policies_load_catalogue(path=options["file"])
        except (ValidationError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"policies: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"
        )
