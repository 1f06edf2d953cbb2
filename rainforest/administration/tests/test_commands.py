"""`rainforest user …` and `rainforest org …`: through call_command and through the console script."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rainforest.accounts.models import AccountState
from rainforest.cli import main
from rainforest.core.choices import OrganisationKind, Role
from rainforest.core.models import ApiToken, Organisation, User
from rainforest.core.services import api_token_create

pytestmark = pytest.mark.django_db(transaction=False)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def typed(monkeypatch):
    """What an operator pipes into the command."""

    def give(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return give


def test_the_first_administrator_is_created_from_the_console(db, typed):
    typed("Admin-Console-2025\n")
    out = run("user", "create", "admin", "--role", "system_admin", "--password-stdin")
    assert out == "已新建用户 admin（system_admin）\n"
    admin = User.objects.get(username="admin")
    assert (admin.role, admin.organisation, admin.is_active) == (Role.SYSTEM_ADMIN, None, True)
    assert admin.check_password("Admin-Console-2025")
    assert AccountState.objects.get(user=admin).must_change_password is False


def test_without_a_password_one_is_generated_shown_once_and_must_be_changed(organisations):
    organisations["yuci"].code = "jz-yuci"
    organisations["yuci"].save()
    out = run(
        "user",
        "create",
        "officer-2",
        "--role",
        "district_officer",
        "--organisation",
        "jz-yuci",
        "--email",
        "o2@example.cn",
        "--phone",
        "13900000002",
    )
    first, second = out.splitlines()
    assert first == "已新建用户 officer-2（district_officer）"
    password = second.removeprefix("临时密码（只显示这一次，首次登录须修改）：")
    user = User.objects.get(username="officer-2")
    assert user.check_password(password)
    assert (user.organisation.code, user.email, user.phone) == ("jz-yuci", "o2@example.cn", "13900000002")
    assert AccountState.objects.get(user=user).must_change_password is True


def test_an_unknown_role_exits_with_a_message_and_stores_nothing(db):
    with pytest.raises(CommandError) as refused:
        run("user", "create", "x", "--role", "mayor")
    assert str(refused.value).startswith("角色：没有编码为 mayor 的角色")
    assert not User.objects.filter(username="x").exists()


def test_an_unknown_organisation_exits_with_a_message(db):
    with pytest.raises(CommandError) as refused:
        run("user", "create", "x", "--role", "city_officer", "--organisation", "nowhere")
    assert str(refused.value) == "机构：没有编码为 nowhere 的机构"
    assert not User.objects.filter(username="x").exists()


def test_a_weak_password_on_stdin_is_refused(db, typed):
    typed("city1234\n")
    with pytest.raises(CommandError) as refused:
        run("user", "create", "city", "--role", "system_admin", "--password-stdin")
    assert str(refused.value).startswith("密码：")
    assert not User.objects.filter(username="city").exists()


def test_user_list_json_gives_the_codes_user_create_takes(city, bank, organisations):
    organisations["city"].code = "jz-kjj"
    organisations["city"].save()
    rows = json.loads(run("user", "list", "--json"))
    assert rows == [
        {
            "username": "bank",
            "role": "bank_user",
            "organisation": organisations["bank"].code,
            "active": True,
            "last_login": None,
        },
        {
            "username": "city",
            "role": "city_officer",
            "organisation": "jz-kjj",
            "active": True,
            "last_login": None,
        },
    ]


def test_user_disable_ends_tokens_at_once(city):
    api_token_create(user=city)
    assert run("user", "disable", "city") == "已停用用户 city\n"
    city.refresh_from_db()
    assert city.is_active is False
    assert ApiToken.objects.active().filter(user=city).count() == 0


def test_set_password_reads_stdin_and_keeps_the_rules(city, typed):
    typed("Another-Strong-2025\n")
    assert run("user", "set-password", "city", "--password-stdin") == "已设置用户 city 的密码\n"
    city.refresh_from_db()
    assert city.check_password("Another-Strong-2025")
    typed("short\n")
    with pytest.raises(CommandError):
        run("user", "set-password", "city", "--password-stdin")
    city.refresh_from_db()
    assert city.check_password("Another-Strong-2025")


def test_an_unknown_username_exits_with_a_message(db):
    with pytest.raises(CommandError) as refused:
        run("user", "disable", "ghost")
    assert str(refused.value) == "用户名：没有用户名为 ghost 的用户"


def test_org_create_builds_the_tree(db):
    run("org", "create", "jz-kjj", "--name", "晋中市科技局", "--kind", "city_bureau", "--region", "140700")
    out = run(
        "org",
        "create",
        "jz-taigu",
        "--name",
        "太谷区科技局",
        "--kind",
        "district_bureau",
        "--parent",
        "jz-kjj",
        "--region",
        "140703",
    )
    assert out == "已新建机构 jz-taigu（太谷区科技局）\n"
    taigu = Organisation.objects.get(code="jz-taigu")
    assert (taigu.parent.code, taigu.region.code, taigu.kind) == (
        "jz-kjj",
        "140703",
        OrganisationKind.DISTRICT_BUREAU,
    )
    rows = json.loads(run("org", "list", "--json"))
    assert [(r["code"], r["parent"], r["region"]) for r in rows] == [
        ("jz-kjj", None, "140700"),
        ("jz-taigu", "jz-kjj", "140703"),
    ]


def test_org_create_refuses_an_unknown_kind_and_parent(db):
    with pytest.raises(CommandError) as refused:
        run("org", "create", "x1", "--name", "某机构", "--kind", "ministry")
    assert str(refused.value).startswith("类型：没有编码为 ministry 的机构类型")
    with pytest.raises(CommandError) as refused:
        run("org", "create", "x1", "--name", "某机构", "--kind", "bank", "--parent", "nowhere")
    assert str(refused.value) == "机构：没有编码为 nowhere 的机构"
    assert not Organisation.objects.filter(code="x1").exists()


# --- the console script ---------------------------------------------------------------------------------


def test_the_console_script_exits_0_and_prints_the_json(city, capsys):
    main(["user", "list", "--json"])
    assert json.loads(capsys.readouterr().out)[0]["username"] == "city"


@pytest.fixture
def connection_kept(monkeypatch):
    """The console script ends as every Django command does, closing the database connections; on
    PostgreSQL that would close the test's own transaction, so the checks after it keep the connection."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_the_console_script_exits_1_with_the_message(db, connection_kept, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["user", "create", "x", "--role", "mayor"])
    assert exit_.value.code == 1
    assert "角色：没有编码为 mayor 的角色" in capsys.readouterr().err
    assert not User.objects.filter(username="x").exists()


def test_the_console_script_reads_the_password_from_stdin(db, connection_kept, typed):
    typed("Admin-Console-2025\n")
    main(["user", "create", "root", "--role", "system_admin", "--password-stdin"])
    assert User.objects.get(username="root").check_password("Admin-Console-2025")
