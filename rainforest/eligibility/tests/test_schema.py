"""The facts of POST /api/v1/eligibility/evaluate are described completely in the schema callers read."""

from __future__ import annotations

import typing
from dataclasses import fields

from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.facts import Award, Facts, YearFacts, facts_from_json
from rainforest.eligibility.schema import ENUMS, EXAMPLE, facts_json_schema


def test_every_fact_year_field_and_award_field_has_a_description():
    schema = facts_json_schema()
    facts = schema["properties"]
    years = facts["years"]["items"]["properties"]
    awards = next(option for option in facts["awards"]["anyOf"] if option.get("type") == "array")
    award = awards["items"]["properties"]
    assert set(facts) == {f.name for f in fields(Facts)}
    assert set(years) == {f.name for f in fields(YearFacts)}
    assert set(award) == {f.name for f in fields(Award)}
    for group in (facts, years, award):
        assert [name for name, prop in group.items() if not prop.get("description")] == []


def test_every_enum_value_says_what_it_means():
    schema = facts_json_schema()["properties"]
    hints = typing.get_type_hints(Facts)
    for name in ("tech_field", "rd_institution_level", "ip_advancement", "ip_acquisition"):
        codes = set(typing.get_args(typing.get_args(hints[name])[0]))
        assert set(ENUMS[name]) == codes
        for code in codes:
            assert f"{code} = " in schema[name]["description"]


def test_the_schema_is_self_contained_and_refuses_unknown_fields():
    schema = facts_json_schema()
    assert "$ref" not in str(schema)
    assert schema["additionalProperties"] is False
    assert schema["properties"]["years"]["items"]["additionalProperties"] is False


def test_the_example_body_parses_and_passes_little_giant_2022():
    facts = facts_from_json(EXAMPLE["facts"])
    assert evaluate(facts, EXAMPLE["rulebook"]).eligible == "true"


def test_docs_describe_every_fact():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "eligibility.md").read_text(encoding="utf-8")
    assert [f.name for f in fields(Facts) if f"| `{f.name}` |" not in text] == []
    assert [f.name for f in fields(YearFacts) if f"| `{f.name}` |" not in text] == []
