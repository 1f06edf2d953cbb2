"""The security audit (安全审计): who, when, from which address, what and with which outcome; entries nobody
can change or delete; the client address behind a proxy only when the proxy is trusted; a page with filters
and an Excel export for the security and audit administrators only (三员分立)."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO, StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from rainforest.accounts.addresses import client_address
from rainforest.accounts.models import AuditEntry, AuditEntryImmutable
from rainforest.accounts.services import audit_record
from rainforest.accounts.tests.conftest import security, sign_in

pytestmark = pytest.mark.django_db


# --- immutability ----------------------------------------------------------------------------------------


def test_an_entry_cannot_be_saved_again(city):
    entry = audit_record(kind="login", user=city)
    entry.detail = "edited"
    with pytest.raises(AuditEntryImmutable):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_an_entry_cannot_be_deleted(city):
    entry = audit_record(kind="login", user=city)
    with pytest.raises(AuditEntryImmutable):
        entry.delete()
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(outcome="failure")
    assert AuditEntry.objects.filter(pk=entry.pk, outcome="success").count() == 1


def test_the_database_refuses_to_change_an_entry(city):
    entry = audit_record(kind="login", user=city)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditentry SET outcome = 'failure' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).outcome == "success"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's flush deletes rows: only PostgreSQL refuses"
)
def test_postgresql_refuses_to_delete_an_entry(city):
    entry = audit_record(kind="login", user=city)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).count() == 1


def test_no_route_edits_or_deletes_entries():
    from django.urls import get_resolver

    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    audit_routes = sorted(
        name for name in get_resolver("rainforest.accounts.urls").reverse_dict if isinstance(name, str)
    )
    assert audit_routes == [
        "audit",
        "audit_export",
        "locks",
        "password_change",
        "password_reset",
        "password_reset_complete",
        "password_reset_confirm",
        "password_reset_done",
        "recovery_codes",
        "sessions",
        "two_factor_enrol",
        "two_factor_verify",
    ]
    assert "login" in names


# --- the client address ---------------------------------------------------------------------------------


def request_from(peer: str, forwarded: str | None = None):
    extra: dict[str, Any] = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_forwarded_header_is_ignored():
    with security(BEHIND_PROXY=False):
        assert client_address(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_behind_a_proxy_the_last_hop_the_proxy_wrote_is_the_client():
    with security(BEHIND_PROXY=True, TRUSTED_PROXIES=[]):
        # The client forged "1.2.3.4"; our proxy appended the address it saw.
        assert client_address(request_from("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_behind_a_chain_of_trusted_proxies_their_hops_are_skipped():
    with security(BEHIND_PROXY=True, TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert client_address(request_from("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.1.2.3")) == "198.51.100.7"


def test_behind_a_proxy_a_malformed_header_leaves_the_peer():
    with security(BEHIND_PROXY=True, TRUSTED_PROXIES=[]):
        assert client_address(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"
        assert client_address(request_from("10.0.0.2")) == "10.0.0.2"


def test_a_failed_login_behind_the_proxy_records_the_client_not_the_proxy(client, city):
    with security(BEHIND_PROXY=True, TRUSTED_PROXIES=[]):
        sign_in(client, "city", "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    with security(BEHIND_PROXY=False):
        sign_in(client, "city", "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert list(AuditEntry.objects.order_by("pk").values_list("kind", "ip_address")) == [
        ("login_failed", "198.51.100.7"),
        ("login_failed", "10.0.0.2"),
    ]


# --- what is recorded -------------------------------------------------------------------------------------


def test_token_create_and_revoke_are_recorded(city):
    out = StringIO()
    call_command("token", "create", "--user", "city", stdout=out)
    secret = out.getvalue().strip()
    call_command("token", "revoke", secret, stdout=StringIO())
    rows = list(AuditEntry.objects.order_by("pk").values_list("kind", "username", "detail"))
    prefix = secret[3:11]
    assert rows == [
        ("token_create", "city", f"令牌 rf_{prefix}…（命令行）"),
        ("token_revoke", "city", f"令牌 rf_{prefix}…（命令行）"),
    ]


def test_an_entry_names_user_actor_address_device_and_outcome(admin, city):
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Firefox")
    entry = audit_record(
        kind="role_change", user=city, actor=admin, request=request, detail="district → city"
    )
    assert (
        entry.kind,
        entry.outcome,
        entry.username,
        entry.actor_username,
        entry.ip_address,
        entry.user_agent,
        entry.detail,
    ) == ("role_change", "success", "city", "admin", "198.51.100.7", "Firefox", "district → city")


def test_an_unknown_kind_is_refused(city):
    with pytest.raises(ValueError):
        audit_record(kind="coffee", user=city)
    assert AuditEntry.objects.count() == 0


# --- the page and the export ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("security_admin", 200), ("audit_admin", 200), ("admin", 403), ("city", 403), ("district_yuci", 403)],
)
def test_only_the_security_and_audit_administrators_read_the_audit(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("accounts:audit")).status_code == status
    assert client.get(reverse("accounts:audit_export")).status_code == status


def test_the_audit_page_filters_by_user_kind_outcome_address_and_dates(client, city, butler, security_admin):
    factory = RequestFactory()
    audit_record(kind="login", user=city, request=factory.get("/", REMOTE_ADDR="198.51.100.7"))
    audit_record(
        kind="login_failed",
        user=city,
        outcome="failure",
        request=factory.get("/", REMOTE_ADDR="198.51.100.8"),
    )
    audit_record(kind="login", user=butler, request=factory.get("/", REMOTE_ADDR="198.51.100.7"))
    old = AuditEntry(
        at=timezone.now() - timedelta(days=40), kind="logout", outcome="success", username="city", user=city
    )
    old.save()
    client.force_login(security_admin)

    def shown(**filters) -> list[tuple[str, str]]:
        page = client.get(reverse("accounts:audit"), filters).context["page"]
        return [(entry.username, entry.kind) for entry in page]

    assert shown(username="city", kind="login") == [("city", "login")]
    assert shown(outcome="failure") == [("city", "login_failed")]
    assert shown(ip_address="198.51.100.7", kind="login") == [("butler", "login"), ("city", "login")]
    today = timezone.localdate()
    assert shown(username="city", until=str(today - timedelta(days=30))) == [("city", "logout")]
    assert shown(username="city", since=str(today)) == [("city", "login_failed"), ("city", "login")]


def test_a_reversed_date_range_is_refused_with_a_message(client, security_admin):
    client.force_login(security_admin)
    response = client.get(reverse("accounts:audit"), {"since": "2025-06-02", "until": "2025-06-01"})
    assert "截止日期 2025-06-01 早于起始日期 2025-06-02" in response.content.decode()


def test_the_audit_pages_through_its_entries(client, city, security_admin, settings):
    for _ in range(30):
        audit_record(kind="login", user=city)
    client.force_login(security_admin)
    settings.RAINFOREST = {**settings.RAINFOREST, "PAGE_SIZE": 25}
    first = client.get(reverse("accounts:audit"), {"username": "city"}).context["page"]
    second = client.get(reverse("accounts:audit"), {"username": "city", "page": 2}).context["page"]
    assert (len(first.object_list), len(second.object_list), first.paginator.num_pages) == (25, 5, 2)


def test_the_export_writes_the_filtered_entries_as_inert_text(client, security_admin):
    audit_record(kind="login_failed", username='=HYPERLINK("http://x")', outcome="failure")
    audit_record(kind="login", username="someone")
    client.force_login(security_admin)
    response = client.get(reverse("accounts:audit_export"), {"kind": "login_failed"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["时间", "事件", "结果", "用户名", "操作人", "IP 地址", "设备", "说明"]
    assert [row[1:6] for row in rows[1:]] == [["登录失败", "失败", '=HYPERLINK("http://x")', None, None]]
    assert sheet.cell(row=2, column=4).data_type == "s"
    assert AuditEntry.objects.filter(kind="audit_export", username="security").count() == 1
