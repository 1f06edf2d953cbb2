"""A call in a real browser, from the application to the public notice (docs/calls.md): the enterprise applies
to demo-open (the demo's open call: its form and required attachment) with a pre-filled form and submits it;
the 榆次 district officer finds it on the pending page and passes it; the city passes the formal review; the
panel of five experts is drawn, four of them score on the server and the fifth (`expert`) scores in the
browser; the panel closes and ranks it; the city publishes the 公示 with the score from the notice page, and the
enterprise sees its row on it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.conftest import PASSWORD, Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_call(city_data: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    """demo-open as the demo makes it (open from today for 30 days), and the enterprise user of the first
    榆次 firm."""
    from rainforest.calls.models import Call
    from rainforest.core.choices import OrganisationKind, Role
    from rainforest.core.models import Organisation, User, today
    from rainforest.demo.calls import AUDIT, LICENCE, PROJECT_FIELDS

    settings.MEDIA_ROOT = tmp_path / "media"
    day = today()
    call = Call.objects.create(
        code="demo-open",
        title="科技型中小企业研发项目补助（演示：申报中）",
        level="city",
        description="支持科技型中小企业开展研发活动。",
        rulebook="tech-sme",
        prefill=["name", "credit_code", "district", "founded_on", "tech_field", "contact_name"],
        form_fields=PROJECT_FIELDS,
        attachments=[LICENCE, AUDIT],
        opens_on=day,
        closes_on=day + timedelta(days=30),
        district_review_ends_on=day + timedelta(days=45),
        expert_review_ends_on=day + timedelta(days=75),
        publicity_days=5,
        quota=20,
        budget=Decimal(2_000_000),
    )
    firm = city_data["enterprises"][0]
    organisation = Organisation.objects.create(
        name=firm.name, kind=OrganisationKind.ENTERPRISE, credit_code=firm.credit_code
    )
    User.objects.create_user(
        "enterprise", password=PASSWORD, role=Role.ENTERPRISE_USER, organisation=organisation
    )
    from rainforest.reviews.models import Expert

    university = Organisation.objects.create(name="山西大学", kind=OrganisationKind.UNIVERSITY)
    experts = []
    for n in range(5):
        user = User.objects.create_user(
            "expert" if n == 0 else f"expert{n + 1}",
            password=PASSWORD,
            role=Role.EXPERT,
            organisation=university,
        )
        experts.append(
            Expert.objects.create(
                user=user,
                name=f"评审专家{n + 1}",
                field="先进制造",
                title="教授",
                organisation=university,
                technical=n < 4,
                financial=n == 4,
            )
        )
    licence = tmp_path / "licence.pdf"
    licence.write_bytes(b"%PDF-1.4\n% e2e licence\n")
    return {"call": call, "firm": firm, "licence": licence, "experts": experts, "city": city_data["city"]}


def _submit(page: Page, form: Any, button: str | None = None) -> None:
    with page.page.expect_navigation(wait_until="networkidle"):
        (form.locator(f"button:has-text('{button}')") if button else form.locator("button").first).click()


def _step(page: Page, transition: str, comment: str = "") -> None:
    form = page.page.locator(f"form.transition:has(input[name='transition'][value='{transition}'])")
    if comment:
        form.locator("input[name='comment']").fill(comment)
    _submit(page, form)


def _status(page: Page) -> str:
    return page.page.locator("#status").inner_text().strip()


def test_an_application_goes_from_the_enterprise_to_the_public_notice(page: Page, open_call: dict[str, Any]):
    from rainforest.calls.models import Application

    firm = open_call["firm"]
    page.page.set_default_timeout(60_000)  # a long walk through many pages on a shared, busy machine

    # the enterprise: the open call, its precheck, a draft with the registry's facts pre-filled
    page.login("enterprise")
    page.goto("/calls/demo-open/")
    assert page.page.locator("#precheck h2").inner_text().endswith(firm.name)
    start = page.page.locator("form:has(input[name='title'])")
    start.locator("input[name='title']").fill("智能传感器研发")
    _submit(page, start, "开始申报")
    assert "/calls/applications/" in page.page.url
    assert _status(page) == "草稿"
    assert firm.credit_code in page.page.locator("dl.facts").inner_text()
    answers = page.page.locator("form#answers")
    answers.locator("input[name='amount_requested']").fill("30")
    answers.locator("[name='project']").fill("智能传感器研发")
    answers.locator("[name='summary']").fill("面向煤矿安全监测的智能传感器研发与产业化。")
    answers.locator("[name='rd_staff']").fill("12")
    answers.locator("[name='budget']").fill("260")
    answers.locator("[name='cooperation']").select_option("产学研合作")
    _submit(page, answers)
    assert "已保存" in page.page.content()
    upload = page.page.locator("form:has(input[name='name'][value='licence'])")
    upload.locator("input[type='file']").set_input_files(str(open_call["licence"]))
    _submit(page, upload)
    _step(page, "submit")
    assert _status(page) == "已提交，待县区审核"
    application = Application.objects.get(call=open_call["call"], enterprise=firm)
    url = f"/calls/applications/{application.pk}/"

    # the district officer: the pending page lists it; passes it
    page.page.context.clear_cookies()
    page.login("district-yuci")
    page.goto("/calls/pending/")
    pending = page.page.locator(".pending-group", has_text="待县区审核")
    assert firm.name in pending.inner_text()
    with page.page.expect_navigation(wait_until="networkidle"):
        pending.locator("a", has_text=firm.name).click()
    _step(page, "district_pass", "材料齐全，同意推荐")
    assert _status(page) == "县区审核通过，待形式审查"

    # the city: formal review passed (on to the experts), then the ranking is drawn
    page.page.context.clear_cookies()
    page.login("city")
    page.goto(url)
    _step(page, "formal_pass")
    assert _status(page) == "专家评审中"

    # the experts: the panel is drawn (five, by the high-tech panel rule); four score on the server, the
    # fifth finds the sheet on their page and scores in the browser; the panel closes and ranks it
    from rainforest.reviews.selectors import panel_for, ranking
    from rainforest.reviews.services import panel_close, panel_draw, sheet_submit

    call = open_call["call"]
    application.refresh_from_db()
    assert len(panel_draw(user=open_call["city"], call=call, seed=1).experts) == 5
    scores = {"知识产权": 24, "科技成果转化能力": 25, "研究开发组织管理水平": 16, "企业成长性": 15}
    for expert in open_call["experts"][1:]:
        sheet_submit(user=expert.user, application=application, scores=scores)
    page.page.context.clear_cookies()
    page.login("expert")
    page.goto("/reviews/sheets/")
    with page.page.expect_navigation(wait_until="networkidle"):
        page.page.locator("a", has_text="智能传感器研发").first.click()
    sheet = page.page.locator("form:has(input[name='score-0'])")
    for n, value in enumerate(("26", "27", "17", "16")):
        sheet.locator(f"input[name='score-{n}']").fill(value)
    sheet.locator("textarea[name='comment']").fill("技术路线清晰，产业化前景好。")
    _submit(page, sheet)
    assert "/reviews/sheets/" in page.page.url
    panel = panel_for(call)
    assert panel is not None
    panel_close(user=open_call["city"], panel=panel)
    application.refresh_from_db()
    assert application.status == "ranked"
    score = ranking(call)[0]["score"]

    # the city publishes the 公示 from the notice page, choosing to show the amount and the score too
    page.page.context.clear_cookies()
    page.login("city")
    page.goto("/calls/demo-open/publicity/")
    publish = page.page.locator("form#publish-form")
    publish.locator("input[name='columns'][value='amount']").check()
    publish.locator("input[name='columns'][value='score']").check()
    publish.locator("input[name='contact']").fill("王市局 0354-3031234")
    publish.locator("input[name='confirm']").check()  # the confirmation before an irreversible step
    _submit(page, publish, "发布公示")
    rows = page.page.locator("#publicity-rows tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td").nth(1).inner_text() == firm.name
    assert rows.first.locator("td").nth(3).inner_text() == "30.00"
    assert rows.first.locator("td").nth(4).inner_text() == str(score)
    assert page.page.locator("#publicity-status").inner_text() == "公示中"
    application.refresh_from_db()
    assert application.status == "publicity"

    # the enterprise sees its row in the notice and its application's new status
    page.page.context.clear_cookies()
    page.login("enterprise")
    page.goto("/calls/demo-open/publicity/")
    assert firm.name in page.page.locator("#publicity-rows").inner_text()
    page.goto(url)
    assert _status(page) == "公示中"
    assert page.errors == []
