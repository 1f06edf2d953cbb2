"""`rainforest indicators --period P [--district CODE] --json`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from rainforest.techmarket.tests.factories import contract

pytestmark = pytest.mark.django_db


def _run(*args: str) -> list[dict[str, Any]]:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    result: list[dict[str, Any]] = json.loads(out.getvalue())
    return result


@pytest.fixture
def contracts(two_districts: dict[str, Any]) -> None:
    contract(
        seller_enterprise=two_districts["yuci"],
        registered_on=date(2025, 2, 3),
        contract_amount=Decimal("48474000"),
    )
    contract(
        seller_enterprise=two_districts["taigu"],
        signed_on=date(2024, 3, 1),
        submitted_on=date(2024, 3, 2),
        registered_on=date(2024, 3, 3),
        contract_amount=Decimal("1000000"),
    )


def test_it_prints_every_indicator_as_json_with_money_in_yuan(contracts: None) -> None:
    rows = _run("--period", "2025Q1", "--json")
    assert [set(row) for row in rows] == [
        {"code", "name", "unit", "value", "previous", "change", "rank", "previous_rank"}
    ] * 27
    turnover = next(row for row in rows if row["code"] == "contracts.turnover")
    assert (turnover["value"], turnover["previous"], turnover["change"], turnover["unit"]) == (
        48474000,
        1000000,
        4747.4,
        "元",
    )


def test_a_district_narrows_every_figure(contracts: None) -> None:
    rows = _run("--period", "2025-01..2025-03", "--district", "140703", "--json")
    count = next(row for row in rows if row["code"] == "contracts.count")
    assert (count["value"], count["previous"]) == (0, 1)


def test_a_user_computes_within_their_scope(contracts: None, district_yuci: Any) -> None:
    rows = _run("--period", "2025Q1", "--user", district_yuci.username, "--json")
    assert next(row for row in rows if row["code"] == "contracts.count")["previous"] == 0
    with pytest.raises(CommandError, match="不在您的数据范围内"):
        _run("--period", "2025Q1", "--user", district_yuci.username, "--district", "140703", "--json")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2025-03..2025-05"), "须从 1 月开始"),
        (("--period", "2025Q9"), "季度 9 无效"),
        (("--period", "2025Q1", "--district", "123456"), "123456 不存在"),
        (("--period", "2025Q1", "--district", "140700"), "不是县区代码"),
    ],
)
def test_a_bad_period_or_district_stops_with_a_message(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _run(*args, "--json")
