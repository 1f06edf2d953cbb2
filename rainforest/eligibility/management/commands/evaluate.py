"""`rainforest evaluate --list` and `rainforest evaluate --rulebook <name> --facts FILE.json`.

Prints the result contract of docs/eligibility.md as JSON (ensure_ascii=False; Decimals as strings). Exit 0 on
success; facts that do not parse give a message naming the field and exit 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rainforest.eligibility.engine import UnknownRulebook, evaluate
from rainforest.eligibility.facts import FactsError, facts_from_json
from rainforest.eligibility.rulebook import all_rulebooks

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "按评价规则评估企业事实（JSON），或列出评价规则"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="列出评价规则及其版本、生效日期")
        parser.add_argument(
            "--rulebook", help="规则名（如 hnte-2016），或规则族名（如 hnte，按评价日期选版本）"
        )
        parser.add_argument(
            "--facts", help="企业事实 JSON 文件（字段见 docs/eligibility.md）；- 表示标准输入"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        if not options["rulebook"] or not options["facts"]:
            self._fail("evaluate: give --list, or --rulebook NAME --facts FILE.json")
        facts = self._facts(options["facts"])
        try:
            result = evaluate(facts, options["rulebook"])
        except UnknownRulebook as error:
            self._fail(str(error.args[0]))
        except LookupError as error:
            self._fail(str(error))
        self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2))

    def _list(self) -> None:
        for book in all_rulebooks():
            until = book.effective_to.isoformat() if book.effective_to else "—"
            flag = "  [provisional]" if book.provisional else ""
            self.stdout.write(
                f"{book.name:<22} {book.title}  version {book.version}  "
                f"effective {book.effective_from.isoformat()} to {until}  ({book.basis}){flag}"
            )

    def _facts(self, path: str) -> Any:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except OSError as error:
            self._fail(f"facts: cannot read {path}: {error.strerror}")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self._fail(f"facts: not JSON ({error.msg}, line {error.lineno})")
        try:
            return facts_from_json(data)
        except FactsError as error:
            self._fail(str(error))

    def _fail(self, message: str) -> Any:
        self.stderr.write(message)
        sys.exit(USAGE_ERROR)
