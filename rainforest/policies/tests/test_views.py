"""Policy pages for every role of the cast: the catalogue, the push list (scope, filters, pagination,
query ceiling), its Excel export read back with openpyxl, an enterprise's policies, and the editor."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.policies.models import Policy, PolicyCondition
from rainforest.policies.tests.conftest import VISIBLE
from rainforest.policies.tests.factories import figures, firm, hnte, zonggai_zone

PUSH = reverse("policies:push", args=["P-SX-1"])
AS_OF = {"as_of": "2025-06-01"}


def codes_on(response) -> set[str]:
    return {row.credit_code for row, _detail, _district in response.context["rows"]}


def test_an_anonymous_visitor_is_sent_to_log_in(client, catalogue):
    response = client.get(reverse("policies:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", list(VISIBLE))
def test_everyone_signed_in_reads_the_catalogue(who, request, client, catalogue):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("policies:list"))
    assert response.status_code == 200
    assert [p.code for p in response.context["policies"]][:2] == ["P-SX-1", "P-SX-2"]
    assert "晋政办发〔2017〕148号" in response.content.decode()


def test_the_detail_page_shows_each_condition_in_cel(client, city, catalogue):
    client.force_login(city)
    body = client.get(reverse("policies:detail", args=["P-ZG-1"])).content.decode()
    assert "上年在园区纳税不低于2万元（含）" in body
    assert "zone_tax_last_year &gt;= 20000.0" in body


@pytest.mark.parametrize("who", list(VISIBLE))
def test_the_push_list_shows_only_the_firms_in_the_users_scope(who, request, client, recognised):
    client.force_login(request.getfixturevalue(who))
    response = client.get(PUSH, AS_OF)
    assert response.status_code == 200
    assert codes_on(response) == {recognised[name].credit_code for name in VISIBLE[who]}


def test_the_push_list_filters_by_district_and_verdict(client, city, recognised):
    client.force_login(city)
    response = client.get(PUSH, {**AS_OF, "district": "140703"})
    assert codes_on(response) == {recognised["taigu"].credit_code}
    response = client.get(PUSH, {**AS_OF, "verdict": "not_eligible"})
    assert codes_on(response) == set()
    assert response.context["push"].counts == {"eligible": 2, "undetermined": 0, "not_eligible": 0}


def test_the_push_date_box_starts_on_the_day_the_page_evaluates(client, city, catalogue, settings):
    """Issue 6 item 12: the date input is never empty; it shows the day the list is computed for."""
    settings.RAINFOREST = {**settings.RAINFOREST, "AS_OF": date(2025, 6, 1)}
    client.force_login(city)

    for query in ({}, {"verdict": "all"}):
        response = client.get(PUSH, query)
        assert response.context["as_of"] == date(2025, 6, 1)
        assert 'name="as_of" value="2025-06-01"' in response.content.decode(), query


def test_the_push_list_explains_unmet_conditions_with_their_gap(client, city, catalogue):
    enterprise = firm(zone=zonggai_zone())
    hnte(enterprise, date(2025, 3, 1))
    figures(enterprise, 2024, tax_paid_in_zone="15000")
    client.force_login(city)
    body = client.get(reverse("policies:push", args=["P-ZG-1"]), {**AS_OF, "verdict": "all"}).content.decode()
    assert "上年在园区纳税额须增加0.5万元" in body


def test_the_push_list_pages_and_keeps_a_query_ceiling(
    client, city, catalogue, settings, django_assert_max_num_queries
):
    settings.RAINFOREST = {**settings.RAINFOREST, "PAGE_SIZE": 5}
    for _ in range(12):
        hnte(EnterpriseFactory(), date(2025, 3, 1))
    client.force_login(city)
    with django_assert_max_num_queries(20):
        response = client.get(PUSH, {**AS_OF, "page": 3})
    assert response.context["page"].number == 3
    assert len(response.context["rows"]) == 2


def test_the_export_is_a_real_workbook_with_chinese_headers(client, city, recognised):
    client.force_login(city)
    response = client.get(reverse("policies:push_export", args=["P-SX-1"]), AS_OF)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["说明", "企业清单"]
    rows = list(workbook["企业清单"].iter_rows(values_only=True))
    assert rows[0] == (
        "统一社会信用代码",
        "企业名称",
        "县区",
        "孵化载体",
        "结论",
        "金额下限（万元）",
        "金额上限（万元）",
        "金额说明",
        "注册在山西省",
        "本年度获高新技术企业认定",
        "首次认定或连续第三次认定",
    )
    body = sorted(rows[1:])
    assert [(r[0], r[2], r[4], r[5], r[6], r[8]) for r in body] == sorted(
        [
            (recognised["yuci"].credit_code, "榆次区", "符合", 0, 20, "满足"),
            (recognised["taigu"].credit_code, "太谷区", "符合", 0, 20, "满足"),
        ]
    )
    about = dict(workbook["说明"].iter_rows(values_only=True))
    assert about["政策编号"] == "P-SX-1"
    assert about["计算日期"] == "2025-06-01"


def test_the_export_keeps_the_users_scope(client, district_yuci, recognised):
    client.force_login(district_yuci)
    response = client.get(reverse("policies:push_export", args=["P-SX-1"]), AS_OF)
    rows = list(
        load_workbook(BytesIO(response.content), read_only=True)["企业清单"].iter_rows(values_only=True)
    )
    assert [row[0] for row in rows[1:]] == [recognised["yuci"].credit_code]


def test_an_owner_sees_the_policies_of_their_own_firm_only(client, owner, recognised):
    client.force_login(owner)
    response = client.get(reverse("policies:mine"))
    assert response["Location"] == reverse("policies:enterprise", args=[recognised["yuci"].credit_code])
    own = client.get(reverse("policies:enterprise", args=[recognised["yuci"].credit_code]), AS_OF)
    assert own.status_code == 200
    verdicts = {policy.code: result.verdict for policy, result in own.context["outcome"].results}
    assert verdicts["P-SX-1"] == "eligible"
    assert verdicts["P-ZG-1"] == "not_eligible"
    assert (
        client.get(reverse("policies:enterprise", args=[recognised["taigu"].credit_code])).status_code == 404
    )


def test_a_butler_sees_the_policies_of_assigned_firms_only(client, butler, recognised):
    client.force_login(butler)
    assert (
        client.get(reverse("policies:enterprise", args=[recognised["taigu"].credit_code])).status_code == 200
    )
    assert (
        client.get(reverse("policies:enterprise", args=[recognised["yuci"].credit_code])).status_code == 404
    )


EDIT_PAGES = [
    ("policies:create", []),
    ("policies:edit", ["P-ZG-1"]),
    ("policies:delete", ["P-ZG-1"]),
]


@pytest.mark.parametrize("who", ["district_yuci", "butler", "owner", "university", "bank", "outsider"])
@pytest.mark.parametrize(("name", "args"), EDIT_PAGES)
def test_only_city_officers_and_admins_reach_the_editor(who, name, args, request, client, catalogue):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name, args=args)).status_code == 403
    assert client.post(reverse(name, args=args), {}).status_code == 403
    assert Policy.objects.count() == 8


@pytest.mark.parametrize("who", ["city", "admin"])
@pytest.mark.parametrize(("name", "args"), EDIT_PAGES)
def test_city_officers_and_admins_open_the_editor(who, name, args, request, client, catalogue):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name, args=args)).status_code == 200


def form_data(*conditions: dict[str, str], **fields: str) -> dict[str, str]:
    data = {
        "code": "P-NEW-1", "name": "新政策", "level": "city", "status": "UNCONFIRMED", "beneficiary": "enterprise",
        "benefit_kind": "fixed", "amount_yuan": "30000",
        "conditions-TOTAL_FORMS": str(len(conditions)), "conditions-INITIAL_FORMS": "0",
        "conditions-MIN_NUM_FORMS": "0", "conditions-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(fields)
    for index, condition in enumerate(conditions):
        for key, value in condition.items():
            data[f"conditions-{index}-{key}"] = value
    return data


def test_the_form_creates_a_policy_with_its_conditions(client, city, catalogue):
    client.force_login(city)
    response = client.post(
        reverse("policies:create"),
        form_data({"order": "1", "label": "有效高企", "expression": "hnte_valid"}),
    )
    assert response.status_code == 302
    assert list(PolicyCondition.objects.filter(policy__code="P-NEW-1").values_list("label", flat=True)) == [
        "有效高企"
    ]


def test_the_form_shows_the_parse_error_next_to_the_condition_and_stores_nothing(client, city, catalogue):
    client.force_login(city)
    before = (Policy.objects.count(), PolicyCondition.objects.count(), Policy.history.count())
    response = client.post(
        reverse("policies:create"),
        form_data(
            {"order": "1", "label": "有效高企", "expression": "hnte_valid"},
            {"order": "2", "label": "纳税门槛", "expression": "zone_tax_last_year >= "},
        ),
    )
    assert response.status_code == 422
    formset = response.context["formset"]
    assert formset.forms[0].errors == {}
    assert formset.forms[1].errors["expression"][0].startswith("条件“纳税门槛”无法解析：")
    assert "Syntax error" in response.content.decode()
    assert (Policy.objects.count(), PolicyCondition.objects.count(), Policy.history.count()) == before


def test_editing_a_policy_through_the_form_keeps_its_code(client, city, catalogue):
    policy = Policy.objects.get(code="P-ZG-1")
    client.force_login(city)
    conditions = list(policy.conditions.all())
    data = form_data(
        code="P-ZG-1",
        name="综改区高企奖励（改）",
        level="zone",
        status="SECONDARY",
        benefit_kind="formula",
        amount_yuan="",
        benefit_expression=policy.benefit_expression,
    )
    data["conditions-TOTAL_FORMS"] = data["conditions-INITIAL_FORMS"] = str(len(conditions))
    for index, c in enumerate(conditions):
        data.update({
            f"conditions-{index}-id": str(c.pk), f"conditions-{index}-policy": str(policy.pk),
            f"conditions-{index}-order": str(c.order), f"conditions-{index}-label": c.label,
            f"conditions-{index}-expression": c.expression, f"conditions-{index}-gap_fact": c.gap_fact,
            f"conditions-{index}-gap_threshold": "" if c.gap_threshold is None else str(c.gap_threshold),
        })  # fmt: skip
    data["conditions-3-DELETE"] = "on"
    response = client.post(reverse("policies:edit", args=["P-ZG-1"]), data)
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.name == "综改区高企奖励（改）"
    assert policy.conditions.count() == 3


def test_deleting_asks_for_confirmation_then_deletes(client, admin, catalogue):
    client.force_login(admin)
    page = client.get(reverse("policies:delete", args=["P-SX-4"]))
    assert "确认删除" in page.content.decode()
    assert Policy.objects.filter(code="P-SX-4").exists()
    response = client.post(reverse("policies:delete", args=["P-SX-4"]))
    assert response.status_code == 302
    assert not Policy.objects.filter(code="P-SX-4").exists()


@pytest.mark.parametrize("form_class", ["PushQueryForm", "AsOfForm"])
def test_the_date_fields_keep_their_value_in_chinese(form_class, db):
    """A date input only takes yyyy-mm-dd: zh-hans's own format (2025/06/01) left the field blank."""
    from django.utils import translation

    from rainforest.policies import forms

    with translation.override("zh-hans"):
        html = str(getattr(forms, form_class)(initial={"as_of": date(2025, 6, 1)})["as_of"])
    assert 'value="2025-06-01"' in html


def test_the_push_list_defaults_to_eligible_or_undetermined_with_an_option_to_show_all(
    client, city, recognised
):
    # A third firm with no HNTE recognition this year does not fit P-SX-1: hidden unless all are asked for.
    outside = firm(name="不符合测试有限公司")
    client.force_login(city)

    default = client.get(PUSH, AS_OF)
    everyone = client.get(PUSH, {**AS_OF, "verdict": "all"})

    assert codes_on(default) == {recognised["yuci"].credit_code, recognised["taigu"].credit_code}
    assert codes_on(everyone) == codes_on(default) | {outside.credit_code}
    assert default.context["push"].counts == {"eligible": 2, "undetermined": 0, "not_eligible": 1}
    html = default.content.decode()
    assert '<option value="open" selected>符合或待定</option>' in html
    assert '<option value="all">全部结论</option>' in html


def test_the_banner_says_the_open_question_in_words_without_its_code(client, city, recognised):
    client.force_login(city)
    html = client.get(PUSH, AS_OF).content.decode()
    assert (
        '<p class="message message--warning">奖励金额计算公式未公开（待核实），金额按 [0, 20万元] 显示</p>'
        in html
    )
    assert "Q10" not in html
