"""The cultivation pages: who sees what (every role of the cast), the pool's filters, export and query
ceiling, the target page's numbers, the visit form and the confirmation before a delete."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.cultivation import forecast
from rainforest.cultivation.choices import TargetIndicator
from rainforest.cultivation.models import FollowUp, Target, Visit
from rainforest.cultivation.pool import pool_for
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Assignment, Certificate, Enterprise
from rainforest.enterprises.tests.factories import EnterpriseFactory, YearlyFiguresFactory

pytestmark = pytest.mark.django_db

AS_OF = "2025-06-01"
POOL = reverse("cultivation:pool")
OWN = "晋中自有科技有限公司"
TAIGU = "太谷测试有限公司"


def with_figures(enterprise, rd=1_500_000):
    for year in (2022, 2023, 2024):
        YearlyFiguresFactory(enterprise=enterprise, year=year, rd_expense=rd, rd_expense_domestic=rd)
    return enterprise


def names(response) -> list[str]:
    return re.findall(r'<td class="enterprise-name"><a [^>]*>([^<]+)</a>', response.content.decode())


@pytest.fixture
def city_firms(two_districts, butler):
    for enterprise in two_districts.values():
        with_figures(enterprise)
    Assignment.objects.create(enterprise=two_districts["yuci"], butler=butler, started_on=date(2025, 1, 2))
    return two_districts


def test_city_officers_see_every_candidate(client, city, city_firms):
    client.force_login(city)
    assert sorted(names(client.get(POOL, {"as_of": AS_OF}))) == sorted([OWN, TAIGU])


def test_a_butler_sees_only_the_firms_assigned_to_them(client, butler, city_firms):
    client.force_login(butler)
    assert names(client.get(POOL, {"as_of": AS_OF})) == [OWN]


def test_a_district_officer_sees_only_their_district(client, district_yuci, city_firms):
    client.force_login(district_yuci)
    assert names(client.get(POOL, {"as_of": AS_OF})) == [OWN]


@pytest.mark.parametrize(
    "url",
    [
        POOL,
        reverse("cultivation:pool_export"),
        reverse("cultivation:alerts"),
        reverse("cultivation:butlers"),
        reverse("cultivation:visits"),
        reverse("cultivation:visit_create"),
        reverse("cultivation:trainings"),
        reverse("cultivation:targets"),
    ],
)
@pytest.mark.parametrize("who", ["owner", "university", "bank", "outsider"])
def test_enterprise_university_and_bank_users_are_refused(client, request, url, who, city_firms):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(POOL)
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


def test_the_district_filter_keeps_one_district(client, city, city_firms):
    client.force_login(city)
    assert names(client.get(POOL, {"as_of": AS_OF, "district": "140703"})) == [TAIGU]


def test_a_row_shows_what_the_firm_lacks(client, city, city_firms):
    client.force_login(city)
    html = client.get(POOL, {"as_of": AS_OF, "district": "140702"}).content.decode()
    # R&D 150万 a year against sales 3,000万: 5% of 9,000万 is 450万, so 0 short; tech staff 20 of 100: fine
    assert "近三年研发费用" not in html
    assert "不满足" in html or "需" in html


def test_the_export_holds_the_filtered_rows_in_the_pages_order(client, city, city_firms):
    client.force_login(city)
    response = client.get(reverse("cultivation:pool_export"), {"as_of": AS_OF, "rulebook": "tech-sme"})
    sheet = load_workbook(BytesIO(response.content))["培育库"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    page = names(client.get(POOL, {"as_of": AS_OF, "rulebook": "tech-sme"}))
    assert [row[2] for row in rows] == page
    assert [row[0] for row in rows] == [1, 2]


def test_the_pool_page_has_a_query_ceiling_whatever_the_number_of_firms(client, city, city_firms):
    client.force_login(city)
    with CaptureQueriesContext(connection) as few:
        client.get(POOL, {"as_of": AS_OF})
    for n in range(12):
        with_figures(EnterpriseFactory(name=f"更多企业{n:02d}"))
    from rainforest.cultivation.pool import clear_cache

    clear_cache()
    with CaptureQueriesContext(connection) as many:
        response = client.get(POOL, {"as_of": AS_OF})
    assert response.status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 16


def test_the_target_page_gives_the_exact_attainment_of_the_candidates(client, city, city_firms):
    Certificate.objects.create(
        enterprise=city_firms["taigu"],
        kind=CertificateKind.HNTE,
        issued_on=date(2025, 3, 1),
        expires_on=date(2028, 3, 1),
    )
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2025, value=2, source="测试")
    client.force_login(city)
    response = client.get(reverse("cultivation:target", args=[target.pk]), {"as_of": AS_OF})
    result = response.context["forecast"]
    candidates = pool_for(Enterprise.objects.all(), rulebook="hnte", day=date(2025, 6, 1))
    expected = forecast.attainment(2, 1, [c.probability for c in candidates])
    assert (result.achieved, [c.enterprise.name for c in result.candidates]) == (1, [OWN])
    assert result.attainment.probability == pytest.approx(expected.probability)
    assert result.attainment.probability == pytest.approx(candidates[0].probability)
    assert response.context["chart"]["totals"][0] == 1
    html = response.content.decode()
    assert f'id="attainment">{round(expected.probability * 100, 1)}%<' in html
    assert 'id="attainment-data"' in html


def test_a_target_of_a_year_that_is_over_is_final(client, city, city_firms):
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2024, value=5)
    client.force_login(city)
    result = client.get(reverse("cultivation:target", args=[target.pk])).context["forecast"]
    assert (result.final, result.candidates, result.attainment.probability) == (True, [], 0.0)


def test_a_butler_logs_a_visit_with_a_follow_up_through_the_form(client, butler, city_firms):
    client.force_login(butler)
    data = {
        "enterprise": city_firms["yuci"].credit_code,
        "visited_on": "2025-05-06",
        "topics": ["hnte_application", "ip"],
        "findings": "核心产品仅有实用新型专利",
        "follow_ups-TOTAL_FORMS": "3",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-0-action": "申请发明专利",
        "follow_ups-0-owner": "企业研发负责人",
        "follow_ups-0-due_on": "2025-09-01",
        "follow_ups-0-status": "open",
    }
    response = client.post(reverse("cultivation:visit_create"), data)
    visit = Visit.objects.get()
    assert response.url == reverse("cultivation:visit", args=[visit.pk])
    assert list(visit.follow_ups.values_list("action", flat=True)) == ["申请发明专利"]


def test_a_refused_visit_form_stores_nothing(client, butler, city_firms):
    client.force_login(butler)
    data = {
        "enterprise": city_firms["yuci"].credit_code,
        "visited_on": "2025-05-06",
        "topics": ["ip"],
        "follow_ups-TOTAL_FORMS": "1",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-0-action": "申请发明专利",
        "follow_ups-0-owner": "企业研发负责人",
        "follow_ups-0-due_on": "2025-04-01",
        "follow_ups-0-status": "open",
    }
    response = client.post(reverse("cultivation:visit_create"), data)
    assert response.status_code == 200
    assert "完成期限不能早于走访日期" in response.content.decode()
    assert (Visit.objects.count(), FollowUp.objects.count()) == (0, 0)


def test_a_butler_cannot_pick_a_firm_not_assigned_to_them(client, butler, city_firms):
    client.force_login(butler)
    data = {"enterprise": city_firms["taigu"].credit_code, "visited_on": "2025-05-06", "topics": ["ip"]}
    data |= {"follow_ups-TOTAL_FORMS": "0", "follow_ups-INITIAL_FORMS": "0"}
    assert client.post(reverse("cultivation:visit_create"), data).status_code == 200
    assert Visit.objects.count() == 0


def test_a_target_is_deleted_only_after_confirmation(client, city):
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2025, value=109)
    client.force_login(city)
    url = reverse("cultivation:target_delete", args=[target.pk])
    assert "确认删除" in client.get(url).content.decode()
    assert Target.objects.count() == 1
    client.post(url)
    assert Target.objects.count() == 0


def test_a_district_officer_may_not_delete_a_city_target(client, district_yuci):
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2025, value=109)
    client.force_login(district_yuci)
    assert client.post(reverse("cultivation:target_delete", args=[target.pk])).status_code == 403
    assert Target.objects.count() == 1


def test_the_butler_page_lists_the_caseload_with_gaps(client, butler, city_firms):
    client.force_login(butler)
    response = client.get(reverse("cultivation:butler", args=[butler.pk]))
    assert [row.enterprise.name for row in response.context["rows"]] == [OWN]


def test_a_butler_cannot_open_another_butlers_page(client, butler, city_firms, organisations):
    from rainforest.core.choices import Role
    from rainforest.core.models import User

    other = User.objects.create_user(username="butler-02", password="x-1234-word", role=Role.BUTLER)
    client.force_login(butler)
    assert client.get(reverse("cultivation:butler", args=[other.pk])).status_code == 404


def test_the_navigation_shows_cultivation_to_butlers_but_not_to_firms(client, butler, owner):
    client.force_login(butler)
    assert "企业培育" in client.get(reverse("home")).content.decode()
    client.force_login(owner)
    assert "企业培育" not in client.get(reverse("home")).content.decode()


def test_the_cultivation_tabs_mark_the_page_you_are_on(client, city):
    client.force_login(city)
    html = client.get(reverse("cultivation:targets")).content.decode()
    assert (
        f'<a href="{reverse("cultivation:targets")}" class="is-active" aria-current="page">年度目标</a>'
        in html
    )
    assert html.count('aria-current="page">') == 2  # the site navigation's 企业培育 and this tab


def test_a_target_out_of_reach_lists_no_firm_as_moving_it_and_its_chart_reaches_the_target(
    client, city, city_firms
):
    """Out of reach, every firm's influence is a rounding error: the table of movers said 0.000 for each.
    The chart's axis runs to the target, so that its line is drawn."""
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2025, value=109, source="测试")
    client.force_login(city)
    response = client.get(reverse("cultivation:target", args=[target.pk]), {"as_of": AS_OF})
    assert response.context["forecast"].movers == []
    assert "没有能改变完成概率的候选企业" in response.content.decode()
    assert response.context["chart"]["totals"][-1] == min(109, len(response.context["forecast"].candidates))


