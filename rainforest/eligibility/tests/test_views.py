"""The evaluation panel, the self-assessment and storing, per role; and one answer for CLI, API and page."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from rainforest.api.tests.conftest import api as api
from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.facts import facts_to_json
from rainforest.eligibility.models import Evaluation
from rainforest.eligibility.selectors import facts_for
from rainforest.enterprises import services as registry
from rainforest.enterprises.tests.factories import CertificateFactory, YearlyFiguresFactory

CAST = ["city", "admin", "district_yuci", "butler", "owner", "university", "bank", "outsider"]
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
AS_OF = date(2025, 6, 1)


@pytest.fixture
def served(two_districts, butler, city):
    registry.assignment_start(
        enterprise=two_districts["taigu"], butler=butler, started_on=date(2024, 1, 1), user=city
    )
    for enterprise in two_districts.values():
        for year in (2022, 2023, 2024):
            YearlyFiguresFactory(
                enterprise=enterprise, year=year, employees=100, tech_staff=12, conversions=1
            )
        CertificateFactory(enterprise=enterprise, issued_on=date(2023, 11, 1))
    return two_districts


def panel_url(enterprise, **query):
    url = reverse("eligibility:enterprise", args=[enterprise.credit_code])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def page_result(response):
    """The result JSON the page embeds (`json_script`), exactly what it renders."""
    html = response.content.decode()
    start = html.index('<script id="evaluation-result" type="application/json">') + len(
        '<script id="evaluation-result" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.parametrize("who", CAST)
def test_the_panel_shows_only_firms_in_the_users_scope(client, request, served, who):
    client.force_login(request.getfixturevalue(who))

    seen = {
        key
        for key, enterprise in served.items()
        if client.get(panel_url(enterprise, rulebook="hnte", as_of="2025-06-01")).status_code == 200
    }

    assert seen == VISIBLE[who]


def test_an_enterprise_user_cannot_see_another_firm(client, owner, served):
    client.force_login(owner)

    assert client.get(panel_url(served["taigu"])).status_code == 404


def test_the_panel_shows_verdict_score_criteria_and_gaps_cheapest_first(client, city, served):
    client.force_login(city)

    response = client.get(panel_url(served["yuci"], rulebook="tech-sme", as_of="2025-06-01"))

    assert response.status_code == 200
    expected = evaluate(facts_for(served["yuci"], AS_OF), "tech-sme")
    assert page_result(response) == expected.to_json()
    html = response.content.decode()
    assert "科技型中小企业评价" in html
    assert [row["code"] for row in response.context["rows"]] == [item.code for item in expected.criteria]
    assert {row["mark"] for row in response.context["rows"]} <= {"✓", "✗", "需补数据"}
    assert "需补数据" in html
    assert list(response.context["result"].gaps) == expected.gaps
    costs = [gap.cost for gap in response.context["result"].gaps]
    assert costs == sorted(costs)


def test_the_enterprise_page_links_to_its_panel(client, city, served):
    client.force_login(city)

    response = client.get(reverse("enterprises:detail", args=[served["yuci"].credit_code]))

    assert panel_url(served["yuci"]) in response.content.decode()


def test_the_self_assessment_shows_the_owners_own_firm(client, owner, served):
    client.force_login(owner)

    response = client.get(reverse("eligibility:self"), {"rulebook": "hnte", "as_of": "2025-06-01"})

    assert response.status_code == 200
    assert response.context["enterprise"] == served["yuci"]
    assert page_result(response) == evaluate(facts_for(served["yuci"], AS_OF), "hnte").to_json()
    assert served["taigu"].name not in response.content.decode()


@pytest.mark.parametrize("who", ["city", "district_yuci", "butler", "university", "bank", "outsider"])
def test_other_roles_have_no_self_assessment(client, request, served, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("eligibility:self")).status_code == 404


def test_the_navigation_offers_the_self_assessment_to_enterprise_users_only(client, owner, city, served):
    client.force_login(owner)
    assert reverse("eligibility:self") in client.get(reverse("home")).content.decode()
    client.force_login(city)
    assert reverse("eligibility:self") not in client.get(reverse("home")).content.decode()


def test_a_what_if_changes_the_result_and_stores_nothing(client, owner, served):
    client.force_login(owner)

    response = client.get(
        reverse("eligibility:self"),
        {"rulebook": "tech-sme", "as_of": "2025-06-01", "what_if": "1", "tech_staff": "30", "ip_class1": "1"},
    )

    assert response.status_code == 200
    before, after = response.context["result"], response.context["what_if"]
    assert before.criterion("TSME-A").points == (4, 4)
    assert after.criterion("TSME-A").points == (20, 20)
    assert after.criterion("TSME-C").points == (30, 30)
    assert Evaluation.objects.count() == 0


def test_a_what_if_refuses_a_negative_head_count(client, owner, served):
    client.force_login(owner)

    response = client.get(reverse("eligibility:self"), {"what_if": "1", "employees": "-3"})

    assert response.status_code == 200
    assert response.context["what_if"] is None
    assert "employees" in response.context["what_if_form"].errors


def test_storing_keeps_the_evaluation_and_shows_it_in_the_history(client, city, served):
    client.force_login(city)

    response = client.post(
        reverse("eligibility:store", args=[served["yuci"].credit_code]),
        {"rulebook": "hnte", "as_of": "2025-06-01"},
    )

    assert response.status_code == 302
    stored = Evaluation.objects.get()
    assert (stored.enterprise, stored.rulebook, stored.created_by) == (served["yuci"], "hnte-2016", city)
    page = client.get(response.url)
    assert list(page.context["history"]) == [stored]


def test_storing_a_firm_out_of_scope_answers_404_and_stores_nothing(client, owner, served):
    client.force_login(owner)

    response = client.post(
        reverse("eligibility:store", args=[served["taigu"].credit_code]), {"rulebook": "hnte"}
    )

    assert response.status_code == 404
    assert Evaluation.objects.count() == 0


def test_the_pages_need_a_login(client, served):
    response = client.get(panel_url(served["yuci"]))

    assert response.status_code == 302
    assert Evaluation.objects.count() == 0


def test_cli_api_and_page_give_the_same_result_for_the_same_facts(client, api, city, served, tmp_path):
    enterprise = served["yuci"]
    YearlyFiguresFactory(
        enterprise=enterprise, year=2021, employees=80, tech_staff=9, rd_expense=Decimal("1234567.89")
    )
    facts = facts_to_json(facts_for(enterprise, AS_OF))
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")

    for rulebook in ("tech-sme", "hnte", "innovative-sme", "srdi", "little-giant"):
        out = StringIO()
        call_command("evaluate", rulebook=rulebook, facts=str(path), stdout=out)
        by_cli = json.loads(out.getvalue())
        by_api = api(
            city, "POST", "/api/v1/eligibility/evaluate", {"rulebook": rulebook, "facts": facts}
        ).json()
        by_records = api(
            city,
            "GET",
            f"/api/v1/enterprises/{enterprise.credit_code}/evaluation",
            rulebook=rulebook,
            as_of="2025-06-01",
        ).json()
        client.force_login(city)
        by_page = page_result(client.get(panel_url(enterprise, rulebook=rulebook, as_of="2025-06-01")))

        assert by_cli == by_api == by_records["result"] == by_page, rulebook
        assert by_records["facts"] == facts


def test_the_date_field_keeps_its_value_in_chinese():
    """A date input only takes yyyy-mm-dd: zh-hans's own format (2025/06/01) left the field blank."""
    from django.utils import translation

    from rainforest.eligibility.forms import EvaluationForm

    with translation.override("zh-hans"):
        html = str(EvaluationForm(initial={"rulebook": "hnte", "as_of": AS_OF})["as_of"])
    assert 'value="2025-06-01"' in html


