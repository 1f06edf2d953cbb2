"""The second factor: required for the roles the setting lists, enrolled at the first login with a QR code,
verified at every login with a real TOTP code, recovery codes that work once, and off when the setting says."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rainforest.accounts.models import AuditEntry
from rainforest.accounts.tests.conftest import security, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]


def code_of(device: TOTPDevice, offset: int = 0) -> str:
    """The code the user's authenticator shows now (RFC 6238, as the phone computes it)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return str(value).zfill(device.digits)


def enrol(client, user) -> list[str]:
    client.get(reverse("accounts:two_factor_enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two_factor_enrol"), {"code": code_of(device)})
    return re.findall(r"<li><code>([0-9a-f-]+)</code></li>", response.content.decode())


@pytest.mark.parametrize(
    ("who", "held"),
    [("city", True), ("admin", True), ("district_yuci", False), ("butler", False), ("owner", False)],
)
def test_the_roles_the_setting_lists_must_enrol_at_first_login(client, request, who, held):
    user = request.getfixturevalue(who)
    sign_in(client, user.username)
    response = client.get(reverse("enterprises:list"))
    if held:
        assert (response.status_code, response.url) == (
            302,
            reverse("accounts:two_factor_enrol") + "?next=%2Fenterprises%2F",
        )
    else:
        assert response.status_code == 200


def test_the_setting_chooses_the_roles(client, district_yuci):
    with security(TWO_FACTOR_ENABLED=True, TWO_FACTOR_ROLES=["district_officer"]):
        sign_in(client, "district-yuci")
        assert client.get(reverse("home")).url == reverse("accounts:two_factor_enrol") + "?next=%2F"


def test_the_setting_turns_the_second_factor_off_for_the_demo(client, city):
    with security(TWO_FACTOR_ENABLED=False):
        sign_in(client, "city")
        assert client.get(reverse("home")).status_code == 200


def test_the_enrolment_page_shows_the_otpauth_address_and_a_qr_code(client, city):
    sign_in(client, "city")
    page = client.get(reverse("accounts:two_factor_enrol")).content.decode()
    device = TOTPDevice.objects.get(user=city, confirmed=False)
    assert device.config_url.startswith("otpauth://totp/")
    assert f'<code class="otpauth-uri">{device.config_url.replace("&", "&amp;")}</code>' in page
    assert '<svg width="240" height="240" version="1.1" viewBox="0 0 ' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_enrolment_with_the_authenticators_code_opens_the_way_and_shows_ten_recovery_codes(client, city):
    sign_in(client, "city")
    codes = enrol(client, city)
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.filter(user=city, confirmed=True).count() == 1
    assert client.get(reverse("enterprises:list")).status_code == 200
    assert list(AuditEntry.objects.filter(kind="two_factor_enrol").values_list("username", "outcome")) == [
        ("city", "success")
    ]


def test_a_wrong_enrolment_code_enrols_nothing(client, city):
    sign_in(client, "city")
    client.get(reverse("accounts:two_factor_enrol"))
    device = TOTPDevice.objects.get(user=city, confirmed=False)
    wrong = str((int(code_of(device)) + 1) % 1_000_000).zfill(6)
    response = client.post(reverse("accounts:two_factor_enrol"), {"code": wrong})
    assert "验证码不正确" in response.content.decode()
    assert TOTPDevice.objects.filter(user=city, confirmed=True).count() == 0
    assert client.get(reverse("home")).status_code == 302
    assert list(AuditEntry.objects.filter(kind="two_factor_enrol").values_list("outcome", flat=True)) == [
        "failure"
    ]


def test_every_later_login_asks_for_a_code(client, city):
    sign_in(client, "city")
    enrol(client, city)
    client.post(reverse("logout"))
    sign_in(client, "city")
    assert client.get(reverse("home")).url == reverse("accounts:two_factor_verify") + "?next=%2F"
    device = TOTPDevice.objects.get(user=city, confirmed=True)
    # The code used at enrolment cannot be replayed: the next time step's code is the one that works.
    device.last_t = -1
    device.save()
    response = client.post(
        reverse("accounts:two_factor_verify") + "?next=/enterprises/", {"code": code_of(device)}
    )
    assert response.url == "/enterprises/"
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_and_audited(client, city):
    sign_in(client, "city")
    enrol(client, city)
    client.post(reverse("logout"))
    sign_in(client, "city")
    response = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    assert list(AuditEntry.objects.filter(kind="two_factor_verify").values_list("outcome", flat=True)) == [
        "failure"
    ]


def test_a_recovery_code_works_once(client, city):
    sign_in(client, "city")
    codes = enrol(client, city)
    client.post(reverse("logout"))
    sign_in(client, "city")
    assert client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert StaticToken.objects.filter(device__user=city).count() == 9
    client.post(reverse("logout"))
    sign_in(client, "city")
    again = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert "验证码不正确" in again.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, city):
    sign_in(client, "city")
    old = enrol(client, city)
    assert "原有的恢复码全部失效" in client.get(reverse("accounts:recovery_codes")).content.decode()
    response = client.post(reverse("accounts:recovery_codes"))
    new = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", response.content.decode())
    assert (len(new), set(new) & set(old)) == (10, set())
    assert sorted(StaticToken.objects.filter(device__user=city).values_list("token", flat=True)) == sorted(
        new
    )


def test_recovery_codes_are_not_renewed_before_the_second_factor(client, city):
    sign_in(client, "city")
    response = client.post(reverse("accounts:recovery_codes"))
    assert "才能重新生成恢复码" in response.content.decode()
    assert StaticToken.objects.filter(device__user=city).count() == 0


def test_the_session_api_is_closed_until_the_second_factor(client, city):
    sign_in(client, "city")
    response = client.get("/api/v1/enterprises")
    assert (response.status_code, response.json()) == (403, {"detail": "请先在网页上完成登录验证"})


def test_the_production_default_requires_the_second_factor_of_administrators_and_city_officers():
    import importlib
    import os

    import rainforest.settings as settings_module

    previous = os.environ.pop("TWO_FACTOR_ENABLED", None)
    try:
        fresh = importlib.reload(settings_module)
        assert fresh.RAINFOREST_SECURITY["TWO_FACTOR_ENABLED"] is True
        assert fresh.RAINFOREST_SECURITY["TWO_FACTOR_ROLES"] == [
            "system_admin",
            "city_officer",
            "security_admin",
            "audit_admin",
        ]
    finally:
        if previous is not None:
            os.environ["TWO_FACTOR_ENABLED"] = previous
        importlib.reload(settings_module)
