"""The administration pages: the system administrator sees and uses them; every other role is refused."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.accounts.models import AccountState
from rainforest.core.choices import DataScope, OrganisationKind, OrganisationStatus, Role
from rainforest.core.models import Organisation, Region, RoleProfile, User

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    ("administration:users", []),
    ("administration:user_create", []),
    ("administration:user", ["city"]),
    ("administration:user_edit", ["city"]),
    ("administration:user_disable", ["city"]),
    ("administration:user_reset_password", ["city"]),
    ("administration:organisations", []),
    ("administration:organisation_create", []),
    ("administration:roles", []),
    ("administration:role_edit", ["butler"]),
]
OTHERS = ["city", "district_yuci", "butler", "owner", "university", "bank", "outsider"]


@pytest.mark.parametrize(("name", "args"), ADMIN_PAGES)
def test_the_administrator_opens_every_administration_page(client, admin, city, name, args):
    client.force_login(admin)
    assert client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize("someone", OTHERS)
@pytest.mark.parametrize(("name", "args"), ADMIN_PAGES)
def test_no_other_role_opens_an_administration_page(client, request, city, someone, name, args):
    client.force_login(request.getfixturevalue(someone))
    assert client.get(reverse(name, args=args)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("administration:users"))
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/system/users/")


def test_only_the_administrator_has_the_navigation_entry(client, admin, city):
    client.force_login(admin)
    assert 'href="/system/users/"' in client.get("/").content.decode()
    client.force_login(city)
    assert 'href="/system/users/"' not in client.get("/").content.decode()


def test_the_user_list_filters_sorts_and_pages(client, admin, city, district_yuci, bank, settings):
    settings.RAINFOREST = {**settings.RAINFOREST, "PAGE_SIZE": 2}
    client.force_login(admin)
    page = client.get(reverse("administration:users"), {"ordering": "-username"})
    names = [a.username for a in page.context["page"].object_list]
    assert names == ["district-yuci", "city"]
    assert page.context["page"].paginator.count == 4
    filtered = client.get(reverse("administration:users"), {"role": Role.BANK_USER})
    assert [a.username for a in filtered.context["page"].object_list] == ["bank"]


def test_the_user_list_exports_what_it_shows(client, admin, city, bank):
    client.force_login(admin)
    listing = client.get(reverse("administration:users"), {"role": Role.BANK_USER})
    response = client.get(listing.context["export_url"])
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    usernames = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert usernames == ["bank"]


def test_the_administrator_creates_a_user_and_sees_the_temporary_password_once(client, admin, organisations):
    client.force_login(admin)
    response = client.post(
        reverse("administration:user_create"),
        {
            "username": "officer-taigu",
            "display_name": "王芳",
            "role": Role.DISTRICT_OFFICER,
            "organisation": organisations["yuci"].code,
            "phone": "13900000009",
            "data_scope": "",
        },
    )
    assert response.status_code == 200
    password = response.context["password"]
    user = User.objects.get(username="officer-taigu")
    assert user.check_password(password)
    assert AccountState.objects.get(user=user).must_change_password is True
    assert response["Cache-Control"] == "no-store"
    assert password not in client.get(reverse("administration:user", args=["officer-taigu"])).content.decode()


def test_a_scope_outside_the_organisation_is_refused_on_the_page(client, admin, organisations):
    client.force_login(admin)
    response = client.post(
        reverse("administration:user_create"),
        {
            "username": "officer-taigu",
            "role": Role.DISTRICT_OFFICER,
            "organisation": organisations["yuci"].code,
            "data_scope": DataScope.CUSTOM,
            "scope_regions": ["140703"],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["scope_regions"] == [
        "自定义县区：太谷区 不在所属机构“榆次区科技局”的辖区内"
    ]
    assert not User.objects.filter(username="officer-taigu").exists()


def test_disabling_asks_first_then_disables(client, admin, city):
    client.force_login(admin)
    url = reverse("administration:user_disable", args=["city"])
    confirm = client.get(url)
    assert "确定要停用用户“city”吗？" in confirm.content.decode()
    city.refresh_from_db()
    assert city.is_active is True
    assert client.post(url).status_code == 302
    city.refresh_from_db()
    assert city.is_active is False


def test_a_password_reset_asks_first_and_shows_the_new_password(client, admin, city):
    client.force_login(admin)
    url = reverse("administration:user_reset_password", args=["city"])
    assert client.get(url).status_code == 200
    assert city.check_password("pass-1234-word")
    response = client.post(url)
    city.refresh_from_db()
    assert city.check_password(response.context["password"])


def test_the_administrator_edits_a_user_and_the_change_is_logged(client, admin, city, organisations):
    client.force_login(admin)
    response = client.post(
        reverse("administration:user_edit", args=["city"]),
        {"role": Role.BUTLER, "organisation": organisations["city"].code, "display_name": "张三"},
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert (city.role, city.display_name) == (Role.BUTLER, "张三")
    latest = city.history.first()  # type: ignore[attr-defined]
    assert (latest.history_user, latest.role) == (admin, Role.BUTLER)


def test_the_organisation_list_is_a_tree(client, admin, organisations):
    organisations["yuci"].parent = organisations["city"]
    organisations["yuci"].save()
    client.force_login(admin)
    rows = client.get(reverse("administration:organisations")).context["rows"]
    names = [(organisation.name, indent) for organisation, indent in rows]
    assert names.index(("晋中市科技局", "")) + 1 == names.index(("榆次区科技局", "└ "))


def test_the_administrator_creates_and_disables_an_organisation(client, admin, organisations):
    client.force_login(admin)
    response = client.post(
        reverse("administration:organisation_create"),
        {
            "code": "jz-nonggao",
            "name": "晋中国家农业高新技术产业示范区管委会",
            "kind": OrganisationKind.PARK,
            "parent": organisations["city"].code,
            "region": "140703",
            "sort_order": "5",
        },
    )
    assert response.status_code == 302
    park = Organisation.objects.get(code="jz-nonggao")
    assert (park.parent, park.region.code) == (organisations["city"], "140703")
    url = reverse("administration:organisation_disable", args=["jz-nonggao"])
    assert "确定要停用机构" in client.get(url).content.decode()
    client.post(url)
    park.refresh_from_db()
    assert park.status == OrganisationStatus.DISABLED


def test_the_role_page_shows_the_permissions_read_only_and_saves_the_scope(client, admin, butler):
    client.force_login(admin)
    page = client.get(reverse("administration:role_edit", args=[Role.BUTLER]))
    grants = {grant.model: grant.actions for grant in page.context["permissions"]}
    assert grants["cultivation.visit"] == "查看、新增、修改、删除、导出"
    assert "core.user" not in grants
    response = client.post(
        reverse("administration:role_edit", args=[Role.BUTLER]),
        {"data_scope": DataScope.CITY, "description": ""},
    )
    assert response.status_code == 302
    assert RoleProfile.objects.get(code=Role.BUTLER).data_scope == DataScope.CITY


def test_an_unknown_role_page_is_not_found(client, admin):
    client.force_login(admin)
    assert client.get(reverse("administration:role_edit", args=["mayor"])).status_code == 404


# --- a city officer invites an enterprise's user --------------------------------------------------------


def test_a_city_officer_invites_the_user_of_a_firm(client, city, own_firm):
    client.force_login(city)
    response = client.post(
        reverse("administration:invite"),
        {"credit_code": own_firm.credit_code, "username": "firm-owner", "display_name": "赵六"},
    )
    assert response.status_code == 200
    user = User.objects.get(username="firm-owner")
    assert (user.role, user.organisation.credit_code) == (Role.ENTERPRISE_USER, own_firm.credit_code)
    assert user.check_password(response.context["password"])
    assert AccountState.objects.get(user=user).must_change_password is True


def test_a_district_officer_may_not_invite(client, district_yuci, own_firm):
    client.force_login(district_yuci)
    response = client.post(
        reverse("administration:invite"), {"credit_code": own_firm.credit_code, "username": "firm-owner"}
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="firm-owner").exists()


def test_an_invitation_for_a_firm_outside_the_scope_is_refused(client, city, own_firm, organisations):
    from rainforest.administration import services
    from rainforest.administration.services import UserData

    services.user_update(
        user=city,
        data=UserData(
            role=Role.CITY_OFFICER,
            organisation=organisations["city"],
            data_scope=DataScope.CUSTOM,
            scope_regions=(Region.objects.get(code="140703"),),
        ),
    )
    client.force_login(city)
    response = client.post(
        reverse("administration:invite"), {"credit_code": own_firm.credit_code, "username": "firm-owner"}
    )
    assert response.context["form"].errors["credit_code"] == [
        f"企业统一社会信用代码：您的数据范围内没有代码为 {own_firm.credit_code} 的企业"
    ]
    assert not User.objects.filter(username="firm-owner").exists()
