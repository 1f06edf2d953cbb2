"""Both languages lay out: the forest Sankey's labels stay inside the chart, the cultivation pool's gap column
keeps its width, and the domain texts (move reasons, industry names) read in the reader's language.
Screenshots of each page in each language land in tests/e2e/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.e2e.conftest import Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The narrowest the pool's gap column may be: room for a gap sentence on two or three lines.
GAP_COLUMN_MIN_PX = 260

# The box of every text the Sankey draws (node labels), in the chart's own pixels.
SANKEY_TEXT_BOXES = """
() => {
  const chart = echarts.getInstanceByDom(document.getElementById("forest-sankey"));
  const boxes = [];
  chart.getZr().storage.getDisplayList(true).forEach((el) => {
    const text = el.style && el.style.text;
    if (!text) return;
    const rect = el.getBoundingRect().clone();
    const transform = el.getComputedTransform ? el.getComputedTransform() : el.transform;
    if (transform) rect.applyTransform(transform);
    boxes.push({ text: String(text), x: rect.x, y: rect.y, width: rect.width, height: rect.height });
  });
  return { width: chart.getWidth(), height: chart.getHeight(), boxes: boxes };
}
"""


def switch_to(page: Page, language: str) -> None:
    if page.page.locator("html").get_attribute("lang") == language:
        return
    with page.page.expect_navigation(wait_until="networkidle"):
        page.page.locator(f"form.language-switch button[value='{language}']").click()
    assert page.page.locator("html").get_attribute("lang") == language


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_sankey_labels_stay_inside_the_chart(
    page: Page, city_data: dict[str, Any], language: str
) -> None:
    page.login("city")
    page.goto(reverse("forest:index"))
    switch_to(page, language)
    page.page.locator("#forest-sankey[data-rendered='1'] canvas").wait_for()
    drawn = page.page.evaluate(SANKEY_TEXT_BOXES)
    page.screenshot(f"forest-sankey-{language}")
    labels = drawn["boxes"]
    assert len(labels) >= 4  # both sides of the flows are labelled
    outside = [
        box["text"]
        for box in labels
        if box["x"] < 0
        or box["x"] + box["width"] > drawn["width"]
        or box["y"] < 0
        or box["y"] + box["height"] > drawn["height"]
    ]
    assert outside == []
    assert page.errors == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_pool_gap_column_keeps_its_width(page: Page, city_data: dict[str, Any], language: str) -> None:
    page.login("city")
    page.goto(reverse("cultivation:pool"))
    switch_to(page, language)
    rows = page.page.locator("table.pool-table tbody tr")
    assert rows.count() >= 1
    header = page.page.locator("table.pool-table thead th").nth(7).bounding_box()
    cell = rows.first.locator("td").nth(7).bounding_box()
    page.screenshot(f"pool-{language}")
    assert header is not None and cell is not None
    assert header["width"] >= GAP_COLUMN_MIN_PX
    assert cell["width"] >= GAP_COLUMN_MIN_PX
    assert page.errors == []
