"""The home page is each role's to-do list: every item says what waits, how many, and links to the page that
acts on it; a university or bank user reads why their pages are empty and what they can do meanwhile.

The city on 2025-06-01 (the data as-of date of these tests): 榆次区's own firm holds an HNTE certificate
from 2022-08-01 (it expires on 2025-08-01, not renewed) and 太谷区's firm a tech-SME registration of 2024
only; the butler visited the 太谷区 firm on 2025-05-06, planned the next visit for 2025-06-10 and left a
follow-up due on 2025-05-20, still open; the city's target is 5 new HNTEs in 2025 (none yet, no candidate);
the city officer has one import job queued."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rainforest.cultivation.models import FollowUp, Target, Visit
from rainforest.enterprises.models import Assignment
from rainforest.enterprises.tests.factories import CertificateFactory, YearlyFiguresFactory
from rainforest.imports.models import ImportJob

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 1)
HOME = reverse("home")


@pytest.fixture(autouse=True)
def as_of_day(settings):
    settings.RAINFOREST = {**settings.RAINFOREST, "AS_OF": AS_OF}


@pytest.fixture
def city_work(two_districts, butler, city):
    yuci, taigu = two_districts["yuci"], two_districts["taigu"]
    CertificateFactory(enterprise=yuci, kind="hnte", issued_on=date(2022, 8, 1))
    CertificateFactory(enterprise=taigu, kind="tech_sme", issued_on=date(2024, 3, 1), year=2024)
    Assignment.objects.create(enterprise=taigu, butler=butler, started_on=date(2024, 1, 1))
    visit = Visit.objects.create(
        enterprise=taigu, butler=butler, visited_on=date(2025, 5, 6), next_visit_on=date(2025, 6, 10)
    )
    FollowUp.objects.create(visit=visit, action="补充研发费用台账", owner="张三", due_on=date(2025, 5, 20))
    target = Target.objects.create(indicator="new_hnte", year=2025, value=5)
    ImportJob.objects.create(record_type="enterprises", file_name="企业.xlsx", user=city)
    return {"target": target, "visit": visit}


def todo(response) -> list[tuple[str, str, str]]:
    """The to-do list as (code, text, link)."""
    return [(item.code, item.text, item.url) for item in response.context["todo"]]


def test_a_city_officer_sees_the_target_at_risk_visits_follow_ups_certificates_and_imports(
    client, city, city_work
):
    client.force_login(city)
    target = city_work["target"]
    alerts = reverse("cultivation:alerts")
    visits = reverse("cultivation:visits")
    assert todo(client.get(HOME)) == [
        (
            "target_at_risk",
            "2025 年目标“新认定高新技术企业数”：完成概率 0.0%（已完成 0 / 目标 5）",
            reverse("cultivation:target", args=[target.pk]),
        ),
        ("visits_due", "计划走访已到期或 14 天内到期：1 家企业", visits),
        ("follow_ups_overdue", "已过完成期限的走访待办事项：1 项", visits),
        ("hnte_expiring", "高企证书今年到期、尚未重新认定：1 家", alerts),
        ("tech_sme_due", "去年入库、今年尚未重新评价入库的科技型中小企业：1 家", alerts),
        ("imports_running", "尚未完成的数据导入：1 个", reverse("imports:index")),
    ]


def test_the_home_page_links_each_item_to_the_page_that_acts_on_it(client, city, city_work):
    client.force_login(city)
    html = client.get(HOME).content.decode()
    assert (
        f'<li class="todo__item" data-todo="imports_running"><a href="{reverse("imports:index")}">'
        "尚未完成的数据导入：1 个</a></li>"
    ) in html
    for code, _text, url in todo(client.get(HOME)):
        assert client.get(url).status_code == 200, code


def test_a_district_officer_sees_only_their_districts_work(client, district_yuci, city_work):
    client.force_login(district_yuci)
    assert [(code, text) for code, text, _url in todo(client.get(HOME))] == [
        ("target_at_risk", "2025 年目标“新认定高新技术企业数”：完成概率 0.0%（已完成 0 / 目标 5）"),
        ("hnte_expiring", "高企证书今年到期、尚未重新认定：1 家"),
    ]


def test_a_butler_sees_their_firms_with_open_follow_ups_and_visits_due(client, butler, city_work):
    client.force_login(butler)
    mine = reverse("cultivation:mine")
    assert todo(client.get(HOME)) == [
        ("firms_with_open_follow_ups", "有未完成待办事项的分管企业：1 家", mine),
        ("visits_due", "计划走访已到期或 14 天内到期：1 家企业", mine),
        ("follow_ups_overdue", "已过完成期限的走访待办事项：1 项", mine),
        (
            "tech_sme_due",
            "去年入库、今年尚未重新评价入库的科技型中小企业：1 家",
            reverse("cultivation:alerts"),
        ),
    ]


def test_a_visit_made_after_the_planned_one_clears_it(client, butler, city_work):
    Visit.objects.create(
        enterprise=city_work["visit"].enterprise, butler=butler, visited_on=date(2025, 5, 30)
    )
    client.force_login(butler)
    assert "visits_due" not in [code for code, _text, _url in todo(client.get(HOME))]


def test_an_enterprise_user_sees_its_gaps_and_its_certificate_expiring(client, owner, own_firm, city_work):
    YearlyFiguresFactory(
        enterprise=own_firm, year=2024, employees=800, operating_revenue=Decimal(500_000_000)
    )
    client.force_login(owner)
    self_assessment = reverse("eligibility:self")
    items = client.get(HOME).context["todo"]
    assert [(item.code, item.text, item.url, item.details) for item in items] == [
        # its valid HNTE certificate is a direct route into the tech-SME register: no score gap, only
        # two conditions the registry cannot answer
        (
            "data_tech_sme",
            "科技型中小企业评价：2 项条件缺少数据，补齐后才能判断",
            self_assessment + "?rulebook=tech-sme",
            [],
        ),
        (
            "gaps_hnte",
            "对照高新技术企业认定的条件，尚有 2 项差距",
            self_assessment + "?rulebook=hnte",
            ["需将60名职工调整为科技人员，方可达到10%", "新聘67名科技人员，方可达到10%"],
        ),
        (
            "certificate_expiring",
            "高新技术企业证书有效期至 2025-07-31，请及时办理",
            reverse("enterprises:detail", args=[own_firm.credit_code]),
            [],
        ),
    ]


def test_an_enterprise_without_figures_is_told_which_rules_lack_data(client, owner):
    client.force_login(owner)
    self_assessment = reverse("eligibility:self")
    assert todo(client.get(HOME)) == [
        (
            "data_tech_sme",
            "科技型中小企业评价：4 项条件缺少数据，补齐后才能判断",
            self_assessment + "?rulebook=tech-sme",
        ),
        (
            "data_hnte",
            "高新技术企业认定：7 项条件缺少数据，补齐后才能判断",
            self_assessment + "?rulebook=hnte",
        ),
    ]


def _desk(html: str) -> list[tuple[str, str]]:
    section = html[html.index('<section class="panel institution"') : html.index("</section>")]
    return re.findall(
        r'<li><a href="[^"]+">([^<]+)</a>(?: <span class="count" data-count="(\d+)">)?', section
    )


def test_a_university_user_finds_its_own_records_counted_on_the_home_page(client, university, bank, own_firm):
    from rainforest.finance.tests.factories import loan
    from rainforest.matching.tests.factories import AchievementFactory

    AchievementFactory.create_batch(2, owner=university.organisation)
    AchievementFactory(owner=bank.organisation)  # another organisation's: not counted
    loan(own_firm, bank=bank.organisation)
    client.force_login(university)
    desk = dict(_desk(client.get(HOME).content.decode()))
    assert desk["本单位的科技成果"] == "2"
    assert desk["本单位参与的技术合同"] == "0"
    assert desk["高校院所摸底"] == ""  # a page, not a count
    assert "本行发放的科技贷款" not in desk

    client.force_login(bank)
    desk = dict(_desk(client.get(HOME).content.decode()))
    assert desk["本行发放的科技贷款"] == "1"
    assert "本单位的科技成果" not in desk


def test_a_user_with_nothing_waiting_is_told_so(client, city):
    client.force_login(city)
    html = client.get(HOME).content.decode()
    assert '<p class="empty todo--empty">今天没有待办事项。</p>' in html
