"""Sessions: idle timeout and absolute lifetime (the clock is moved by rewriting the session's own times),
one's other sessions listed and ended, and a disabled user's sessions and tokens ended at once."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from rainforest.accounts.models import AuditEntry, UserSession
from rainforest.accounts.sessions import SEEN_KEY, STARTED_KEY
from rainforest.accounts.tests.conftest import security, sign_in
from rainforest.core.services import api_token_create

pytestmark = pytest.mark.django_db


def move_clock_back(client, *, seen_minutes: float = 0, started_minutes: float = 0) -> None:
    """Make the session look as if the user was last seen, and signed in, that many minutes earlier."""
    session = client.session
    session[SEEN_KEY] = session[SEEN_KEY] - seen_minutes * 60
    session[STARTED_KEY] = session[STARTED_KEY] - started_minutes * 60
    session.save()


def test_a_session_idle_for_more_than_thirty_minutes_ends(client, city):
    sign_in(client, "city")
    move_clock_back(client, seen_minutes=31, started_minutes=31)
    response = client.get(reverse("home"))
    assert (response.status_code, response.url) == (302, reverse("login") + "?next=/")
    assert "_auth_user_id" not in client.session
    assert list(AuditEntry.objects.filter(kind="session_expired").values_list("username", "detail")) == [
        ("city", "空闲超时")
    ]
    assert UserSession.objects.filter(user=city).count() == 0


def test_a_session_idle_for_twenty_nine_minutes_goes_on(client, city):
    sign_in(client, "city")
    move_clock_back(client, seen_minutes=29, started_minutes=29)
    assert client.get(reverse("home")).status_code == 200
    move_clock_back(client, seen_minutes=29)  # each request counts as activity
    assert client.get(reverse("home")).status_code == 200


def test_the_idle_timeout_is_a_setting(client, city):
    with security(SESSION_IDLE_MINUTES=5):
        sign_in(client, "city")
        move_clock_back(client, seen_minutes=6, started_minutes=6)
        assert client.get(reverse("home")).status_code == 302


def test_an_active_session_ends_at_its_absolute_lifetime(client, city):
    with security(SESSION_ABSOLUTE_HOURS=8):
        sign_in(client, "city")
        move_clock_back(client, started_minutes=8 * 60 + 1)
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert list(AuditEntry.objects.filter(kind="session_expired").values_list("detail", flat=True)) == [
            "超过会话最长时间"
        ]


def test_a_user_sees_their_sessions_and_ends_another(city):
    laptop, phone = Client(HTTP_USER_AGENT="Laptop browser"), Client(HTTP_USER_AGENT="Phone browser")
    sign_in(laptop, "city", address="198.51.100.7")
    sign_in(phone, "city", address="203.0.113.9")
    page = laptop.get(reverse("accounts:sessions")).content.decode()
    assert "Phone browser" in page and "203.0.113.9" in page and "当前会话" in page
    other = UserSession.objects.get(user=city, user_agent="Phone browser")
    laptop.post(reverse("accounts:sessions"), {"session": other.pk}, REMOTE_ADDR="198.51.100.7")
    assert phone.get(reverse("home")).status_code == 302
    assert laptop.get(reverse("home")).status_code == 200
    assert list(UserSession.objects.filter(user=city).values_list("user_agent", flat=True)) == [
        "Laptop browser"
    ]
    assert list(AuditEntry.objects.filter(kind="session_ended").values_list("username", "ip_address")) == [
        ("city", "198.51.100.7")
    ]


def test_a_user_cannot_end_someone_elses_session(city, butler):
    mine, theirs = Client(), Client()
    sign_in(mine, "city")
    sign_in(theirs, "butler")
    row = UserSession.objects.get(user=butler)
    mine.post(reverse("accounts:sessions"), {"session": row.pk})
    assert theirs.get(reverse("home")).status_code == 200
    assert UserSession.objects.filter(pk=row.pk).exists()


def test_a_user_ends_all_their_other_sessions(city):
    first, second, third = Client(), Client(), Client()
    for client in (first, second, third):
        sign_in(client, "city")
    first.post(reverse("accounts:sessions"), {"end": "others"})
    assert [c.get(reverse("home")).status_code for c in (first, second, third)] == [200, 302, 302]


def test_disabling_a_user_ends_their_sessions_and_tokens_at_once(client, city):
    sign_in(client, "city")
    _token, secret = api_token_create(user=city, name="script")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert (client.get(reverse("home")).status_code, api.get("/api/v1/enterprises").status_code) == (200, 200)
    city.is_active = False
    city.save()
    assert client.get(reverse("home")).status_code == 302
    assert api.get("/api/v1/enterprises").status_code == 401


def test_the_session_store_holds_no_session_of_an_ended_row(city):
    client = Client()
    sign_in(client, "city")
    key = client.session.session_key
    client.post(reverse("logout"))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert (store().exists(key), UserSession.objects.filter(session_key=key).exists()) == (False, False)
