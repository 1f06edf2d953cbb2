"""The header's menu holds a dozen sections: on one line at 1440 px in Chinese and in English, and a section
with several pages opens as a drop-down."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from rainforest.core import navigation
from tests.e2e.conftest import Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Sections the coming record types bring, each in the language the page is shown in (their translations
# arrive with them), every one with two pages so that it is a drop-down.
COMING = {
    "zh-hans": ["技术合同", "科技成果", "科技金融", "创新平台", "科技专家"],
    "en": ["Tech contracts", "Achievements", "Tech finance", "Platforms", "Experts"],
}
SECTIONS = "nav.site-nav > a, nav.site-nav > details > summary"


@pytest.fixture
def coming_sections(request: Any) -> Iterator[None]:
    """Register the coming sections for the test, then put the menu back as it was."""
    sections, entries = dict(navigation.SECTIONS), list(navigation.ENTRIES)
    for n, label in enumerate(COMING[request.param]):
        navigation.section(f"coming{n}", label, 70 + n)
        navigation.add(navigation.Entry(f"coming{n}", "forest:index", label, url_args=(), order=1))
        navigation.add(navigation.Entry(f"coming{n}", "policies:list", label + " 2", order=2))
    yield
    navigation.SECTIONS.clear()
    navigation.SECTIONS.update(sections)
    navigation.ENTRIES[:] = entries


def _in(page: Page, language: str) -> None:
    page.goto(reverse("home"))
    if language == "en":
        with page.page.expect_navigation(wait_until="networkidle"):
            page.page.locator("form.language-switch button[value='en']").click()


@pytest.mark.parametrize(
    ("language", "coming_sections"), [("zh-hans", "zh-hans"), ("en", "en")], indirect=["coming_sections"]
)
def test_twelve_sections_fit_one_line_at_1440_px(
    page: Page, city_data: dict[str, Any], language: str, coming_sections: None
) -> None:
    page.login("city")
    _in(page, language)
    assert page.page.locator("html").get_attribute("lang") == language
    sections = page.page.locator(SECTIONS)
    boxes = [sections.nth(i).bounding_box() for i in range(sections.count())]
    page.screenshot(f"menu-12-{language}")
    assert len(sections.all_inner_texts()) == 12, sections.all_inner_texts()
    assert len({round(box["y"]) for box in boxes if box}) == 1
    header = page.page.locator(".site-header__inner").bounding_box()
    assert header is not None and header["height"] < 60  # one row: brand, menu and tools side by side
    assert header["x"] + header["width"] <= 1440
    rightmost = max(box["x"] + box["width"] for box in boxes if box)
    tools = page.page.locator(".site-tools").bounding_box()
    assert tools is not None and rightmost <= tools["x"]  # the menu does not run under the tools
    assert page.errors == []


def test_a_section_opens_as_a_drop_down_and_leads_to_its_page(page: Page, city_data: dict[str, Any]) -> None:
    page.login("city")
    page.goto(reverse("home"))
    registry = page.page.locator("nav.site-nav details[data-section='registry']")
    link = registry.locator("a", has_text="知识产权")
    assert not link.is_visible()
    registry.locator("summary").click()
    assert link.is_visible()
    with page.page.expect_navigation(wait_until="networkidle"):
        link.click()
    assert page.page.url.endswith(reverse("records:intellectual_property_list"))
    assert page.page.locator("h1").inner_text() == "知识产权"
    assert (
        page.page.locator("nav.site-nav details[data-section='registry']").get_attribute("class")
        == "nav-group is-active"
    )
    assert page.errors == []
