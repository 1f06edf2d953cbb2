"""`rainforest calls panel --call CODE [--seed N] --json`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.reviews.models import Conflict, PanelMember
from rainforest.reviews.tests.factories import CallFactory, ExpertFactory, pool, under_review

pytestmark = pytest.mark.django_db


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("calls", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_draws_the_panel_and_prints_it_as_json_then_shows_the_same_one():
    call = CallFactory(code="cli-call")
    firm = EnterpriseFactory(name="命令行企业")
    under_review(call, firm)
    experts = pool(technical=6, financial=2)
    conflicted = ExpertFactory(name="回避者")
    Conflict.objects.create(expert=conflicted, enterprise=firm, grounds="顾问")
    body = _run("panel", "--call", "cli-call", "--seed", "4", "--json")
    assert body["call"] == "cli-call"
    assert len(body["experts"]) == 5
    assert set(body["experts"][0]) == {"id", "organisation", "technical", "financial"}
    assert {e["id"] for e in body["experts"]} <= {e.pk for e in experts}
    assert body["excluded"] == [{"id": conflicted.pk, "reason": "conflict"}]
    assert _run("panel", "--call", "cli-call", "--seed", "9", "--json") == body
    assert PanelMember.objects.count() == 5


def test_an_unknown_call_or_a_pool_too_small_exits_with_a_message():
    with pytest.raises(CommandError, match="没有编号为“nope”的申报通知") as unknown:
        call_command("calls", "panel", "--call", "nope", "--json")
    assert unknown.value.returncode == 1
    call = CallFactory(code="cli-small")
    under_review(call, EnterpriseFactory(name="小库企业"))
    pool(technical=2, financial=1)
    with pytest.raises(CommandError, match="专家库不足以组成评审专家组"):
        call_command("calls", "panel", "--call", "cli-small", "--json")
    assert PanelMember.objects.count() == 0
