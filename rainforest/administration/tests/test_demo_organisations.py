"""The demo's organisation tree (rainforest/demo/organisations.py)."""

from __future__ import annotations

import pytest

from rainforest.core.choices import OrganisationKind, Role
from rainforest.core.models import Organisation, User
from rainforest.core.scope import Reach, scope_for
from rainforest.demo.organisations import build_organisations

pytestmark = pytest.mark.django_db


def test_the_demo_tree_has_the_bureau_its_districts_and_the_zones():
    logins = build_organisations()
    city = Organisation.objects.get(code="jz-kjj")
    children = city.children.all()
    districts = sorted(o.region.code for o in children if o.kind == OrganisationKind.DISTRICT_BUREAU)
    assert districts == [
        "140702",
        "140703",
        "140721",
        "140722",
        "140723",
        "140724",
        "140725",
        "140727",
        "140728",
        "140729",
        "140781",
    ]
    parks = sorted(o.zone.short_name for o in children if o.kind == OrganisationKind.PARK)
    assert parks == ["农高区", "晋中开发区", "祁县开发区"]
    assert Organisation.objects.get(code="jz-140702").name == "榆次区科技局"
    assert [(login.username, login.password) for login in logins] == [
        ("university-jzu", "rainforest-university-jzu-2025"),
        ("university-sxtcm", "rainforest-university-sxtcm-2025"),
        ("bank-boc", "rainforest-bank-boc-2025"),
        ("bank-sx", "rainforest-bank-sx-2025"),
    ]
    banker = User.objects.get(username="bank-boc")
    assert (banker.role, banker.organisation.code) == (Role.BANK_USER, "boc-jz")
    assert banker.check_password("rainforest-bank-boc-2025")
    assert scope_for(banker).reach is Reach.OWN


def test_a_rebuild_keeps_one_row_per_organisation():
    build_organisations()
    count = Organisation.objects.count()
    build_organisations()
    assert Organisation.objects.count() == count
