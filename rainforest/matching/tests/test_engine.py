"""The matching engine without a database: tokenizer, metrics, quality on the shipped sets, persistence
across processes, and the commands' output."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rainforest.matching.engine.concepts import ConceptMap
from rainforest.matching.engine.evaluate import EvalInputError, evaluate, evaluate_csl, read_qrels
from rainforest.matching.engine.index import Doc, Index
from rainforest.matching.engine.metrics import ndcg_at, recall_at, reciprocal_rank, summary
from rainforest.matching.engine.ranker import Engine
from rainforest.matching.engine.text import Tokenizer

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"
ACHIEVEMENTS = EVAL / "achievements.jsonl"


# --- tokenizer ----------------------------------------------------------------------------------------


def test_domain_dictionary_keeps_industry_terms_whole():
    text = "煤系针状焦用于负极材料，液压缸压力脉动"
    plain = Tokenizer(plain=True).tokens(text)
    engine = Tokenizer().tokens(text)
    assert "针状焦" not in plain  # jieba's own dictionary cuts it
    assert {"针状焦", "负极材料", "压力脉动"} <= set(engine)


def test_stopwords_and_punctuation_are_dropped():
    tokens = Tokenizer().tokens("我们公司希望解决：液压油缸的漏油问题！！")
    assert "我们公司" not in tokens and "问题" not in tokens and "希望" not in tokens
    assert not any(t in "：！" for t in tokens)
    assert "漏油" in tokens


def test_full_width_input_is_normalised():
    assert Tokenizer().tokens("ＶＯＣｓ治理") == Tokenizer().tokens("vocs治理")


def test_dictionary_grows_from_keywords():
    docs = [Doc(id="1", title="一种脉冲电场杀菌装置", keywords=["脉冲电场杀菌"])]
    before = Tokenizer().tokens("脉冲电场杀菌")
    engine = Engine.build(docs)
    assert "脉冲电场杀菌" not in before
    assert "脉冲电场杀菌" in engine.tokenizer.tokens("脉冲电场杀菌")


# --- metrics on hand-computed cases ---------------------------------------------------------------------


def test_ndcg_hand_computed():
    grades = {"a": 3, "b": 1}
    # ranking b, x, a: DCG = 1/log2(2) + 0 + 7/log2(4) = 1 + 3.5; ideal a, b: 7 + 1/log2(3)
    expected = (1 + 7 / 2) / (7 + 1 / math.log2(3))
    assert ndcg_at(["b", "x", "a"], grades) == pytest.approx(expected)
    assert ndcg_at(["a", "b"], grades) == pytest.approx(1.0)
    assert ndcg_at(["x", "y"], grades) == 0.0


def test_ndcg_cuts_at_ten():
    ranking = [f"x{i}" for i in range(10)] + ["a"]
    assert ndcg_at(ranking, {"a": 3}) == 0.0


def test_recall_counts_grade_two_and_up():
    grades = {"a": 3, "b": 2, "c": 1}
    assert recall_at(["a", "c"], grades) == 0.5
    assert recall_at(["a", "b"], grades) == 1.0
    assert recall_at(["a"], {"c": 1}) is None  # no item graded ≥ 2: left out of the mean


def test_mrr_is_first_grade_three():
    grades = {"a": 2, "b": 3}
    assert reciprocal_rank(["a", "x", "b"], grades) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a", "x"], grades) == 0.0
    assert reciprocal_rank(["a"], {"a": 2}) is None


def test_summary_means_over_queries():
    qrels = {"q1": {"a": 3}, "q2": {"b": 3}}
    result = summary({"q1": ["a"], "q2": ["x", "b"]}, qrels)
    assert result == {
        "queries": 2,
        "ndcg@10": round((1 + 7 / math.log2(3) / 7) / 2, 4),
        "recall@10": 1.0,
        "mrr": 0.75,
    }


def test_qrels_bad_line_names_the_line(tmp_path):
    path = tmp_path / "q.tsv"
    path.write_text("D1\tA1\t3\nD2\tA2\t高\n", encoding="utf-8")
    with pytest.raises(EvalInputError, match="第 2 行"):
        read_qrels(path)


# --- quality on the shipped sets ------------------------------------------------------------------------


def _run(name: str, *, plain: bool) -> dict[str, float | int]:
    return evaluate(ACHIEVEMENTS, EVAL / f"demands_{name}.jsonl", EVAL / f"qrels_{name}.tsv", plain=plain)


def test_engine_beats_plain_bm25_on_problem_worded_demands():
    baseline, engine = _run("hard", plain=True), _run("hard", plain=False)
    assert baseline["queries"] == engine["queries"] >= 40
    assert engine["ndcg@10"] >= baseline["ndcg@10"] + 0.15
    assert engine["recall@10"] > baseline["recall@10"]


def test_engine_loses_nothing_on_easy_demands():
    baseline, engine = _run("easy", plain=True), _run("easy", plain=False)
    assert engine["ndcg@10"] >= baseline["ndcg@10"]
    assert engine["mrr"] >= baseline["mrr"]


def test_problem_words_find_the_technique_and_say_why():
    rows = [json.loads(line) for line in ACHIEVEMENTS.read_text(encoding="utf-8").splitlines()]
    engine = Engine.build(Doc.from_achievement(r) for r in rows)
    [first] = engine.search("厂里的液压油缸用了几个月就开始漏油，售后成本很高", field="装备制造", top=1)
    assert first.id == "EM01"
    assert any(b.trigger == "漏油" and b.concept == "液压密封" for b in first.bridges)
    assert first.field_agrees
    assert "概念关联：「漏油」→ 液压密封" in first.explanation()
    assert "领域一致：装备制造" in first.explanation()


def test_reverse_direction_fires_on_technique_terms():
    demands = [
        Doc.from_demand(
            {"id": "d1", "title": "泵站噪音太大", "description": "车间液压站一开就响声很大，还抖动"}
        ),
        Doc.from_demand({"id": "d2", "title": "饮料放不住", "description": "果汁几天就胀袋变质"}),
    ]
    engine = Engine.build(demands, reverse=True)
    [first, *_] = engine.search("柱塞泵压力脉动抑制与降噪方法：配流盘减振槽优化，整机噪声降低")
    assert first.id == "d1"
    assert first.bridges


def test_allowed_filter_reaches_past_the_first_candidates():
    docs = [Doc(id=str(i), title=f"液压缸密封 {i}") for i in range(200)]
    engine = Engine.build(docs)
    found = engine.search("液压缸密封", top=3, allowed=lambda ids: {i for i in ids if int(i) >= 190})
    assert len(found) == 3 and all(int(m.id) >= 190 for m in found)


# --- persistence --------------------------------------------------------------------------------------


def test_index_persists_and_another_process_reads_it(tmp_path):
    rows = [json.loads(line) for line in ACHIEVEMENTS.read_text(encoding="utf-8").splitlines()][:200]
    engine = Engine.build((Doc.from_achievement(r) for r in rows), stamp="v1")
    engine.index.save(tmp_path / "achievements")
    query = "车间液压泵站噪音特别大还有抖动"
    here = [m.id for m in engine.search(query, top=5)]
    script = (
        "import json,sys;from rainforest.matching.engine.index import Index;"
        "from rainforest.matching.engine.ranker import Engine;"
        "i=Index.load(sys.argv[1]);e=Engine(i);"
        "print(json.dumps({'stamp':i.stamp,'ids':[m.id for m in e.search(sys.argv[2],top=5)]}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "achievements"), query],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    there = json.loads(out.stdout)
    assert there == {"stamp": "v1", "ids": here}
    assert here and here[0] == "EM02"


def test_saved_index_holds_no_pickle(tmp_path):
    engine = Engine.build([Doc(id="1", title="石墨烯导热膜")])
    engine.index.save(tmp_path / "i")
    names = sorted(p.name for p in (tmp_path / "i").iterdir())
    assert names == [
        "data.npy",
        "docs.json",
        "indices.npy",
        "indptr.npy",
        "manifest.json",
        "vocab.json",
        "words.json",
    ]
    assert Index.load(tmp_path / "missing") is None


def test_concept_map_loads_every_industry():
    fields = {c.field for c in ConceptMap.load().concepts}
    assert fields == {"新材料", "装备制造", "生物医药", "现代农业", "节能环保", "信息技术", "功能食品"}


# --- CSL reader on a small file of the same format ------------------------------------------------------


def test_csl_title_finds_its_abstract(tmp_path):
    papers = [
        ("一种液压缸组合密封结构", "针对液压缸动密封泄漏设计组合密封结构", "液压缸_密封", "工学", "机械工程"),
        ("苦荞黄酮降血糖作用", "测定苦荞黄酮对α-葡萄糖苷酶的抑制作用", "苦荞_黄酮", "工学", "食品科学与工程"),
        ("日光温室环境调控", "自动控制温室卷帘通风与补光提高蔬菜产量", "温室_调控", "农学", "园艺学"),
    ]
    for task, prompt in (
        ("ts", "to title"),
        ("kg", "to keywords"),
        ("cls_ctg", "to category"),
        ("cls_dcp", "to discipline"),
    ):
        (tmp_path / task).mkdir()
        lines = []
        for title, abstract, keywords, category, discipline in papers:
            b = {"ts": title, "kg": keywords, "cls_ctg": category, "cls_dcp": discipline}[task]
            a = abstract if task != "kg" else f"{abstract} {title}"
            lines.append(f"{prompt}\t{a}\t{b}")
        (tmp_path / task / "dev.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = evaluate_csl(tmp_path)
    assert result["queries"] == 3
    assert result["recall@1"] == 1.0 and result["mrr"] == 1.0


# --- commands -----------------------------------------------------------------------------------------


def test_match_eval_prints_the_issue_json():
    out = StringIO()
    call_command(
        "match_eval",
        achievements=str(ACHIEVEMENTS),
        demands=str(EVAL / "demands_easy.jsonl"),
        qrels=str(EVAL / "qrels_easy.tsv"),
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert list(result) == ["queries", "ndcg@10", "recall@10", "mrr"]
    assert result["queries"] == 30


def test_match_eval_compare_and_missing_arguments():
    out = StringIO()
    call_command(
        "match_eval",
        "--compare",
        achievements=str(ACHIEVEMENTS),
        demands=str(EVAL / "demands_hard.jsonl"),
        qrels=str(EVAL / "qrels_hard.tsv"),
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert set(result) == {"baseline", "engine"}
    assert result["engine"]["ndcg@10"] > result["baseline"]["ndcg@10"]
    with pytest.raises(CommandError, match="--qrels"):
        call_command("match_eval", achievements=str(ACHIEVEMENTS), demands=str(EVAL / "demands_hard.jsonl"))


def test_match_command_json_against_a_file():
    out = StringIO()
    call_command(
        "match",
        "--json",
        text="快充充电器用久了发热严重，外壳散热不好",
        top=3,
        achievements=str(ACHIEVEMENTS),
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["query"].startswith("快充")
    assert len(result["results"]) == 3
    assert result["results"][0]["id"] in {"NM01", "NM02"}
    assert {"id", "title", "score", "shared_terms", "concepts", "explanation"} <= set(result["results"][0])


def test_match_command_refuses_empty_text():
    with pytest.raises(CommandError, match="--text"):
        call_command("match", text="  ", achievements=str(ACHIEVEMENTS))


def test_match_eval_reverse_direction_beats_the_baseline():
    out = StringIO()
    call_command(
        "match_eval",
        "--compare",
        "--reverse",
        achievements=str(ACHIEVEMENTS),
        demands=str(EVAL / "demands_hard.jsonl"),
        qrels=str(EVAL / "qrels_hard.tsv"),
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["engine"]["queries"] == result["baseline"]["queries"] > 40
    assert result["engine"]["ndcg@10"] > result["baseline"]["ndcg@10"]
