"""Pages and API after the ranking: what each role sees of a notice (its scope's rows), the city's actions,
the Word and Excel downloads, the projects' pages, and what is pending for each role."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from rainforest.calls import decisions, pending
from rainforest.calls.choices import State
from rainforest.calls.models import Application
from rainforest.calls.outcomes import Objection, Project, Publicity
from rainforest.calls.tests.factories import ApplicationFactory, CallFactory
from rainforest.core.models import today

pytestmark = pytest.mark.django_db

PUBLISHED = date(2025, 5, 19)


@pytest.fixture
def world(city, two_districts):
    """A provincial call ranked with one 榆次 and one 太谷 application, its notice published."""
    call = CallFactory(code="outcome-call", level="province", title="省级成果转化专项")
    applications = {}
    for key, firm in two_districts.items():
        application = ApplicationFactory(
            call=call, enterprise=firm, title=f"{firm.name}转化项目", amount_requested=Decimal(700_000)
        )
        Application.objects.filter(pk=application.pk).update(status=State.RANKED)
        applications[key] = Application.objects.get(pk=application.pk)
    notice = decisions.publicity_publish(
        user=city, call=call, published_on=PUBLISHED, columns=["rank", "enterprise", "amount"]
    )
    return {
        "call": call,
        "notice": notice,
        **applications,
        **{f"{k}_firm": v for k, v in two_districts.items()},
    }


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_city_sees_every_row_and_its_actions(client, city, world):
    text = _page(client, city, "/calls/outcome-call/publicity/")
    assert world["yuci_firm"].name in text and world["taigu_firm"].name in text
    assert 'id="notice-docx"' in text and 'id="recommendation-docx"' in text and 'id="objection-form"' in text


def test_a_district_officer_sees_only_the_rows_of_its_district_and_no_action(client, district_yuci, world):
    text = _page(client, district_yuci, "/calls/outcome-call/publicity/")
    assert world["yuci_firm"].name in text
    assert world["taigu_firm"].name not in text
    assert "notice-docx" not in text and "objection-form" not in text
    assert client.get("/calls/outcome-call/publicity/notice.docx").status_code == 403


def test_an_enterprise_sees_its_own_row_and_objections_about_it_only(client, city, owner, world):
    for key in ("yuci", "taigu"):
        decisions.objection_record(
            user=city,
            publicity=world["notice"],
            application=world[key],
            raised_by=f"{key}异议人",
            text=f"{key}异议",
            raised_on=PUBLISHED,
        )
    text = _page(client, owner, "/calls/outcome-call/publicity/")
    assert world["yuci_firm"].name in text and "yuci异议人" in text
    assert world["taigu_firm"].name not in text and "taigu异议人" not in text
    client.force_login(owner)
    body = client.get("/api/v1/calls/outcome-call/publicity").json()
    assert (body["total"], [row["enterprise"] for row in body["rows"]]) == (2, [world["yuci_firm"].name])
    assert [o["raised_by"] for o in body["objections"]] == ["yuci异议人"]


def test_the_city_records_and_resolves_an_objection_and_closing_waits_for_it(client, city, world):
    client.force_login(city)
    response = client.post(
        "/calls/outcome-call/publicity/objections/",
        {
            "application": world["taigu"].pk,
            "raised_by": "赵六",
            "text": "合作协议未盖章",
            "raised_on": "2025-05-20",
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.raised_by, objection.application, objection.recorded_by) == (
        "赵六",
        world["taigu"],
        city,
    )
    client.post("/calls/outcome-call/publicity/close/")
    world["notice"].refresh_from_db()
    assert world["notice"].closed_on is None
    client.post(f"/calls/objections/{objection.pk}/resolve/", {"resolution": "已补盖章", "upheld": ""})
    objection.refresh_from_db()
    assert (objection.resolution, objection.upheld, objection.resolved_by) == ("已补盖章", False, city)


def test_the_word_notice_download_holds_every_listed_row(client, city, world):
    client.force_login(city)
    response = client.get("/calls/outcome-call/publicity/notice.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    table = Document(BytesIO(response.content)).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["排名", "企业名称", "金额（万元）"],
        ["1", world["yuci_firm"].name, "70"],
        ["2", world["taigu_firm"].name, "70"],
    ]


def test_the_excel_export_of_a_district_holds_its_rows_only(client, district_yuci, world):
    client.force_login(district_yuci)
    response = client.get("/calls/outcome-call/publicity/export/")
    book = load_workbook(BytesIO(response.content))
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    assert rows == [["排名", "企业名称", "金额（万元）"], [1, world["yuci_firm"].name, 70]]


def test_the_city_decides_and_funds_on_the_page_and_the_project_pages_follow_the_scope(
    client, city, district_yuci, owner, world
):
    decisions.publicity_close(user=city, publicity=world["notice"], closed_on=date(2025, 5, 26))
    client.force_login(city)
    client.post(
        f"/calls/applications/{world['yuci'].pk}/decide/",
        {"decision": "recommend", "amount_granted": "90", "comment": "推荐"},
    )
    world["yuci"].refresh_from_db()
    assert (world["yuci"].status, world["yuci"].amount_granted) == (State.RECOMMENDED, Decimal("900000.00"))
    client.post(
        f"/calls/applications/{world['yuci'].pk}/fund/",
        {"starts_on": "2025-06-01", "ends_on": "bad"},
    )
    assert Project.objects.count() == 0
    client.post(
        f"/calls/applications/{world['yuci'].pk}/fund/",
        {"starts_on": "2025-06-01", "ends_on": "2026-12-31"},
    )
    project = Project.objects.get()
    assert project.amount_granted == Decimal("900000.00")
    text = _page(client, city, "/calls/projects/")
    assert "共 1 个项目，资助金额合计 90.00 万元" in text
    client.post(f"/calls/projects/{project.pk}/reports/", {"title": "中期报告", "due_on": "2025-12-31"})
    assert list(project.reports.values_list("title", flat=True)) == ["中期报告"]
    assert project.title in _page(client, owner, f"/calls/projects/{project.pk}/")
    client.force_login(owner)
    assert (
        client.post(
            f"/calls/projects/{project.pk}/reports/", {"title": "x", "due_on": "2025-12-31"}
        ).status_code
        == 403
    )
    text = _page(client, district_yuci, "/calls/projects/")
    assert project.title in text
    client.force_login(city)
    export = load_workbook(BytesIO(client.get("/calls/projects/export/").content)).worksheets[0]
    assert [row[1] for row in export.iter_rows(min_row=2, values_only=True)] == [world["yuci_firm"].name]


def test_an_outsider_finds_no_project(client, city, outsider, world):
    decisions.publicity_close(user=city, publicity=world["notice"], closed_on=date(2025, 5, 26))
    decisions.application_decide(user=city, application=world["taigu"], decision="recommend")
    project = decisions.project_create(
        user=city,
        application=world["taigu"],
        starts_on=date(2025, 6, 1),
        ends_on=date(2026, 6, 1),
        amount_granted=Decimal(10),
    )
    client.force_login(outsider)
    assert client.get(f"/calls/projects/{project.pk}/").status_code == 404
    assert client.get(f"/api/v1/calls/projects/{project.pk}").status_code == 404
    assert client.get("/api/v1/calls/projects").json()["count"] == 0


def test_the_api_runs_the_whole_chain_for_the_city(client, city, world):
    client.force_login(city)
    notice_id = world["notice"].pk
    response = client.post(
        "/api/v1/calls/outcome-call/publicity/objections",
        json.dumps(
            {"application": world["yuci"].pk, "raised_by": "钱七", "text": "异议", "raised_on": "2025-05-20"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    objection_id = response.json()["id"]
    response = client.post("/api/v1/calls/outcome-call/publicity/close")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "objections"]
    response = client.post(
        f"/api/v1/calls/objections/{objection_id}/resolve",
        json.dumps({"resolution": "不成立"}),
        content_type="application/json",
    )
    assert (response.status_code, response.json()["resolved_on"]) == (200, today().isoformat())
    Publicity.objects.filter(pk=notice_id).update(ends_on=today() - timedelta(days=1))
    response = client.post("/api/v1/calls/outcome-call/publicity/close")
    assert (response.status_code, response.json()["closed_on"]) == (200, today().isoformat())
    response = client.post(
        f"/api/v1/calls/applications/{world['yuci'].pk}/decision",
        json.dumps({"decision": "recommend", "amount_granted": "500000"}),
        content_type="application/json",
    )
    assert (response.status_code, response.json()["status"]) == (200, State.RECOMMENDED)
    response = client.post(
        f"/api/v1/calls/applications/{world['yuci'].pk}/project",
        json.dumps(
            {
                "starts_on": "2025-06-01",
                "ends_on": "2026-12-31",
                "milestones": [{"title": "样机", "due_on": "2025-12-31"}],
                "reports": [{"title": "中期报告", "due_on": "2020-01-01"}],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["amount_granted"], body["has_late_report"], [r["late"] for r in body["reports"]]) == (
        "500000.00",
        True,
        [True],
    )
    assert client.get("/api/v1/calls/projects?late=true").json()["count"] == 1


def _groups(user):
    return {(item.group, item.title) for item in pending.items_for(user)}


def test_pending_the_city_sees_open_objections_and_late_reports(city, world):
    decisions.objection_record(
        user=city,
        publicity=world["notice"],
        application=world["yuci"],
        raised_by="甲",
        text="异议",
        raised_on=PUBLISHED,
    )
    project = Project.objects.create(
        application=world["taigu"],
        title="太谷转化项目",
        amount_granted=Decimal(1),
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 1, 1),
    )
    project.reports.create(title="中期报告", due_on=today() - timedelta(days=1))
    project.reports.create(title="结题报告", due_on=today() + timedelta(days=100))
    groups = _groups(city)
    assert ("公示异议待处理", "省级成果转化专项") in groups
    assert ("项目报告逾期", "太谷转化项目 · 中期报告") in groups
    assert ("项目报告逾期", "太谷转化项目 · 结题报告") not in groups


def test_pending_an_enterprise_sees_its_reports_due_and_a_district_its_submissions(
    city, owner, district_yuci, world, two_districts
):
    own = Project.objects.create(
        application=world["yuci"],
        title="榆次转化项目",
        amount_granted=Decimal(1),
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 1, 1),
    )
    own.reports.create(title="中期报告", due_on=today() + timedelta(days=20))
    own.reports.create(title="年度报告", due_on=today() + timedelta(days=60))
    other = Project.objects.create(
        application=world["taigu"],
        title="太谷转化项目",
        amount_granted=Decimal(1),
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 1, 1),
    )
    other.reports.create(title="中期报告", due_on=today())
    assert {t for g, t in _groups(owner) if g == "待提交的项目报告"} == {"榆次转化项目 · 中期报告"}
    submitted = ApplicationFactory(enterprise=two_districts["yuci"])
    Application.objects.filter(pk=submitted.pk).update(status=State.SUBMITTED)
    groups = _groups(district_yuci)
    assert {g for g, t in groups} == {"待县区审核"}
    assert not any(g in ("公示异议待处理", "项目报告逾期") for g, t in _groups(district_yuci))


def test_the_pending_page_shows_the_city_its_groups(client, city, world):
    decisions.objection_record(
        user=city,
        publicity=world["notice"],
        application=world["yuci"],
        raised_by="甲",
        text="异议",
        raised_on=PUBLISHED,
    )
    text = _page(client, city, "/calls/pending/")
    assert "公示异议待处理（1）" in text


def test_the_application_page_leaves_the_notice_steps_to_the_notice_page(client, city, world):
    decisions.publicity_close(user=city, publicity=world["notice"], closed_on=date(2025, 5, 26))
    text = _page(client, city, f"/calls/applications/{world['yuci'].pk}/")
    assert 'id="notice-steps"' in text
    assert 'value="recommend"' not in text and 'value="close_publicity"' not in text
    assert 'value="decline"' in text  # below the line is still declined on the application itself


def test_the_generic_record_page_of_a_call_still_renders(client, city, world):
    # the call's own page is calls/call_page.html: the generic record page (records/<name>_detail.html, or
    # Django's <app>/<model>_detail.html) shows the call's fields, not an empty call page
    text = _page(client, city, f"/records/call/{world['call'].pk}/")  # 200, not a server error
    assert world["call"].code in text and 'id="precheck"' not in text
