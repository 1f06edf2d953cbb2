"""Contract statistics from contract records: totals, the year before and growth from totals, output vs
absorption, breakdowns, licences counted as transfers before 2026-01-23, ranks from peer figures; the page,
its export and the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from rainforest.enterprises.tests.factories import EnterpriseFactory, district
from rainforest.indicators.models import PeerFigure
from rainforest.indicators.periods import Period
from rainforest.techmarket import selectors
from rainforest.techmarket.choices import Category, Status, SubType
from rainforest.techmarket.tests.factories import contract

pytestmark = pytest.mark.django_db
Q1 = Period.parse("2025Q1")


@pytest.fixture
def world(own_firm, organisations):
    taigu = EnterpriseFactory(name="太谷公司", district=district("140703"))
    university = organisations["university"]
    university.region = district("140703")
    university.save()
    day = date(2025, 2, 10)
    contract(
        seller_enterprise=own_firm,
        contract_amount=Decimal("10000000"),
        tech_transaction_amount=Decimal("9000000"),
        registered_on=day,
    )
    contract(
        seller_organisation=university,
        buyer_enterprise=own_firm,
        contract_amount=Decimal("2000000"),
        tech_transaction_amount=Decimal("1000000"),
        registered_on=date(2025, 3, 31),
        category=Category.LICENSING,
        sub_type=SubType.PATENT_LICENCE,
        field="new_materials",
    )
    contract(
        seller_enterprise=taigu,
        contract_amount=Decimal("500000"),
        tech_transaction_amount=Decimal("500000"),
        registered_on=date(2025, 4, 1),
    )  # Q2: not counted
    contract(
        seller_enterprise=taigu,
        contract_amount=Decimal("3000000"),
        tech_transaction_amount=Decimal("100"),
        registered_on=date(2024, 1, 5),
        signed_on=date(2024, 1, 2),
    )
    contract(
        registered=False,
        seller_enterprise=own_firm,
        status=Status.SUBMITTED,
        contract_amount=Decimal("99000000"),
        tech_transaction_amount=Decimal(0),
    )  # not registered
    contract(
        contract_amount=Decimal("7000000"), tech_transaction_amount=Decimal(1), registered_on=day
    )  # outside parties only: neither output nor absorption
    return {"taigu": taigu, "university": university}


def test_city_totals_growth_and_absorption(world):
    stats = selectors.contract_statistics(period=Q1)
    assert stats.output.current.count == 2
    assert stats.output.current.contract_amount == Decimal("12000000")
    assert stats.output.current.tech_transaction_amount == Decimal("10000000")
    assert stats.output.previous.count == 1 and stats.output.previous.contract_amount == Decimal("3000000")
    assert stats.output.amount_growth == Decimal(3)  # 1,200 ÷ 300 − 1, from totals
    assert stats.output.extreme
    assert stats.absorption.current.count == 1  # the university's sale to our firm
    assert stats.absorption.previous.count == 0 and stats.absorption.amount_growth is None


def test_breakdowns_and_licences_as_transfers(world, settings):
    stats = selectors.contract_statistics(period=Q1)
    categories = {line.key: line.current.count for line in stats.by_category}
    assert categories["transfer"] == 1 and categories["licensing"] == 0
    assert {line.key: line.current.count for line in stats.by_seller_class}["university"] == 1
    assert {line.key: line.current.count for line in stats.by_field}["new_materials"] == 1
    districts = {line.key: line.current.count for line in stats.by_district}
    assert districts["140702"] == 1 and districts["140703"] == 1
    settings.RAINFOREST_LICENSING_AS_TRANSFER_UNTIL = None
    categories = {
        line.key: line.current.count for line in selectors.contract_statistics(period=Q1).by_category
    }
    assert categories["licensing"] == 1 and categories["transfer"] == 0


def test_a_district_counts_its_own(world):
    stats = selectors.contract_statistics(period=Q1, district=district("140702"))
    assert stats.output.current.count == 1 and stats.output.current.contract_amount == Decimal("10000000")
    assert stats.absorption.current.count == 1
    assert stats.rank is None


def test_rank_from_peer_figures(world):
    for city, now, before in (
        ("太原市", "5000", "4000"),
        ("大同市", "1100", "350"),
        ("长治市", "900", "400"),
    ):
        for period, value in (("2025Q1", now), ("2024Q1", before)):
            PeerFigure.objects.create(
                indicator="contracts.turnover",
                city=city,
                period=period,
                value=Decimal(value),
                unit="万元",
                source="演示数据",
                published_on=date(2025, 5, 1),
            )
    rank = selectors.contract_statistics(period=Q1).rank
    assert (rank.rank, rank.of, rank.previous_rank, rank.change_label) == (2, 4, 4, "前进两位")


def test_page_and_export(world, city, client):
    client.force_login(city)
    page = client.get("/techmarket/statistics/?period=2025Q1")
    assert page.status_code == 200
    text = page.content.decode()
    assert "2025年一季度" in text and "1,200.0" in text and "+300.0%" in text
    assert "/records/contract/?period=2025Q1&amp;side=output" in text
    bad = client.get("/techmarket/statistics/?period=2025Q9")
    assert "季度 9" in bad.content.decode()
    export = client.get("/techmarket/statistics/export/?period=2025Q1")
    sheet = load_workbook(BytesIO(export.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "1,200.0" in values


def test_the_list_behind_a_figure(world, city, client):
    client.force_login(city)
    page = client.get("/records/contract/?period=2025Q1&side=output&district=140702")
    assert page.status_code == 200
    assert page.content.decode().count("HT-TEST-") >= 1


def test_scope_of_the_statistics(world, owner, client):
    client.force_login(owner)
    text = client.get("/techmarket/statistics/?period=2025Q1").content.decode()
    # only the contracts the firm is a party to: the year before's 300万 of 太谷 is not among them
    assert "1,200.0" in text and "+300.0%" not in text
