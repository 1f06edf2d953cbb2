"""Speed of the matching engine on synthetic achievements (no database):

    .venv/bin/python benchmarks/bench_matching.py [--docs 100000] [--queries 200] [--rank-bm25-queries 50]

Builds the engine's index over N synthetic achievements (titles, keywords and abstracts drawn from the
concept map's technique terms, the domain dictionary and filler words, with a fixed seed), then times
queries worded as problems (the concept map's problem phrases in sentences): the median and the 95th
percentile of a full search (tokenise, expand, score, rank the top 10 and explain them). The baseline in the
same run is rank-bm25 (BM25Okapi) over the same tokens and the same queries (its scores only, no ranking),
on the first --rank-bm25-queries queries since it scores every document in Python. Also saves and loads
the index. Prints JSON; the figures go to docs/matching.md (and docs/benchmarks.md).

Aims (issue 8): index build under 60 s and query p95 under 20 ms for 100,000 achievements.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rainforest.matching.engine.concepts import ConceptMap
from rainforest.matching.engine.index import Doc, Index
from rainforest.matching.engine.ranker import Engine
from rainforest.matching.engine.text import domain_words

FILLER = [
    "本成果",
    "针对",
    "行业",
    "关键",
    "难题",
    "开展",
    "系统",
    "研究",
    "建立",
    "模型",
    "优化",
    "工艺",
    "参数",
    "显著",
    "提高",
    "性能",
    "降低",
    "成本",
    "已在",
    "企业",
    "中试",
    "应用",
    "效果",
    "良好",
    "具有",
    "推广",
    "价值",
    "实验",
    "表明",
    "稳定",
    "可靠",
    "绿色",
    "高效",
    "智能",
    "低能耗",
]
SENTENCES = [
    "我们厂{}，想找办法解决",
    "最近{}越来越严重，影响生产",
    "客户反映{}，希望有技术支持",
    "{}的问题一直没解决",
]


def synthetic(n: int, rng: random.Random, concepts: ConceptMap) -> list[Doc]:
    vocab = sorted(set(domain_words()) | {t for c in concepts.concepts for t in c.techniques})
    docs = []
    for i in range(n):
        concept = rng.choice(concepts.concepts)
        terms = rng.sample(concept.techniques, k=min(3, len(concept.techniques)))
        extra = rng.sample(vocab, k=4)
        title = "".join(terms[:2]) + rng.choice(["技术", "方法", "装置", "工艺", "系统"])
        body = "".join(
            rng.choice(FILLER) if rng.random() < 0.6 else rng.choice(terms + extra) for _ in range(40)
        )
        docs.append(
            Doc(
                id=str(i),
                title=title,
                body=body,
                keywords=terms + extra[:1],
                field=concept.field,
                discipline="",
            )
        )
    return docs


def queries(n: int, rng: random.Random, concepts: ConceptMap) -> list[tuple[str, str]]:
    out = []
    for _ in range(n):
        concept = rng.choice(concepts.concepts)
        out.append((rng.choice(SENTENCES).format(rng.choice(concept.problems)), concept.field))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rank-bm25-queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    concepts = ConceptMap.load()
    docs = synthetic(args.docs, rng, concepts)
    asked = queries(args.queries, rng, concepts)

    started = time.perf_counter()
    engine = Engine.build(docs)
    build_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        engine.index.save(Path(tmp) / "index")
        save_s = time.perf_counter() - started
        started = time.perf_counter()
        loaded = Index.load(Path(tmp) / "index")
        load_s = time.perf_counter() - started
        assert loaded is not None and len(loaded) == len(docs)

    engine.search(asked[0][0], field=asked[0][1])  # warm up
    times = []
    for text, field in asked:
        started = time.perf_counter()
        engine.search(text, field=field, top=10)
        times.append((time.perf_counter() - started) * 1000)

    from rank_bm25 import BM25Okapi  # dev dependency, the baseline only

    tokenizer = engine.tokenizer
    started = time.perf_counter()
    okapi = BM25Okapi([tokenizer.tokens(d.text()) or ["\x00"] for d in docs])
    okapi_build_s = time.perf_counter() - started
    subset = asked[: args.rank_bm25_queries]
    okapi_times, ours = [], []
    for text, field in subset:
        tokens = tokenizer.tokens(text)
        started = time.perf_counter()
        okapi.get_scores(tokens)
        okapi_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        engine.search(text, field=field, top=10)
        ours.append((time.perf_counter() - started) * 1000)

    load = os.getloadavg()
    result = {
        "documents": len(docs),
        "queries": len(asked),
        "index_build_s": round(build_s, 2),
        "index_save_s": round(save_s, 2),
        "index_load_s": round(load_s, 2),
        "query_ms_median": round(statistics.median(times), 2),
        "query_ms_p95": round(percentile(times, 0.95), 2),
        "rank_bm25_build_s": round(okapi_build_s, 2),
        "rank_bm25_query_ms_median": round(statistics.median(okapi_times), 2),
        "engine_query_ms_median_same_queries": round(statistics.median(ours), 2),
        "speedup_vs_rank_bm25": round(statistics.median(okapi_times) / statistics.median(ours), 1),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "load_average": [round(x, 2) for x in load],
        "aims": {"index_build_s": 60, "query_ms_p95": 20},
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
