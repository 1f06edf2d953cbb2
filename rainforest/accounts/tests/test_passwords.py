"""Password rules (身份鉴别): length, character classes, username, history, common list, maximum age, and the
forced change at the first login of an account someone else created."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from rainforest.accounts.models import AccountState, AuditEntry, PasswordHistory
from rainforest.accounts.services import password_set
from rainforest.accounts.tests.conftest import PASSWORD, security, sign_in
from rainforest.core.models import User
from rainforest.demo.people import CAST

pytestmark = pytest.mark.django_db

DEMO_USERS = CAST  # the demo's logins (README)


def refusal(raw: str, user) -> list[str]:
    try:
        password_validation.validate_password(raw, user)
    except ValidationError as error:
        return [str(code) for code in (e.code for e in error.error_list)]
    return []


@pytest.mark.parametrize("username", DEMO_USERS)
def test_the_demo_passwords_satisfy_the_rules(username):
    user = User.objects.create_user(username=username)
    assert refusal(f"rainforest-{username}-2025", user) == []


def test_it_refuses_city1234_for_city(city):
    assert refusal("city1234", city) == ["password_too_short", "password_too_few_classes"]


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        ("abcdefghij", ["password_too_few_classes", "password_too_common"]),
        ("abcdefgh12", ["password_too_few_classes"]),
        ("Abcdefgh12", []),
        ("abc-def-12", []),
        ("Short-1", ["password_too_short"]),
        ("1234567890", ["password_too_few_classes", "password_too_common", "password_entirely_numeric"]),
    ],
)
def test_it_asks_for_ten_characters_of_three_classes(city, raw, codes):
    assert refusal(raw, city) == codes


def test_a_short_password_is_refused_in_the_interface_language(city):
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            password_validation.validate_password("Short-1", city)
        assert refused.value.messages == ["密码至少需要 10 个字符"]
        assert "至少 10 个字符" in password_validation.password_validators_help_texts()


def test_it_refuses_the_username_itself():
    user = User.objects.create_user(username="Zhang-San-2025x")
    assert "password_is_username" in refusal("zhang-san-2025X", user)


def test_it_refuses_a_common_password(city):
    assert refusal("Password123!", city) == []  # not in the list: accepted
    assert refusal("password1234", city) == ["password_too_few_classes", "password_too_common"]


def test_it_refuses_the_last_five_passwords_and_accepts_the_sixth(city):
    passwords = [f"Rainforest-{n}-2025" for n in range(1, 7)]
    for raw in passwords:
        password_set(user=city, raw=raw, by=city)
    # The current one and the four before it are refused; the one before those is free again.
    for raw in passwords[1:]:
        with pytest.raises(ValidationError) as refused:
            password_set(user=city, raw=raw, by=city)
        assert refused.value.message_dict == {"password": ["不能使用最近 5 次用过的密码"]}
    city.refresh_from_db()
    assert city.check_password(passwords[-1])
    password_set(user=city, raw=passwords[0], by=city)
    city.refresh_from_db()
    assert city.check_password(passwords[0])
    assert PasswordHistory.objects.filter(user=city).count() == 5


def test_a_refused_password_changes_nothing(city):
    before = city.password
    with pytest.raises(ValidationError) as refused:
        password_set(user=city, raw="city1234", by=None)
    city.refresh_from_db()
    assert list(refused.value.message_dict) == ["password"]
    assert city.password == before
    assert AuditEntry.objects.filter(kind__startswith="password").count() == 0


def test_an_account_created_by_an_administrator_must_change_its_password_at_first_login(client, admin):
    officer = User.objects.create_user(username="district-new", role="district_officer")
    password_set(user=officer, raw="Given-by-admin-2025", by=admin, force_change=True)
    assert AccountState.objects.get(user=officer).must_change_password is True

    sign_in(client, "district-new", "Given-by-admin-2025")
    response = client.get(reverse("enterprises:list"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change") + "?next=%2Fenterprises%2F"
    assert client.get(reverse("accounts:password_change")).status_code == 200

    refused = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Given-by-admin-2025",
            "new_password1": "Given-by-admin-2025",
            "new_password2": "Given-by-admin-2025",
        },
    )
    assert refused.status_code == 200
    assert "不能使用最近 5 次用过的密码" in refused.content.decode()

    changed = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Given-by-admin-2025",
            "new_password1": "My-own-secret-77",
            "new_password2": "My-own-secret-77",
        },
    )
    assert changed.status_code == 302
    assert client.get(reverse("enterprises:list")).status_code == 200
    assert AccountState.objects.get(user=officer).must_change_password is False
    assert list(
        AuditEntry.objects.filter(user=officer).order_by("pk").values_list("kind", "actor_username")
    ) == [
        ("password_set", "admin"),
        ("login", ""),
        ("password_change", ""),
        ("password_change", ""),
    ]


def test_the_failed_change_is_audited_as_a_failure(client, city):
    sign_in(client, "city")
    client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "My-own-secret-77", "new_password2": "My-own-secret-77"},
    )
    assert list(AuditEntry.objects.filter(kind="password_change").values_list("outcome", "detail")) == [
        ("failure", "old_password")
    ]


def test_a_password_older_than_the_maximum_age_must_be_changed(client, city):
    password_set(user=city, raw="Rainforest-old-2025", by=city)
    AccountState.objects.filter(user=city).update(password_changed_at=timezone.now() - timedelta(days=91))
    with security(PASSWORD_MAX_AGE_DAYS=90):
        sign_in(client, "city", "Rainforest-old-2025")
        response = client.get(reverse("home"))
        assert response.url == reverse("accounts:password_change") + "?next=%2F"
        page = client.get(reverse("accounts:password_change")).content.decode()
        assert "您的密码已超过有效期" in page


def test_a_password_younger_than_the_maximum_age_is_kept(client, city):
    password_set(user=city, raw="Rainforest-old-2025", by=city)
    AccountState.objects.filter(user=city).update(password_changed_at=timezone.now() - timedelta(days=89))
    with security(PASSWORD_MAX_AGE_DAYS=90):
        sign_in(client, "city", "Rainforest-old-2025")
        assert client.get(reverse("home")).status_code == 200


def test_the_conftest_password_is_still_accepted_by_create_user(city):
    assert city.check_password(PASSWORD)
