"""Login protection (django-axes): five failures lock the account and the address for fifteen minutes, the
lock is shown and audited, an administrator lifts it, and unknown and known usernames get the same answer."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from rainforest.accounts.models import AuditEntry
from rainforest.accounts.tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

LOCK_MESSAGE = "登录失败次数过多，该账号或该地址已被锁定 15 分钟。请稍后再试，或请系统管理员解除锁定。"
WRONG = "用户名或密码不正确。"


def fail(client, username: str, times: int, address: str = "198.51.100.7"):
    response = None
    for _ in range(times):
        response = sign_in(client, username, "not-the-password", address)
    return response


def message(response) -> str:
    errors = re.search(r'<div class="form-errors" role="alert"><p>(.*?)</p>', response.content.decode())
    return errors.group(1) if errors else ""


def move_failures_back(minutes: int) -> None:
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - timedelta(minutes=minutes)
        )


def test_four_failures_do_not_lock(client, city):
    assert message(fail(client, "city", 4)) == WRONG
    assert sign_in(client, "city").status_code == 302


def test_the_fifth_failure_locks_the_account_even_against_the_right_password(client, city):
    assert fail(client, "city", 5).status_code == 429
    refused = sign_in(client, "city", PASSWORD)
    assert (refused.status_code, message(refused)) == (429, LOCK_MESSAGE)
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_the_account_from_every_address(client, city):
    fail(client, "city", 5, address="198.51.100.7")
    refused = sign_in(client, "city", PASSWORD, address="203.0.113.9")
    assert (refused.status_code, message(refused)) == (429, LOCK_MESSAGE)


def test_the_lock_holds_the_address_for_every_account(client, city, butler):
    for username in ["a", "b", "c", "d", "e"]:
        sign_in(client, username, "guess", address="198.51.100.7")
    refused = sign_in(client, "butler", PASSWORD, address="198.51.100.7")
    assert (refused.status_code, message(refused)) == (429, LOCK_MESSAGE)
    assert sign_in(client, "butler", PASSWORD, address="203.0.113.9").status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client, city):
    fail(client, "city", 5)
    move_failures_back(14)
    assert sign_in(client, "city").status_code == 429
    move_failures_back(2)
    assert sign_in(client, "city").status_code == 302


def test_the_lock_time_and_limit_come_from_the_settings(client, city):
    with override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=60)):
        fail(client, "city", 3)
        move_failures_back(59)
        assert sign_in(client, "city").status_code == 429
        move_failures_back(2)
        assert sign_in(client, "city").status_code == 302


def test_failures_locks_and_refusals_are_audited_with_the_address(client, city):
    fail(client, "city", 5, address="198.51.100.7")
    sign_in(client, "city", PASSWORD, address="198.51.100.7")
    rows = list(AuditEntry.objects.order_by("pk").values_list("kind", "outcome", "username", "ip_address"))
    assert rows == [
        *[("login_failed", "failure", "city", "198.51.100.7")] * 4,
        ("lockout", "failure", "city", "198.51.100.7"),
        ("login_failed", "failure", "city", "198.51.100.7"),
        ("login_failed", "refused", "city", "198.51.100.7"),
    ]


def test_an_unknown_username_gets_the_same_answer_as_a_known_one(client, city):
    def page(username: str) -> tuple[int, str]:
        response = sign_in(client, username, "not-the-password", address="198.51.100.1")
        AccessAttempt.objects.all().delete()
        content = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", response.content.decode())  # the CSRF tokens
        return response.status_code, content.replace(username, "USERNAME")

    assert page("city") == page("nobody-here")


def test_an_unknown_username_is_locked_like_a_known_one(client, city):
    known = fail(client, "city", 5, address="198.51.100.1")
    unknown = fail(client, "nobody-here", 5, address="198.51.100.2")
    assert (
        (known.status_code, message(known)) == (unknown.status_code, message(unknown)) == (429, LOCK_MESSAGE)
    )


class CountingHasher(MD5PasswordHasher):
    """A real hasher that counts how often it hashes (to show unknown users cost a hash too)."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt).replace("md5$", "counting_md5$", 1)

    def verify(self, password, encoded):
        CountingHasher.calls += 1
        return super().verify(password, encoded.replace("counting_md5$", "md5$", 1))


