"""Facts built from the registry: exactly the stored records, one query per input kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.selectors import NOT_IN_REGISTRY, facts_for, facts_for_all, iter_facts
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.tests.factories import (
    CertificateFactory,
    EnterpriseFactory,
    YearlyFiguresFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 1)


@pytest.fixture
def firm():
    enterprise = EnterpriseFactory(
        founded_on=date(2016, 4, 12), tech_field="new_materials", resident_enterprise=True
    )
    YearlyFiguresFactory(
        enterprise=enterprise,
        year=2023,
        employees=90,
        tech_staff=18,
        rd_staff=12,
        sales_revenue=Decimal("28000000"),
        operating_revenue=Decimal("29000000"),
        main_business_revenue=Decimal("26000000"),
        total_income=Decimal("29500000"),
        hitech_income=Decimal("21000000"),
        total_assets=Decimal("40000000"),
        total_liabilities=Decimal("15000000"),
        net_assets=Decimal("25000000"),
        net_profit=Decimal("-120000.50"),
        cost_expense=Decimal("27000000"),
        rd_expense=Decimal("1400000"),
        rd_expense_domestic=Decimal("1300000"),
        conversions=2,
        equity_qualified=Decimal("5000000"),
        tax_paid_in_zone=Decimal("300000"),
        ip_class1=1,
        ip_class2=6,
    )
    YearlyFiguresFactory(enterprise=enterprise, year=2024, employees=100, ip_class1=2, ip_class2=None)
    YearlyFiguresFactory(enterprise=enterprise, year=2025, employees=105, ip_class1=9, ip_class2=9)
    return enterprise


def test_it_maps_the_enterprise_record_to_its_facts(firm):
    facts = facts_for(firm, AS_OF)

    assert facts.evaluated_on == AS_OF
    assert facts.credit_code == firm.credit_code
    assert facts.registered_on == date(2016, 4, 12)
    assert facts.resident_enterprise is True
    assert facts.tech_field == "new_materials"


def test_it_copies_every_yearly_figure_by_the_same_name(firm):
    facts = facts_for(firm, date(2024, 12, 31))

    assert facts.years == (
        YearFacts(
            year=2023,
            employees=90,
            tech_staff=18,
            rd_staff=12,
            sales_revenue=Decimal("28000000"),
            operating_revenue=Decimal("29000000"),
            main_business_revenue=Decimal("26000000"),
            total_assets=Decimal("40000000"),
            total_liabilities=Decimal("15000000"),
            cost_expense=Decimal("27000000"),
            rd_expense=Decimal("1400000"),
            rd_expense_domestic=Decimal("1300000"),
            total_income=Decimal("29500000"),
            hitech_income=Decimal("21000000"),
            net_assets=Decimal("25000000"),
            net_profit=Decimal("-120000.50"),
            conversions=2,
            equity_qualified=Decimal("5000000"),
            tax_paid_in_zone=Decimal("300000"),
        ),
        YearFacts(
            year=2024,
            employees=100,
            tech_staff=20,
            sales_revenue=Decimal("30000000"),
            operating_revenue=Decimal("30000000"),
            total_assets=Decimal("50000000"),
            rd_expense=Decimal("1500000"),
            total_income=Decimal("31000000"),
            hitech_income=Decimal("20000000"),
        ),
    )


def test_it_leaves_out_the_years_after_the_evaluation_date(firm):
    assert [record.year for record in facts_for(firm, date(2023, 12, 31)).years] == [2023]
    assert [record.year for record in facts_for(firm, AS_OF).years] == [2023, 2024, 2025]


def test_it_takes_each_ip_count_from_the_latest_year_that_records_it(firm):
    facts = facts_for(firm, date(2024, 12, 31))

    assert (facts.ip_class1, facts.ip_class2) == (2, 6)


def test_a_firm_without_figures_has_no_years_and_unknown_ip():
    facts = facts_for(EnterpriseFactory(tech_field=""), AS_OF)

    assert facts.years == ()
    assert (facts.ip_class1, facts.ip_class2, facts.tech_field) == (None, None, None)


def test_it_reads_certificates_valid_on_the_evaluation_date():
    firm = EnterpriseFactory()
    CertificateFactory(enterprise=firm, kind=CertificateKind.HNTE, issued_on=date(2022, 11, 1))
    CertificateFactory(enterprise=firm, kind=CertificateKind.SPECIALISED_SME, issued_on=date(2023, 3, 20))
    CertificateFactory(
        enterprise=firm,
        kind=CertificateKind.LITTLE_GIANT,
        issued_on=date(2023, 7, 1),
        revoked_on=date(2024, 7, 1),
    )
    CertificateFactory(enterprise=firm, kind=CertificateKind.TECH_SME, issued_on=date(2025, 4, 1), year=2025)

    on_the_day = facts_for(firm, AS_OF)
    assert on_the_day.has_valid_hnte is True
    assert on_the_day.valid_titles == frozenset({"specialised_sme"})

    before_revocation = facts_for(firm, date(2024, 6, 30))
    assert before_revocation.valid_titles == frozenset({"specialised_sme", "little_giant"})

    # The HNTE certificate of 2022-11-01 expires on 2025-11-01 (exclusive).
    expired = facts_for(firm, date(2025, 11, 1))
    assert (expired.has_valid_hnte, expired.valid_titles) == (False, frozenset({"specialised_sme"}))

    before_issue = facts_for(firm, date(2022, 10, 31))
    assert (before_issue.has_valid_hnte, before_issue.valid_titles) == (False, frozenset())


def test_facts_the_registry_does_not_hold_stay_missing(firm):
    facts = facts_for(firm, AS_OF)

    assert {name: getattr(facts, name) for name in NOT_IN_REGISTRY} == dict.fromkeys(NOT_IN_REGISTRY)
    assert facts.expert_points == {}


def test_it_loads_many_firms_with_one_query_per_input_kind(django_assert_num_queries):
    firms = [EnterpriseFactory() for _ in range(6)]
    for index, enterprise in enumerate(firms):
        for year in (2023, 2024)[: index % 3]:
            YearlyFiguresFactory(enterprise=enterprise, year=year, employees=10 + index, tech_staff=5)
        if index % 2:
            CertificateFactory(enterprise=enterprise)

    with django_assert_num_queries(3):
        loaded = facts_for_all(AS_OF)

    assert sorted(loaded) == sorted(firm.pk for firm in firms)
    for index, enterprise in enumerate(firms):
        facts = loaded[enterprise.pk]
        assert facts.credit_code == enterprise.credit_code
        assert [(record.year, record.employees) for record in facts.years] == [
            (year, 10 + index) for year in (2023, 2024)[: index % 3]
        ]
        assert facts.has_valid_hnte is bool(index % 2)


def test_it_loads_only_the_firms_asked_for(django_assert_num_queries):
    firms = [EnterpriseFactory() for _ in range(4)]
    for enterprise in firms:
        YearlyFiguresFactory(enterprise=enterprise)
        CertificateFactory(enterprise=enterprise)

    with django_assert_num_queries(3):
        loaded = facts_for_all(AS_OF, [firms[1].pk, firms[3].pk])

    assert sorted(loaded) == [firms[1].pk, firms[3].pk]
    assert all(isinstance(facts, Facts) and facts.has_valid_hnte for facts in loaded.values())


def test_one_firm_costs_three_queries(firm, django_assert_num_queries):
    with django_assert_num_queries(3):
        facts_for(firm, AS_OF)


def test_a_range_of_ids_streams_in_id_order():
    firms = [EnterpriseFactory() for _ in range(5)]
    ids = sorted(firm.pk for firm in firms)

    streamed = [pk for pk, _ in iter_facts(AS_OF, id_range=(ids[1], ids[4]), chunk_size=2)]

    assert streamed == ids[1:4]
