"""The demo deletes only what it made (issue 6 item 5), and everything it makes has a creation row in the
change log, attributed to the demo (issue 6 item 7)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rainforest.core.models import User
from rainforest.demo.builder import build_demo
from rainforest.demo.history import tracked_models
from rainforest.demo.models import DemoBuild
from rainforest.demo.wipe import DEMO_REASON
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.selectors import enterprise_change_log
from rainforest.enterprises.services import enterprise_update
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.incubator.models import Park, Team, Tenancy

pytestmark = pytest.mark.django_db

TINY = 150
ROOT = Path(__file__).resolve().parents[3]


def hand_made_certificate(enterprise: Enterprise) -> Certificate:
    certificate = Certificate(
        enterprise=enterprise,
        kind=CertificateKind.HNTE,
        issued_on=date(2025, 1, 5),
        expires_on=date(2028, 1, 5),
        number="GR202514999999",
    )
    certificate.save()  # through the model: simple-history writes its creation row
    return certificate


def test_a_rebuild_refuses_when_records_were_entered_by_hand_after_the_demo_and_changes_nothing():
    build_demo(seed=7, scale="tiny", size=TINY)
    own = EnterpriseFactory(name="晋中真实科技有限公司")
    demo_firm = Enterprise.objects.exclude(pk=own.pk).order_by("pk").first()
    hand_made_certificate(demo_firm)
    before = (Enterprise.objects.count(), Certificate.objects.count(), list(DemoBuild.objects.values("pk")))

    with pytest.raises(CommandError) as refused:
        call_command("demo", "--size", str(TINY), "--seed", "8", "--no-serve", stdout=StringIO())

    message = str(refused.value)
    assert "企业 1 条：加 --force 时保留" in message
    assert "资质证书 1 条：挂在演示记录下，加 --force 时随演示记录一起删除" in message
    assert "--force" in message.splitlines()[-1]
    assert (
        Enterprise.objects.count(),
        Certificate.objects.count(),
        list(DemoBuild.objects.values("pk")),
    ) == before


def test_force_deletes_only_what_the_demo_made_and_what_hangs_off_it():
    build_demo(seed=7, scale="tiny", size=TINY)
    own = EnterpriseFactory(name="晋中真实科技有限公司")
    own_history = list(own.history.values_list("history_id", flat=True))
    demo_firm = Enterprise.objects.exclude(pk=own.pk).order_by("pk").first()
    hand_made_certificate(demo_firm)
    out = StringIO()

    call_command("demo", "--size", str(TINY), "--seed", "7", "--no-serve", "--force", stdout=out)

    assert "--force：保留非演示记录：企业 1 条；随演示记录删除：资质证书 1 条" in out.getvalue()
    assert Enterprise.objects.filter(pk=own.pk, name="晋中真实科技有限公司").count() == 1
    assert list(own.history.values_list("history_id", flat=True)) == own_history
    assert Certificate.objects.filter(number="GR202514999999").count() == 0
    assert Enterprise.objects.count() == TINY + 1
    # The kept firm stays someone else's: the next rebuild refuses again.
    with pytest.raises(CommandError, match="企业 1 条：加 --force 时保留"):
        call_command("demo", "--size", str(TINY), "--seed", "7", "--no-serve", stdout=StringIO())


def test_a_database_built_by_an_older_demo_is_rebuilt_without_force():
    """An older demo wrote its rows without creation rows (bulk) or with an empty one (the park): they are
    the demo's, so `make demo` on such a database rebuilds it."""
    build_demo(seed=7, scale="tiny", size=TINY)
    for model in (Enterprise, YearlyFigures, Certificate, Team, Tenancy):
        model.history.filter(history_change_reason=DEMO_REASON).delete()
    # The later areas did not exist then: their records stand for rows an older demo wrote in bulk, with no
    # change log at all.
    for model in tracked_models():
        if model not in (Enterprise, YearlyFigures, Certificate, Team, Tenancy, Park):
            model.history.all().delete()  # type: ignore[attr-defined]
    Park.history.filter(history_change_reason=DEMO_REASON).update(history_change_reason=None)

    call_command("demo", "--size", str(TINY), "--seed", "7", "--no-serve", stdout=StringIO())

    assert (Enterprise.objects.count(), Park.objects.count()) == (TINY, 1)


