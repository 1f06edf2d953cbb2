"""The policy module: the table, restrict, the double check on writes and route declarations."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from rainforest.core.models import Organisation, Region, User
from rainforest.core.policy import (
    TABLE,
    Action,
    Rule,
    access,
    checked,
    declared_access,
    may,
    organisation_rule,
    restrict,
)
from rainforest.core.scope import Reach, Scope, scope_for
from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.tests.factories import district
from rainforest.incubator.models import Park, Tenancy

pytestmark = pytest.mark.django_db


def test_a_district_officer_restricts_enterprises_to_their_district(district_yuci, two_districts):
    names = set(restrict(Enterprise.objects.all(), district_yuci, Action.VIEW).values_list("name", flat=True))
    assert names == {"晋中自有科技有限公司"}


def test_restrict_is_a_queryset_method(district_yuci, two_districts):
    assert list(Enterprise.objects.restrict(district_yuci, Action.CHANGE).values_list("name", flat=True)) == [
        "晋中自有科技有限公司"
    ]


def test_a_bank_user_may_change_no_enterprise(bank, two_districts):
    assert (may(bank, Action.CHANGE, Enterprise), Enterprise.objects.restrict(bank, "change").count()) == (
        False,
        0,
    )


def test_an_anonymous_user_may_see_nothing(two_districts):
    assert Enterprise.objects.restrict(None, Action.VIEW).count() == 0


def test_a_custom_list_of_districts_widens_a_district_scope(district_yuci, two_districts, monkeypatch):
    taigu = district("140703")
    wider = Scope(
        Reach.DISTRICT,
        user_id=district_yuci.pk,
        region_id=district_yuci.organisation.region_id,
        region_ids=frozenset({taigu.pk}),
    )
    monkeypatch.setattr("rainforest.core.policy.scope_for", lambda user: wider)
    assert Enterprise.objects.restrict(district_yuci, Action.VIEW).count() == 2


def test_a_tenancy_is_in_scope_only_when_its_park_and_its_firm_are(district_yuci, two_districts):
    park = Park.objects.create(name="榆次孵化园", district=Region.objects.get(code="140702"))
    inside = Tenancy.objects.create(park=park, enterprise=two_districts["yuci"], entered_on="2024-01-01")
    Tenancy.objects.create(park=park, enterprise=two_districts["taigu"], entered_on="2024-01-01")
    assert list(Tenancy.objects.restrict(district_yuci, Action.DELETE)) == [inside]


def test_a_change_that_moves_a_record_out_of_reach_is_rolled_back(district_yuci, two_districts):
    firm = two_districts["yuci"]
    with pytest.raises(PermissionDenied), checked(district_yuci, Action.CHANGE, firm):
        firm.district = district("140703")
        firm.save()
    firm.refresh_from_db()
    assert firm.district.code == "140702"


def test_a_change_outside_the_scope_is_refused_before_it_happens(district_yuci, two_districts):
    firm = two_districts["taigu"]
    with pytest.raises(PermissionDenied), checked(district_yuci, Action.CHANGE, firm):
        firm.name = "改名"
        firm.save()
    firm.refresh_from_db()
    assert firm.name == "太谷测试有限公司"


def test_every_rule_of_the_table_is_all_or_scope():
    rules = {rule for grants in TABLE.values() for actions in grants.values() for rule in actions.values()}
    assert rules <= {Rule.ALL, Rule.SCOPE}


def test_a_declaration_is_stored_on_the_view():
    @access.model(Enterprise, Action.EXPORT)
    def view(request):  # pragma: no cover - never called
        return None

    declaration = declared_access(view)
    assert (declaration.kind, declaration.model, declaration.action) == ("model", Enterprise, Action.EXPORT)


def test_a_page_refuses_a_role_without_the_grant(client, bank):
    client.force_login(bank)
    assert client.get("/incubator/").status_code == 403


def test_scope_conditions_of_a_city_user_filter_nothing(city):
    assert restrict(Enterprise.objects.all(), city, Action.DELETE).query.where.children == []
    assert Q() == Q()


def test_rows_kept_by_an_organisation_follow_that_organisation(
    city, district_yuci, university, bank, butler, organisations
):
    """organisation_rule: the city reaches all, a district the organisations in it, an organisation's own
    users their organisation's rows, a butler none."""
    rule = organisation_rule("organisation")
    university.organisation.region = Region.objects.get(code="140702")
    university.organisation.save()
    in_yuci = university.organisation
    elsewhere = organisations["bank"]
    users = Organisation.objects.filter(pk__in=[in_yuci.pk, elsewhere.pk])

    def reached(user: object) -> set[str]:
        condition = rule(scope_for(user), Action.VIEW)
        # The rule names `organisation`; on the users table that is the user's organisation.
        return set(
            User.objects.filter(condition, organisation__in=users).values_list(
                "organisation__name", flat=True
            )
        )

    assert reached(city) == {in_yuci.name, elsewhere.name}
    assert reached(district_yuci) == {in_yuci.name}
    assert reached(university) == {in_yuci.name}
    assert reached(bank) == {elsewhere.name}
    assert reached(butler) == set()
