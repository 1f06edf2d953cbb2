"""`rainforest token create|list|revoke`: the token is printed once, only its digest is stored, and a
revoked token no longer opens the API."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rainforest.core.models import ApiToken


def run(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_only_the_token_and_stores_its_digest(city):
    printed = run("create", "--user", "city", "--name", "nightly export")
    secret = printed.strip()
    assert printed == secret + "\n"
    assert secret.startswith("rf_")
    token = ApiToken.objects.get(user=city)
    assert (token.digest, token.prefix, token.name, token.expires_at) == (
        ApiToken.digest_of(secret),
        secret[3:11],
        "nightly export",
        None,
    )


@pytest.mark.urls("rainforest.api.tests.urls")
def test_the_printed_token_opens_the_api(city, client):
    secret = run("create", "--user", "city").strip()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert (response.status_code, response.json()["username"]) == (200, "city")


def test_create_with_days_sets_the_expiry(city):
    run("create", "--user", "city", "--days", "7")
    token = ApiToken.objects.get(user=city)
    assert token.expires_at is not None
    assert (token.expires_at - token.created_at).days == 7


def test_create_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="没有用户名为 nobody 的用户"):
        run("create", "--user", "nobody")
    assert ApiToken.objects.count() == 0


def test_create_refuses_zero_days(city):
    with pytest.raises(CommandError, match="有效天数须至少为 1 天，实为 0"):
        run("create", "--user", "city", "--days", "0")
    assert ApiToken.objects.count() == 0


def test_create_refuses_an_inactive_user(city):
    city.is_active = False
    city.save()
    with pytest.raises(CommandError, match="已停用"):
        run("create", "--user", "city")
    assert ApiToken.objects.count() == 0


def test_list_shows_prefix_state_and_purpose_never_the_token(city):
    secret = run("create", "--user", "city", "--name", "报表").strip()
    run("create", "--user", "city", "--name", "旧脚本")
    old = ApiToken.objects.get(name="旧脚本")
    run("revoke", old.prefix)
    lines = run("list", "--user", "city").splitlines()
    assert [line.split("\t")[:3] for line in lines] == [
        [old.prefix, "已撤销", "旧脚本"],
        [secret[3:11], "有效", "报表"],
    ]
    assert all(secret not in line for line in lines)


@pytest.mark.urls("rainforest.api.tests.urls")
def test_revoke_by_prefix_closes_the_api_to_that_token(city, client):
    secret = run("create", "--user", "city").strip()
    printed = run("revoke", secret[:11])  # as shown: rf_ and the 8-character prefix
    assert printed == f"已撤销 city 的令牌 rf_{secret[3:11]}…\n"
    assert ApiToken.objects.get(user=city).revoked_at is not None
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_revoke_refuses_an_unknown_prefix_and_changes_nothing(city):
    run("create", "--user", "city")
    with pytest.raises(CommandError, match="没有前缀为 ZZZZZZZZ 的有效令牌"):
        run("revoke", "ZZZZZZZZ")
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 0


def test_revoke_refuses_a_prefix_already_revoked(city):
    secret = run("create", "--user", "city").strip()
    run("revoke", secret)
    with pytest.raises(CommandError, match="没有前缀为"):
        run("revoke", secret)


def _with_prefix_beginning_with_a_dash(city) -> tuple[ApiToken, str]:
    """Tokens are URL-safe base64, so about one in 32 begins with "-" after its rf_ mark."""
    secret = run("create", "--user", "city").strip()
    token = ApiToken.objects.get(user=city)
    secret = "rf_-" + secret[4:]
    token.prefix, token.digest = secret[3:11], ApiToken.digest_of(secret)
    token.save()
    return token, secret


@pytest.mark.parametrize("shown", ["prefix", "rf_prefix", "printed token"])
def test_revoke_accepts_a_prefix_beginning_with_a_dash_in_every_form_it_was_shown(shown, city):
    token, secret = _with_prefix_beginning_with_a_dash(city)
    given = {"prefix": token.prefix, "rf_prefix": "rf_" + token.prefix, "printed token": secret}[shown]
    assert given.startswith("-") == (shown == "prefix")
    printed = run("revoke", given)
    assert printed == f"已撤销 city 的令牌 rf_{token.prefix}…\n"
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_revoke_accepts_a_dash_prefix_together_with_the_user(city):
    token, _secret = _with_prefix_beginning_with_a_dash(city)
    run("revoke", token.prefix, "--user", "city")
    run_again = ApiToken.objects.get(pk=token.pk)
    assert run_again.revoked_at is not None


def test_revoke_without_a_prefix_says_so_and_changes_nothing(city):
    run("create", "--user", "city")
    with pytest.raises(CommandError, match="请给出要撤销的令牌前缀"):
        run("revoke")
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 0
