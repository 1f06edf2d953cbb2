"""The API's bearer tokens under the login rules: a wrong token counts as a failed login from the client
address, five lock the address (429 whatever token it sends), and a token whose account is locked is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from rainforest.accounts.models import AuditEntry
from rainforest.accounts.tests.conftest import sign_in
from rainforest.core.services import api_token_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/enterprises"


def call(token: str, address: str):
    return Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=address)


def test_four_wrong_tokens_leave_the_right_one_working(city):
    _token, secret = api_token_create(user=city)
    assert [call("rf_wrong", "198.51.100.7").status_code for _ in range(4)] == [401] * 4
    assert call(secret, "198.51.100.7").status_code == 200


def test_five_wrong_tokens_lock_the_address_even_for_the_right_token(city):
    _token, secret = api_token_create(user=city)
    statuses = [call("rf_wrong", "198.51.100.7").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    refused = call(secret, "198.51.100.7")
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "登录失败次数过多，该账号或该地址已被锁定 15 分钟。请稍后再试，或请系统管理员解除锁定。"
    }
    assert call(secret, "203.0.113.9").status_code == 200


def test_wrong_tokens_are_audited_from_their_address(city):
    call("rf_wrong", "198.51.100.7")
    assert list(AuditEntry.objects.values_list("kind", "outcome", "username", "ip_address")) == [
        ("token_failed", "failure", "", "198.51.100.7")
    ]


def test_a_token_of_a_locked_account_is_refused(client, city):
    _token, secret = api_token_create(user=city)
    for _ in range(5):
        sign_in(client, "city", "not-the-password", address="198.51.100.7")
    assert call(secret, "203.0.113.9").status_code == 429


def test_wrong_tokens_from_many_addresses_do_not_lock_other_addresses(city):
    _token, secret = api_token_create(user=city)
    for n in range(10):
        call("rf_wrong", f"198.51.100.{n + 1}")
    assert call(secret, "203.0.113.9").status_code == 200
