"""Declarations: signed, dated, never in the future, superseding without overwriting; the eligibility facts
loader reads the one in force on the evaluation date, so a firm with complete declarations gets a verdict
instead of "needs data", and the pool stops listing those facts as to verify."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rainforest.calls.models import Declaration
from rainforest.calls.services import declaration_sign
from rainforest.calls.tests.factories import DeclarationFactory
from rainforest.core.models import today
from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.selectors import facts_for, facts_for_all
from rainforest.enterprises.tests.factories import CertificateFactory, YearlyFiguresFactory

DAY = date(2025, 6, 1)
TSME_FACTS = {"restricted_industry": "false", "major_incident_tsme": "false", "dishonest_listed": "false"}
HNTE_FACTS = {"owns_core_ip": "true", "major_incident_12m": "false"}


def _declare(enterprise, facts, **extra):
    for fact, value in facts.items():
        DeclarationFactory(enterprise=enterprise, fact=fact, value=value, **extra)


def _figures(enterprise):
    for year_ in (2022, 2023, 2024):
        YearlyFiguresFactory(
            enterprise=enterprise,
            year=year_,
            employees=80,
            tech_staff=20,
            rd_staff=15,
            sales_revenue=Decimal("30000000"),
            operating_revenue=Decimal("30000000"),
            main_business_revenue=Decimal("30000000"),
            cost_expense=Decimal("25000000"),
            total_assets=Decimal("40000000"),
            total_liabilities=Decimal("10000000"),
            rd_expense=Decimal("2100000"),
            rd_expense_domestic=Decimal("2100000"),
            ip_class1=3,
            ip_class2=4,
        )


@pytest.mark.django_db
def test_a_signed_declaration_is_stored_with_its_signer(own_firm, owner):
    declaration = declaration_sign(
        user=owner,
        enterprise=own_firm,
        fact="owns_core_ip",
        value="true",
        period_start=date(2025, 1, 1),
        signatory="王法人",
        attachment=SimpleUploadedFile("承诺书.pdf", b"%PDF-1.4"),
    )
    assert declaration.declared_by == owner
    assert declaration.declared_on == today()
    assert declaration.attachment.name.endswith(".pdf")


@pytest.mark.django_db
def test_a_declaration_dated_in_the_future_is_refused(own_firm, owner):
    with pytest.raises(ValidationError) as error:
        declaration_sign(
            user=owner,
            enterprise=own_firm,
            fact="owns_core_ip",
            value="true",
            period_start=date(2025, 1, 1),
            declared_on=today() + timedelta(days=1),
            signatory="王法人",
        )
    assert "declared_on" in error.value.message_dict
    assert not Declaration.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"value": "maybe"}, "value"),
        ({"fact": "rd_institution_level", "value": "true"}, "value"),
        ({"signatory": " "}, "signatory"),
        ({"period_end": date(2024, 1, 1)}, "period_end"),
        ({"attachment": SimpleUploadedFile("x.exe", b"MZ")}, "attachment"),
        ({"attachment": SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1))}, "attachment"),
    ],
)
def test_bad_declarations_are_refused_naming_the_field(own_firm, owner, changes, field):
    values = {
        "fact": "owns_core_ip",
        "value": "true",
        "period_start": date(2025, 1, 1),
        "signatory": "王法人",
    }
    with pytest.raises(ValidationError) as error:
        declaration_sign(user=owner, enterprise=own_firm, **{**values, **changes})
    assert field in error.value.message_dict
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_a_firm_may_not_declare_for_another(owner, two_districts):
    with pytest.raises(PermissionDenied):
        declaration_sign(
            user=owner,
            enterprise=two_districts["taigu"],
            fact="owns_core_ip",
            value="true",
            period_start=date(2025, 1, 1),
            signatory="王法人",
        )
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_the_loader_reads_the_declaration_in_force(own_firm):
    assert facts_for(own_firm, DAY).owns_core_ip is None
    DeclarationFactory(enterprise=own_firm, value="false", declared_on=date(2025, 1, 10))
    DeclarationFactory(enterprise=own_firm, value="true", declared_on=date(2025, 3, 10))  # supersedes
    DeclarationFactory(  # a period that does not cover the day
        enterprise=own_firm, value="false", period_start=date(2025, 7, 1), declared_on=date(2025, 5, 20)
    )
    DeclarationFactory(
        enterprise=own_firm,
        fact="rd_institution_level",
        value="provincial",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 5, 31),  # expired the day before
    )
    facts = facts_for(own_firm, DAY)
    assert facts.owns_core_ip is True
    assert facts.rd_institution_level is None
    assert facts_for(own_firm, date(2025, 5, 1)).rd_institution_level == "provincial"
    assert Declaration.objects.filter(enterprise=own_firm).count() == 4  # nothing overwritten


@pytest.mark.django_db
def test_the_bulk_loader_keeps_each_firm_its_own(two_districts):
    yuci, taigu = two_districts["yuci"], two_districts["taigu"]
    _declare(taigu, HNTE_FACTS)
    facts = facts_for_all(DAY)
    assert facts[yuci.pk].owns_core_ip is None
    assert facts[taigu.pk].owns_core_ip is True
    assert facts[taigu.pk].major_incident_12m is False


@pytest.mark.django_db
def test_complete_declarations_turn_needs_data_into_eligible(own_firm):
    _figures(own_firm)
    before = evaluate(facts_for(own_firm, DAY), "tech-sme")
    assert before.eligible == "undetermined"
    assert any("needs data" in item.reason for item in before.criteria)
    _declare(own_firm, TSME_FACTS)
    after = evaluate(facts_for(own_firm, DAY), "tech-sme")
    assert after.eligible == "true", [(c.code, c.reason) for c in after.criteria if c.passed is not True]


@pytest.mark.django_db
def test_the_pool_stops_listing_declared_facts_to_verify(own_firm):
    from rainforest.cultivation.pool import to_verify_of

    _figures(own_firm)
    CertificateFactory(enterprise=own_firm, kind="tech_sme", issued_on=date(2025, 3, 1))
    assert {"owns_core_ip", "major_incident_12m"} <= set(
        to_verify_of(evaluate(facts_for(own_firm, DAY), "hnte"))
    )
    _declare(own_firm, HNTE_FACTS)
    remaining = to_verify_of(evaluate(facts_for(own_firm, DAY), "hnte"))
    assert "owns_core_ip" not in remaining and "major_incident_12m" not in remaining
