"""Password reset by an e-mailed link: it works once, it expires, it applies the password rules, and the
mail really leaves through SMTP (a real SMTP server, aiosmtpd, started by the test)."""

from __future__ import annotations

import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from rainforest.accounts.models import AccountState, AuditEntry
from rainforest.accounts.tests.conftest import sign_in

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def reset_link(body: str) -> str:
    found = re.search(r"http://testserver(/account/password/reset/[^/\s]+/[^/\s]+/)", body)
    assert found, body
    return found.group(1)


@pytest.fixture
def city_with_mail(city):
    city.email = "city@example.cn"
    city.save()
    return city


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_a_reset_link_sets_a_new_password_once(client, city_with_mail):
    response = client.post(reverse("accounts:password_reset"), {"email": "city@example.cn"})
    assert response.url == reverse("accounts:password_reset_done")
    assert [(m.to, m.subject) for m in mail.outbox] == [(["city@example.cn"], "雨林创新生态平台：重置密码")]
    link = reset_link(mail.outbox[0].body)

    form_url = client.get(link).url  # the token moves into the session, out of the address bar
    done = client.post(form_url, {"new_password1": "Fresh-start-2025", "new_password2": "Fresh-start-2025"})
    assert done.url == reverse("accounts:password_reset_complete")
    assert sign_in(client, "city", "Fresh-start-2025").status_code == 302

    client.post(reverse("logout"))
    again = client.get(link, follow=True)
    assert "重置链接无效：它已被使用或已过期" in again.content.decode()
    assert list(
        AuditEntry.objects.filter(kind__startswith="password_reset")
        .order_by("pk")
        .values_list("kind", "username")
    ) == [
        ("password_reset_request", "city"),
        ("password_reset", "city"),
    ]


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_a_reset_link_applies_the_password_rules(client, city_with_mail):
    client.post(reverse("accounts:password_reset"), {"email": "city@example.cn"})
    form_url = client.get(reset_link(mail.outbox[0].body)).url
    refused = client.post(form_url, {"new_password1": "city1234", "new_password2": "city1234"})
    assert refused.status_code == 200
    city_with_mail.refresh_from_db()
    assert city_with_mail.check_password("pass-1234-word")


@override_settings(EMAIL_BACKEND=LOCMEM, PASSWORD_RESET_TIMEOUT=3600)
def test_a_reset_link_expires(client, city_with_mail):
    client.post(reverse("accounts:password_reset"), {"email": "city@example.cn"})
    link = reset_link(mail.outbox[0].body)
    # Move the clock: a token made an hour and a minute ago is one the generator dates that far back.
    from django.contrib.auth.tokens import default_token_generator

    _uid, token = link.rstrip("/").split("/")[-2:]
    stale = default_token_generator._make_token_with_timestamp(
        city_with_mail,
        default_token_generator._num_seconds(default_token_generator._now()) - 3660,
        default_token_generator.secret,
    )
    assert default_token_generator.check_token(city_with_mail, token) is True
    assert default_token_generator.check_token(city_with_mail, stale) is False
    page = client.get(link.replace(token, stale), follow=True)
    assert "重置链接无效：它已被使用或已过期" in page.content.decode()


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, city_with_mail):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.cn"})
    assert (response.status_code, response.url, len(mail.outbox)) == (
        302,
        reverse("accounts:password_reset_done"),
        0,
    )


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_a_reset_clears_a_forced_change(client, city_with_mail, admin):
    from rainforest.accounts.services import password_set

    password_set(user=city_with_mail, raw="Given-by-admin-2025", by=admin, force_change=True)
    client.post(reverse("accounts:password_reset"), {"email": "city@example.cn"})
    form_url = client.get(reset_link(mail.outbox[0].body)).url
    client.post(form_url, {"new_password1": "Fresh-start-2025", "new_password2": "Fresh-start-2025"})
    assert AccountState.objects.get(user=city_with_mail).must_change_password is False


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode()))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_reset_mail_leaves_through_a_real_smtp_server(client, city_with_mail):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            DEFAULT_FROM_EMAIL="rainforest@bureau.example.cn",
        ):
            client.post(reverse("accounts:password_reset"), {"email": "city@example.cn"})
    finally:
        controller.stop()
    assert [(sender, to) for sender, to, _ in inbox.messages] == [
        ("rainforest@bureau.example.cn", ["city@example.cn"])
    ]
    assert "/account/password/reset/" in inbox.messages[0][2]


def test_reset_settings_have_an_expiry():
    from django.conf import settings

    assert settings.PASSWORD_RESET_TIMEOUT == 60 * 60
