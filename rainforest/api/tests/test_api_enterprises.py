"""The enterprise endpoints: scope for every role of the cast, filters, pagination, details, writes and the
422 answers that name each bad field while nothing stored changes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from rainforest.core.choices import Role
from rainforest.core.models import User, today
from rainforest.enterprises import services
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.tests.factories import (
    CertificateFactory,
    EnterpriseFactory,
    YearlyFiguresFactory,
    credit_code_for,
)

LIST = "/api/v1/enterprises"

# Who sees which firm of `firms` (榆次区 own_firm; 太谷区 firm served by the butler).
VISIBLE = {
    "city": {"yuci", "taigu"},
    "admin": {"yuci", "taigu"},
    "district_yuci": {"yuci"},
    "butler": {"taigu"},
    "owner": {"yuci"},
    "university": set(),
    "bank": set(),
    "outsider": set(),
}


@pytest.fixture
def firms(two_districts, butler, city):
    services.assignment_start(
        enterprise=two_districts["taigu"], butler=butler, started_on=date(2024, 1, 1), user=city
    )
    return two_districts


def snapshot() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]], int]:
    """Everything a refused write must leave as it was."""
    return (
        list(Enterprise.objects.order_by("pk").values_list()),
        list(YearlyFigures.objects.order_by("pk").values_list()),
        list(Certificate.objects.order_by("pk").values_list()),
        Enterprise.history.count() + YearlyFigures.history.count() + Certificate.history.count(),
    )


def new_enterprise(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "credit_code": credit_code_for(4242),
        "name": "晋中新登记科技有限公司",
        "district": "140702",
        "founded_on": "2020-05-01",
        "industry": "C",
        "tech_field": "new_materials",
        "contact_name": "李四",
        "contact_phone": "13800001111",
    }
    body.update(overrides)
    return body


# --- Scope, for every role --------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_lists_exactly_the_enterprises_of_its_scope(role, request, firms, api):
    user = request.getfixturevalue(role)
    response = api(user, "GET", LIST)
    assert response.status_code == 200
    expected = sorted(firms[key].credit_code for key in VISIBLE[role])
    assert sorted(row["credit_code"] for row in response.json()["results"]) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_gets_404_for_the_details_outside_its_scope(role, request, firms, api):
    user = request.getfixturevalue(role)
    statuses = {
        key: api(user, "GET", f"{LIST}/{firm.credit_code}").status_code for key, firm in firms.items()
    }
    assert statuses == {key: 200 if key in VISIBLE[role] else 404 for key in firms}


def test_a_detail_outside_scope_answers_exactly_like_one_that_does_not_exist(firms, district_yuci, api):
    hidden = api(district_yuci, "GET", f"{LIST}/{firms['taigu'].credit_code}")
    missing = api(district_yuci, "GET", f"{LIST}/{credit_code_for(99999)}")
    assert (
        (hidden.status_code, hidden.json())
        == (missing.status_code, missing.json())
        == (404, {"detail": "Not Found"})
    )


def test_the_change_log_of_a_hidden_enterprise_is_404_too(firms, district_yuci, api):
    assert api(district_yuci, "GET", f"{LIST}/{firms['taigu'].credit_code}/history").status_code == 404


def test_an_anonymous_caller_gets_401(firms, api):
    assert api(None, "GET", LIST).status_code == 401
    assert api(None, "GET", f"{LIST}/{firms['yuci'].credit_code}").status_code == 401


# --- The list: rows, filters, ordering, pagination ----------------------------------------------------


def test_a_row_carries_the_registry_fields_and_todays_layer(firms, city, api):
    firm = firms["yuci"]
    services.certificate_record(
        enterprise=firm, kind="hnte", issued_on=today() - timedelta(days=30), user=city
    )
    row = api(city, "GET", LIST, q=firm.credit_code).json()["results"]
    assert row == [
        {
            "credit_code": firm.credit_code,
            "name": "晋中自有科技有限公司",
            "district": {"code": "140702", "name": "榆次区"},
            "development_zone": None,
            "industry": None,
            "tech_field": "advanced_manufacturing",
            "tech_field_label": "先进制造与自动化",
            "founded_on": "2015-03-01",
            "layer": "shrub",
            "contact_name": "张三丰",
            "contact_phone": "13912345678",
            "contact_email": "zhang@example.cn",
        }
    ]


def test_contacts_are_masked_for_a_user_without_the_right_to_personal_data(firms, organisations, api):
    clerk = User.objects.create_user(
        username="clerk",
        password="pass-1234-word",
        role=Role.DISTRICT_OFFICER,
        organisation=organisations["yuci"],
    )
    row = api(clerk, "GET", LIST).json()["results"][0]
    assert (row["contact_name"], row["contact_phone"], row["contact_email"]) == (
        "张**",
        "139****5678",
        "z***@example.cn",
    )
    detail = api(clerk, "GET", f"{LIST}/{firms['yuci'].credit_code}").json()
    assert (detail["contact_name"], detail["contact_phone"]) == ("张**", "139****5678")


def test_it_filters_by_district_code(firms, city, api):
    response = api(city, "GET", LIST, district="140703")
    assert [row["credit_code"] for row in response.json()["results"]] == [firms["taigu"].credit_code]


def test_it_filters_by_layer_as_of_today(firms, city, api):
    services.certificate_record(
        enterprise=firms["taigu"], kind="hnte", issued_on=today() - timedelta(days=30), user=city
    )
    services.enterprise_update(enterprise=firms["yuci"], user=city, name=firms["yuci"].name)  # spans: none
    shrubs = api(city, "GET", LIST, layer="shrub").json()
    unplaced = api(city, "GET", LIST, layer="none").json()
    assert [row["credit_code"] for row in shrubs["results"]] == [firms["taigu"].credit_code]
    assert [row["credit_code"] for row in unplaced["results"]] == [firms["yuci"].credit_code]


def test_it_searches_by_name_and_orders_from_the_allow_list(firms, city, api):
    found = api(city, "GET", LIST, q="太谷").json()
    assert [row["name"] for row in found["results"]] == ["太谷测试有限公司"]
    ordered = api(city, "GET", LIST, ordering="-credit_code").json()
    assert [row["credit_code"] for row in ordered["results"]] == sorted(
        (firms["yuci"].credit_code, firms["taigu"].credit_code), reverse=True
    )


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("district", "999999"),
        ("layer", "bush"),
        ("ordering", "contact_phone"),
        ("certificate", "nobel"),
        ("industry", "Z"),
    ],
)
def test_an_unknown_filter_value_is_refused_naming_the_parameter(parameter, value, firms, city, api):
    response = api(city, "GET", LIST, **{parameter: value})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [entry["loc"] for entry in detail] == [["query", parameter]]
    # Checked against the enum the OpenAPI schema lists, before the FilterSet runs.
    assert detail[0]["type"] == "literal_error"
    assert detail[0]["msg"]


def test_a_page_that_is_not_a_number_is_refused_in_the_same_shape(firms, city, api):
    response = api(city, "GET", LIST, page="two")
    assert response.status_code == 422
    assert [entry["loc"] for entry in response.json()["detail"]] == [["query", "page"]]


def test_pages_carry_the_total_count_and_do_not_overlap(city, api, db):
    EnterpriseFactory.create_batch(25)
    expected = list(Enterprise.objects.order_by("name", "id").values_list("credit_code", flat=True))
    pages = [api(city, "GET", LIST, page=n, page_size=10).json() for n in (1, 2, 3)]
    assert [(p["count"], p["page"], p["page_size"], len(p["results"])) for p in pages] == [
        (25, 1, 10, 10),
        (25, 2, 10, 10),
        (25, 3, 10, 5),
    ]
    assert [row["credit_code"] for p in pages for row in p["results"]] == expected


def test_a_page_beyond_the_last_is_empty(city, api, db):
    EnterpriseFactory.create_batch(3)
    assert api(city, "GET", LIST, page=5).json() == {"count": 3, "page": 5, "page_size": 20, "results": []}


def test_the_list_runs_a_fixed_number_of_queries_whatever_the_page_holds(
    city, api, db, django_assert_max_num_queries
):
    zone_firm = EnterpriseFactory(industry_id=None)
    for firm in [zone_firm, *EnterpriseFactory.create_batch(29)]:
        YearlyFiguresFactory(enterprise=firm)
        CertificateFactory(enterprise=firm)
    api(city, "GET", LIST, page_size=1)  # the token's first use writes last_used_at; measure the next calls
    # token + data as-of date + count + page (district, zone, industry joined; layer as a subquery)
    with django_assert_max_num_queries(4):
        response = api(city, "GET", LIST, page_size=30)
    assert len(response.json()["results"]) == 30
    with django_assert_max_num_queries(5):  # + the district named in the filter (the as-of date once)
        api(
            city,
            "GET",
            LIST,
            page_size=30,
            district="140702",
            certificate="hnte",
            layer="none",
            ordering="-name",
        )


# --- The detail ---------------------------------------------------------------------------------------


def test_the_detail_carries_figures_certificates_and_the_layer_timeline(firms, city, api):
    firm = firms["yuci"]
    services.figures_record(
        enterprise=firm,
        year=2024,
        user=city,
        employees=100,
        tech_staff=20,
        operating_revenue=Decimal("30000000"),
    )
    services.certificate_record(
        enterprise=firm, kind="hnte", issued_on=date(2024, 1, 10), user=city, number="GR2024"
    )
    detail = api(city, "GET", f"{LIST}/{firm.credit_code}").json()
    assert detail["figures"][0]["year"] == 2024
    assert detail["figures"][0]["operating_revenue"] == "30000000.00"
    assert (detail["figures"][0]["employees"], detail["figures"][0]["total_income"]) == (100, None)
    assert detail["certificates"] == [
        {
            "kind": "hnte",
            "label": "高新技术企业证书",
            "number": "GR2024",
            "year": None,
            "issued_on": "2024-01-10",
            "expires_on": "2027-01-10",
            "revoked_on": None,
            "issuer": "",
            "valid_today": date(2024, 1, 10) <= today() < date(2027, 1, 10),
        }
    ]
    assert [(s["layer"], s["starts_on"], s["ends_on"], s["needs_data"]) for s in detail["timeline"]["spans"]][
        :3
    ] == [
        ("none", "2015-03-01", "2024-01-10", False),
        ("shrub", "2024-01-10", "2025-01-01", True),
        ("shrub", "2025-01-01", "2026-01-01", False),
    ]
    first_move = detail["timeline"]["moves"][0]
    assert (first_move["kind"], first_move["on"], first_move["from_layer"], first_move["to_layer"]) == (
        "rise",
        "2024-01-10",
        "none",  # the spans' layer the day before (issue 6 item 8), not an invented 草本 step
        "shrub",
    )


def test_the_detail_accepts_a_lower_case_or_full_width_credit_code(firms, city, api):
    code = firms["yuci"].credit_code
    full_width = code.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    assert api(city, "GET", f"{LIST}/{code.lower()}").status_code == 200
    assert api(city, "GET", f"{LIST}/{full_width}").json()["credit_code"] == code


# --- Writes ---------------------------------------------------------------------------------------------


def test_a_city_officer_registers_an_enterprise_attributed_to_them(city, api, db):
    response = api(city, "POST", LIST, new_enterprise(reason="年度摸底新增"))
    assert response.status_code == 201
    assert response.json()["credit_code"] == credit_code_for(4242)
    assert response.json()["industry"] == {"code": "C", "name": "制造业"}
    record = Enterprise.history.get(credit_code=credit_code_for(4242))
    assert (record.history_user, record.history_change_reason, record.history_type) == (
        city,
        "年度摸底新增",
        "+",
    )


def test_a_district_officer_registers_in_their_own_district_only(district_yuci, api, db):
    assert api(district_yuci, "POST", LIST, new_enterprise()).status_code == 201
    before = snapshot()
    response = api(
        district_yuci, "POST", LIST, new_enterprise(credit_code=credit_code_for(4343), district="140703")
    )
    assert (response.status_code, response.json()) == (403, {"detail": "只能登记或修改本辖区的企业"})
    assert snapshot() == before


@pytest.mark.parametrize("role", ["butler", "owner", "university", "bank", "outsider"])
def test_roles_without_registry_rights_cannot_register(role, request, api, db):
    user = request.getfixturevalue(role)
    before = snapshot()
    assert api(user, "POST", LIST, new_enterprise()).status_code == 403
    assert snapshot() == before


def test_an_owner_cannot_edit_their_own_firm_through_the_api(firms, owner, api):
    before = snapshot()
    assert api(owner, "PATCH", f"{LIST}/{firms['yuci'].credit_code}", {"name": "改名"}).status_code == 403
    assert snapshot() == before


def test_a_patch_changes_only_the_fields_sent_and_logs_them_field_by_field(firms, district_yuci, api):
    firm = firms["yuci"]
    response = api(
        district_yuci,
        "PATCH",
        f"{LIST}/{firm.credit_code}",
        {"name": "晋中改名科技有限公司", "reason": "工商变更"},
    )
    assert response.status_code == 200
    firm.refresh_from_db()
    assert (firm.name, firm.contact_name, firm.district.code) == ("晋中改名科技有限公司", "张三丰", "140702")
    history = api(district_yuci, "GET", f"{LIST}/{firm.credit_code}/history").json()
    assert history[0]["user"] == "district-yuci"
    assert (history[0]["action"], history[0]["record"], history[0]["reason"]) == (
        "修改",
        "企业信息",
        "工商变更",
    )
    assert history[0]["changes"] == [
        {"field": "企业名称", "old": "晋中自有科技有限公司", "new": "晋中改名科技有限公司"}
    ]


def test_a_district_officer_cannot_move_a_firm_out_of_their_district(firms, district_yuci, api):
    before = snapshot()
    response = api(district_yuci, "PATCH", f"{LIST}/{firms['yuci'].credit_code}", {"district": "140703"})
    assert response.status_code == 403
    assert snapshot() == before


def test_a_district_officer_cannot_patch_a_firm_of_another_district(firms, district_yuci, api):
    before = snapshot()
    assert (
        api(district_yuci, "PATCH", f"{LIST}/{firms['taigu'].credit_code}", {"name": "x"}).status_code == 404
    )
    assert snapshot() == before


def test_figures_are_upserted_by_year_and_attributed_to_the_api_user(firms, city, api):
    path = f"{LIST}/{firms['yuci'].credit_code}/figures"
    first = api(city, "POST", path, {"year": 2024, "employees": 50, "total_income": "1000000.5"})
    second = api(city, "POST", path, {"year": 2024, "employees": 60})
    assert (first.status_code, second.status_code) == (200, 200)
    assert (second.json()["employees"], second.json()["total_income"]) == (60, "1000000.50")
    stored = YearlyFigures.objects.get(enterprise=firms["yuci"], year=2024)
    assert (stored.employees, stored.total_income) == (60, Decimal("1000000.50"))
    assert [(h.history_type, h.history_user) for h in stored.history.order_by("history_date")] == [
        ("+", city),
        ("~", city),
    ]


def test_a_certificate_moves_the_firm_to_its_layer(firms, city, api):
    path = f"{LIST}/{firms['yuci'].credit_code}/certificates"
    issued = today() - timedelta(days=10)
    response = api(city, "POST", path, {"kind": "hnte", "issued_on": issued.isoformat(), "number": "GR1"})
    assert response.status_code == 200
    assert (response.json()["label"], response.json()["valid_today"]) == ("高新技术企业证书", True)
    assert api(city, "GET", f"{LIST}/{firms['yuci'].credit_code}").json()["layer"] == "shrub"


def test_the_change_log_lists_figures_and_certificates_newest_first(firms, city, api):
    code = firms["yuci"].credit_code
    api(city, "POST", f"{LIST}/{code}/figures", {"year": 2024, "employees": 50})
    api(city, "POST", f"{LIST}/{code}/figures", {"year": 2024, "employees": 55, "reason": "更正"})
    api(
        city,
        "POST",
        f"{LIST}/{code}/certificates",
        {"kind": "tech_sme", "issued_on": "2025-03-01", "year": 2025},
    )
    history = api(city, "GET", f"{LIST}/{code}/history").json()
    assert [(h["action"], h["record"], h["user"]) for h in history] == [
        ("创建", "科技型中小企业入库登记（2025-03-01）", "city"),
        ("修改", "2024 年度数据", "city"),
        ("创建", "2024 年度数据", "city"),
        ("创建", "企业信息", "系统"),  # the factory wrote without a user
    ]
    assert history[1]["changes"] == [{"field": "职工总数", "old": "50", "new": "55"}]
    assert history[1]["reason"] == "更正"


# --- Bad input: 422 naming the field, nothing changed -------------------------------------------------


def test_a_credit_code_with_a_wrong_check_character_is_refused(city, api, db):
    good = credit_code_for(4242)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    before = snapshot()
    response = api(city, "POST", LIST, new_enterprise(credit_code=bad))
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "credit_code"],
                "msg": f"统一社会信用代码校验位错误：第18位应为 {good[17]}，实为 {bad[17]}",
                "type": "value_error",
            }
        ]
    }
    assert snapshot() == before


def test_a_founding_date_in_the_future_is_refused(city, api, db):
    before = snapshot()
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = api(city, "POST", LIST, new_enterprise(founded_on=tomorrow))
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "founded_on"], "msg": "日期不能晚于今天", "type": "value_error"}
    ]
    assert snapshot() == before


def test_an_unknown_district_is_refused(city, api, db):
    before = snapshot()
    response = api(city, "POST", LIST, new_enterprise(district="999999"))
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "district"], "msg": "未知的县区代码：999999", "type": "value_error"}
    ]
    assert snapshot() == before


def test_a_district_of_another_city_is_refused_as_unknown(city, api, db):
    response = api(city, "POST", LIST, new_enterprise(district="140105"))
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "district"]]


def test_a_patch_with_a_bad_value_changes_nothing(firms, city, api):
    before = snapshot()
    response = api(
        city, "PATCH", f"{LIST}/{firms['yuci'].credit_code}", {"name": "新名", "founded_on": "2999-01-01"}
    )
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "founded_on"]]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"total_income": "-1"}, "total_income", "不能小于 0"),
        ({"employees": 10, "tech_staff": 11}, "tech_staff", "科技人员数 11 超过职工总数 10"),
        (
            {"total_income": "100", "hitech_income": "101"},
            "hitech_income",
            "高新技术产品（服务）收入超过收入总额",
        ),
    ],
)
def test_bad_figures_are_refused_naming_the_field_and_keep_the_stored_year(
    body, field, message, firms, city, api
):
    services.figures_record(
        enterprise=firms["yuci"],
        year=2024,
        user=city,
        employees=100,
        tech_staff=20,
        total_income=Decimal("500"),
    )
    before = snapshot()
    response = api(city, "POST", f"{LIST}/{firms['yuci'].credit_code}/figures", {"year": 2024, **body})
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", field], "msg": message, "type": "value_error"}]
    assert snapshot() == before


def test_every_bad_field_of_one_request_is_named(firms, city, api):
    before = snapshot()
    body = {"year": 2024, "total_assets": "-5", "employees": 10, "tech_staff": 11}
    response = api(city, "POST", f"{LIST}/{firms['yuci'].credit_code}/figures", body)
    assert response.status_code == 422
    assert sorted(tuple(e["loc"]) for e in response.json()["detail"]) == [
        ("body", "tech_staff"),
        ("body", "total_assets"),
    ]
    assert snapshot() == before


def test_figures_of_a_future_year_are_refused(firms, city, api):
    year = today().year + 1
    response = api(city, "POST", f"{LIST}/{firms['yuci'].credit_code}/figures", {"year": year})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "year"], "msg": f"年度 {year} 晚于今年", "type": "value_error"}
    ]


def test_an_unknown_certificate_kind_is_refused(firms, city, api):
    before = snapshot()
    response = api(
        city,
        "POST",
        f"{LIST}/{firms['yuci'].credit_code}/certificates",
        {"kind": "nobel", "issued_on": "2024-01-01"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "kind"], "msg": "未知的资质类别：nobel", "type": "value_error"}
    ]
    assert snapshot() == before


def test_a_schema_error_uses_the_same_shape(city, api, db):
    response = api(city, "POST", LIST, {"name": "缺少字段"})
    assert response.status_code == 422
    locations = sorted(tuple(e["loc"]) for e in response.json()["detail"])
    assert locations == [
        ("body", "payload", "credit_code"),
        ("body", "payload", "district"),
        ("body", "payload", "founded_on"),
    ]


def test_the_change_log_masks_contacts_for_a_user_without_the_right(firms, city, organisations, api):
    firm = firms["yuci"]
    services.enterprise_update(enterprise=firm, user=city, contact_phone="13700002222", contact_name="王五")
    clerk = User.objects.create_user(
        username="clerk",
        password="pass-1234-word",
        role=Role.DISTRICT_OFFICER,
        organisation=organisations["yuci"],
    )
    masked = api(clerk, "GET", f"{LIST}/{firm.credit_code}/history").json()[0]["changes"]
    clear = api(city, "GET", f"{LIST}/{firm.credit_code}/history").json()[0]["changes"]
    assert masked == [
        {"field": "联系人", "old": "张**", "new": "王*"},
        {"field": "联系电话", "old": "139****5678", "new": "137****2222"},
    ]
    assert clear == [
        {"field": "联系人", "old": "张三丰", "new": "王五"},
        {"field": "联系电话", "old": "13912345678", "new": "13700002222"},
    ]


def test_the_change_log_keeps_deleted_records_and_costs_a_fixed_number_of_queries(
    firms, city, api, django_assert_max_num_queries
):
    firm = firms["yuci"]
    for year in (2021, 2022, 2023):
        services.figures_record(enterprise=firm, year=year, user=city, employees=10 + year % 10)
    certificate = services.certificate_record(
        enterprise=firm, kind="hnte", issued_on=date(2022, 12, 1), user=city
    )
    services.certificate_delete(certificate=certificate, user=city, reason="证书撤回")
    api(city, "GET", f"{LIST}/{firm.credit_code}/history")
    # token + enterprise + four histories (with their users, tenancies included) + one lookup per related model
    with django_assert_max_num_queries(8):
        history = api(city, "GET", f"{LIST}/{firm.credit_code}/history").json()
    assert [(h["action"], h["record"], h["reason"]) for h in history[:2]] == [
        ("删除", "高新技术企业证书（2022-12-01）", "证书撤回"),
        ("创建", "高新技术企业证书（2022-12-01）", "登记资质"),
    ]
    assert history[0]["changes"] == []
    assert len(history) == 6


def test_chinese_messages_are_sent_as_characters_not_escapes(city, api, db):
    response = api(city, "POST", LIST, new_enterprise(district="999999"))
    assert "未知的县区代码：999999".encode() in response.content
