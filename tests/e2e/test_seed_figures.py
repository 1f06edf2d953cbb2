"""The demo city in a real browser: the figures of the seed (the bureau's own statements) are what a user sees
on the pages, computed from the demo's records — technology-contract statistics and the province rank, the
census of universities, the key platforms, technology finance, the incubator park, the worked matching pair
(demand XQ-2025-0001 answered by achievement CG-2025-0001), and what a university and a bank see of their own.

The demo is built once (it takes a while): one test walks every page as each demo user in turn. Each figure
is checked on its own and every mismatch is collected, so one run reports all of them (page, expected,
actual); the test then fails listing them all."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.urls import reverse

from tests.e2e.conftest import Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_city(transactional_db: Any) -> Any:
    """The demo city (`rainforest demo --scale city`, seed 2025) in the test database. Transactional tests
    flush every table afterwards, the reference data and the seeded platform types included: reload them."""
    from django.apps import apps

    from rainforest.core.models import DevelopmentZone, IndustrySection, Region
    from rainforest.core.reference import load_reference_data
    from rainforest.demo.builder import build_demo

    load_reference_data(Region, DevelopmentZone, IndustrySection)
    importlib.import_module("rainforest.platforms.migrations.0002_seed_platform_types").seed(apps, None)
    return build_demo(seed=2025, scale="city")


def _password(username: str) -> str:
    from rainforest.demo.people import password_for

    return password_for(username)


class Findings:
    """Checks that do not stop the walk: every mismatch is kept with its page, expected and actual."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []

    def equal(self, what: str, actual: Any, expected: Any) -> None:
        if actual != expected:
            self.problems.append(f"{self.page.page.url} — {what}: expected {expected!r}, saw {actual!r}")

    def contains(self, what: str, text: str, expected: str) -> None:
        if expected not in text:
            self.problems.append(f"{self.page.page.url} — {what}: expected {expected!r} in {text[:300]!r}")

    def lacks(self, what: str, text: str, unexpected: str) -> None:
        if unexpected in text:
            self.problems.append(
                f"{self.page.page.url} — {what}: did not expect {unexpected!r} in {text[:300]!r}"
            )


def _text(locator: Any) -> str:
    return re.sub(r"\s+", " ", locator.inner_text()).strip()


def _login_as(page: Page, username: str) -> None:
    page.page.context.clear_cookies()
    page.login(username, _password(username))
    assert "/login/" not in page.page.url, f"{username} could not log in"


def _desk_count(page: Page, label: str) -> str:
    """The count beside one line of a university's or bank's desk on the home page ("" when missing)."""
    count = page.page.locator(".institution__desk li", has_text=label).locator(".count")
    return _text(count.first) if count.count() else ""


def _cells(page: Page, row: Any) -> list[str]:
    return [_text(cell) for cell in row.locator("th, td").all()]


