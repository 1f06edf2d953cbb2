"""The demo city: deterministic for a seed, consistent row by row, and true to the seed report's figures."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from rainforest.core import credit_code
from rainforest.core.choices import OrganisationKind, Role
from rainforest.core.models import User
from rainforest.demo.builder import build_demo, park_counts, valid_on
from rainforest.demo.models import DemoBuild
from rainforest.demo.plan import AS_OF
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Assignment, Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.forest.choices import CODE_OF_LAYER
from rainforest.forest.models import LayerSpan
from rainforest.forest.selectors import layers_on, spans_on
from rainforest.incubator.models import Team, Tenancy

pytestmark = pytest.mark.django_db

TINY = 150
CAST = {
    "city": (Role.CITY_OFFICER, OrganisationKind.CITY_BUREAU),
    "district-yuci": (Role.DISTRICT_OFFICER, OrganisationKind.DISTRICT_BUREAU),
    "butler": (Role.BUTLER, OrganisationKind.CITY_BUREAU),
    "enterprise": (Role.ENTERPRISE_USER, OrganisationKind.ENTERPRISE),
    "university": (Role.UNIVERSITY_USER, OrganisationKind.UNIVERSITY),
    "bank": (Role.BANK_USER, OrganisationKind.BANK),
    "admin": (Role.SYSTEM_ADMIN, OrganisationKind.CITY_BUREAU),
    "expert": (Role.EXPERT, OrganisationKind.UNIVERSITY),  # reviews: the demo's panels' expert
    "security": (Role.SECURITY_ADMIN, OrganisationKind.CITY_BUREAU),  # 三员分立
    "auditor": (Role.AUDIT_ADMIN, OrganisationKind.CITY_BUREAU),
}


def snapshot() -> dict[str, object]:
    return {
        "codes": list(
            Enterprise.objects.order_by("credit_code").values_list("credit_code", "name", "founded_on")
        ),
        "figures": list(
            YearlyFigures.objects.order_by("enterprise__credit_code", "year").values_list(
                "enterprise__credit_code", "year", "employees", "operating_revenue", "rd_expense"
            )
        ),
        "certificates": list(
            Certificate.objects.order_by("enterprise__credit_code", "kind", "issued_on").values_list(
                "enterprise__credit_code", "kind", "issued_on", "expires_on", "number"
            )
        ),
        "teams": list(Team.objects.order_by("name").values_list("name", "incorporated_on")),
        "tenancies": Tenancy.objects.count(),
        "assignments": Assignment.objects.count(),
        "spans": LayerSpan.objects.count(),
    }


def test_the_same_seed_builds_the_same_city_twice():
    build_demo(seed=7, scale="tiny", size=TINY)
    first = snapshot()
    build_demo(seed=7, scale="tiny", size=TINY)

    assert snapshot() == first
    assert Enterprise.objects.count() == TINY
    assert DemoBuild.objects.count() == 1


def test_the_demo_city_ships_the_policy_catalogue():
    """Issue 3: the real policies of Shanxi and Jinzhong ship with the demo city, so the policy calculator of a
    fresh demo is not empty; building twice keeps one copy of each."""
    from rainforest.policies.models import Policy

    build_demo(seed=7, scale="tiny", size=TINY)
    codes = sorted(Policy.objects.values_list("code", flat=True))
    build_demo(seed=7, scale="tiny", size=TINY)

    assert len(codes) == 4
    assert sorted(Policy.objects.values_list("code", flat=True)) == codes


def test_the_demo_catalogue_holds_only_jinzhongs_and_the_provinces_policies():
    """Issue 6 item 12: Taiyuan's and the 综改示范区's policies match none of Jinzhong's firms; the demo
    does not load them, and removes those an older demo loaded."""
    from rainforest.policies.models import Policy
    from rainforest.policies.services import OTHER_JURISDICTIONS, policies_load_catalogue

    policies_load_catalogue(path=OTHER_JURISDICTIONS)  # as an older demo did
    build_demo(seed=7, scale="tiny", size=TINY)

    assert list(Policy.objects.order_by("code").values_list("code", flat=True)) == [
        "P-SX-1",
        "P-SX-2",
        "P-SX-3",
        "P-SX-4",
    ]


def test_another_seed_builds_another_city():
    build_demo(seed=7, scale="tiny", size=TINY)
    first = set(Enterprise.objects.values_list("credit_code", flat=True))
    build_demo(seed=8, scale="tiny", size=TINY)

    assert set(Enterprise.objects.values_list("credit_code", flat=True)) != first
    assert Enterprise.objects.count() == TINY


def test_every_generated_row_passes_the_registry_checks():
    build_demo(seed=11, scale="tiny", size=TINY)

    assert [
        code
        for code in Enterprise.objects.values_list("credit_code", flat=True)
        if not credit_code.is_valid(code)
    ] == []
    assert YearlyFigures.objects.filter(tech_staff__gt=F("employees")).count() == 0
    assert YearlyFigures.objects.filter(rd_staff__gt=F("employees")).count() == 0
    assert YearlyFigures.objects.filter(hitech_income__gt=F("total_income")).count() == 0
    assert YearlyFigures.objects.filter(rd_expense_domestic__gt=F("rd_expense")).count() == 0
    assert YearlyFigures.objects.filter(operating_revenue__gt=F("total_income")).count() == 0
    assert YearlyFigures.objects.exclude(year__range=(2021, 2024)).count() == 0
    assert YearlyFigures.objects.exclude(net_assets=F("total_assets") - F("total_liabilities")).count() == 0
    for row in [
        *Enterprise.objects.all(),
        *YearlyFigures.objects.all(),
        *Certificate.objects.all(),
        *Tenancy.objects.all(),
    ]:
        row.full_clean()


def test_no_record_is_dated_after_the_seed_report():
    build_demo(seed=11, scale="tiny", size=TINY)

    assert Enterprise.objects.filter(founded_on__gt=AS_OF).count() == 0
    assert Certificate.objects.filter(issued_on__gt=AS_OF).count() == 0
    assert Tenancy.objects.filter(entered_on__gt=AS_OF).count() == 0
    assert Team.objects.filter(incorporated_on__gt=AS_OF).count() == 0
    assert Assignment.objects.filter(started_on__gt=AS_OF).count() == 0


def test_certificates_last_as_the_rules_say():
    build_demo(seed=11, scale="tiny", size=TINY)

    tech_smes = Certificate.objects.filter(kind=CertificateKind.TECH_SME)
    assert [
        c for c in tech_smes if c.expires_on != date(c.year + 1, 1, 1) or c.issued_on.year != c.year
    ] == []
    hntes = Certificate.objects.filter(kind=CertificateKind.HNTE)
    assert [c for c in hntes if c.expires_on != c.issued_on.replace(year=c.issued_on.year + 3)] == []
    assert [c.number for c in hntes if not re.fullmatch(r"GR20\d\d14\d{6}", c.number)] == []


def test_demo_users_of_every_role_log_in_with_the_printed_passwords(client):
    out = StringIO()
    call_command("demo", "--size", str(TINY), "--seed", "3", "--no-serve", stdout=out)
    printed = dict(re.findall(r"^\s+(\S+)\s+密码 (\S+)", out.getvalue(), re.MULTILINE))

    assert set(printed) == set(CAST)
    for username, (role, kind) in CAST.items():
        user = User.objects.select_related("organisation").get(username=username)
        assert (user.role, user.organisation.kind) == (role, kind)
        # Through the login page (login protection needs the request: the test client's login has none).
        response = client.post("/login/", {"username": username, "password": printed[username]})
        assert (response.status_code, response.url) == (302, "/"), username
    owner = User.objects.get(username="enterprise")
    assert Enterprise.objects.filter(credit_code=owner.organisation.credit_code).count() == 1
    assert User.objects.get(username="admin").is_superuser
    caseload = Assignment.objects.filter(butler__username="butler").count()
    assert 20 <= caseload <= 40
    assert (
        Assignment.objects.filter(
            butler__username="butler", enterprise__credit_code=owner.organisation.credit_code
        ).count()
        == 1
    )


def test_it_refuses_to_wipe_enterprises_it_did_not_make():
    own = EnterpriseFactory(name="晋中真实科技有限公司")

    with pytest.raises(CommandError):
        call_command("demo", "--size", str(TINY), "--no-serve", stdout=StringIO())

    assert list(Enterprise.objects.values_list("pk", flat=True)) == [own.pk]


def test_it_refuses_an_unknown_scale():
    with pytest.raises(CommandError):
        call_command("demo", "--scale", "planet", "--no-serve", stdout=StringIO())

    assert Enterprise.objects.count() == 0


def test_the_city_reproduces_the_seed_figures():
    summary = build_demo(seed=2025, scale="city")

    assert summary.enterprises == 1500
    # S10: more than 400 tech-SMEs in 2025.
    assert valid_on(CertificateKind.TECH_SME, AS_OF) == summary.tech_smes_valid
    assert summary.tech_smes_valid > 400
    # S34: 53 resident firms, 29 teams, 11 about to enter, 15 in negotiation.
    assert park_counts(AS_OF) == {
        "resident_firms": 53,
        "resident_teams": 29,
        "about_to_enter": 11,
        "negotiating": 15,
    }
    # The stored spans agree with the layers computed from the records.
    stored = Counter(
        CODE_OF_LAYER[layer]
        for layer in spans_on(AS_OF).filter(enterprise__isnull=False).values_list("layer", flat=True)
    )
    computed = Counter(layer.code for layer in layers_on(AS_OF).values())
    assert stored == computed
    assert sum(computed.values()) == 1500
    assert summary.layers == {**{code: 0 for code in CODE_OF_LAYER.values()}, **computed, "seed": 29}
    assert spans_on(AS_OF).filter(team__isnull=False).count() == 29
