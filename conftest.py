"""The named cast of test users, shared by every app's tests: permission tests read like prose.

city (city officer), district_yuci (district officer of 榆次区), butler, owner (the user of one firm,
`own_firm`), university, bank, admin, outsider (a user with no organisation), expert (a review expert of the
university, on no panel).
"""

from __future__ import annotations

import os
from datetime import date

os.environ.setdefault("RAINFOREST_TESTING", "1")

import pytest

from rainforest.core.choices import OrganisationKind, Role


@pytest.fixture(autouse=True)
def _second_factor_off(settings):
    """Tests sign users in with force_login and no second factor (on by default in production for the
    roles RAINFOREST_SECURITY["TWO_FACTOR_ROLES"] lists); the tests of the second factor turn it on."""
    settings.RAINFOREST_SECURITY = {**settings.RAINFOREST_SECURITY, "TWO_FACTOR_ENABLED": False}


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Chinese). A page requested in English activates English
    for the thread (LocaleMiddleware does not reset it after the response), and a later test of the same
    worker that renders text outside a request would read English: which test ran before depended on how
    xdist shared the tests out."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def organisations(db):
    from rainforest.core.models import Organisation, Region

    yuci = Region.objects.get(code="140702")
    return {
        "city": Organisation.objects.create(
            name="晋中市科技局", kind=OrganisationKind.CITY_BUREAU, region=Region.objects.get(code="140700")
        ),
        "yuci": Organisation.objects.create(
            name="榆次区科技局", kind=OrganisationKind.DISTRICT_BUREAU, region=yuci
        ),
        "university": Organisation.objects.create(name="山西农业大学", kind=OrganisationKind.UNIVERSITY),
        "bank": Organisation.objects.create(name="晋中银行", kind=OrganisationKind.BANK),
    }


def _user(username: str, role: str, organisation=None, sees_personal_data: bool = False):
    from rainforest.core.models import User

    user = User.objects.create_user(
        username=username, password="pass-1234-word", role=role, organisation=organisation
    )
    user.sees_personal_data = sees_personal_data
    user.save()
    return user


@pytest.fixture
def own_firm(db):
    from rainforest.enterprises.tests.factories import EnterpriseFactory

    return EnterpriseFactory(name="晋中自有科技有限公司")


@pytest.fixture
def city(organisations):
    return _user("city", Role.CITY_OFFICER, organisations["city"], sees_personal_data=True)


@pytest.fixture
def district_yuci(organisations):
    return _user("district-yuci", Role.DISTRICT_OFFICER, organisations["yuci"], sees_personal_data=True)


@pytest.fixture
def butler(organisations):
    return _user("butler", Role.BUTLER, organisations["city"], sees_personal_data=True)


@pytest.fixture
def owner(own_firm):
    from rainforest.core.models import Organisation

    organisation = Organisation.objects.create(
        name=own_firm.name, kind=OrganisationKind.ENTERPRISE, credit_code=own_firm.credit_code
    )
    return _user("enterprise", Role.ENTERPRISE_USER, organisation, sees_personal_data=True)


@pytest.fixture
def university(organisations):
    return _user("university", Role.UNIVERSITY_USER, organisations["university"])


@pytest.fixture
def bank(organisations):
    return _user("bank", Role.BANK_USER, organisations["bank"])


@pytest.fixture
def admin(organisations):
    return _user("admin", Role.SYSTEM_ADMIN, organisations["city"], sees_personal_data=True)


@pytest.fixture
def security_admin(organisations):
    """三员分立: the security administrator (accounts and their controls, no business data)."""
    return _user("security", Role.SECURITY_ADMIN, organisations["city"])


@pytest.fixture
def audit_admin(organisations):
    """三员分立: the audit administrator (the logs, no business data)."""
    return _user("auditor", Role.AUDIT_ADMIN, organisations["city"])


@pytest.fixture
def expert(organisations):
    """reviews: an expert (评审专家) of the university, with their row in the expert pool."""
    from rainforest.reviews.models import Expert

    user = _user("expert", Role.EXPERT, organisations["university"])
    Expert.objects.create(
        user=user, name="王评审", field="农业生物技术", organisation=organisations["university"]
    )
    return user


@pytest.fixture
def outsider(db):
    return _user("outsider", Role.ENTERPRISE_USER, None)


@pytest.fixture
def two_districts(db, own_firm):
    """One firm in 榆次区 (`own_firm`) and one in 太谷区: scope tests compare the two."""
    from rainforest.enterprises.tests.factories import EnterpriseFactory, district

    return {
        "yuci": own_firm,
        "taigu": EnterpriseFactory(name="太谷测试有限公司", district=district("140703")),
    }


@pytest.fixture
def as_of() -> date:
    return date(2025, 6, 1)
