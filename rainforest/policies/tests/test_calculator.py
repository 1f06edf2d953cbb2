"""The calculator on facts alone: missing facts give "unknown" (never a silent false), verdicts, amounts,
gaps and the consecutive-recognition rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.policies.calculator import (
    CompiledPolicy,
    ConditionSpec,
    PolicySpec,
    evaluate_many,
    format_wan,
)
from rainforest.policies.facts import HNTE_CONSECUTIVE_GRACE_DAYS, CertificateRow, hnte_chain_length
from rainforest.policies.models import Policy
from rainforest.policies.selectors import compiled, facts_for_enterprise
from rainforest.policies.tests.factories import AS_OF, firm, hnte, zonggai_zone


def spec(*expressions: str, kind: str = "fixed", amount: str = "100000", formula: str = "") -> PolicySpec:
    return PolicySpec(
        code="P-X",
        name="x",
        benefit_kind=kind,
        amount_yuan=Decimal(amount) if amount else None,
        benefit_expression=formula,
        conditions=tuple(
            ConditionSpec(order=i + 1, label=f"c{i + 1}", expression=e) for i, e in enumerate(expressions)
        ),
    )


def test_a_condition_reading_a_missing_fact_is_unknown_and_the_verdict_undetermined():
    result = CompiledPolicy(spec("hnte_valid", "zone_tax_last_year >= 20000.0")).evaluate(
        {"hnte_valid": True}
    )
    assert [c.status for c in result.conditions] == ["met", "unknown"]
    assert result.conditions[1].reason == "缺少数据：上年在园区纳税额"
    assert result.conditions[1].values == {"zone_tax_last_year": None}
    assert result.verdict == "undetermined"
    assert (result.amount.low, result.amount.high) == (Decimal("100000"), Decimal("100000"))


def test_an_unmet_condition_decides_even_when_another_is_unknown():
    result = CompiledPolicy(spec("hnte_valid", "zone_tax_last_year >= 20000.0")).evaluate(
        {"hnte_valid": False}
    )
    assert result.verdict == "not_eligible"
    assert result.amount.low is None


def test_cel_or_and_and_decide_without_the_missing_side():
    policy = CompiledPolicy(
        spec("hnte_valid || zone_tax_last_year > 1.0", "hnte_valid && zone_tax_last_year > 1.0")
    )
    assert policy.statuses({"hnte_valid": True}) == ("met", "unknown")
    assert policy.statuses({"hnte_valid": False}) == ("unknown", "unmet")


def test_a_condition_that_does_not_give_true_or_false_is_unknown():
    result = CompiledPolicy(spec("zone_tax_last_year")).evaluate({"zone_tax_last_year": 5.0})
    assert result.conditions[0].status == "unknown"
    assert result.verdict == "undetermined"


def test_a_formula_with_a_missing_fact_has_no_amount():
    policy = CompiledPolicy(spec("true", kind="formula", amount="", formula="revenue_last_year * 0.01"))
    assert policy.evaluate({}).amount.reason == "缺少数据：上年营业收入"
    assert policy.evaluate({"revenue_last_year": 12345678.0}).amount.high == Decimal("123456.78")


def test_memoised_statuses_match_fresh_evaluation_over_many_enterprises():
    policy = CompiledPolicy(spec('development_zone == "A"', "zone_tax_last_year >= 20000"))
    facts = {
        i: {
            "development_zone": "A" if i % 2 else "B",
            **({"zone_tax_last_year": float(i * 1000)} if i % 3 else {}),
        }
        for i in range(60)
    }
    rows = evaluate_many(policy, facts)
    fresh = [CompiledPolicy(policy.spec).evaluate(facts[row.enterprise_id]) for row in rows]
    assert [row.verdict for row in rows] == [result.verdict for result in fresh]
    assert [row.statuses for row in rows] == [tuple(c.status for c in result.conditions) for result in fresh]


def test_format_wan_is_exact_without_trailing_zeros():
    assert [format_wan(Decimal(v)) for v in ("5000", "100000", "200000.00", "12345", "0.01")] == [
        "0.5",
        "10",
        "20",
        "1.2345",
        "0.000001",
    ]


def cert(issued: date, expires: date, revoked: date | None = None) -> CertificateRow:
    return CertificateRow("hnte", issued, expires, revoked, None)


def test_a_certificate_issued_within_the_grace_window_after_expiry_continues_the_chain():
    late = date(2022, 3, 1).toordinal() + HNTE_CONSECUTIVE_GRACE_DAYS
    rows = [cert(date(2019, 3, 1), date(2022, 3, 1)), cert(date.fromordinal(late), date(2025, 9, 1))]
    assert hnte_chain_length(rows) == 2


def test_a_certificate_issued_after_the_grace_window_starts_a_new_chain():
    late = date(2022, 3, 1).toordinal() + HNTE_CONSECUTIVE_GRACE_DAYS + 1
    rows = [cert(date(2019, 3, 1), date(2022, 3, 1)), cert(date.fromordinal(late), date(2025, 9, 1))]
    assert hnte_chain_length(rows) == 1


def test_a_revoked_certificate_ends_its_chain_at_revocation():
    rows = [
        cert(date(2016, 3, 1), date(2019, 3, 1), revoked=date(2017, 1, 1)),
        cert(date(2019, 3, 1), date(2022, 3, 1)),
    ]
    assert hnte_chain_length(rows) == 1


@pytest.mark.usefixtures("catalogue")
def test_a_zonggai_firm_without_last_years_figures_is_undetermined_for_p_zg_1():
    enterprise = firm(zone=zonggai_zone())
    hnte(enterprise, date(2025, 3, 1))
    result = compiled(Policy.objects.get(code="P-ZG-1")).evaluate(facts_for_enterprise(enterprise, AS_OF))
    assert [c.status for c in result.conditions] == ["met", "met", "met", "unknown"]
    assert result.verdict == "undetermined"
    assert result.conditions[3].gap is None


@pytest.mark.usefixtures("catalogue")
def test_a_firm_outside_any_zone_is_known_not_to_be_in_the_zonggai_zone():
    enterprise = firm()
    result = compiled(Policy.objects.get(code="P-ZG-1")).evaluate(facts_for_enterprise(enterprise, AS_OF))
    assert result.conditions[0].status == "unmet"
    assert result.verdict == "not_eligible"
