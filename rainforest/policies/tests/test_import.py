"""The `policy` and `policy_condition` record types of the Excel framework, with real .xlsx files: good
rows store (with the importing user in the change log), bad rows are named exactly and nothing is stored,
a second import changes nothing, an export imports back unchanged, and only the catalogue's editors
import."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from rainforest.imports.registry import record_type
from rainforest.imports.services import import_file
from rainforest.imports.tests.conftest import write_xlsx
from rainforest.imports.writer import export_write
from rainforest.policies.choices import BenefitKind, PolicyLevel, SourceStatus
from rainforest.policies.models import Policy, PolicyCondition
from rainforest.policies.tests.factories import ConditionFactory, PolicyFactory

pytestmark = pytest.mark.django_db

POLICY_HEADER = [
    "政策编号",
    "政策名称",
    "政策层级",
    "发布机关",
    "文号",
    "资料状态",
    "奖补方式",
    "金额或上限（元）",
]
CONDITION_HEADER = ["政策编号", "序号", "条件说明", "条件表达式（CEL）", "差距指标", "差距门槛"]


def run(name, path, user):
    return import_file(record_type=record_type(name), path=path, user=user)


def test_a_policy_file_stores_its_rows_and_a_second_import_changes_nothing(tmp_path, city):
    path = write_xlsx(
        tmp_path / "policies.xlsx",
        POLICY_HEADER,
        [
            ["P-JZ-1", "晋中市高企认定奖励", "市级", "晋中市科技局", "市科字〔2024〕1号", "已核实", "固定金额", "10万元"],
            ["P-JZ-2", "晋中市研发投入后补助", "市级", "", "", "", "金额未公布", ""],
        ],
    )  # fmt: skip
    result = run("policy", path, city)
    assert (result.stored, result.errors, result.created) == (True, [], 2)
    first = Policy.objects.get(code="P-JZ-1")
    assert (first.level, first.status, first.benefit_kind, first.amount_yuan) == (
        PolicyLevel.CITY, SourceStatus.CONFIRMED, BenefitKind.FIXED, Decimal("100000.00"),
    )  # fmt: skip
    assert Policy.objects.get(code="P-JZ-2").status == SourceStatus.UNCONFIRMED
    assert first.history.get().history_user == city

    again = run("policy", path, city)
    assert (again.stored, again.created, again.updated, again.unchanged) == (True, 0, 0, 2)
    assert first.history.count() == 1


def test_a_bad_policy_file_names_every_bad_row_and_stores_nothing(tmp_path, city):
    path = write_xlsx(
        tmp_path / "policies.xlsx",
        POLICY_HEADER,
        [
            ["P-JZ-1", "好政策", "市级", "", "", "", "固定金额", 50000],
            ["p jz 2", "编号不合规", "市级", "", "", "", "金额未公布", ""],
            ["P-JZ-3", "缺金额", "市级", "", "", "", "固定金额", ""],
            ["P-JZ-4", "层级不对", "乡镇级", "", "", "", "金额未公布", ""],
        ],
    )
    result = run("policy", path, city)
    assert result.stored is False
    assert result.errors == [
        {"row": 3, "field": "code", "message": "政策编号：编号由大写字母、数字和连字符组成，如 P-ZG-1"},
        {"row": 4, "field": "amount_yuan", "message": "金额或上限（元）：“固定金额”须填写金额"},
        {
            "row": 5,
            "field": "level",
            "message": "政策层级：“乡镇级”不是可选值（可选：国家级、省级、市级、县区级、园区级）",
        },
    ]
    assert Policy.objects.count() == 0


def test_a_condition_that_does_not_parse_is_a_row_error_with_the_parsers_message(tmp_path, city):
    policy = PolicyFactory(code="P-JZ-1")
    path = write_xlsx(
        tmp_path / "conditions.xlsx",
        CONDITION_HEADER,
        [
            ["P-JZ-1", 1, "有效高企", "hnte_valid", "", ""],
            ["P-JZ-1", 2, "写错了", "hnte_valid &&", "", ""],
            ["P-JZ-1", 3, "未知事实", "no_such_fact > 1", "", ""],
            ["P-NONE", 1, "政策未登记", "hnte_valid", "", ""],
            ["P-JZ-1", 1, "序号重复", "hnte_valid", "", ""],
        ],
    )
    result = run("policy_condition", path, city)
    assert result.stored is False
    assert [(error["row"], error["field"]) for error in result.errors] == [
        (3, "expression"),
        (4, "expression"),
        (5, "policy_code"),
        (6, "policy_code"),
    ]
    parse, unknown, missing, duplicate = (error["message"] for error in result.errors)
    assert parse == (  # the parser's own message, with the line, column and a caret
        "条件表达式（CEL）：条件“写错了”无法解析：ERROR: <input>:1:14: Syntax error: mismatched input '<EOF>' "
        "expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, "
        "STRING, BYTES, IDENTIFIER}\n| hnte_valid &&\n| .............^"
    )
    assert unknown == "条件表达式（CEL）：条件“未知事实”无法解析：引用了未定义的事实：no_such_fact"
    assert missing == "政策编号 P-NONE 尚未登记，请先导入政策"
    assert duplicate == "政策编号、序号与第 2 行重复"
    assert PolicyCondition.objects.filter(policy=policy).count() == 0


def test_a_condition_file_stores_updates_and_reimports_unchanged(tmp_path, city):
    policy = PolicyFactory(code="P-JZ-1")
    ConditionFactory(policy=policy, order=1, label="旧说明", expression="hnte_valid")
    path = write_xlsx(
        tmp_path / "conditions.xlsx",
        CONDITION_HEADER,
        [
            ["p-jz-1", 1, "有效高新技术企业", "hnte_valid", "", ""],
            ["P-JZ-1", 2, "上年在园区纳税不低于2万元", "zone_tax_last_year >= 20000.0", "上年在园区纳税额", 20000],
        ],
    )  # fmt: skip
    result = run("policy_condition", path, city)
    assert (result.stored, result.errors, result.created, result.updated) == (True, [], 1, 1)
    assert list(policy.conditions.values_list("order", "label", "gap_fact", "gap_threshold")) == [
        (1, "有效高新技术企业", "", None),
        (2, "上年在园区纳税不低于2万元", "zone_tax_last_year", Decimal("20000.00")),
    ]
    assert (result := run("policy_condition", path, city)).unchanged == 2 and result.updated == 0


def test_exported_policies_and_conditions_import_back_unchanged(tmp_path, city):
    policy = PolicyFactory(
        code="P-JZ-9", benefit_kind=BenefitKind.FORMULA, amount_yuan=None, benefit_expression="100000"
    )
    ConditionFactory(policy=policy, order=1, expression='province_code == "140000"')
    ConditionFactory(
        policy=policy,
        order=2,
        expression="zone_tax_last_year >= 20000.0",
        gap_fact="zone_tax_last_year",
        gap_threshold=Decimal("20000.00"),
    )
    for name, count in (("policy", 1), ("policy_condition", 2)):
        kind = record_type(name)
        path = tmp_path / f"{name}.xlsx"
        assert export_write(kind, kind.export_queryset(city, {}), path) == count
        result = run(name, path, city)
        assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, count)


@pytest.mark.parametrize("who", ["district_yuci", "butler", "owner", "bank", "outsider"])
def test_only_the_catalogues_editors_import_policies(who, request, tmp_path):
    path = write_xlsx(
        tmp_path / "p.xlsx", POLICY_HEADER, [["P-JZ-1", "x", "市级", "", "", "", "金额未公布", ""]]
    )
    for name in ("policy", "policy_condition"):
        with pytest.raises(PermissionDenied):
            run(name, path, request.getfixturevalue(who))
    assert Policy.objects.count() == 0


def test_an_admin_imports_policies(tmp_path, admin):
    path = write_xlsx(
        tmp_path / "p.xlsx", POLICY_HEADER, [["P-JZ-1", "x", "市级", "", "", "", "金额未公布", ""]]
    )
    assert run("policy", path, admin).stored is True
