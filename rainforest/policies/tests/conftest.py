from __future__ import annotations

from datetime import date

import pytest

from rainforest.api.tests import conftest as api_conftest
from rainforest.enterprises import services as registry
from rainforest.policies.services import OTHER_JURISDICTIONS, policies_load_catalogue
from rainforest.policies.tests.factories import hnte

# The API tests' client that carries a real bearer token per user of the cast.
api = api_conftest.api


@pytest.fixture
def catalogue(db):
    """The shipped policies: the catalogue, and the policies of other jurisdictions kept apart from it
    (the derived cases PC-01 to PC-07 are written on those)."""
    policies_load_catalogue()
    policies_load_catalogue(path=OTHER_JURISDICTIONS)


@pytest.fixture
def recognised(catalogue, two_districts, butler, city):
    """Two firms first recognised as HNTE in 2025 (so both fit P-SX-1 on 2025-06-01): `yuci` (own_firm, the
    owner's) and `taigu` (served by the butler)."""
    registry.assignment_start(
        enterprise=two_districts["taigu"], butler=butler, started_on=date(2024, 1, 1), user=city
    )
    for enterprise in two_districts.values():
        hnte(enterprise, date(2025, 3, 1))
    return two_districts


# Who sees which firm of `recognised`.
VISIBLE = {
    "city": {"yuci", "taigu"},
    "admin": {"yuci", "taigu"},
    "district_yuci": {"yuci"},
    "butler": {"taigu"},
    "owner": {"yuci"},
    "university": set(),
    "bank": set(),
    "outsider": set(),
}
