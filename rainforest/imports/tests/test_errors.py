"""Errors that help: every bad cell of a row at once, messages in the user's words after the field's label,
an empty file refused, two imports at once never showing a raw database error, and every template link of
the upload pages answering with a real .xlsx."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from rainforest.enterprises.models import Enterprise, YearlyFigures
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.imports import services
from rainforest.imports.registry import RECORD_TYPES

ENTERPRISE = RECORD_TYPES["enterprise"]
HEADERS = ["统一社会信用代码", "企业名称", "所在县区", "成立日期"]


def run(name, path, user, **kwargs):
    return services.import_file(record_type=RECORD_TYPES[name], path=path, user=user, **kwargs)


def test_a_row_with_a_type_error_still_reports_its_other_bad_cells(xlsx, codes, city):
    EnterpriseFactory(credit_code=codes[0])
    path = xlsx(
        ["统一社会信用代码", "年度", "职工总数", "科技人员数", "销售收入（元）"],
        [[codes[0], 2023, "abc", 5, -1]],
    )

    result = run("yearly_figures", path, city)

    assert result.errors == [
        {"row": 2, "field": "employees", "message": "职工总数：应为整数，实为“abc”"},
        {"row": 2, "field": "sales_revenue", "message": "销售收入（元）：不能小于 0"},
    ]
    assert YearlyFigures.objects.count() == 0


def test_every_bad_cell_of_every_row_is_reported_at_once(xlsx, codes, city):
    path = xlsx(HEADERS, [["123", "", "火星区", "明天"], [codes[1], "好名字", "榆次区", "2015/13/45"]])

    result = run("enterprise", path, city)

    assert [(error["row"], error["field"]) for error in result.errors] == [
        (2, "credit_code"),
        (2, "name"),
        (2, "district"),
        (2, "founded_on"),
        (3, "founded_on"),
    ]
    assert Enterprise.objects.count() == 0


def test_djangos_own_messages_are_said_in_the_users_words_after_the_fields_label(xlsx, codes, city):
    path = xlsx(HEADERS, [[codes[0], "名" * 604, "榆次区", "2015-03-01"]])

    result = run("enterprise", path, city)

    assert result.errors == [
        {"row": 2, "field": "name", "message": "企业名称：不能超过 120 个字（现有 604 个字）"}
    ]


def test_a_file_with_a_header_and_no_rows_is_refused(xlsx, city):
    path = xlsx(HEADERS, [])

    result = run("enterprise", path, city)

    assert result.as_json() == {
        "rows": 0,
        "stored": False,
        "errors": [
            {
                "row": 2,
                "field": "",
                "message": "文件没有数据：第1行是表头，请从第2行起每行填写一条记录，没有保存任何内容",
            }
        ],
    }


def test_the_import_command_exits_1_for_a_file_without_rows(xlsx, city):
    from django.core.management import call_command

    path = xlsx(HEADERS, [])
    try:
        call_command("import", "enterprise", str(path))
    except SystemExit as exit_:
        assert exit_.code == 1
    else:
        raise AssertionError("an empty file must exit 1")


def test_the_loser_of_two_imports_of_the_same_new_firms_stores_them_as_updates_without_a_raw_error(
    xlsx, codes, city
):
    """The second import validated while the first was storing the same new firms: its insert hits the
    unique credit code; it validates again against what is stored now, and stores that."""
    first = xlsx(
        HEADERS, [[code, "先到有限公司", "榆次区", "2015-03-01"] for code in codes[:2]], name="first.xlsx"
    )
    second = xlsx(
        HEADERS, [[code, "后到有限公司", "榆次区", "2015-03-01"] for code in codes[:2]], name="second.xlsx"
    )
    raced = []

    def competitor(done: int, total: int) -> None:
        if done == total and not raced:
            raced.append(run("enterprise", first, city))

    result = run("enterprise", second, city, progress=competitor)

    assert (raced[0].stored, raced[0].created) == (True, 2)
    assert (result.stored, result.errors, result.created, result.updated) == (True, [], 0, 2)
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == ["后到有限公司", "后到有限公司"]


def test_a_conflict_the_retry_cannot_resolve_names_the_rows_never_the_database_error(xlsx, codes, city):
    path = xlsx(HEADERS, [[code, "后到有限公司", "榆次区", "2015-03-01"] for code in codes[:2]])
    competing = iter([codes[1], codes[0]])

    def competitor(done: int, total: int) -> None:
        # Before each attempt stores, another import stores one of the firms it is about to create.
        if done == total:
            code = next(competing, None)
            if code is not None:
                EnterpriseFactory(credit_code=code, name="先到有限公司")

    result = run("enterprise", path, city, progress=competitor)

    assert (result.stored, result.errors) == (
        False,
        [
            {
                "row": 2,
                "field": "credit_code",
                "message": "统一社会信用代码：同一记录刚被另一次导入保存，整个文件未导入，请重新导入",
            }
        ],
    )
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["先到有限公司", "先到有限公司"]


def test_every_template_link_of_the_import_pages_answers_with_a_real_xlsx(client, city):
    client.force_login(city)
    for page in (reverse("imports:index"), reverse("imports:upload")):
        body = client.get(page).content.decode()
        links = sorted(
            {
                reverse("imports:template", args=[name])
                for name in RECORD_TYPES
                if f'href="{reverse("imports:template", args=[name])}"' in body
            }
        )
        assert len(links) == sum(1 for kind in RECORD_TYPES.values() if kind.importable)
        for link in links:
            response = client.get(link)
            assert response.status_code == 200, link
            assert load_workbook(BytesIO(response.content)).sheetnames[-1] == "说明"
    assert (
        'href="/imports/template/evaluation/"' not in client.get(reverse("imports:upload")).content.decode()
    )