def test_the_chart_of_a_distant_target_runs_to_the_target():
    from rainforest.cultivation.selectors import chart_data

    chart = chart_data(forecast.attainment(12, 0, [0.1] * 20))
    assert chart["totals"][0] == 0
    assert chart["totals"][-1] == 12
    assert chart["reached"][-1] is True
    assert len(chart["totals"]) == len(chart["probabilities"]) == 13


def test_a_row_with_only_data_to_verify_says_what_to_verify_and_the_open_points(client, city, city_firms):
    client.force_login(city)
    html = client.get(POOL, {"as_of": AS_OF, "district": "140702"}).content.decode()
    assert "待核实：是否拥有核心自主知识产权、近一年有无重大安全质量事故或严重环境违法行为" in html
    assert "跨越71分及格线" in html
    assert "owns_core_ip" not in html


def _date_input(html: str) -> str:
    (tag,) = re.findall(r'<input type="date" name="as_of"[^>]*>', html)
    return tag


def test_the_pool_date_starts_on_the_data_as_of_date(client, city, city_firms, settings):
    settings.RAINFOREST = {**settings.RAINFOREST, "AS_OF": date(2025, 6, 1)}
    client.force_login(city)
    assert 'value="2025-06-01"' in _date_input(client.get(POOL).content.decode())
    # A filter without a date keeps the day too; a date chosen by the user is kept as chosen.
    assert 'value="2025-06-01"' in _date_input(client.get(POOL, {"rulebook": "tech-sme"}).content.decode())
    assert 'value="2025-03-01"' in _date_input(client.get(POOL, {"as_of": "2025-03-01"}).content.decode())


def test_the_target_date_starts_on_the_day_of_its_forecast(client, city, city_firms, settings):
    settings.RAINFOREST = {**settings.RAINFOREST, "AS_OF": date(2025, 6, 1)}
    this_year = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2025, value=2)
    last_year = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2024, value=2)
    client.force_login(city)
    page = client.get(reverse("cultivation:target", args=[this_year.pk])).content.decode()
    assert 'value="2025-06-01"' in _date_input(page)
    # A year that is over is forecast on its last day, and the input says so.
    page = client.get(reverse("cultivation:target", args=[last_year.pk])).content.decode()
    assert 'value="2024-12-31"' in _date_input(page)
