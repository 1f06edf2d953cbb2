"""The import pages: who may use them, every bad row shown, big files as jobs, scoped exports."""

from __future__ import annotations

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.enterprises.models import Enterprise, YearlyFigures
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.imports.choices import JobStatus
from rainforest.imports.models import ImportJob

pytestmark = pytest.mark.django_db

HEADERS = ["统一社会信用代码", "企业名称", "所在县区", "成立日期"]
IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, path, record_type="enterprise", dry_run=False):
    with path.open("rb") as handle:
        data = {"record_type": record_type, "file": handle}
        if dry_run:
            data["dry_run"] = "on"
        return client.post(reverse("imports:upload"), data)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("city", 200),
        ("district_yuci", 200),
        ("admin", 200),
        ("butler", 403),
        ("owner", 403),
        ("university", 403),
        ("bank", 403),
        ("outsider", 403),
    ],
)
def test_only_city_and_district_officers_and_admins_may_open_the_import_page(client, request, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("imports:index")).status_code == status
    assert client.get(reverse("imports:upload")).status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("imports:index"))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


def test_a_good_upload_shows_the_summary(client, city, xlsx, codes):
    client.force_login(city)

    response = upload(client, xlsx(HEADERS, [[codes[0], "网页有限公司", "榆次区", "2015-03-01"]]))

    assert response.status_code == 200
    assert "已保存：共 1 行，新增 1 行，更新 0 行，未变 0 行。" in response.content.decode()
    assert Enterprise.objects.get(credit_code=codes[0]).history.get().history_user == city


def test_a_bad_upload_lists_every_bad_row_with_row_field_and_reason(client, city, xlsx, codes):
    client.force_login(city)
    path = xlsx(
        HEADERS, [[codes[0], "", "榆次区", "2015-03-01"], [codes[1], "有限公司", "火星区", "2015-03-01"]]
    )

    response = upload(client, path)

    assert response.context["errors"] == [
        {"row": 2, "field": "name", "label": "企业名称", "message": "企业名称：必填，不能为空"},
        {
            "row": 3,
            "field": "district",
            "label": "所在县区",
            "message": "所在县区：未知县区“火星区”（请填写晋中市的县区名称或6位区划代码）",
        },
    ]
    html = response.content.decode()
    assert "<tr><td>2</td><td>企业名称</td><td>企业名称：必填，不能为空</td></tr>" in html
    assert Enterprise.objects.count() == 0


def test_a_district_officer_is_refused_rows_of_another_district(client, district_yuci, xlsx, codes):
    client.force_login(district_yuci)

    response = upload(client, xlsx(HEADERS, [[codes[0], "太谷有限公司", "太谷区", "2015-03-01"]]))

    assert [e["message"] for e in response.context["errors"]] == [
        "所在县区：该行数据不属于本辖区（榆次区），无权导入"
    ]
    assert Enterprise.objects.count() == 0


def test_a_butler_may_not_upload(client, butler, xlsx, codes):
    client.force_login(butler)

    assert upload(client, xlsx(HEADERS, [[codes[0], "有限公司", "榆次区", "2015-03-01"]])).status_code == 403
    assert (Enterprise.objects.count(), ImportJob.objects.count()) == (0, 0)


@override_settings(TASKS=IMMEDIATE)
def test_a_big_file_runs_as_a_job_whose_progress_the_user_watches(
    client, city, xlsx, codes, settings, django_capture_on_commit_callbacks
):
    settings.RAINFOREST = {**settings.RAINFOREST, "IMPORT_BACKGROUND_ROWS": 2}
    for code in codes[:2]:
        EnterpriseFactory(credit_code=code)
    client.force_login(city)
    path = xlsx(
        ["credit_code", "year", "employees"],
        [[code, year, 10] for code in codes[:2] for year in (2023, 2024)],
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, path, record_type="yearly_figures")
    job = ImportJob.objects.get()
    assert (response.status_code, response.url) == (302, reverse("imports:job", args=[job.pk]))
    partial = client.get(reverse("imports:job_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "排队中" in partial
    assert YearlyFigures.objects.count() == 0

    for callback in callbacks:
        callback()

    job.refresh_from_db()
    assert (job.status, job.rows, job.processed_rows, job.created_rows) == (JobStatus.STORED, 4, 4, 4)
    partial = client.get(reverse("imports:job_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in partial and "已保存：共 4 行，新增 4 行" in partial
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 200


def test_another_users_job_is_not_shown_to_a_district_officer(client, city, district_yuci, xlsx):
    job = ImportJob.objects.create(record_type="enterprise", file_name="x.xlsx", user=city)
    client.force_login(district_yuci)

    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404


def test_the_template_downloads_as_xlsx(client, city):
    client.force_login(city)

    response = client.get(reverse("imports:template", args=["yearly_figures"]))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["年度数据", "说明"]
    assert client.get(reverse("imports:template", args=["nothing"])).status_code == 404


def test_the_export_applies_the_filters_and_the_data_scope(client, district_yuci, two_districts):
    client.force_login(district_yuci)

    everything = client.get(reverse("imports:export", args=["enterprise"]))
    filtered = client.get(reverse("imports:export", args=["enterprise"]), {"q": "不存在的名字"})

    rows = list(
        load_workbook(io.BytesIO(everything.content)).worksheets[0].iter_rows(min_row=2, values_only=True)
    )
    assert [row[1] for row in rows] == ["晋中自有科技有限公司"]
    assert (
        list(load_workbook(io.BytesIO(filtered.content)).worksheets[0].iter_rows(min_row=2, values_only=True))
        == []
    )


def test_an_enterprise_user_exports_only_their_own_enterprise(client, owner, two_districts):
    client.force_login(owner)

    response = client.get(reverse("imports:export", args=["enterprise"]))

    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(min_row=2, values_only=True)
    )
    assert [row[1] for row in rows] == ["晋中自有科技有限公司"]
