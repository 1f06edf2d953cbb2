"""The cockpit in a real browser on the demo city: a city officer opens it, picks 2025 Q1, sees the seed's
first headline (24 contracts, 4,847.4万元, 4th in the province, up one place), follows the turnover to the
contracts behind it, generates the quarter's briefing and downloads it as a Word document."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from tests.e2e.conftest import Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_city(transactional_db: Any) -> Any:
    """The demo city (`rainforest demo --scale city`, seed 2025) in the test database; transactional tests
    flush every table afterwards, the reference data and the seeded platform types included: reload them."""
    from django.apps import apps

    from rainforest.core.models import DevelopmentZone, IndustrySection, Region
    from rainforest.core.reference import load_reference_data
    from rainforest.demo.builder import build_demo

    load_reference_data(Region, DevelopmentZone, IndustrySection)
    importlib.import_module("rainforest.platforms.migrations.0002_seed_platform_types").seed(apps, None)
    return build_demo(seed=2025, scale="city")


def _text(locator: Any) -> str:
    return re.sub(r"\s+", " ", locator.inner_text()).strip()


def test_a_director_reads_the_quarter_follows_a_figure_and_downloads_the_briefing(
    page: Page, demo_city: Any
) -> None:
    from rainforest.demo.people import password_for

    # The demo city's pages compute every figure from its records: slower than the fixture city's on a
    # busy machine, so the waits are longer than the default 15 s.
    page.page.set_default_timeout(60000)
    page.page.set_default_navigation_timeout(60000)
    page.login("city", password_for("city"))
    page.goto(reverse("cockpit:index"))
    with page.page.expect_navigation(wait_until="networkidle"):
        page.page.select_option("#cockpit-period", "2025Q1")
        page.page.locator(".cockpit-filters button[type='submit']").click()
    assert "period=2025Q1" in page.page.url
    assert _text(page.page.locator(".cockpit-period")) == "2025年一季度"

    count = page.page.locator(".cockpit-tile[data-code='contracts.count']")
    turnover = page.page.locator(".cockpit-tile[data-code='contracts.turnover']")
    assert _text(count.locator(".cockpit-tile-value")) == "24份"
    assert _text(turnover.locator(".cockpit-tile-value")) == "4,847.4万元"
    assert turnover.locator(".rank").get_attribute("data-rank") == "4"
    assert _text(turnover.locator(".rank")) == "全省第4名"
    assert turnover.locator(".rank-move").get_attribute("data-move") == "up"
    assert turnover.locator(".trend").get_attribute("data-trend") == "up"
    page.page.locator("#cockpit-map[data-rendered='1']").wait_for()
    page.page.locator("#forest-sankey[data-rendered='1']").wait_for()
    page.screenshot("cockpit-2025q1", also_docs=True)

    href = turnover.get_attribute("href")
    assert href and href.startswith(reverse("records:contract_list"))
    with page.page.expect_navigation(wait_until="networkidle"):
        turnover.click()
    assert "period=2025Q1" in page.page.url
    assert page.page.locator("table tbody tr").count() > 0

    page.page.go_back(wait_until="networkidle")
    with page.page.expect_navigation(wait_until="networkidle"):
        page.page.locator("#cockpit-briefing").click()
    assert page.page.locator(".briefing-title").inner_text() == "晋中市2025年一季度科技创新主要指标简报"
    body = _text(page.page.locator(".briefing"))
    assert "一季度，全市登记技术合同24份" in body
    assert "成交额4847.4万元" in body
    assert "较去年同期前进一位跃居全省第四" in body

    with page.page.expect_download() as download_info:
        page.page.locator("#briefing-docx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = Document(str(download.path()))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "晋中市2025年一季度科技创新主要指标简报"
    assert any("较去年同期前进一位跃居全省第四" in text for text in texts)
    assert page.errors == []
