"""The system administrator creates a district officer on the pages; the officer logs in, must change the
temporary password first, and then sees only their district's enterprises."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import FIRMS, PASSWORD, Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Taigu-Fields-7391"


@pytest.fixture
def administration(city_data: dict[str, Any], settings: Any) -> None:
    """An administrator and the 太谷区 bureau the new officer joins. The second factor is off, as in the
    demo: this test is about accounts and scopes (the second factor has its own tests)."""
    from rainforest.core.choices import OrganisationKind, Role
    from rainforest.core.models import Organisation, Region, User

    settings.RAINFOREST_SECURITY = {**settings.RAINFOREST_SECURITY, "TWO_FACTOR_ENABLED": False}
    city = Organisation.objects.get(name="晋中市科技局")
    Organisation.objects.create(
        code="jz-taigu",
        name="太谷区科技局",
        kind=OrganisationKind.DISTRICT_BUREAU,
        region=Region.objects.get(code="140703"),
        parent=city,
    )
    User.objects.create_user(
        "admin", password=PASSWORD, role=Role.SYSTEM_ADMIN, organisation=city, display_name="系统管理员"
    )


def test_the_administrator_creates_a_district_officer_who_sees_only_their_district(
    page: Page, administration: None
) -> None:
    page.login("admin")
    page.goto("/system/users/")
    with page.page.expect_navigation(wait_until="networkidle"):
        page.page.get_by_role("link", name="新建用户").click()
    form = page.page.locator("form.form")
    form.locator("input[name='username']").fill("officer-taigu")
    form.locator("input[name='display_name']").fill("赵太谷")
    form.locator("select[name='role']").select_option("district_officer")
    form.locator("select[name='organisation']").select_option("jz-taigu")
    with page.page.expect_navigation(wait_until="networkidle"):
        form.locator("button[type='submit']").click()
    temporary = page.page.locator("[data-testid='temporary-password']").inner_text().strip()
    assert len(temporary) == 16
    page.screenshot("administration-user-created")

    page.page.context.clear_cookies()
    page.login("officer-taigu", temporary)
    assert "/account/password/" in page.page.url  # the temporary password must be changed first
    change = page.page.locator("form:has(input[name='new_password1'])")
    change.locator("input[name='old_password']").fill(temporary)
    change.locator("input[name='new_password1']").fill(NEW_PASSWORD)
    change.locator("input[name='new_password2']").fill(NEW_PASSWORD)
    with page.page.expect_navigation(wait_until="networkidle"):
        change.locator("button[type='submit']").click()
    assert "/account/password/" not in page.page.url

    page.goto("/enterprises/")
    shown = sorted(name.strip() for name in page.page.locator("td.enterprise-name").all_inner_texts())
    assert shown == sorted(name for name, county, *_rest in FIRMS if county == "140703")
    assert page.errors == []
