"""`rainforest match-eval --achievements A.jsonl --demands D.jsonl --qrels Q.tsv [--baseline | --compare]`
`rainforest match-eval --csl DIR [--split dev|test] [--baseline | --compare]`

Evaluates the matching engine on a set in files (no database). achievements.jsonl lines are
{"id","title","abstract","keywords":[…],"discipline","field"}, demands.jsonl lines {"id","title",
"description","field"}, qrels.tsv lines demand_id<TAB>achievement_id<TAB>grade (1–3). Prints
{"queries": n, "ndcg@10": …, "recall@10": …, "mrr": …}: nDCG with gains 2^grade − 1, recall of the items
graded ≥ 2, MRR of the first grade-3 item. --baseline evaluates plain jieba + BM25 instead, --compare both
({"baseline": {…}, "engine": {…}}). --reverse turns the set round: each achievement graded 3 for some demand
is a query against the demands.

--csl evaluates on the CSL benchmark's files (a paper's title as the query for its own abstract):
recall@1/5/10, MRR, and the share of the top 10 in the query paper's discipline beside its base rate.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rainforest.matching.engine.evaluate import EvalInputError, evaluate, evaluate_csl, evaluate_reverse


class Command(BaseCommand):
    help = "评估匹配引擎：nDCG@10、recall@10、MRR（或 CSL 标题找摘要）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--achievements", type=Path, help="成果 JSONL")
        parser.add_argument("--demands", type=Path, help="需求 JSONL")
        parser.add_argument("--qrels", type=Path, help="相关性标注 TSV")
        parser.add_argument("--csl", type=Path, help="CSL 基准目录（含 ts、kg、cls_ctg、cls_dcp）")
        parser.add_argument("--split", choices=["dev", "test"], default="dev")
        parser.add_argument(
            "--reverse", action="store_true", help="反向：以成果（完全解决某需求者）为查询，在需求中查找"
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--baseline", action="store_true", help="评估基线（jieba + BM25）")
        group.add_argument("--compare", action="store_true", help="同时评估基线与引擎")

    def handle(self, *args: Any, **options: Any) -> None:
        run: Callable[[bool], Mapping[str, object]]
        if options["csl"]:
            run = lambda plain: evaluate_csl(Path(options["csl"]), split=options["split"], plain=plain)  # noqa: E731
        else:
            missing = [name for name in ("achievements", "demands", "qrels") if not options[name]]
            if missing:
                raise CommandError("缺少参数：" + "、".join(f"--{name}" for name in missing))
            paths = Path(options["achievements"]), Path(options["demands"]), Path(options["qrels"])
            for path in paths:
                if not path.is_file():
                    raise CommandError(f"找不到文件：{path}")
            score = evaluate_reverse if options["reverse"] else evaluate
            run = lambda plain: score(*paths, plain=plain)  # noqa: E731
        try:
            if options["compare"]:
                result: dict[str, Any] = {"baseline": run(True), "engine": run(False)}
            else:
                result = run(options["baseline"])
        except (OSError, EvalInputError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result, ensure_ascii=False))
