"""`rainforest match --text "…" [--top 10] [--json] [--target achievements|demands] [--field 装备制造]
[--user NAME] [--achievements A.jsonl]`

Matches a free text against the achievements (a firm's problem finds techniques) or the demands (a technique
finds the firms that need it), and prints each result with why it matched. Without --user the console sees
every record (it is the installation's operator); with --user, only what that user may see. With
--achievements, the text is matched against a JSONL file of achievements instead of the database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rainforest.matching.engine.evaluate import EvalInputError, read_jsonl
from rainforest.matching.engine.index import Doc
from rainforest.matching.engine.ranker import Engine, Match


class Command(BaseCommand):
    help = "按问题或技术描述匹配科技成果或企业需求，并说明匹配理由"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--text", required=True, help="问题或技术描述")
        parser.add_argument("--top", type=int, default=10, help="返回条数（缺省 10）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--target", choices=["achievements", "demands"], default="achievements")
        parser.add_argument("--field", default="", help="查询的领域（如 装备制造），一致者加分")
        parser.add_argument("--user", default="", help="只显示该用户可查看的记录")
        parser.add_argument("--achievements", type=Path, help="改为在此 JSONL 文件的成果中匹配")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["text"].strip()
        top = options["top"]
        if not text:
            raise CommandError("--text：请输入要匹配的问题或技术描述")
        if not 1 <= top <= 1000:
            raise CommandError("--top：应在 1 到 1000 之间")
        if options["achievements"]:
            rows = self._from_file(options["achievements"], text, top, options["field"])
        else:
            rows = self._from_records(text, top, options)
        if options["json"]:
            self.stdout.write(json.dumps({"query": text, "results": rows}, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("没有匹配结果")
        for i, row in enumerate(rows, start=1):
            self.stdout.write(f"{i}. [{row['id']}] {row['title']}  {row['score']}")
            self.stdout.write(f"   {row['explanation']}")

    def _from_file(self, path: Path, text: str, top: int, field: str) -> list[dict[str, Any]]:
        try:
            docs = [Doc.from_achievement(r) for r in read_jsonl(Path(path))]
        except (OSError, EvalInputError) as error:
            raise CommandError(str(error)) from error
        return [m.as_dict() for m in Engine.build(docs).search(text, field=field, top=top)]

    def _from_records(self, text: str, top: int, options: dict[str, Any]) -> list[dict[str, Any]]:
        from rainforest.core.models import User
        from rainforest.matching.engine import matches, store

        kind = options["target"]
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user：没有用户 {options['user']}")
            results = matches.search(user, text, kind=kind, field=options["field"], top=top)
            return [_shown(r.match, r.record.number) for r in results]
        found: list[Match] = store.engine_for(kind).search(text, field=options["field"], top=top)
        return [_shown(m, "") for m in found]


def _shown(match: Match, number: str) -> dict[str, Any]:
    row = match.as_dict()
    if number:
        row["number"] = number
    return row
