"""三员分立: the security and audit administrators reach the identity controls (the security audit, the login
locks) and no business record: no grant in the policy table, no business section in their menu, no
business page, whatever data scope the system administrator gives them."""

from __future__ import annotations

import pytest

from rainforest.core import policy
from rainforest.core.choices import DataScope
from rainforest.core.navigation import menu_for

pytestmark = pytest.mark.django_db

# what each may reach: the models of the identity controls only
IDENTITY = {
    "security_admin": {"accounts.auditentry", "axes.accessattempt"},
    "audit_admin": {"accounts.auditentry"},
}


@pytest.mark.parametrize("who", sorted(IDENTITY))
def test_the_security_and_audit_administrators_hold_grants_on_the_identity_controls_only(request, who):
    user = request.getfixturevalue(who)
    role = policy.role_of(user)
    granted = {label for label, grants in policy.TABLE.items() if grants.get(role)}
    assert granted == IDENTITY[who]


@pytest.mark.parametrize("who", sorted(IDENTITY))
def test_their_menu_holds_the_home_page_and_the_security_section_only(request, who):
    user = request.getfixturevalue(who)
    assert [group.key for group in menu_for(user)] == ["home", "security"]


@pytest.mark.parametrize("who", sorted(IDENTITY))
@pytest.mark.parametrize("path", ["/enterprises/", "/forest/", "/policies/", "/platforms/", "/finance/"])
def test_a_city_wide_data_scope_opens_no_business_page_to_them(client, request, who, path):
    user = request.getfixturevalue(who)
    user.data_scope = DataScope.CITY
    user.save(update_fields=["data_scope"])
    client.force_login(user)
    assert client.get(path).status_code == 403
    assert client.get("/account/audit/").status_code == 200
