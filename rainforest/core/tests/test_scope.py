from rainforest.core.scope import Reach, mask_email, mask_name, mask_phone, scope_for, sees_personal_data


def test_a_city_officer_reaches_the_whole_city(city):
    assert scope_for(city).reach is Reach.CITY


def test_a_district_officer_reaches_their_district(district_yuci):
    scope = scope_for(district_yuci)
    assert (scope.reach, scope.region_id) == (Reach.DISTRICT, district_yuci.organisation.region_id)


def test_a_butler_reaches_assigned_firms(butler):
    assert scope_for(butler).reach is Reach.ASSIGNED


def test_an_enterprise_user_reaches_their_own_credit_code(owner, own_firm):
    scope = scope_for(owner)
    assert (scope.reach, scope.credit_code) == (Reach.OWN, own_firm.credit_code)


def test_a_user_without_an_organisation_sees_nothing(outsider):
    assert scope_for(outsider).reach is Reach.NOTHING


def test_an_inactive_user_sees_nothing(city):
    city.is_active = False
    assert scope_for(city).reach is Reach.NOTHING


def test_personal_data_is_shown_only_to_users_with_the_right(city, bank):
    assert (sees_personal_data(city), sees_personal_data(bank)) == (True, False)


def test_masks_keep_only_what_identifies_nobody():
    assert mask_name("张三丰") == "张**"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_email("zhang@example.cn") == "z***@example.cn"


def test_login_and_failed_login_are_recorded(client, city):
    from rainforest.accounts.models import AuditEntry

    client.post("/login/", {"username": "city", "password": "wrong"})
    client.post("/login/", {"username": "city", "password": "pass-1234-word"})
    assert list(AuditEntry.objects.order_by("at", "id").values_list("username", "kind")) == [
        ("city", "login_failed"),
        ("city", "login"),
    ]


def test_production_settings_hash_passwords_with_argon2():
    import importlib
    import os

    import rainforest.settings as settings_module

    previous = {name: os.environ.pop(name, None) for name in ("RAINFOREST_TESTING", "PYTEST_VERSION")}
    try:
        fresh = importlib.reload(settings_module)
        assert fresh.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    finally:
        for name, value in previous.items():
            if value is not None:
                os.environ[name] = value
        importlib.reload(settings_module)
