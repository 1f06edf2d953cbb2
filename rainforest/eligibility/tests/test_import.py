"""The `evaluation` record type of the Excel framework: stored evaluations are exported within the user's
data scope, and, being made by the rulebooks rather than typed in, offer no template and refuse imports
(`RecordType.importable=False`) on every path: the service, the upload form, the pages and the commands."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.eligibility import services
from rainforest.enterprises.services import assignment_start
from rainforest.imports.forms import UploadForm
from rainforest.imports.registry import record_type
from rainforest.imports.services import import_file
from rainforest.imports.writer import export_write

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 1)


@pytest.fixture
def stored(two_districts, city, butler):
    """One stored evaluation per firm of `two_districts`; the butler serves the 太谷 firm."""
    assignment_start(enterprise=two_districts["taigu"], butler=butler, started_on=date(2024, 1, 1), user=city)
    return {
        name: services.evaluation_record(enterprise=firm, rulebook="tech-sme", evaluated_on=AS_OF, user=city)
        for name, firm in two_districts.items()
    }


def exported(user, tmp_path):
    kind = record_type("evaluation")
    path = tmp_path / "evaluations.xlsx"
    export_write(kind, kind.export_queryset(user, {}), path)
    return [list(row) for row in load_workbook(path).active.iter_rows(values_only=True)]


def test_the_export_has_one_row_per_stored_evaluation_with_its_verdict_and_author(tmp_path, city, stored):
    rows = exported(city, tmp_path)
    assert rows[0] == [
        "统一社会信用代码", "企业名称", "评价规则", "版本", "评价日期", "结论", "得分下限", "得分上限", "评价人",
        "保存时间",
    ]  # fmt: skip
    evaluation = stored["yuci"]
    by_code = {row[0]: row for row in rows[1:]}
    saved = by_code[evaluation.enterprise.credit_code]
    assert saved[:9] == [
        evaluation.enterprise.credit_code,
        evaluation.enterprise.name,
        "tech-sme-2017",
        "2017",
        datetime(2025, 6, 1),
        str(evaluation.get_eligible_display()),
        evaluation.score_low,
        evaluation.score_high,
        "city",
    ]
    assert isinstance(saved[9], datetime)  # local time, without a zone (Excel has none)
    assert len(rows) == 3


@pytest.mark.parametrize(
    ("who", "firms"),
    [("city", {"yuci", "taigu"}), ("district_yuci", {"yuci"}), ("butler", {"taigu"}), ("owner", {"yuci"}),
     ("bank", set()), ("outsider", set())],
)  # fmt: skip
def test_the_export_keeps_to_the_users_data_scope(who, firms, request, tmp_path, stored, two_districts):
    rows = exported(request.getfixturevalue(who), tmp_path)
    assert {row[0] for row in rows[1:]} == {two_districts[name].credit_code for name in firms}


def test_evaluations_cannot_be_imported_even_by_the_operator(tmp_path, city, stored):
    path = tmp_path / "evaluations.xlsx"
    kind = record_type("evaluation")
    export_write(kind, kind.export_queryset(city, {}), path)
    for user in (None, city):
        with pytest.raises(PermissionDenied, match="只能导出"):
            import_file(record_type=kind, path=path, user=user)


def test_an_export_only_type_offers_no_template_and_no_upload(client, city, tmp_path):
    assert "evaluation" not in dict(UploadForm().fields["record_type"].choices)
    assert "policy" in dict(UploadForm().fields["record_type"].choices)
    client.force_login(city)
    assert client.get(reverse("imports:template", args=["evaluation"])).status_code == 404
    assert client.get(reverse("imports:export", args=["evaluation"])).status_code == 200
    page = client.get(reverse("imports:index")).content.decode()
    assert reverse("imports:export", args=["evaluation"]) in page
    assert reverse("imports:template", args=["evaluation"]) not in page
    with pytest.raises(CommandError, match="只能导出"):
        call_command("template", "evaluation", "--out", str(tmp_path / "t.xlsx"), stdout=StringIO())
