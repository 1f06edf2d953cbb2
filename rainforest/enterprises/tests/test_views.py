"""The enterprise pages: who sees what (every role of the cast), filters, sorting, pagination, masked
contacts, and every form's happy and refused paths (nothing stored changes on a refusal)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from rainforest.core.choices import Role
from rainforest.core.models import IndustrySection, User, today
from rainforest.enterprises.models import Assignment, Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.tests.factories import (
    CertificateFactory,
    EnterpriseFactory,
    YearlyFiguresFactory,
    credit_code_for,
    district,
)
from rainforest.forest.services import forest_refresh

pytestmark = pytest.mark.django_db

OWN = "晋中自有科技有限公司"
TAIGU = "太谷测试有限公司"
LIST = reverse("enterprises:list")
CREATE = reverse("enterprises:create")


def names(response) -> list[str]:
    """The enterprise names of a list page, in order."""
    return re.findall(r'<td class="enterprise-name"><a [^>]*>([^<]+)</a></td>', response.content.decode())


def errors(response) -> dict[str, list[str]]:
    form = response.context["form"]
    return {field: list(messages) for field, messages in form.errors.items()}


def detail(enterprise: Enterprise, suffix: str = "") -> str:
    return reverse("enterprises:detail", args=[enterprise.credit_code]) + suffix


@pytest.fixture
def assigned_butler(butler, two_districts):
    Assignment.objects.create(enterprise=two_districts["taigu"], butler=butler, started_on=date(2024, 1, 1))
    return butler


# --- who sees what -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("city", [TAIGU, OWN]),
        ("admin", [TAIGU, OWN]),
        ("district_yuci", [OWN]),
        ("assigned_butler", [TAIGU]),
        ("owner", [OWN]),
        ("university", []),
        ("bank", []),
        ("outsider", []),
    ],
)
def test_the_list_shows_exactly_the_enterprises_in_the_users_scope(
    client, request, two_districts, who, visible
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(LIST)
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(visible)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=" + LIST


@pytest.mark.parametrize(
    ("who", "yuci", "taigu"),
    [
        ("city", 200, 200),
        ("admin", 200, 200),
        ("district_yuci", 200, 404),
        ("assigned_butler", 404, 200),
        ("owner", 200, 404),
        ("university", 404, 404),
        ("bank", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_the_enterprise_page_answers_404_outside_the_users_scope(
    client, request, two_districts, who, yuci, taigu
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(detail(two_districts["yuci"])).status_code == yuci
    assert client.get(detail(two_districts["taigu"])).status_code == taigu


@pytest.mark.parametrize(
    ("who", "create", "edit_own_firm"),
    [
        ("city", 200, 200),
        ("admin", 200, 200),
        ("district_yuci", 200, 200),
        ("assigned_butler", 403, 403),  # a role without the grant: 403 whatever the firm
        ("owner", 403, 403),
        ("university", 403, 403),
        ("bank", 403, 403),
        ("outsider", 403, 403),
    ],
)
def test_only_city_officers_admins_and_district_officers_open_the_forms(
    client, request, two_districts, who, create, edit_own_firm
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(CREATE).status_code == create
    assert client.get(detail(two_districts["yuci"], "edit/")).status_code == edit_own_firm


def test_an_enterprise_user_sees_their_own_enterprise_read_only(client, owner, own_firm):
    client.force_login(owner)
    response = client.get(detail(own_firm))
    assert response.status_code == 200
    assert response.context["may_write"] is False
    assert detail(own_firm, "edit/") not in response.content.decode()
    response = client.post(detail(own_firm, "edit/"), {"name": "改名"})
    assert response.status_code == 403
    assert Enterprise.objects.get(pk=own_firm.pk).name == OWN


# --- filters, sorting, pagination ----------------------------------------------------------------------


def test_the_list_filters_by_district(client, city, two_districts):
    client.force_login(city)
    assert names(client.get(LIST, {"district": "140703"})) == [TAIGU]


def test_the_list_searches_by_name_or_credit_code_prefix(client, city, two_districts):
    client.force_login(city)
    assert names(client.get(LIST, {"q": "太谷"})) == [TAIGU]
    assert names(client.get(LIST, {"q": two_districts["yuci"].credit_code[:17].lower()})) == [OWN]


def test_the_list_filters_by_industry_and_tech_field(client, city, two_districts):
    taigu = two_districts["taigu"]
    taigu.industry = IndustrySection.objects.get(code="C")
    taigu.tech_field = "new_materials"
    taigu.save()
    client.force_login(city)
    assert names(client.get(LIST, {"industry": "C"})) == [TAIGU]
    assert names(client.get(LIST, {"tech_field": "new_materials"})) == [TAIGU]
    assert names(client.get(LIST, {"tech_field": "advanced_manufacturing"})) == [OWN]


def test_the_list_filters_by_valid_certificate_and_by_layer(client, city, two_districts):
    own = two_districts["yuci"]
    CertificateFactory(enterprise=own, kind="hnte", issued_on=today() - timedelta(days=30))
    CertificateFactory(
        enterprise=two_districts["taigu"], kind="hnte", issued_on=date(2015, 1, 1)
    )  # long expired
    forest_refresh(enterprise_ids=[own.pk, two_districts["taigu"].pk])
    client.force_login(city)
    assert names(client.get(LIST, {"certificate": "hnte"})) == [OWN]
    assert names(client.get(LIST, {"layer": "shrub"})) == [OWN]
    assert names(client.get(LIST, {"layer": "tree"})) == []


def test_the_list_sorts_by_an_allowed_column_both_ways(client, city, two_districts):
    EnterpriseFactory(name="阿尔法科技有限公司", founded_on=date(2020, 1, 1))
    client.force_login(city)
    assert names(client.get(LIST, {"ordering": "name"})) == sorted([OWN, TAIGU, "阿尔法科技有限公司"])
    assert names(client.get(LIST, {"ordering": "-name"})) == sorted(
        [OWN, TAIGU, "阿尔法科技有限公司"], reverse=True
    )
    assert names(client.get(LIST, {"ordering": "-founded_on"}))[0] == "阿尔法科技有限公司"


def test_an_unknown_ordering_is_refused_not_obeyed(client, city, two_districts):
    client.force_login(city)
    response = client.get(LIST, {"ordering": "contact_phone"})
    assert response.status_code == 200
    assert list(response.context["filter"].errors["ordering"]) == [
        "选择一个有效的选项。 contact_phone 不在可用的选项中。"
    ]
    assert names(response) == [TAIGU, OWN]  # the default order, by name


def test_the_list_is_paginated_by_the_configured_page_size(client, city, settings):
    settings.RAINFOREST = {**settings.RAINFOREST, "PAGE_SIZE": 2}
    for n in range(5):
        EnterpriseFactory(name=f"分页企业{n}")
    client.force_login(city)
    first = client.get(LIST, {"ordering": "name"})
    assert names(first) == ["分页企业0", "分页企业1"]
    assert "第 1 / 3 页" in first.content.decode()
    assert names(client.get(LIST, {"ordering": "name", "page": 3})) == ["分页企业4"]
    assert "?ordering=name&amp;page=2" in first.content.decode()


def test_the_export_button_carries_the_current_filters(client, city, two_districts):
    client.force_login(city)
    response = client.get(LIST, {"district": "140703", "page": "1"})
    try:
        export = reverse("imports:export", args=["enterprise"])
    except NoReverseMatch:  # the export belongs to the imports app; until it exists there is no button
        assert response.context["export_url"] == ""
        assert "导出Excel" not in response.content.decode()
        return
    assert response.context["export_url"] == f"{export}?district=140703"
    assert f'href="{export}?district=140703"' in response.content.decode()


def test_an_htmx_request_gets_only_the_results(client, city, two_districts):
    client.force_login(city)
    response = client.get(LIST, {"district": "140703"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "<html" not in content
    assert names(response) == [TAIGU]


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client, city, two_districts):
    client.force_login(city)
    content = client.get(LIST, {"q": "不存在的企业"}).content.decode()
    assert "没有符合筛选条件的企业。" in content
    assert "清除筛选" in content


def test_the_list_query_count_does_not_grow_with_the_rows(client, city):
    client.force_login(city)
    EnterpriseFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    EnterpriseFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 10


# --- contacts ------------------------------------------------------------------------------------------


def test_contacts_are_masked_for_users_without_the_right(client, city, own_firm):
    city.sees_personal_data = False
    city.save()
    client.force_login(city)
    content = client.get(LIST).content.decode() + client.get(detail(own_firm)).content.decode()
    assert "张三丰" not in content and "13912345678" not in content and "zhang@example.cn" not in content
    assert '<td class="contact-name">张**</td>' in content
    assert '<td class="contact-phone">139****5678</td>' in content
    assert '<dd class="contact-email">z***@example.cn</dd>' in content


def test_contacts_are_shown_in_clear_to_users_with_the_right(client, city, own_firm):
    client.force_login(city)
    content = client.get(detail(own_firm)).content.decode()
    assert '<dd class="contact-name">张三丰</dd>' in content
    assert '<dd class="contact-phone">13912345678</dd>' in content


# --- the enterprise page -------------------------------------------------------------------------------


def test_the_page_shows_figures_in_wan_yuan_certificates_with_validity_and_the_layer_timeline(
    client, city, own_firm
):
    YearlyFiguresFactory(
        enterprise=own_firm,
        year=2024,
        operating_revenue=Decimal("48474000"),
        total_income=Decimal("48474000"),
    )
    CertificateFactory(
        enterprise=own_firm, kind="hnte", issued_on=today() - timedelta(days=10), number="GR2025140000001"
    )
    CertificateFactory(enterprise=own_firm, kind="innovative_sme", issued_on=date(2018, 5, 1))
    forest_refresh(enterprise_ids=[own_firm.pk])
    client.force_login(city)
    response = client.get(detail(own_firm))
    content = response.content.decode()
    assert '<td class="number">4,847.4</td>' in content
    assert [(row.certificate.kind, row.valid_today) for row in response.context["certificates"]] == [
        ("hnte", True),
        ("innovative_sme", False),
    ]
    assert response.context["current_layer"] == "灌木"
    moves = [entry.title for entry in response.context["timeline"] if entry.kind == "move"]
    assert moves[0] == "小升高：未入林 → 灌木"  # the spans' layers either side of the date (issue 6 item 8)


def test_the_page_tolerates_an_enterprise_without_layer_history(client, city, own_firm):
    client.force_login(city)
    response = client.get(detail(own_firm))
    assert response.status_code == 200
    assert response.context["timeline"] == []
    assert "尚无层级记录" in response.content.decode()


def test_the_page_shows_the_change_log_with_who_changed_what(client, city, own_firm):
    client.force_login(city)
    client.post(detail(own_firm, "edit/"), enterprise_data(own_firm, name="晋中新名科技有限公司"))
    log = client.get(reverse("enterprises:detail", args=[own_firm.credit_code])).context["change_log"]
    assert (log[0].user, log[0].action, log[0].reason) == ("city", "修改", "修改企业信息")
    assert ("企业名称", OWN, "晋中新名科技有限公司") in log[0].changes


# --- enterprise forms ----------------------------------------------------------------------------------


def enterprise_data(enterprise: Enterprise | None = None, **changes: str) -> dict[str, str]:
    data = {
        "credit_code": enterprise.credit_code if enterprise else credit_code_for(777),
        "name": enterprise.name if enterprise else "晋中新登记科技有限公司",
        "district": str(enterprise.district_id if enterprise else district("140702").pk),
        "development_zone": "",
        "industry": "",
        "tech_field": "new_energy",
        "founded_on": "2019-06-18",
        "address": "榆次区迎宾街1号",
        "resident_enterprise": "on",
        "contact_name": "李四",
        "contact_phone": "13800001111",
        "contact_email": "li@example.cn",
    }
    data.update(changes)
    return data


def test_a_city_officer_registers_an_enterprise(client, city):
    client.force_login(city)
    response = client.post(CREATE, enterprise_data())
    enterprise = Enterprise.objects.get(credit_code=credit_code_for(777))
    assert response.status_code == 302
    assert response.url == detail(enterprise)
    assert (enterprise.name, enterprise.district.code, enterprise.founded_on) == (
        "晋中新登记科技有限公司",
        "140702",
        date(2019, 6, 18),
    )
    assert enterprise.history.latest().history_user == city


def test_full_width_credit_codes_are_normalised(client, city):
    client.force_login(city)
    wide = credit_code_for(777).translate(
        {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHJKLMNPQRTUWXY"}
    )
    client.post(CREATE, enterprise_data(credit_code=wide))
    assert Enterprise.objects.filter(credit_code=credit_code_for(777)).count() == 1


def bad_check(code: str) -> str:
    return code[:17] + ("0" if code[17] != "0" else "1")


def test_a_credit_code_failing_its_check_is_refused(client, district_yuci):
    client.force_login(district_yuci)
    code = bad_check(credit_code_for(777))
    response = client.post(CREATE, enterprise_data(credit_code=code))
    assert response.status_code == 200
    assert errors(response)["credit_code"][0].startswith("统一社会信用代码校验位错误")
    assert Enterprise.objects.count() == 0


def test_a_city_officer_stores_a_failing_code_only_with_a_written_reason(client, city):
    client.force_login(city)
    code = bad_check(credit_code_for(777))
    refused = client.post(CREATE, enterprise_data(credit_code=code))
    assert "校验例外理由" in errors(refused)["credit_code"][0]
    assert Enterprise.objects.count() == 0
    client.post(
        CREATE,
        enterprise_data(credit_code=code, credit_code_override_reason="2015年前换证的早期代码，经工商核实"),
    )
    stored = Enterprise.objects.get()
    assert (stored.credit_code, stored.credit_code_override_reason) == (
        code,
        "2015年前换证的早期代码，经工商核实",
    )


def test_a_district_officer_cannot_give_an_override_reason(client, district_yuci):
    client.force_login(district_yuci)
    code = bad_check(credit_code_for(777))
    response = client.post(CREATE, enterprise_data(credit_code=code, credit_code_override_reason="理由"))
    assert "credit_code_override_reason" not in response.context["form"].fields
    assert Enterprise.objects.count() == 0


def test_a_duplicate_credit_code_is_refused(client, city, own_firm):
    client.force_login(city)
    response = client.post(CREATE, enterprise_data(credit_code=own_firm.credit_code))
    assert errors(response)["credit_code"] == [f"统一社会信用代码 {own_firm.credit_code} 已登记"]
    assert Enterprise.objects.count() == 1


def test_a_founding_date_in_the_future_is_refused(client, city):
    client.force_login(city)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = client.post(CREATE, enterprise_data(founded_on=tomorrow))
    assert errors(response)["founded_on"] == ["日期不能晚于今天"]
    assert Enterprise.objects.count() == 0


def test_a_district_officer_registers_only_in_their_own_district(client, district_yuci):
    client.force_login(district_yuci)
    refused = client.post(CREATE, enterprise_data(district=str(district("140703").pk)))
    assert errors(refused)["district"] == ["只能选择您有权登记的县区"]
    assert Enterprise.objects.count() == 0
    client.post(CREATE, enterprise_data())
    assert list(Enterprise.objects.values_list("district__code", flat=True)) == ["140702"]


def test_a_district_officer_cannot_edit_or_delete_another_districts_enterprise(
    client, district_yuci, two_districts
):
    taigu = two_districts["taigu"]
    client.force_login(district_yuci)
    assert client.post(detail(taigu, "edit/"), enterprise_data(taigu, name="改名")).status_code == 404
    assert client.post(detail(taigu, "delete/")).status_code == 404
    assert Enterprise.objects.get(pk=taigu.pk).name == TAIGU


def test_editing_an_enterprise_saves_the_changes(client, district_yuci, own_firm):
    client.force_login(district_yuci)
    response = client.post(
        detail(own_firm, "edit/"), enterprise_data(own_firm, name="晋中新名科技有限公司", address="太原街2号")
    )
    assert response.status_code == 302
    own_firm.refresh_from_db()
    assert (own_firm.name, own_firm.address, own_firm.tech_field) == (
        "晋中新名科技有限公司",
        "太原街2号",
        "new_energy",
    )


def test_a_refused_edit_changes_nothing(client, city, own_firm):
    client.force_login(city)
    response = client.post(
        detail(own_firm, "edit/"), enterprise_data(own_firm, name="", founded_on="2999-01-01")
    )
    assert set(errors(response)) == {"name", "founded_on"}
    own_firm.refresh_from_db()
    assert (own_firm.name, own_firm.founded_on) == (OWN, date(2015, 3, 1))


def test_deleting_asks_for_confirmation_first(client, city, own_firm):
    client.force_login(city)
    confirmation = client.get(detail(own_firm, "delete/"))
    assert confirmation.status_code == 200
    assert f"确定要删除“{OWN}”吗？" in confirmation.content.decode()
    assert Enterprise.objects.filter(pk=own_firm.pk).exists()
    response = client.post(detail(own_firm, "delete/"))
    assert response.url == LIST
    assert not Enterprise.objects.filter(pk=own_firm.pk).exists()


# --- yearly figures ------------------------------------------------------------------------------------


def figures_data(**changes: str) -> dict[str, str]:
    data = {
        "year": "2024", "employees": "120", "tech_staff": "30", "rd_staff": "", "sales_revenue": "36000000",
        "operating_revenue": "36000000", "main_business_revenue": "", "total_income": "37000000",
        "hitech_income": "25000000", "total_assets": "60000000", "total_liabilities": "", "net_assets": "-100",
        "net_profit": "", "cost_expense": "", "rd_expense": "2000000", "rd_expense_domestic": "1800000",
        "ip_class1": "2", "ip_class2": "6", "conversions": "", "equity_qualified": "", "tax_paid_in_zone": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_recording_yearly_figures(client, district_yuci, own_firm):
    client.force_login(district_yuci)
    response = client.post(detail(own_firm, "figures/new/"), figures_data())
    assert response.url == detail(own_firm)
    figures = YearlyFigures.objects.get(enterprise=own_firm, year=2024)
    assert (figures.employees, figures.tech_staff, figures.operating_revenue, figures.net_assets) == (
        120,
        30,
        Decimal("36000000.00"),
        Decimal("-100.00"),
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sales_revenue": "-1"}, "sales_revenue", "不能小于 0"),
        ({"tech_staff": "121"}, "tech_staff", "科技人员数 121 超过职工总数 120"),
        ({"hitech_income": "37000001"}, "hitech_income", "高新技术产品（服务）收入超过收入总额"),
        ({"rd_expense_domestic": "2000001"}, "rd_expense_domestic", "境内研发费用超过研发费用总额"),
        ({"year": "2999"}, "year", "年度 2999 晚于今年"),
        ({"employees": "abc"}, "employees", "请填写数字"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_stored(client, city, own_firm, changes, field, message):
    client.force_login(city)
    response = client.post(detail(own_firm, "figures/new/"), figures_data(**changes))
    assert errors(response)[field] == [message]
    assert YearlyFigures.objects.count() == 0


def test_a_year_already_recorded_is_not_overwritten_by_the_new_form(client, city, own_firm):
    YearlyFiguresFactory(enterprise=own_firm, year=2024, employees=100)
    client.force_login(city)
    response = client.post(detail(own_firm, "figures/new/"), figures_data())
    assert errors(response)["year"] == ["2024 年度数据已存在，请在企业页面修改"]
    assert YearlyFigures.objects.get().employees == 100


def test_editing_and_deleting_yearly_figures(client, city, own_firm):
    YearlyFiguresFactory(enterprise=own_firm, year=2024)
    client.force_login(city)
    url = detail(own_firm, "figures/2024/")
    client.post(url + "edit/", figures_data(year="1999", employees="150"))
    assert list(YearlyFigures.objects.values_list("year", "employees")) == [(2024, 150)]  # the year is fixed
    assert client.get(url + "delete/").status_code == 200
    assert YearlyFigures.objects.count() == 1
    client.post(url + "delete/")
    assert YearlyFigures.objects.count() == 0


# --- certificates --------------------------------------------------------------------------------------


def test_recording_a_certificate_with_its_default_term(client, city, own_firm):
    client.force_login(city)
    response = client.post(
        detail(own_firm, "certificates/new/"),
        {"kind": "hnte", "number": "GR202414000123", "issued_on": "2024-11-01", "expires_on": "", "year": ""},
    )
    assert response.url == detail(own_firm)
    certificate = Certificate.objects.get()
    assert (certificate.kind, certificate.number, certificate.expires_on) == (
        "hnte",
        "GR202414000123",
        date(2027, 11, 1),
    )


def test_a_certificate_issued_in_the_future_is_refused(client, city, own_firm):
    client.force_login(city)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = client.post(detail(own_firm, "certificates/new/"), {"kind": "hnte", "issued_on": tomorrow})
    assert errors(response)["issued_on"] == ["日期不能晚于今天"]
    assert Certificate.objects.count() == 0


def test_editing_and_deleting_a_certificate(client, city, own_firm):
    certificate = CertificateFactory(enterprise=own_firm)
    client.force_login(city)
    url = detail(own_firm, f"certificates/{certificate.pk}/")
    client.post(
        url + "edit/",
        {"kind": "tech_sme", "issued_on": "2020-01-01", "number": "新编号", "expires_on": "2026-11-01"},
    )
    certificate.refresh_from_db()
    assert (certificate.kind, certificate.issued_on, certificate.number) == (
        "hnte",
        date(2023, 11, 1),
        "新编号",
    )
    assert "确认删除" in client.get(url + "delete/").content.decode()
    client.post(url + "delete/")
    assert Certificate.objects.count() == 0


# --- butler assignments --------------------------------------------------------------------------------


def test_assigning_a_butler(client, city, butler, own_firm):
    client.force_login(city)
    response = client.post(
        detail(own_firm, "butlers/new/"), {"butler": butler.pk, "started_on": "2025-03-01"}
    )
    assert response.url == detail(own_firm)
    assert list(Assignment.objects.values_list("butler__username", "started_on")) == [
        ("butler", date(2025, 3, 1))
    ]


def test_only_butlers_can_be_assigned_and_only_once(client, city, butler, university, own_firm):
    client.force_login(city)
    refused = client.post(
        detail(own_firm, "butlers/new/"), {"butler": university.pk, "started_on": "2025-03-01"}
    )
    assert errors(refused)["butler"] == ["只能指派角色为科技管家的用户"]
    Assignment.objects.create(enterprise=own_firm, butler=butler, started_on=date(2024, 1, 1))
    twice = client.post(detail(own_firm, "butlers/new/"), {"butler": butler.pk, "started_on": "2025-03-01"})
    assert errors(twice)["butler"] == ["butler 已在服务该企业"]
    assert Assignment.objects.count() == 1
    assert User.objects.get(pk=butler.pk).role == Role.BUTLER


def test_the_filters_offer_all_as_their_blank_choice(client, city):
    client.force_login(city)
    html = client.get(reverse("enterprises:list")).content.decode()
    assert "---------" not in html
    assert html.count('<option value="" selected>全部</option>') == 5


def test_a_fall_after_the_data_date_reads_as_a_renewal_reminder_not_a_forecast(client, city, own_firm):
    CertificateFactory(enterprise=own_firm, kind="tech_sme", issued_on=today() - timedelta(days=10))
    forest_refresh(enterprise_ids=[own_firm.pk])
    client.force_login(city)
    response = client.get(detail(own_firm))
    future = [entry for entry in response.context["timeline"] if entry.kind == "move" and entry.expected]
    assert [entry.title for entry in future] == ["到期提醒：若届时未续期或更新登记，将回落：草本 → 未入林"]


def test_a_firm_that_a_contract_names_is_not_deleted_and_the_page_says_why(client, district_yuci, own_firm):
    from rainforest.techmarket.tests.factories import contract

    contract(seller_enterprise=own_firm)
    client.force_login(district_yuci)
    response = client.post(detail(own_firm, "delete/"), follow=True)
    assert Enterprise.objects.filter(pk=own_firm.pk).exists()
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [f"企业“{own_firm.name}”仍被以下记录引用，不能删除：技术合同。请先处理这些记录。"]
