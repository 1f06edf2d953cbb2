"""Evaluation without a database: the JSONL sets of match-eval and the CSL proxy test (a paper's title as the
query for its own abstract)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rainforest.matching.engine.index import Doc
from rainforest.matching.engine.metrics import mean, summary
from rainforest.matching.engine.ranker import Engine, Params


class EvalInputError(ValueError):
    """A line of an evaluation file that cannot be read; the message names the file and the line."""


def read_jsonl(path: Path) -> list[dict[str, object]]:
    rows = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise EvalInputError(f"{path} 第 {n} 行不是有效的 JSON：{exc}") from exc
            if not isinstance(row, dict) or "id" not in row:
                raise EvalInputError(f"{path} 第 {n} 行缺少字段 id")
            rows.append(row)
    return rows


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                raise EvalInputError(f"{path} 第 {n} 行应为 需求编号<TAB>成果编号<TAB>等级")
            try:
                grade = int(parts[2])
            except ValueError as exc:
                raise EvalInputError(f"{path} 第 {n} 行的等级不是整数：{parts[2]}") from exc
            if not 0 <= grade <= 3:
                raise EvalInputError(f"{path} 第 {n} 行的等级应在 0–3 之间：{grade}")
            qrels.setdefault(parts[0].strip(), {})[parts[1].strip()] = grade
    return qrels


def demand_query(row: dict[str, object]) -> str:
    return f"{row.get('title') or ''} {row.get('description') or ''}".strip()


def evaluate(
    achievements: Path,
    demands: Path,
    qrels_path: Path,
    *,
    plain: bool = False,
    params: Params | None = None,
    only: set[str] | None = None,
) -> dict[str, float | int]:
    engine = Engine.build(
        [Doc.from_achievement(r) for r in read_jsonl(achievements)], plain=plain, params=params
    )
    qrels = read_qrels(qrels_path)
    if only is not None:
        qrels = {q: g for q, g in qrels.items() if q in only}
    rankings = {}
    for row in read_jsonl(demands):
        qid = str(row["id"])
        if qid in qrels:
            rankings[qid] = engine.ranking(demand_query(row), field=str(row.get("field") or ""))
    return summary(rankings, qrels)


def evaluate_reverse(
    achievements: Path, demands: Path, qrels_path: Path, *, plain: bool = False, params: Params | None = None
) -> dict[str, float | int]:
    """The set turned round: each achievement that fully solves some demand (grade 3) is a query (title,
    keywords and abstract) against the demands, judged by the same grades."""
    engine = Engine.build(
        [Doc.from_demand(r) for r in read_jsonl(demands)], plain=plain, params=params, reverse=True
    )
    inverted: dict[str, dict[str, int]] = {}
    for demand, grades in read_qrels(qrels_path).items():
        for achievement, grade in grades.items():
            inverted.setdefault(achievement, {})[demand] = grade
    inverted = {a: g for a, g in inverted.items() if max(g.values()) == 3}
    rankings = {}
    for row in read_jsonl(achievements):
        aid = str(row["id"])
        if aid in inverted:
            doc = Doc.from_achievement(row)
            rankings[aid] = engine.ranking(doc.text(), field="" if plain else doc.field)
    return summary(rankings, inverted)


# ------------------------------------------------------------------------------------------ CSL


@dataclass
class Paper:
    title: str
    abstract: str
    keywords: list[str]
    category: str
    discipline: str


def read_csl(directory: Path, split: str = "dev") -> list[Paper]:
    """The four aligned task files of one split of the CSL benchmark (tab separated: prompt, text_a,
    text_b): ts gives abstract → title, kg the keywords, cls_ctg the category, cls_dcp the discipline."""

    def column(task: str) -> list[list[str]]:
        with (Path(directory) / task / f"{split}.tsv").open(encoding="utf-8") as fh:
            return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]

    ts, kg, ctg, dcp = column("ts"), column("kg"), column("cls_ctg"), column("cls_dcp")
    return [
        Paper(title=t[2], abstract=t[1], keywords=k[2].split("_"), category=c[2], discipline=d[2])
        for t, k, c, d in zip(ts, kg, ctg, dcp, strict=True)
    ]


def evaluate_csl(
    directory: Path, *, split: str = "dev", plain: bool = False, limit: int = 0
) -> dict[str, object]:
    """Title → its own abstract: recall@1/5/10 and MRR; discipline agreement of the top 10 against the
    base rate (the share of the corpus in the query paper's discipline). The index holds the abstracts
    only (keywords would give the title away)."""
    papers = read_csl(directory, split)
    if limit:
        papers = papers[:limit]
    docs = [Doc(id=str(i), title="", body=p.abstract, discipline=p.discipline) for i, p in enumerate(papers)]
    engine = Engine.build(docs, plain=plain)
    disciplines = Counter(p.discipline for p in papers)
    hits = {1: 0, 5: 0, 10: 0}
    rr, agreement, base = [], [], []
    for i, p in enumerate(papers):
        ranking = engine.ranking(p.title, depth=100)
        rank = ranking.index(str(i)) + 1 if str(i) in ranking else 0
        for k in hits:
            hits[k] += 1 if 0 < rank <= k else 0
        rr.append(1.0 / rank if rank else 0.0)
        others = [r for r in ranking if r != str(i)][:10]
        if others:
            agreement.append(sum(papers[int(r)].discipline == p.discipline for r in others) / len(others))
        base.append((disciplines[p.discipline] - 1) / (len(papers) - 1))
    n = len(papers)
    return {
        "queries": n,
        "recall@1": round(hits[1] / n, 4),
        "recall@5": round(hits[5] / n, 4),
        "recall@10": round(hits[10] / n, 4),
        "mrr": round(mean(rr), 4),
        "discipline@10": round(mean(agreement), 4),
        "discipline_base_rate": round(mean(base), 4),
    }
