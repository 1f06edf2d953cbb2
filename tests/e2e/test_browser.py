"""The journeys a bureau user makes, in a real browser: log in, filter the enterprise list, open an
enterprise, import a file, switch language, and read the forest page's charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from rainforest.core.models import today
from tests.e2e.conftest import Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_city_officer_logs_in_and_lands_on_the_home_page(page: Page, city_data: dict[str, Any]) -> None:
    page.login("city")
    assert "/login/" not in page.page.url
    assert page.page.locator("header").get_by_text("王市局").count() == 1
    page.screenshot("home")
    assert page.errors == []


def test_a_wrong_password_keeps_the_user_on_the_login_page(page: Page, city_data: dict[str, Any]) -> None:
    page.login("city", "not-the-password")
    assert "/login/" in page.page.url
    assert page.page.locator("input[name='password']").count() == 1


def test_the_enterprise_list_filters_by_district(page: Page, city_data: dict[str, Any]) -> None:
    page.login("city")
    page.goto(reverse("enterprises:list"))
    results = page.page.locator("#results")
    assert results.get_by_text("平遥古城文旅数字科技有限公司").count() == 1
    page.screenshot("enterprises", also_docs=True)

    page.page.locator("select[name='district']").select_option(label="榆次区")
    page.page.locator("form.filters button[type='submit']").click()
    page.page.wait_for_load_state("networkidle")
    results.get_by_text("晋中智能装备科技有限公司").wait_for()
    assert results.get_by_text("榆次新材料股份有限公司").count() == 1
    assert results.get_by_text("平遥古城文旅数字科技有限公司").count() == 0
    assert "district=" in page.page.url
    page.screenshot("enterprises-filtered")
    assert page.errors == []


def test_the_enterprise_list_searches_by_name(page: Page, city_data: dict[str, Any]) -> None:
    page.login("city")
    page.goto(reverse("enterprises:list") + "?q=焦化")
    results = page.page.locator("#results")
    assert results.get_by_text("介休焦化节能技术有限公司").count() == 1
    assert results.get_by_text("晋中智能装备科技有限公司").count() == 0


def test_opening_an_enterprise_shows_its_certificates_and_layer(
    page: Page, city_data: dict[str, Any]
) -> None:
    firm = city_data["enterprises"][0]
    page.login("city")
    page.goto(reverse("enterprises:list") + "?q=" + firm.credit_code)
    page.page.locator("#results").get_by_role("link", name=firm.name).first.click()
    page.page.wait_for_load_state("networkidle")
    assert page.page.url.endswith(reverse("enterprises:detail", args=[firm.credit_code]))
    body = page.page.locator("main")
    assert body.get_by_text(firm.credit_code).count() >= 1
    assert body.get_by_text("高新技术企业证书").count() >= 1
    page.screenshot("enterprise-detail")
    assert page.errors == []


def test_a_district_officer_does_not_see_another_districts_enterprise(
    page: Page, city_data: dict[str, Any]
) -> None:
    page.login("district-yuci")
    page.goto(reverse("enterprises:list"))
    results = page.page.locator("#results")
    assert results.get_by_text("晋中智能装备科技有限公司").count() == 1
    assert results.get_by_text("平遥古城文旅数字科技有限公司").count() == 0


def test_switching_to_english_and_back(page: Page, city_data: dict[str, Any]) -> None:
    page.login("city")
    page.goto(reverse("forest:index"))
    assert page.page.locator("html").get_attribute("lang") == "zh-hans"
    with page.page.expect_navigation(wait_until="networkidle"):
        page.page.locator("form.language-switch button[value='en']").click()
    assert page.page.locator("html").get_attribute("lang") == "en"
    assert page.page.url.endswith(reverse("forest:index"))
    page.page.locator("#forest-sankey[data-rendered='1']").wait_for()
    page.page.locator("#forest-map[data-rendered='1']").wait_for()
    assert page.page.locator("h1").inner_text() == "Innovation forest"
    page.screenshot("forest-en")
    with page.page.expect_navigation(wait_until="networkidle"):
        page.page.locator("form.language-switch button[value='zh-hans']").click()
    assert page.page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.errors == []


def test_the_forest_page_draws_the_sankey_and_the_county_map(page: Page, city_data: dict[str, Any]) -> None:
    page.login("city")
    page.goto(reverse("forest:index"))
    page.page.locator("#forest-sankey[data-rendered='1'] canvas").wait_for()
    page.page.locator("#forest-map[data-rendered='1'] canvas").wait_for()
    assert page.page.locator("#id_as_of").input_value() == today().isoformat()
    cards = {
        code: page.page.locator(f".forest-card-count[data-layer='{code}']").inner_text()
        for code in ("seed", "herb", "shrub", "tree", "none")
    }
    assert cards == {code: str(n) for code, n in city_data["layers_today"].items()}
    assert page.page.locator("table.forest-table tbody tr[data-district]").count() == 11
    # ECharts draws on the canvas: a chart that rendered nothing leaves it blank.
    painted = page.page.evaluate(
        """(selector) => {
            const canvas = document.querySelector(selector);
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let inked = 0;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) inked++; }
            return inked;
        }""",
        "#forest-map canvas",
    )
    assert painted > 10000
    page.screenshot("forest", also_docs=True)
    # Colouring the map by one layer redraws it in place, without a request.
    page.page.locator("#forest-map-layer").select_option("tree")
    assert (
        page.page.evaluate(
            "() => echarts.getInstanceByDom(document.getElementById('forest-map')).getOption().series[0].name"
        )
        == "乔木"
    )
    assert page.errors == []


def test_the_forest_page_explains_a_bad_date(page: Page, city_data: dict[str, Any]) -> None:
    page.login("city")
    page.page.goto(page.base_url + reverse("forest:index") + "?as_of=2025-02-30")
    assert page.page.locator(".forest-errors").get_by_text("日期格式应为 YYYY-MM-DD").count() == 1


def _workbook(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["统一社会信用代码", "企业名称", "所在县区", "成立日期", "技术领域"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _upload(page: Page, path: Path) -> None:
    page.goto(reverse("imports:index"))
    form = page.page.locator("form.upload-form")
    form.locator("select[name='record_type']").select_option("enterprise")
    form.locator("input[name='file']").set_input_files(str(path))
    with page.page.expect_navigation(wait_until="networkidle"):
        form.locator("button[type='submit']").click()


def test_importing_an_enterprise_file_stores_every_row(
    page: Page, city_data: dict[str, Any], tmp_path: Path
) -> None:
    from rainforest.enterprises.models import Enterprise
    from rainforest.enterprises.tests.factories import credit_code_for

    codes = [credit_code_for(9100, "140702"), credit_code_for(9101, "140781")]
    path = _workbook(
        tmp_path / "企业导入.xlsx",
        [
            [codes[0], "榆次导入测试科技有限公司", "榆次区", "2019-05-06", "新材料"],
            [codes[1], "介休导入测试科技有限公司", "140781", "2020-08-01", "电子信息"],
        ],
    )
    page.login("city")
    _upload(page, path)
    assert page.page.get_by_role("status").get_by_text("已保存：共 2 行，新增 2 行").count() == 1
    page.screenshot("import-stored")
    assert sorted(Enterprise.objects.filter(credit_code__in=codes).values_list("name", flat=True)) == [
        "介休导入测试科技有限公司",
        "榆次导入测试科技有限公司",
    ]
    page.goto(reverse("enterprises:list") + "?q=导入测试")
    assert page.page.locator("#results").get_by_text("榆次导入测试科技有限公司").count() == 1
    assert page.errors == []


def test_importing_a_file_with_a_bad_row_shows_it_and_stores_nothing(
    page: Page, city_data: dict[str, Any], tmp_path: Path
) -> None:
    from rainforest.enterprises.models import Enterprise
    from rainforest.enterprises.tests.factories import credit_code_for

    good = credit_code_for(9200, "140702")
    path = _workbook(
        tmp_path / "bad.xlsx",
        [
            [good, "榆次正确科技有限公司", "榆次区", "2019-05-06", "新材料"],
            ["91140702MA0XXXXXX1", "校验位错误有限公司", "榆次区", "2019-05-06", "新材料"],
        ],
    )
    count = Enterprise.objects.count()
    page.login("city")
    _upload(page, path)
    alert = page.page.get_by_role("alert")
    assert alert.get_by_text("未保存").count() >= 1
    errors = page.page.locator("table.errors tbody tr")
    assert errors.count() >= 1
    assert errors.first.locator("td").first.inner_text() == "3"
    assert "校验位错误" in errors.first.inner_text()
    page.screenshot("import-refused")
    assert Enterprise.objects.count() == count
    assert not Enterprise.objects.filter(credit_code=good).exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_top_menu_fits_one_line_at_1440_px(page: Page, city_data: dict[str, Any], language: str) -> None:
    """The city officer's menu (10 sections) stays on one line in English as in Chinese."""
    page.login("city")
    page.goto(reverse("home"))
    if language == "en":
        with page.page.expect_navigation(wait_until="networkidle"):
            page.page.locator("form.language-switch button[value='en']").click()
    assert page.page.viewport_size == {"width": 1440, "height": 900}
    links = page.page.locator("nav.site-nav > a, nav.site-nav > details > summary")  # the sections
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count())) if box}
    assert (links.count(), len(tops)) == (10, 1)
    header = page.page.locator(".site-header__inner").bounding_box()
    assert header is not None and header["height"] < 60  # one row: brand, menu and tools side by side
    assert page.errors == []
