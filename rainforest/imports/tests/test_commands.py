"""`rainforest import|template|export`: the interfaces scripts rely on."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.tests.factories import EnterpriseFactory, district
from rainforest.imports.registry import RECORD_TYPES

pytestmark = pytest.mark.django_db

HEADERS = ["credit_code", "name", "district", "founded_on"]


def command(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command(*args, stdout=out)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_import_list_names_every_record_type_with_its_label():
    status, out = command("import", "--list")

    assert status == 0
    listed = [tuple(line.split("\t")) for line in out.splitlines()]
    assert listed == [(name, str(record_type.label)) for name, record_type in RECORD_TYPES.items()]
    assert listed[:6] == [
        ("enterprise", "企业"), ("yearly_figures", "年度数据"), ("certificate", "资质证书"),
        ("park", "孵化载体"), ("team", "孵化团队"), ("tenancy", "入驻记录"),
    ]  # fmt: skip


def test_import_json_prints_the_outcome_and_exits_0_when_stored(xlsx, codes, city):
    path = xlsx(HEADERS, [[codes[0], "命令行有限公司", "榆次区", "2015-03-01"]])

    status, out = command("import", "enterprise", str(path), "--json", "--user", "city")

    assert (status, json.loads(out)) == (0, {"rows": 1, "stored": True, "errors": []})
    assert Enterprise.objects.get(credit_code=codes[0]).history.get().history_user == city


def test_import_json_exits_1_and_names_each_refused_row(xlsx, codes):
    path = xlsx(
        HEADERS,
        [[codes[0], "好有限公司", "榆次区", "2015-03-01"], [codes[1], "坏有限公司", "火星区", "2015-03-01"]],
    )

    status, out = command("import", "enterprise", str(path), "--json")

    assert status == 1
    assert json.loads(out) == {
        "rows": 2,
        "stored": False,
        "errors": [
            {
                "row": 3,
                "field": "district",
                "message": "所在县区：未知县区“火星区”（请填写晋中市的县区名称或6位区划代码）",
            }
        ],
    }
    assert Enterprise.objects.count() == 0


def test_a_clean_dry_run_exits_0_and_stores_nothing(xlsx, codes):
    path = xlsx(HEADERS, [[codes[0], "试运行有限公司", "榆次区", "2015-03-01"]])

    status, out = command("import", "enterprise", str(path), "--dry-run", "--json")

    assert (status, json.loads(out)) == (0, {"rows": 1, "stored": False, "errors": []})
    assert Enterprise.objects.count() == 0


def test_the_plain_output_says_what_was_stored(xlsx, codes):
    path = xlsx(HEADERS, [[codes[0], "有限公司", "榆次区", "2015-03-01"]])

    assert command("import", "enterprise", str(path)) == (0, "已保存：共 1 行，新增 1，更新 0，未变 0\n")


def test_an_unknown_type_or_user_is_a_command_error(xlsx, codes):
    path = xlsx(HEADERS, [])
    with pytest.raises(CommandError, match="未知的数据类型“no_such_type”"):
        call_command("import", "no_such_type", str(path))
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        call_command("import", "enterprise", str(path), "--user", "nobody")


def test_a_user_who_may_not_import_is_refused(xlsx, owner):
    path = xlsx(HEADERS, [])
    with pytest.raises(CommandError, match="只有市局、县区工作人员和系统管理员可以导入数据"):
        call_command("import", "enterprise", str(path), "--user", "enterprise")


def test_template_writes_the_template(tmp_path):
    path = tmp_path / "企业模板.xlsx"

    status, _out = command("template", "enterprise", "--out", str(path))

    assert status == 0
    assert [cell.value for cell in load_workbook(path).worksheets[0][1]][:4] == [
        "统一社会信用代码",
        "企业名称",
        "所在县区",
        "所在开发区",
    ]


def test_export_filters_like_the_list_and_reimports_cleanly(tmp_path, codes):
    EnterpriseFactory(credit_code=codes[0], name="榆次导出有限公司")
    EnterpriseFactory(credit_code=codes[1], name="太谷导出有限公司", district=district("140703"))
    path = tmp_path / "export.xlsx"

    status, out = command("export", "enterprise", "--out", str(path), "--district", "140702")

    assert (status, out) == (0, f"已导出 1 行到 {path}\n")
    rows = list(load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1], row[2]) for row in rows] == [(codes[0], "榆次导出有限公司", "榆次区")]
    status, out = command("import", "enterprise", str(path), "--json")
    assert (status, json.loads(out)) == (0, {"rows": 1, "stored": True, "errors": []})
    assert Enterprise.history.filter(history_type="~").count() == 0
