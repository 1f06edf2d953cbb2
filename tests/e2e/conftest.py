"""Browser tests: Playwright's Python API driving Debian's chromium against pytest-django's live server.

Run with `make e2e` (or `.venv/bin/pytest -m e2e tests/e2e`); see tests/e2e/README.md. Static files are
served by the live server from the finders (app static/ folders and assets/build, built by `npm run build`),
so the tests switch the staticfiles storage to the plain one (the equivalent of STATIC_MANIFEST=0)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a thread with a
# running loop unless told it is safe (it is: the test code and the loop never touch the ORM concurrently).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets" / "build"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",  # date inputs show yyyy/mm/dd, as a Chinese desktop does
]
VIEWPORT = {"width": 1440, "height": 900}
PASSWORD = "e2e-Pass-2025!"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test under tests/e2e is a browser test, whether or not its author remembered the marker.
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def built_assets() -> Path:
    """assets/build/vendor with echarts and htmx, built from node_modules when missing."""
    vendor = ASSETS / "vendor"
    if not (vendor / "echarts.min.js").exists() or not (vendor / "htmx.min.js").exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(
                "assets/build/vendor is missing and npm is not installed: run `npm ci && npm run build`"
            )
        if not (ROOT / "node_modules").exists():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
        subprocess.run([npm, "run", "build"], cwd=ROOT, check=True)
    return ASSETS


@pytest.fixture(autouse=True)
def _static_from_finders(settings: Any, built_assets: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATICFILES_DIRS = [built_assets]
    try:  # the web app's {% asset %} tag remembers URLs; forget those of another storage
        from rainforest.web.templatetags.rainforest_tags import _asset_url

        _asset_url.cache_clear()
    except (ImportError, AttributeError):
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Page:
    """A browser page on the live server that collects JavaScript errors and failed requests."""

    page: Any
    base_url: str
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base_url + path, wait_until="networkidle")

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.goto("/login/")
        form = self.page.locator("form:has(input[name='password'])")
        form.locator("input[name='username']").fill(username)
        form.locator("input[name='password']").fill(password)
        with self.page.expect_navigation(wait_until="networkidle"):
            form.locator("button[type='submit'], input[type='submit']").first.click()

    def screenshot(self, name: str, *, also_docs: bool = False) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        # The README's pictures change only when asked (DOC_SCREENSHOTS=1), so a test run leaves the tree clean.
        if also_docs and os.environ.get("DOC_SCREENSHOTS") == "1":
            DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, DOC_SCREENSHOTS / f"{name}.png")
        return path


def _record_console(page: Page, message: Any) -> None:
    # The browser logs every failed request as a console error too; those are recorded with their URL.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        page.errors.append(f"console: {message.text}")


def _record_failure(page: Page, response: Any) -> None:
    # A failed static file or script request is a broken page; the favicon, which no page links, is not.
    if response.status >= 400 and not response.url.endswith("/favicon.ico"):
        page.errors.append(f"{response.status} {response.url}")


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15000)
    raw = context.new_page()
    wrapped = Page(raw, live_server.url)
    raw.on("pageerror", lambda error: wrapped.errors.append(f"pageerror: {error}"))
    raw.on("console", lambda message: _record_console(wrapped, message))
    raw.on("response", lambda response: _record_failure(wrapped, response))
    yield wrapped
    context.close()


# The e2e city, dated relative to today so that the pages (which default to today) show every layer.
# (name, county, certificates as (kind, days before today), revenue of last year in 万元, layer today)
FIRMS = [
    ("晋中智能装备科技有限公司", "140702", [("hnte", 400)], 23000, "shrub"),
    ("榆次新材料股份有限公司", "140702", [("tech_sme", 200), ("hnte", 5)], 8600, "shrub"),
    ("太谷农业生物科技有限公司", "140703", [("tech_sme", 100)], 1200, "herb"),
    ("山西祁县玻璃器皿集团有限公司", "140727", [("hnte", 700), ("longtou", 300)], 82000, "tree"),
    ("平遥古城文旅数字科技有限公司", "140728", [("specialised_sme", 500)], 4500, "shrub"),
    ("介休焦化节能技术有限公司", "140781", [("hnte", 3 * 365 + 30)], 9500, "none"),
    ("灵石煤机再制造有限公司", "140729", [], 3000, "none"),
    ("寿阳光伏新能源科技有限公司", "140725", [("tech_sme", 50)], None, "herb"),
    ("左权杂粮食品科技有限公司", "140722", [("innovative_sme", 800)], 2200, "shrub"),
    ("和顺风电运维服务有限公司", "140723", [], None, "none"),
    ("榆次晋创谷数字孪生科技有限公司", "140702", [("tech_sme", 30)], 800, "herb"),
    ("榆次精密铸造科技有限公司", "140702", [("hnte", 900)], 15000, "shrub"),
    ("榆次医药研发外包服务有限公司", "140702", [("tech_sme", 60)], 650, "herb"),
    ("山西中科潞安半导体材料有限公司", "140702", [("hnte", 200), ("little_giant", 150)], 61000, "tree"),
    ("太谷农机装备智能制造有限公司", "140703", [("hnte", 600)], 7800, "shrub"),
    ("太谷中药材种业科技有限公司", "140703", [("tech_sme", 20)], 900, "herb"),
    ("介休高端精细化工有限公司", "140781", [("specialised_sme", 300)], 13000, "shrub"),
    ("介休新能源储能科技有限公司", "140781", [("tech_sme", 80)], 2100, "herb"),
    ("平遥牛肉食品工程技术有限公司", "140728", [("tech_sme", 40)], 5200, "herb"),
    ("祁县碳纤维复合材料有限公司", "140727", [("innovative_sme", 100)], 3100, "shrub"),
    ("寿阳智慧矿山装备有限公司", "140725", [("hnte", 1000)], 16000, "shrub"),
    ("昔阳文旅康养科技有限公司", "140724", [("tech_sme", 15)], 400, "herb"),
    ("榆社化石博物馆数字科技有限公司", "140721", [], 300, "none"),
    ("灵石煤层气综合利用有限公司", "140729", [("tech_sme", 70)], 2600, "herb"),
]
TEAMS = [
    ("晋创谷·智能传感团队", "140702"),
    ("晋创谷·农业大模型团队", "140702"),
    ("太谷·功能食品团队", "140703"),
]


@pytest.fixture
def city_data(transactional_db: Any) -> dict[str, Any]:
    """A small city for the browser: reference data (transactional tests flush it), a city officer, a district
    officer of 榆次区, enterprises on every layer in most counties (FIRMS) and incubated teams (TEAMS)."""
    from datetime import timedelta
    from decimal import Decimal

    from rainforest.core.choices import OrganisationKind, Role
    from rainforest.core.models import DevelopmentZone, IndustrySection, Organisation, Region, User, today
    from rainforest.core.reference import load_reference_data
    from rainforest.enterprises import services
    from rainforest.enterprises.tests.factories import credit_code_for
    from rainforest.forest.services import forest_refresh
    from rainforest.incubator.models import Park, Team, Tenancy

    load_reference_data(Region, DevelopmentZone, IndustrySection)
    regions = {r.code: r for r in Region.objects.all()}
    city_bureau = Organisation.objects.create(
        name="晋中市科技局", kind=OrganisationKind.CITY_BUREAU, region=regions["140700"]
    )
    yuci_bureau = Organisation.objects.create(
        name="榆次区科技局", kind=OrganisationKind.DISTRICT_BUREAU, region=regions["140702"]
    )
    city = User.objects.create_user(
        "city", password=PASSWORD, role=Role.CITY_OFFICER, organisation=city_bureau, display_name="王市局"
    )
    district = User.objects.create_user(
        "district-yuci",
        password=PASSWORD,
        role=Role.DISTRICT_OFFICER,
        organisation=yuci_bureau,
        display_name="李榆次",
    )
    day = today()
    enterprises = []
    for n, (name, county, certificates, revenue, _layer) in enumerate(FIRMS):
        enterprise = services.enterprise_register(
            user=city,
            credit_code=credit_code_for(7000 + n, county),
            name=name,
            district=regions[county],
            founded_on=date(2010 + n % 12, 1 + n % 12, 1 + n % 28),
            tech_field=("advanced_manufacturing", "new_materials", "bio_medicine", "electronic_info")[n % 4],
            contact_name="张王李赵刘陈杨黄"[n % 8] + "晓明",
            contact_phone=f"139{n:04d}{5678 + n:04d}",
        )
        for kind, days_ago in certificates:
            issued_on = day - timedelta(days=days_ago)
            if kind == "tech_sme":  # a registration holds for its calendar year only
                issued_on = max(issued_on, date(day.year, 1, 1))
            values = {"year": issued_on.year} if kind == "tech_sme" else {}
            services.certificate_record(
                enterprise=enterprise, kind=kind, issued_on=issued_on, user=city, **values
            )
        if revenue is not None:
            for year, share in ((day.year - 2, Decimal("0.8")), (day.year - 1, Decimal(1))):
                services.figures_record(
                    enterprise=enterprise,
                    year=year,
                    user=city,
                    employees=40 + n * 7,
                    operating_revenue=Decimal(revenue) * 10000 * share,
                )
        enterprises.append(enterprise)
    park = Park.objects.create(name="晋创谷·晋中", district=regions["140702"])
    teams = [Team.objects.create(name=name, district=regions[county]) for name, county in TEAMS]
    for team in teams:
        Tenancy.objects.create(park=park, team=team, entered_on=day - timedelta(days=400))
    forest_refresh(team_ids=[team.pk for team in teams])
    layers = {code: 0 for code in ("seed", "herb", "shrub", "tree", "none")}
    for *_, layer in FIRMS:
        layers[layer] += 1
    layers["seed"] = len(TEAMS)
    return {"city": city, "district": district, "enterprises": enterprises, "layers_today": layers}
