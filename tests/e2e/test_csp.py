"""The Content-Security-Policy in a real browser: the main pages, with their ECharts charts, the county map
and htmx, load and draw without the browser blocking anything (no violation event, no console error)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.e2e.conftest import Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts: records each violation the browser reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def violations(page: Page) -> list[str]:
    return page.page.evaluate("() => window.__cspViolations")


def test_the_main_pages_run_under_the_policy_without_a_violation(
    page: Page, city_data: dict[str, Any]
) -> None:
    from rainforest.policies.models import Policy

    page.page.add_init_script(RECORD_VIOLATIONS)
    page.login("city")
    firm = city_data["enterprises"][0]
    response = page.goto(reverse("forest:index"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.page.locator("#forest-sankey[data-rendered='1'] canvas").wait_for()
    page.page.locator("#forest-map[data-rendered='1'] canvas").wait_for()
    page.page.locator("#forest-sankey canvas").hover()  # the tooltip writes styled HTML
    seen = {"forest": violations(page)}
    for name, path in [
        ("home", reverse("home")),
        ("enterprises", reverse("enterprises:list")),
        ("enterprise", reverse("enterprises:detail", args=[firm.credit_code])),
        ("pool", reverse("cultivation:pool")),
        ("policies", reverse("policies:list")),
    ]:
        page.goto(path)
        seen[name] = violations(page)
    policy = Policy.objects.order_by("code").first()
    if policy is not None:
        page.goto(reverse("policies:push", args=[policy.code]))
        seen["policy push"] = violations(page)
    # htmx: filtering the enterprise list swaps the results in place
    page.goto(reverse("enterprises:list"))
    page.page.locator("select[name='district']").select_option(label="榆次区")
    page.page.locator("form.filters button[type='submit']").click()
    page.page.wait_for_load_state("networkidle")
    seen["enterprises filtered"] = violations(page)
    assert {name: found for name, found in seen.items() if found} == {}
    assert [error for error in page.errors if "Content Security Policy" in error] == []
    assert page.errors == []
