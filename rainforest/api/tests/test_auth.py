"""Who may call the API: bearer tokens (good, wrong, revoked, expired, of an inactive user), the browser
session with its CSRF token, and what /me says about the caller."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rainforest.core.models import ApiToken
from rainforest.core.services import api_token_create, api_token_revoke

ME = "/api/v1/me"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_good_token_authenticates_its_user(city, client):
    _, secret = api_token_create(user=city)
    response = client.get(ME, headers=bearer(secret))
    assert (response.status_code, response.json()["username"]) == (200, "city")


def test_only_the_digest_of_a_token_is_stored(city):
    row, secret = api_token_create(user=city, name="脚本")
    stored = ApiToken.objects.get(pk=row.pk)
    assert stored.digest == ApiToken.digest_of(secret)
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert (stored.prefix, len(stored.digest)) == (secret[3:11], 64)


@pytest.mark.parametrize(
    "header",
    ["Bearer rf_not-a-token", "Bearer ", "Token {secret}", "Basic {secret}", "{secret}"],
)
def test_a_wrong_or_malformed_token_gets_401(header, city, client):
    _, secret = api_token_create(user=city)
    response = client.get(ME, headers={"Authorization": header.format(secret=secret)})
    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})


def test_no_credentials_get_401(client, db):
    assert client.get(ME).status_code == 401


def test_a_revoked_token_gets_401(city, client):
    row, secret = api_token_create(user=city)
    assert client.get(ME, headers=bearer(secret)).status_code == 200
    api_token_revoke(prefix=row.prefix)
    assert client.get(ME, headers=bearer(secret)).status_code == 401


def test_an_expired_token_gets_401(city, client):
    row, secret = api_token_create(user=city, days=1)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(ME, headers=bearer(secret)).status_code == 401


def test_a_token_within_its_days_works(city, client):
    row, secret = api_token_create(user=city, days=30)
    assert row.expires_at is not None
    assert timedelta(days=29, hours=23) < row.expires_at - timezone.now() <= timedelta(days=30)
    assert client.get(ME, headers=bearer(secret)).status_code == 200


def test_the_token_of_a_deactivated_user_gets_401(city, client):
    _, secret = api_token_create(user=city)
    city.is_active = False
    city.save()
    assert client.get(ME, headers=bearer(secret)).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(city, client):
    row, secret = api_token_create(user=city)
    assert row.last_used_at is None
    client.get(ME, headers=bearer(secret))
    first = ApiToken.objects.get(pk=row.pk).last_used_at
    assert first is not None
    client.get(ME, headers=bearer(secret))
    assert ApiToken.objects.get(pk=row.pk).last_used_at == first
    two_minutes_ago = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=two_minutes_ago)
    client.get(ME, headers=bearer(secret))
    assert ApiToken.objects.get(pk=row.pk).last_used_at > two_minutes_ago


def test_a_read_costs_no_write_within_the_minute(city, client, django_assert_num_queries):
    _, secret = api_token_create(user=city)
    client.get(ME, headers=bearer(secret))
    with django_assert_num_queries(1):  # the token with its user and organisation, in one query
        client.get(ME, headers=bearer(secret))


# --- The browser session --------------------------------------------------------------------------------


def test_a_logged_in_browser_calls_the_api_with_its_session(city, client):
    client.force_login(city)
    assert client.get(ME).json()["username"] == "city"


def test_a_session_write_without_the_csrf_token_is_refused(city, db):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(city)
    response = browser.post("/api/v1/enterprises", "{}", content_type="application/json")
    assert response.status_code == 403


def test_a_session_write_with_the_csrf_token_is_let_through(city, db):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(city)
    token = "pageCsrfSecret0123456789abcdefgh"  # 32 characters, as a page's csrftoken cookie holds
    browser.cookies["csrftoken"] = token
    response = browser.post(
        "/api/v1/enterprises", "{}", content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 422  # past authentication and CSRF, refused only for its empty body


def test_a_bearer_token_needs_no_csrf_token(city, db):
    _, secret = api_token_create(user=city)
    script = Client(enforce_csrf_checks=True)
    response = script.post(
        "/api/v1/enterprises", "{}", content_type="application/json", headers=bearer(secret)
    )
    assert response.status_code == 422


def test_the_openapi_document_is_published(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/enterprises",
        "/api/v1/enterprises/{credit_code}",
        "/api/v1/enterprises/{credit_code}/history",
        "/api/v1/enterprises/{credit_code}/figures",
        "/api/v1/enterprises/{credit_code}/certificates",
        "/api/v1/forest",
        "/api/v1/forest/flows",
        "/api/v1/me",
    } <= set(paths)
    assert client.get("/api/v1/docs").status_code == 200


# --- /me, for every role ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("city", ("city_officer", "晋中市科技局", "city", None, "")),
        ("admin", ("system_admin", "晋中市科技局", "city", None, "")),
        (
            "district_yuci",
            ("district_officer", "榆次区科技局", "district", {"code": "140702", "name": "榆次区"}, ""),
        ),
        ("butler", ("butler", "晋中市科技局", "assigned", None, "")),
        ("owner", ("enterprise_user", "晋中自有科技有限公司", "own", None, "OWN")),
        ("university", ("university_user", "山西农业大学", "own", None, "")),
        ("bank", ("bank_user", "晋中银行", "own", None, "")),
        ("outsider", ("enterprise_user", None, "nothing", None, "")),
    ],
)
def test_me_tells_the_role_organisation_and_scope(role, expected, request, api):
    user = request.getfixturevalue(role)
    me = api(user, "GET", ME).json()
    code, organisation, reach, district, credit_code = expected
    if credit_code == "OWN":
        credit_code = request.getfixturevalue("own_firm").credit_code
    assert me["username"] == user.username
    assert me["role"]["code"] == code
    assert (me["organisation"] or {}).get("name") == organisation
    assert me["scope"] == {
        "reach": reach,
        "district": district,
        "development_zone": None,
        "credit_code": credit_code,
    }
    assert me["sees_personal_data"] is user.sees_personal_data


def test_me_labels_the_role_in_chinese(city, api):
    me = api(city, "GET", ME).json()
    assert me["role"] == {"code": "city_officer", "label": "市局工作人员"}
    assert me["organisation"] == {
        "name": "晋中市科技局",
        "kind": {"code": "city_bureau", "label": "市科技局"},
    }