def test_the_demo_city_shows_the_seed_figures(page: Page, demo_city: Any) -> None:
    from rainforest.demo.people import BANK, UNIVERSITY
    from rainforest.finance.models import Loan
    from rainforest.matching.models import Achievement, Demand

    check = Findings(page)
    body = page.page.locator("main")

    # --- the city officer -------------------------------------------------------------------------------
    _login_as(page, "city")

    # Technology contracts, Q1 2025: 24 contracts worth 4,847.4 万元 sold by the city's sellers; 4th of the
    # province's cities on turnover, one place up on Q1 2024.
    page.goto(reverse("techmarket:statistics") + "?period=2025Q1")
    output = _cells(page, page.page.locator("#totals tbody tr").first)
    check.equal("2025Q1 输出 row: label, contracts, turnover (万元)", output[:3], ["输出", "24", "4,847.4"])
    rank = _text(page.page.locator("#rank")) if page.page.locator("#rank").count() else ""
    check.contains("2025Q1 province rank", rank, "排第 4 位")
    check.contains("2025Q1 rank a year before", rank, "上年同期第 5 位")
    check.contains("2025Q1 rank change", rank, "前进一位")
    page.screenshot("seed-contracts-2025q1")

    # The year 2024: 736 contracts, about 42 亿元 (420,000 万元).
    page.goto(reverse("techmarket:statistics") + "?period=2024")
    output = _cells(page, page.page.locator("#totals tbody tr").first)
    check.equal("2024 输出 row: label, contracts", output[:2], ["输出", "736"])
    amount = float(output[2].replace(",", "")) if len(output) > 2 else 0.0
    if not 415_000 <= amount <= 425_000:
        check.problems.append(
            f"{page.page.url} — 2024 输出 turnover: expected about 42亿 (420,000 万元), saw {output[2:3]}"
        )

    # The census of universities and institutes.
    page.goto(reverse("talent:census"))
    for key, expected in (
        ("institutions", "12"),
        ("disciplines", "79"),
        ("platforms", "51"),
        ("teams", "124"),
        ("achievements", "1,460"),
    ):
        check.equal(f"census total {key}", _text(page.page.locator(f"#total-{key}")), expected)
    page.screenshot("seed-census")

    # Key platforms: 8 provincial key platforms; their 2024 R&D input 3 亿 and direct benefit 21.56 亿.
    page.goto(reverse("platforms:summary"))
    check.contains("platform summary's year", _text(body), "“上年”指 2024 年")
    check.equal("provincial key platforms", _text(page.page.locator("#key-platforms")), "8")
    check.equal("2024 R&D input (亿元)", _text(page.page.locator("#rd-input")), "3.00")
    check.equal("2024 direct benefit (亿元)", _text(page.page.locator("#benefit")), "21.56")
    page.screenshot("seed-platforms")

    # Technology finance in 2025.
    page.goto(reverse("finance:summary") + "?year=2025")
    rows = {
        cells[0]: cells[1:]
        for cells in (_cells(page, row) for row in page.page.locator("#finance-figures tbody tr").all())
    }
    events = rows.get("银企对接活动", [""])[0]
    check.equal("bank-enterprise events", events, "7 场")
    visited = rows.get("走访企业", [""])[0]
    firms_visited = int(visited.split()[0]) if visited[:1].isdigit() else 0
    if firms_visited <= 100:
        check.problems.append(f"{page.page.url} — firms visited: expected more than 100, saw {visited!r}")
    loans = rows.get("促成贷款", ["", ""])
    check.equal("loans brokered", loans[0], "2,400.00 万元")
    check.contains("loans brokered: firms", loans[1], "4 家企业")
    subsidy = rows.get("申请贷款贴息的企业", ["", ""])
    check.equal("interest-subsidy applicants", subsidy[0], "57 家")
    check.contains("interest-subsidy applicants that are high-tech", subsidy[1], "其中高新技术企业 57 家")
    check.equal("tech insurance premiums", rows.get("科技保险保费", [""])[0], "1.90 万元")
    page.screenshot("seed-finance")

    # The incubator park: 53 firms and 29 teams resident, 11 approved to enter, 15 negotiating.
    page.goto(reverse("incubator:index"))
    page.page.locator("main").get_by_role("link", name="晋创谷·晋中").first.click()
    page.page.wait_for_load_state("networkidle")
    table = page.page.locator("table.pipeline-table")
    stages = dict(
        zip(
            [_text(th) for th in table.locator("thead th").all()],
            [_text(td) for td in table.locator("tbody td").all()],
            strict=False,
        )
    )
    check.contains("park: resident", stages.get("已入驻", ""), "企业 53 · 团队 29")
    check.equal("park: approved to enter", stages.get("拟入驻", "").split(" ")[0], "11")
    check.equal("park: negotiating", stages.get("在谈", "").split(" ")[0], "15")
    page.screenshot("seed-park")

    # --- the enterprise user: its demand and the achievement that answers it -----------------------------
    demand = Demand.objects.get(number="XQ-2025-0001")
    answer = Achievement.objects.get(number="CG-2025-0001")
    _login_as(page, "enterprise")
    page.goto(reverse("records:demand_list"))
    page.page.locator("main").get_by_role("link", name="XQ-2025-0001").first.click()
    page.page.wait_for_load_state("networkidle")
    check.equal(
        "demand page",
        page.page.url.split("?")[0],
        page.base_url + reverse("records:demand_detail", args=[demand.pk]),
    )
    for where in ("demand page", "all matches"):
        if where == "all matches":
            page.goto(reverse("matching:demand_matches", args=[demand.pk]))
        first = page.page.locator("table.match-results tbody tr").first
        if not first.count():
            check.problems.append(f"{page.page.url} — {where}: no match table")
            continue
        link = first.locator("a").first
        check.equal(
            f"{where}: first match",
            (_text(link), link.get_attribute("href")),
            (answer.title, reverse("records:achievement_detail", args=[answer.pk])),
        )
        reasons = _text(first.locator(".match-reasons"))
        check.contains(f"{where}: why it matches", reasons, "概念关联")
        check.contains(f"{where}: why it matches", reasons, "液压密封")
    page.screenshot("seed-matches")

    # --- the university user: its own census row and achievements ---------------------------------------
    _login_as(page, "university")
    stored = Achievement.objects.filter(owner__name=UNIVERSITY).count()
    check.lacks("university's landing page", _text(body), "数据尚未开通")
    check.equal(
        "university's landing page: its achievements", _desk_count(page, "本单位的科技成果"), str(stored)
    )
    desk = page.page.locator(".institution__desk li", has_text="本单位的科技成果").locator("a")
    if desk.count():
        desk.first.click()
        page.page.wait_for_load_state("networkidle")
    else:
        page.goto(reverse("records:achievement_list"))
    check.contains("university achievements: its own", _text(body), f"共 {stored} 条")
    page.goto(reverse("talent:census"))
    check.equal("university census: institutions", _text(page.page.locator("#total-institutions")), "1")
    names = [_text(th) for th in page.page.locator("#census tbody th").all()]
    check.equal("university census: rows", names, [UNIVERSITY])
    check.equal(
        "university census: achievements", _text(page.page.locator("#total-achievements")), str(stored)
    )
    page.screenshot("seed-university")

    # --- the bank user: its own loans only ----------------------------------------------------------------
    _login_as(page, "bank")
    ours = Loan.objects.filter(bank__name=BANK)
    check.lacks("bank's landing page", _text(body), "数据尚未开通")
    check.equal("bank's landing page: its loans", _desk_count(page, "本行发放的科技贷款"), str(ours.count()))
    page.goto(reverse("records:loan_list"))
    check.contains("bank loans: count", _text(body), f"共 {ours.count()} 条")
    listed = _text(page.page.locator("main table tbody"))
    own_numbers = set(ours.values_list("contract_number", flat=True))
    theirs = set(Loan.objects.exclude(bank__name=BANK).values_list("contract_number", flat=True))
    for number in sorted(theirs - own_numbers):
        check.lacks("bank loans: another bank's loan", listed, number)
    mine = ours.order_by("-lent_on").values_list("contract_number", flat=True).first()
    check.contains("bank loans: its latest loan", listed, mine or "(none)")
    page.screenshot("seed-bank")

    assert page.errors == [], page.errors
    assert check.problems == [], "\n".join(check.problems)