def test_the_panel_names_how_sure_each_source_is_in_words(client, city, served):
    client.force_login(city)
    html = client.get(panel_url(served["yuci"], rulebook="hnte", as_of="2025-06-01")).content.decode()
    assert "<td>已核实</td>" in html
    assert "<td>二手来源</td>" in html
    assert "CONFIRMED" not in html.split('id="evaluation-result"')[0]


def test_the_panel_speaks_to_people_while_the_json_keeps_machine_values(client, city, served):
    client.force_login(city)

    response = client.get(panel_url(served["yuci"], rulebook="hnte", as_of="2025-06-01"))

    rows = {row["code"]: row for row in response.context["rows"]}
    shown = {
        code: (row["value_text"], row["threshold_text"], row["reason_text"]) for code, row in rows.items()
    }
    assert shown["HNTE-2"] == ("—", "—", "需补数据：是否拥有核心自主知识产权")
    assert shown["HNTE-3"] == ("先进制造与自动化", "—", "技术领域：先进制造与自动化")
    assert shown["HNTE-4"] == ("12.0%", "10.0%", "科技人员 12 ÷ 职工总数 100 (2024)")
    assert shown["HNTE-5"] == (
        "5.0%",
        "5.0%",
        "Σ 研发费用 450万元 ÷ Σ 销售收入 9,000万元（2022–2024）；最近一年销售收入 3,000万元：最近一年销售收入小于5,000万元（含）",
    )
    assert shown["HNTE-6"][:2] == ("64.5%", "60.0%")  # 2,000万 ÷ 3,100万 = 0.6452
    assert response.context["experts"].startswith(
        "技术的先进程度（专家评价）、知识产权对主要产品的核心支持作用（专家评价）"
    )
    table = response.content.decode().split('<script id="evaluation-result"')[0]
    assert "needs data" not in table and "owns_core_ip" not in table and "0.1200" not in table
    # The embedded JSON (and so the API and the CLI) keeps the field names and the exact ratios.
    criteria = {item["code"]: item for item in page_result(response)["criteria"]}
    assert (criteria["HNTE-2"]["reason"], criteria["HNTE-4"]["value"]) == (
        "needs data: owns_core_ip",
        "0.1200",
    )
    assert criteria["HNTE-3"]["reason"] == "tech_field = advanced_manufacturing"
