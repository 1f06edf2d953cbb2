"""The change-log page (变更记录): a deleted enterprise is found there with its last values, within the
officer's scope."""

from __future__ import annotations

from django.urls import reverse

from rainforest.enterprises import services
from rainforest.enterprises.tests.factories import EnterpriseFactory, district


def test_the_change_log_page_shows_a_deleted_enterprise_with_its_last_values(client, city):
    firm = EnterpriseFactory(name="晋中已注销科技有限公司")
    services.enterprise_delete(enterprise=firm, user=city, reason="注销")
    client.force_login(city)
    response = client.get(reverse("changes"), {"record_type": "enterprises.enterprise", "action": "deleted"})
    assert response.status_code == 200
    (change,) = response.context["changes"]
    assert (change.action, change.user, change.reason) == ("deleted", "city", "注销")
    assert ("name", "晋中已注销科技有限公司", "") in [(c.field, c.old, c.new) for c in change.changes]
    assert "<del>晋中已注销科技有限公司</del>" in response.content.decode()


def test_a_district_officer_does_not_see_a_deleted_firm_of_another_district(client, city, district_yuci):
    firm = EnterpriseFactory(name="太谷已注销科技有限公司", district=district("140703"))
    services.enterprise_delete(enterprise=firm, user=city)
    client.force_login(district_yuci)
    response = client.get(reverse("changes"), {"action": "deleted"})
    assert (response.status_code, response.context["changes"]) == (200, [])
    assert "太谷已注销科技有限公司" not in response.content.decode()


def test_a_bad_filter_shows_its_error_and_no_rows(client, city):
    EnterpriseFactory()
    client.force_login(city)
    response = client.get(reverse("changes"), {"since": "not-a-date"})
    assert (response.status_code, response.context["changes"]) == (200, [])
    assert response.context["form"].errors["since"]


def test_the_header_menu_links_the_change_log(client, district_yuci):
    client.force_login(district_yuci)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("changes")}"' in page
