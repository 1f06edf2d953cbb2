"""The header's menu holds a dozen sections (the system administrator's: every area of the platform): on one
line at 1440 px in Chinese and in English, and a section with several pages opens as a drop-down."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.e2e.conftest import PASSWORD, Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECTIONS = "nav.site-nav > a, nav.site-nav > details > summary"


@pytest.fixture
def administrator(city_data: dict[str, Any]) -> Any:
    """The system administrator sees every section of the menu (twelve)."""
    from rainforest.core.choices import Role
    from rainforest.core.models import User

    return User.objects.create_user("sysadmin", password=PASSWORD, role=Role.SYSTEM_ADMIN)


def _in(page: Page, language: str) -> None:
    page.goto(reverse("home"))
    if language == "en":
        with page.page.expect_navigation(wait_until="networkidle"):
            page.page.locator("form.language-switch button[value='en']").click()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_twelve_sections_fit_one_line_at_1440_px(page: Page, administrator: Any, language: str) -> None:
    page.login("sysadmin")
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