@override_settings(PASSWORD_HASHERS=["rainforest.accounts.tests.test_login.CountingHasher"])
def test_the_password_hasher_runs_for_unknown_users_too(client, city):
    city.set_password("Known-user-2025")
    city.save()
    CountingHasher.calls = 0
    sign_in(client, "city", "not-the-password")
    known = CountingHasher.calls
    CountingHasher.calls = 0
    sign_in(client, "nobody-here", "not-the-password")
    assert (known, CountingHasher.calls) == (1, 1)


def test_a_disabled_account_gets_the_same_answer_as_a_wrong_password(client, city):
    city.is_active = False
    city.save()
    assert message(sign_in(client, "city", PASSWORD)) == WRONG


def test_the_system_administrator_lifts_a_lock_on_the_locks_page(client, city, admin):
    fail(client, "city", 5, address="198.51.100.7")
    client.force_login(admin)
    page = client.get(reverse("accounts:locks")).content.decode()
    assert '<input type="hidden" name="username" value="city">' in page
    assert '<input type="hidden" name="ip_address" value="198.51.100.7">' in page
    client.post(reverse("accounts:locks"), {"username": "city"})
    client.post(reverse("accounts:locks"), {"ip_address": "198.51.100.7"})
    client.logout()
    assert sign_in(client, "city", address="198.51.100.7").status_code == 302
    unlocks = AuditEntry.objects.filter(kind="unlock").order_by("pk")
    assert list(unlocks.values_list("username", "actor_username")) == [("city", "admin"), ("", "admin")]


@pytest.mark.parametrize("who", ["city", "district_yuci", "security_admin", "audit_admin"])
def test_only_the_system_and_security_administrators_see_the_locks(client, request, who):
    client.force_login(request.getfixturevalue(who))
    expected = 200 if who == "security_admin" else 403
    assert client.get(reverse("accounts:locks")).status_code == expected


def test_the_district_officer_cannot_lift_a_lock(client, city, district_yuci):
    fail(client, "city", 5)
    client.force_login(district_yuci)
    assert client.post(reverse("accounts:locks"), {"username": "city"}).status_code == 403
    assert AccessAttempt.objects.filter(username="city").count() == 1


@pytest.mark.parametrize("command", [["unlock"], ["user", "unlock"]])
def test_the_unlock_command_lifts_an_account_lock(client, city, command):
    fail(client, "city", 5, address="198.51.100.7")
    out = StringIO()
    call_command(*command, "city", stdout=out)
    assert out.getvalue() == "已解除账号 city 的锁定（清除 1 条失败记录）\n"
    assert sign_in(client, "city", address="203.0.113.9").status_code == 302
    assert list(AuditEntry.objects.filter(kind="unlock").values_list("username", "actor_username")) == [
        ("city", "")
    ]


def test_the_unlock_command_lifts_an_address_lock(client, city, butler):
    for username in ["a", "b", "c", "d", "e"]:
        sign_in(client, username, "guess", address="198.51.100.7")
    out = StringIO()
    call_command("user", "unlock", "--address", "198.51.100.7", stdout=out)
    assert out.getvalue() == "已解除地址 198.51.100.7 的锁定（清除 5 条失败记录）\n"
    assert sign_in(client, "butler", address="198.51.100.7").status_code == 302


def test_the_unlock_command_without_a_name_says_what_it_needs():
    from django.core.management import CommandError

    with pytest.raises(CommandError) as refused:
        call_command("user", "unlock")
    assert str(refused.value) == "用户名：请给出要解除锁定的用户名或 --address IP 地址"
