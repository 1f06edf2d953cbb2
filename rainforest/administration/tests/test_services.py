"""Accounts, organisations, roles and data scopes written through the administration services."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client

from rainforest.accounts.models import AccountState, AuditEntry
from rainforest.administration import services
from rainforest.administration.services import OrganisationData, UserData
from rainforest.core.choices import DataScope, OrganisationKind, OrganisationStatus, Role
from rainforest.core.models import ApiToken, Organisation, Region, RoleProfile, User
from rainforest.core.scope import Reach, scope_for
from rainforest.core.services import api_token_create

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Green-Valley-7391"


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def fresh(user: User) -> User:
    return User.objects.select_related("organisation").get(pk=user.pk)


# --- organisations --------------------------------------------------------------------------------------


def test_it_creates_an_organisation_under_its_parent(organisations, admin):
    taigu = services.organisation_create(
        data=OrganisationData(
            code="jz-taigu",
            name="太谷区科技局",
            kind=OrganisationKind.DISTRICT_BUREAU,
            parent=organisations["city"],
            region=region("140703"),
        ),
        by=admin,
    )
    assert (taigu.code, taigu.parent, taigu.region.code, taigu.status) == (
        "jz-taigu",
        organisations["city"],
        "140703",
        OrganisationStatus.ACTIVE,
    )
    assert list(taigu.history.values_list("history_type", "history_user__username")) == [("+", "admin")]
    assert AuditEntry.objects.filter(kind="organisation_change", actor=admin).count() == 1


def test_it_refuses_a_duplicate_organisation_code_naming_the_field(organisations):
    organisations["yuci"].code = "jz-yuci"
    organisations["yuci"].save()
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(
            data=OrganisationData(
                code="jz-yuci",
                name="另一个局",
                kind=OrganisationKind.DISTRICT_BUREAU,
                region=region("140703"),
            )
        )
    assert refused.value.message_dict == {"code": ["机构编码：jz-yuci 已被“榆次区科技局”使用"]}
    assert Organisation.objects.count() == before


def test_it_refuses_a_district_bureau_without_a_region(organisations):
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(
            data=OrganisationData(code="jz-x", name="某县科技局", kind=OrganisationKind.DISTRICT_BUREAU)
        )
    assert list(refused.value.message_dict) == ["region"]
    assert not Organisation.objects.filter(code="jz-x").exists()


def test_it_refuses_an_organisation_as_its_own_ancestor(organisations):
    city, yuci = organisations["city"], organisations["yuci"]
    yuci.parent = city
    yuci.save()
    with pytest.raises(ValidationError) as refused:
        services.organisation_update(
            organisation=city,
            data=OrganisationData(
                code=city.code, name=city.name, kind=city.kind, parent=yuci, region=city.region
            ),
        )
    assert refused.value.message_dict == {"parent": ["上级机构不能是本机构或其下级机构"]}
    city.refresh_from_db()
    assert city.parent is None


def test_users_of_a_disabled_organisation_see_nothing(district_yuci, organisations):
    services.organisation_set_status(organisation=organisations["yuci"], active=False)
    assert scope_for(fresh(district_yuci)).reach is Reach.NOTHING
    services.organisation_set_status(organisation=organisations["yuci"], active=True)
    assert scope_for(fresh(district_yuci)).reach is Reach.DISTRICT


# --- users ----------------------------------------------------------------------------------------------


def test_it_creates_a_district_officer_who_must_change_the_password(organisations, admin):
    user, generated = services.user_create(
        username="officer-taigu",
        data=UserData(
            role=Role.DISTRICT_OFFICER,
            organisation=organisations["yuci"],
            display_name="王芳",
            email="wang@example.cn",
            phone="13900000001",
        ),
        password=GOOD_PASSWORD,
        by=admin,
    )
    assert generated is None
    assert (user.role, user.organisation, user.phone, user.is_active) == (
        Role.DISTRICT_OFFICER,
        organisations["yuci"],
        "13900000001",
        True,
    )
    assert fresh(user).check_password(GOOD_PASSWORD)
    assert AccountState.objects.get(user=user).must_change_password is True
    assert set(AuditEntry.objects.filter(user=user).values_list("kind", flat=True)) == {
        "account_create",
        "password_set",
    }
    assert user.history.first().history_user == admin  # type: ignore[attr-defined]


def test_a_generated_password_is_returned_once_and_must_be_changed(organisations):
    user, generated = services.user_create(
        username="bank-2", data=UserData(role=Role.BANK_USER, organisation=organisations["bank"])
    )
    assert generated is not None and len(generated) == 16
    assert user.check_password(generated)
    assert AccountState.objects.get(user=user).must_change_password is True


def test_the_first_administrator_created_at_the_console_needs_no_organisation(db):
    user, _ = services.user_create(
        username="root-admin", data=UserData(role=Role.SYSTEM_ADMIN), password="Admin-Console-2025"
    )
    assert scope_for(user).reach is Reach.CITY
    assert AccountState.objects.get(user=user).must_change_password is False


@pytest.mark.parametrize(
    ("password", "field"),
    [("short1A", "password"), ("alllowercaseletters", "password"), ("officer-taigu", "password")],
)
def test_it_refuses_a_weak_password_and_stores_nothing(organisations, password, field):
    with pytest.raises(ValidationError) as refused:
        services.user_create(
            username="officer-taigu",
            data=UserData(role=Role.DISTRICT_OFFICER, organisation=organisations["yuci"]),
            password=password,
        )
    assert list(refused.value.message_dict) == [field]
    assert all(message.startswith("密码：") for message in refused.value.message_dict[field])
    assert not User.objects.filter(username="officer-taigu").exists()


def test_it_refuses_a_reused_password(organisations, admin):
    user, _ = services.user_create(
        username="officer-taigu",
        data=UserData(role=Role.DISTRICT_OFFICER, organisation=organisations["yuci"]),
        password=GOOD_PASSWORD,
    )
    services.user_set_password(user=user, raw="Second-Password-2025", by=admin)
    with pytest.raises(ValidationError) as refused:
        services.user_set_password(user=user, raw=GOOD_PASSWORD, by=admin)
    assert list(refused.value.message_dict) == ["password"]
    assert fresh(user).check_password("Second-Password-2025")


def test_it_refuses_an_unknown_role(organisations):
    with pytest.raises(ValidationError) as refused:
        services.user_create(username="x1", data=UserData(role="mayor", organisation=organisations["city"]))
    assert list(refused.value.message_dict) == ["role"]
    assert refused.value.message_dict["role"][0].startswith("角色：没有编码为 mayor 的角色")
    assert not User.objects.filter(username="x1").exists()


def test_it_refuses_an_unknown_organisation_code(db):
    with pytest.raises(ValidationError) as refused:
        services.organisation_by_code("nowhere")
    assert refused.value.message_dict == {"organisation": ["机构：没有编码为 nowhere 的机构"]}


def test_it_refuses_a_duplicate_username_in_any_case(city, organisations):
    with pytest.raises(ValidationError) as refused:
        services.user_create(
            username="CITY", data=UserData(role=Role.CITY_OFFICER, organisation=organisations["city"])
        )
    assert refused.value.message_dict == {"username": ["用户名：CITY 已被使用"]}
    assert User.objects.filter(username__iexact="city").count() == 1


def test_it_refuses_a_duplicate_phone(city, organisations):
    city.phone = "13900000001"
    city.save()
    with pytest.raises(ValidationError) as refused:
        services.user_create(
            username="bank-2",
            data=UserData(role=Role.BANK_USER, organisation=organisations["bank"], phone="13900000001"),
        )
    assert refused.value.message_dict == {"phone": ["手机：13900000001 已被用户 city 使用"]}
    assert not User.objects.filter(username="bank-2").exists()


def test_a_district_officer_cannot_be_given_the_whole_city(organisations):
    with pytest.raises(ValidationError) as refused:
        services.user_create(
            username="officer-2",
            data=UserData(
                role=Role.DISTRICT_OFFICER, organisation=organisations["yuci"], data_scope=DataScope.CITY
            ),
        )
    assert refused.value.message_dict == {"data_scope": ["数据范围：全市超出所属机构“榆次区科技局”的辖区"]}
    assert not User.objects.filter(username="officer-2").exists()


def test_a_custom_district_outside_the_organisation_region_is_refused(district_yuci, organisations):
    with pytest.raises(ValidationError) as refused:
        services.user_update(
            user=district_yuci,
            data=UserData(
                role=Role.DISTRICT_OFFICER,
                organisation=organisations["yuci"],
                data_scope=DataScope.CUSTOM,
                scope_regions=(region("140703"),),
            ),
        )
    assert refused.value.message_dict == {
        "scope_regions": ["自定义县区：太谷区 不在所属机构“榆次区科技局”的辖区内"]
    }
    assert fresh(district_yuci).data_scope == ""
    assert list(district_yuci.scope_regions.all()) == []


def test_a_city_officer_with_a_custom_list_sees_those_districts(city, organisations, two_districts):
    from rainforest.enterprises.models import Enterprise

    services.user_update(
        user=city,
        data=UserData(
            role=Role.CITY_OFFICER,
            organisation=organisations["city"],
            data_scope=DataScope.CUSTOM,
            scope_regions=(region("140703"),),
        ),
    )
    scope = scope_for(fresh(city))
    assert (scope.reach, scope.region_ids) == (Reach.DISTRICT, frozenset({region("140703").pk}))
    visible = Enterprise.objects.restrict(fresh(city), "view")  # type: ignore[attr-defined]
    assert list(visible.values_list("name", flat=True)) == ["太谷测试有限公司"]


def test_a_role_data_scope_set_by_the_administrator_applies_to_its_users(butler, admin, organisations):
    assert scope_for(fresh(butler)).reach is Reach.ASSIGNED
    services.role_update(code=Role.BUTLER, data_scope=DataScope.CITY, description="全市管家", by=admin)
    assert scope_for(fresh(butler)).reach is Reach.CITY
    assert RoleProfile.objects.get(code=Role.BUTLER).history.count() == 1  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(kind="role_change", actor=admin).count() == 1


def test_a_role_scope_that_would_exceed_a_user_organisation_is_refused(district_yuci):
    with pytest.raises(ValidationError) as refused:
        services.role_update(code=Role.DISTRICT_OFFICER, data_scope=DataScope.CITY)
    assert refused.value.message_dict == {
        "data_scope": ["数据范围：超出这些用户所属机构的辖区：district-yuci"]
    }
    assert not RoleProfile.objects.exists()
    assert scope_for(fresh(district_yuci)).reach is Reach.DISTRICT


def test_disabling_a_user_ends_sessions_and_tokens_at_once(city, admin):
    browser = Client()
    browser.force_login(city)
    _, secret = api_token_create(user=city)
    services.user_disable(user=city, by=admin)
    assert fresh(city).is_active is False
    assert ApiToken.objects.active().filter(user=city).count() == 0
    assert [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(city.pk)] == []
    assert browser.get("/enterprises/").status_code == 302
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert AuditEntry.objects.filter(kind="account_disable", user=city, actor=admin).count() == 1


def test_an_edit_a_role_change_and_an_enable_are_each_audited_with_the_administrator(
    city, admin, organisations
):
    kept = UserData(role=Role.CITY_OFFICER, organisation=organisations["city"], phone="13900000002")
    services.user_update(user=city, data=kept, by=admin)
    moved = UserData(role=Role.DISTRICT_OFFICER, organisation=organisations["yuci"])
    services.user_update(user=fresh(city), data=moved, by=admin)
    services.user_disable(user=fresh(city), by=admin)
    services.user_enable(user=fresh(city), by=admin)
    audited = AuditEntry.objects.filter(user=city, actor=admin).order_by("pk").values_list("kind", flat=True)
    assert list(audited) == ["account_change", "role_change", "account_disable", "account_enable"]


def test_an_administrator_cannot_disable_their_own_account(admin):
    with pytest.raises(ValidationError):
        services.user_disable(user=admin, by=admin)
    assert fresh(admin).is_active is True


def test_a_password_reset_gives_a_temporary_password_to_change(city, admin):
    temporary = services.user_reset_password(user=city, by=admin)
    assert fresh(city).check_password(temporary)
    assert AccountState.objects.get(user=city).must_change_password is True


def test_a_login_stamp_is_not_a_change_of_the_account(city):
    before = city.history.count()  # type: ignore[attr-defined]
    response = Client().post("/login/", {"username": "city", "password": "pass-1234-word"})
    assert response.status_code == 302
    assert fresh(city).last_login is not None
    assert city.history.count() == before  # type: ignore[attr-defined]


def test_an_invited_enterprise_user_lands_in_the_firm_organisation(city, two_districts):
    firm = two_districts["taigu"]
    user, password = services.enterprise_user_invite(
        enterprise=firm, username="taigu-owner", display_name="李雷", by=city
    )
    assert (user.role, user.organisation.kind, user.organisation.credit_code) == (
        Role.ENTERPRISE_USER,
        OrganisationKind.ENTERPRISE,
        firm.credit_code,
    )
    assert scope_for(fresh(user)).credit_code == firm.credit_code
    assert AccountState.objects.get(user=user).must_change_password is True
    assert user.check_password(password)
