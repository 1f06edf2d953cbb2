from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rainforest.enterprises import services
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.tests.factories import EnterpriseFactory, credit_code_for, district

pytestmark = pytest.mark.django_db


def register(user, **overrides):
    fields = {
        "credit_code": credit_code_for(42),
        "name": "晋中登记测试有限公司",
        "district": district("140702"),
        "founded_on": date(2020, 5, 1),
    }
    fields.update(overrides)
    return services.enterprise_register(user=user, **fields)


def test_registering_an_enterprise_records_who_did_it(city):
    enterprise = register(city)
    entry = enterprise.history.get()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == ("+", city, "登记企业")


def test_it_rejects_a_credit_code_with_a_wrong_check_digit(city):
    good = credit_code_for(42)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        register(city, credit_code=bad)
    assert list(error.value.message_dict) == ["credit_code"]
    assert Enterprise.objects.count() == 0


def test_only_a_city_officer_may_register_a_code_failing_its_check(city, district_yuci):
    bad = "914403001922038217"
    with pytest.raises(PermissionDenied):
        register(district_yuci, credit_code=bad, credit_code_override_reason="早期试点代码")
    enterprise = register(city, credit_code=bad, credit_code_override_reason="早期试点代码")
    assert enterprise.credit_code == bad


def test_it_rejects_a_founding_date_in_the_future(city):
    with pytest.raises(ValidationError) as error:
        register(city, founded_on=date.today() + timedelta(days=2))
    assert list(error.value.message_dict) == ["founded_on"]


def test_it_rejects_more_tech_staff_than_employees_and_stores_nothing(city):
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError) as error:
        services.figures_record(enterprise=enterprise, year=2024, user=city, employees=10, tech_staff=11)
    assert error.value.message_dict == {"tech_staff": ["科技人员数 11 超过职工总数 10"]}
    assert YearlyFigures.objects.count() == 0


def test_it_rejects_high_tech_income_above_total_income(city):
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError) as error:
        services.figures_record(
            enterprise=enterprise,
            year=2024,
            user=city,
            total_income=Decimal("100"),
            hitech_income=Decimal("101"),
        )
    assert list(error.value.message_dict) == ["hitech_income"]


def test_it_rejects_negative_money(city):
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError) as error:
        services.figures_record(enterprise=enterprise, year=2024, user=city, sales_revenue=Decimal("-1"))
    assert list(error.value.message_dict) == ["sales_revenue"]


def test_recording_figures_twice_for_a_year_updates_the_same_row(city):
    enterprise = EnterpriseFactory()
    services.figures_record(enterprise=enterprise, year=2024, user=city, employees=10)
    services.figures_record(enterprise=enterprise, year=2024, user=city, employees=12)
    assert list(YearlyFigures.objects.values_list("year", "employees")) == [(2024, 12)]


def test_an_hnte_certificate_lasts_three_years_and_a_tech_sme_registration_to_the_year_end(city):
    enterprise = EnterpriseFactory()
    hnte = services.certificate_record(
        enterprise=enterprise, kind="hnte", issued_on=date(2023, 11, 20), user=city
    )
    sme = services.certificate_record(
        enterprise=enterprise, kind="tech_sme", issued_on=date(2025, 4, 2), user=city
    )
    assert (hnte.expires_on, sme.expires_on, sme.year) == (date(2026, 11, 20), date(2026, 1, 1), 2025)


def test_a_certificate_is_not_valid_from_its_revocation_date():
    certificate = Certificate(
        issued_on=date(2023, 1, 1), expires_on=date(2026, 1, 1), revoked_on=date(2024, 6, 1)
    )
    assert (certificate.is_valid_on(date(2024, 5, 31)), certificate.is_valid_on(date(2024, 6, 1))) == (
        True,
        False,
    )


def test_only_butlers_can_be_assigned(city, district_yuci):
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError):
        services.assignment_start(
            enterprise=enterprise, butler=district_yuci, started_on=date(2025, 1, 1), user=city
        )
