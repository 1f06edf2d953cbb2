from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from rainforest.eligibility.facts import facts_from_json, facts_to_json
from rainforest.eligibility.tests.test_rules_hnte import firm


def _run(*args: str) -> tuple[str, str, int]:
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("evaluate", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return out.getvalue(), err.getvalue(), code


def test_list_names_every_rulebook_with_version_and_dates():
    out, _, code = _run("--list")
    lines = out.splitlines()
    assert code == 0
    assert [line.split()[0] for line in lines] == [
        "hnte-2016",
        "innovative-sme-2022",
        "little-giant-2022",
        "little-giant-2026",
        "srdi-2022",
        "srdi-2026",
        "tech-sme-2017",
    ]
    assert "effective 2022-08-01 to 2026-04-01" in lines[4]
    assert lines[5].endswith("[provisional]")


def test_it_prints_the_result_json_with_chinese_and_decimal_strings(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts_to_json(firm()), ensure_ascii=False), encoding="utf-8")
    out, err, code = _run("--rulebook", "hnte-2016", "--facts", str(path))
    assert (code, err) == (0, "")
    assert "近三年研发费用需增加86.2万元" in out  # ensure_ascii=False keeps Chinese readable
    data = json.loads(out)
    assert (data["rulebook"], data["version"], data["eligible"]) == ("hnte", "2016", "false")
    hnte5 = next(item for item in data["criteria"] if item["code"] == "HNTE-5")
    assert (hnte5["value"], hnte5["threshold"], hnte5["passed"]) == ("0.0411", "0.05", False)
    assert data["gaps"][0]["size"] == "862000.00"


def test_a_family_name_picks_the_version_by_date(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text('{"evaluated_on": "2026-04-01"}', encoding="utf-8")
    out, _, code = _run("--rulebook", "srdi", "--facts", str(path))
    assert (code, json.loads(out)["version"]) == (0, "2026")
    path.write_text('{"evaluated_on": "2026-03-31"}', encoding="utf-8")
    out, _, code = _run("--rulebook", "srdi", "--facts", str(path))
    assert (code, json.loads(out)["version"]) == (0, "2022")


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (
            '{"evaluated_on": "2025-06-01", "years": [{"year": 2024, "employees": "many"}]}',
            "years[0].employees:",
        ),
        ('{"evaluated_on": "2025-06-01", "tech_feild": "new_materials"}', "tech_feild: unknown field"),
        ('{"years": []}', "evaluated_on: Field required"),
        (
            '{"evaluated_on": "2025-06-01", "years": [{"year": 2024}, {"year": 2024}]}',
            "years: each year may appear only once",
        ),
        ("not json", "facts: not JSON"),
    ],
)
def test_bad_facts_exit_2_naming_the_field(tmp_path, facts, message):
    path = tmp_path / "facts.json"
    path.write_text(facts, encoding="utf-8")
    out, err, code = _run("--rulebook", "hnte-2016", "--facts", str(path))
    assert (out, code) == ("", 2)
    assert message in err


def test_an_unknown_rulebook_exits_2(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text('{"evaluated_on": "2025-06-01"}', encoding="utf-8")
    _, err, code = _run("--rulebook", "hnte-2099", "--facts", str(path))
    assert code == 2 and "unknown rulebook 'hnte-2099'" in err


def test_facts_survive_a_json_round_trip():
    facts = firm()
    assert facts_from_json(json.loads(json.dumps(facts_to_json(facts)))) == facts
