"""The derived policy cases, PC-01 to PC-08, on the shipped catalogue, each computed from
records through the same selectors the pages and the API use. As of 2025-06-01: "this year" is 2025, "last
year" 2024."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.core.models import Region
from rainforest.incubator.models import Park, Tenancy
from rainforest.policies.models import Policy
from rainforest.policies.selectors import (
    compiled,
    enterprise_policies,
    facts_for_enterprise,
    park_totals,
    push_list,
)
from rainforest.policies.tests.factories import (
    AS_OF,
    figures,
    firm,
    hnte,
    taiyuan_district,
    tech_sme,
    zonggai_zone,
)

pytestmark = pytest.mark.usefixtures("catalogue")


def result_of(code: str, enterprise):
    policy = Policy.objects.get(code=code)
    return compiled(policy).evaluate(facts_for_enterprise(enterprise, AS_OF))


def wan(amount: str) -> Decimal:
    return (Decimal(amount) * 10_000).quantize(Decimal("0.01"))


def zonggai_firm_recognised_first_time(tax: str):
    enterprise = firm(zone=zonggai_zone())
    hnte(enterprise, date(2025, 3, 1))
    figures(enterprise, 2024, tax_paid_in_zone=tax)
    return enterprise


def test_pc01_zone_tax_of_1_5_wan_is_not_eligible_and_must_rise_by_0_5_wan():
    result = result_of("P-ZG-1", zonggai_firm_recognised_first_time("15000"))
    assert result.verdict == "not_eligible"
    assert [c.status for c in result.conditions] == ["met", "met", "met", "unmet"]
    gap = result.conditions[3].gap
    assert gap is not None
    assert gap.shortfall == Decimal("5000.00")
    assert gap.text == "上年在园区纳税额须增加0.5万元"
    assert result.amount.low is None and result.amount.high is None


def test_pc02_zone_tax_of_exactly_2_wan_is_eligible_for_10_wan_inclusive():
    result = result_of("P-ZG-1", zonggai_firm_recognised_first_time("20000.00"))
    assert result.verdict == "eligible"
    assert (result.amount.low, result.amount.high) == (wan("10"), wan("10"))


def test_pc02_one_fen_below_2_wan_is_not_eligible():
    result = result_of("P-ZG-1", zonggai_firm_recognised_first_time("19999.99"))
    assert result.verdict == "not_eligible"
    assert result.conditions[3].gap.text == "上年在园区纳税额须增加0.000001万元"


def test_pc03_third_consecutive_recognition_gets_30_wan_from_the_zone_and_up_to_20_wan_from_shanxi():
    enterprise = firm(zone=zonggai_zone())
    hnte(enterprise, date(2019, 3, 1), date(2022, 3, 1), date(2025, 3, 1))
    figures(enterprise, 2024, tax_paid_in_zone="30000")
    assert facts_for_enterprise(enterprise, AS_OF)["hnte_consecutive_count"] == 3
    zone = result_of("P-ZG-1", enterprise)
    assert zone.verdict == "eligible"
    assert (zone.amount.low, zone.amount.high) == (wan("30"), wan("30"))
    province = result_of("P-SX-1", enterprise)
    assert province.verdict == "eligible"
    assert (province.amount.low, province.amount.high) == (Decimal("0.00"), wan("20"))
    assert province.amount.reason == "金额计算办法未公布"


def test_pc03_second_consecutive_recognition_gets_20_wan_from_the_zone():
    enterprise = firm(zone=zonggai_zone())
    hnte(enterprise, date(2022, 3, 1), date(2025, 3, 1))
    figures(enterprise, 2024, tax_paid_in_zone="30000")
    assert result_of("P-ZG-1", enterprise).amount.high == wan("20")


def test_pc04_second_consecutive_recognition_is_not_eligible_for_shanxi():
    enterprise = firm()
    hnte(enterprise, date(2022, 3, 1), date(2025, 3, 1))
    result = result_of("P-SX-1", enterprise)
    assert result.verdict == "not_eligible"
    assert [c.status for c in result.conditions] == ["met", "met", "unmet"]
    assert result.conditions[2].values == {"hnte_consecutive_count": 2, "hnte_recognition_total": 2}


def test_pc04_first_recognition_in_shanxi_is_eligible_up_to_20_wan():
    enterprise = firm()
    hnte(enterprise, date(2025, 3, 1))
    result = result_of("P-SX-1", enterprise)
    assert result.verdict == "eligible"
    assert (result.amount.low, result.amount.high) == (Decimal("0.00"), wan("20"))


def taiyuan_hnte(issued: date, revenues: dict[int, str]):
    enterprise = firm(district=taiyuan_district())
    hnte(enterprise, issued)
    for year, revenue in revenues.items():
        figures(enterprise, year, operating_revenue=revenue)
    return enterprise


def test_pc05_taiyuan_recognition_and_first_5000_wan_give_10_and_50_wan_shown_apart_with_stacking_open():
    enterprise = taiyuan_hnte(date(2025, 3, 1), {2023: "40000000", 2024: "52000000"})
    outcome = enterprise_policies(enterprise=enterprise, as_of=AS_OF)
    amounts = {policy.code: (result.amount.low, result.amount.high) for policy, result in outcome.eligible}
    assert amounts["P-TY-1"] == (wan("10"), wan("10"))
    assert amounts["P-TY-2"] == (wan("50"), wan("50"))
    assert outcome.stacking_open is True
    flags = {policy.code: result.flags for policy, result in outcome.eligible}
    assert any("Q11" in flag for flag in flags["P-TY-1"])


def test_pc06_revenue_900_wan_to_2100_wan_gets_the_highest_milestone_once_as_encoded_q11_open():
    # Encoded interpretation (Q11 open): one award for the highest milestone first reached, 30万;
    # the other reading (20万 + 30万) is flagged on the result, not computed.
    enterprise = taiyuan_hnte(date(2023, 11, 1), {2023: "9000000", 2024: "21000000"})
    result = result_of("P-TY-2", enterprise)
    assert result.verdict == "eligible"
    assert (result.amount.low, result.amount.high) == (wan("30"), wan("30"))
    assert any("Q11" in flag and "20万+30万" in flag for flag in result.flags)


def test_pc06_a_milestone_reached_before_is_not_paid_again():
    enterprise = taiyuan_hnte(date(2023, 11, 1), {2022: "25000000", 2023: "18000000", 2024: "24000000"})
    result = result_of("P-TY-2", enterprise)
    assert result.verdict == "not_eligible"
    assert result.conditions[2].status == "unmet"


def test_pc07_taiyuan_incubator_with_3_new_tech_smes_and_1_new_hnte_gets_9_wan(city):
    xiaodian = taiyuan_district()
    park = Park.objects.create(name="太原测试孵化器", district=xiaodian)
    tenants = [firm(district=xiaodian) for _ in range(5)]
    for tenant in tenants[:3]:
        tech_sme(tenant, 2025)
    hnte(tenants[3], date(2025, 3, 1))
    tech_sme(tenants[4], 2024, 2025)  # registered before: not "first"
    for tenant in tenants:
        Tenancy.objects.create(park=park, enterprise=tenant, entered_on=date(2023, 1, 1))
    push = push_list(user=city, policy=Policy.objects.get(code="P-TY-3"), as_of=AS_OF)
    assert push.counts["eligible"] == 4
    totals = park_totals(push)
    assert [(t.park, t.tenants, t.amount) for t in totals] == [("太原测试孵化器", 4, wan("9"))]


def test_pc08_newly_registered_shanxi_tech_sme_gets_up_to_20_wan():
    enterprise = firm(district=Region.objects.get(code="140727"))
    tech_sme(enterprise, 2025)
    result = result_of("P-SX-2", enterprise)
    assert result.verdict == "eligible"
    assert (result.amount.low, result.amount.high) == (Decimal("0.00"), wan("20"))
    assert result.amount.reason == "金额计算办法未公布"


def test_pc08_a_tech_sme_registered_in_an_earlier_year_is_not_newly_registered():
    enterprise = firm()
    tech_sme(enterprise, 2024, 2025)
    assert result_of("P-SX-2", enterprise).verdict == "not_eligible"