def test_the_first_edit_of_a_demo_firm_keeps_the_old_value_in_its_change_log():
    build_demo(seed=7, scale="tiny", size=TINY)
    firm = Enterprise.objects.order_by("pk").first()
    old_name = firm.name
    city = User.objects.get(username="city")

    enterprise_update(enterprise=firm, user=city, name="晋中改名科技有限公司")

    log = enterprise_change_log(firm, viewer=city)
    edit = log[0]
    assert ("企业名称", old_name, "晋中改名科技有限公司") in edit.changes
    created = firm.history.earliest("history_date")
    assert (created.history_type, created.name, created.history_change_reason, created.history_user_id) == (
        "+",
        old_name,
        DEMO_REASON,
        None,
    )


def test_every_demo_record_that_keeps_a_change_log_has_its_creation_row():
    build_demo(seed=7, scale="tiny", size=TINY)

    for model in (Enterprise, YearlyFigures, Certificate, Team, Tenancy, Park):
        creations = model.history.filter(history_type="+", history_change_reason=DEMO_REASON)
        assert creations.count() == model.objects.count() > 0, model.__name__


def _run(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": database, "RAINFOREST_TESTING": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


HAND_MADE = (
    "from datetime import date; from rainforest.core.models import IndustrySection, Region; "
    "from rainforest.enterprises.models import Enterprise; "
    "Enterprise(credit_code='91140702MA0L0R0XXY', name='晋中真实科技有限公司', "
    "district=Region.objects.get(code='140702'), industry=IndustrySection.objects.first(), "
    "founded_on=date(2020, 1, 1)).save()"
)
COUNT = "from rainforest.enterprises.models import Enterprise; print(Enterprise.objects.count())"


def test_the_command_migrates_a_new_database_and_refuses_with_exit_status_1_after_a_hand_entry(tmp_path):
    database = f"sqlite:///{tmp_path / 'new.sqlite3'}"

    built = _run(database, "demo", "--size", "20", "--no-serve")
    assert built.returncode == 0, built.stderr
    assert "数据库尚未迁移到最新版本，先执行迁移" in built.stdout
    assert "Traceback" not in built.stderr
    assert _run(database, "shell", "-c", HAND_MADE).returncode == 0

    refused = _run(database, "demo", "--size", "20", "--no-serve")

    assert refused.returncode == 1
    assert "企业 1 条：加 --force 时保留" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _run(database, "shell", "-c", COUNT).stdout.strip().splitlines()[-1] == "21"


def test_the_demo_never_takes_over_an_account_of_its_usernames_that_it_did_not_make(monkeypatch):
    # the first administrator, created from the command line before anyone ran the demo
    monkeypatch.setattr("sys.stdin", StringIO("Jz-Admin-2025!x\n"))
    call_command("user", "create", "admin", "--role", "system_admin", "--password-stdin", stdout=StringIO())
    admin = User.objects.get(username="admin")
    password, role = admin.password, admin.role

    with pytest.raises(CommandError) as refused:
        call_command("demo", "--size", str(TINY), "--seed", "7", "--no-serve", stdout=StringIO())
    assert "用户 admin：与演示账号同名但不是演示生成的" in str(refused.value)
    assert (Enterprise.objects.count(), User.objects.count()) == (0, 1)

    out = StringIO()
    call_command("demo", "--size", str(TINY), "--seed", "7", "--no-serve", "--force", stdout=out)
    assert "原样保留同名的非演示用户：admin" in out.getvalue()
    admin.refresh_from_db()
    assert (admin.password, admin.role, admin.check_password("Jz-Admin-2025!x")) == (password, role, True)
    assert not admin.check_password("rainforest-admin-2025")
    assert "rainforest-admin-2025" not in out.getvalue()
    assert User.objects.get(username="city").check_password("rainforest-city-2025")

    # the next rebuild knows the demo's own accounts by their change log and still keeps the administrator
    out = StringIO()
    call_command("demo", "--size", str(TINY), "--seed", "7", "--no-serve", "--force", stdout=out)
    assert "原样保留同名的非演示用户：admin" in out.getvalue()
    assert User.objects.get(username="admin").check_password("Jz-Admin-2025!x")


def test_the_users_of_an_older_demo_that_wrote_no_reason_are_still_the_demos():
    build_demo(seed=7, scale="tiny", size=TINY)
    User.history.filter(history_change_reason=DEMO_REASON).update(history_change_reason=None)
    User.objects.filter(username="city").update(password="")  # a rebuild sets the demo password again

    call_command("demo", "--size", str(TINY), "--seed", "7", "--no-serve", stdout=StringIO())

    assert User.objects.get(username="city").check_password("rainforest-city-2025")
