"""Excel imports of the talent record types with real .xlsx files: good files store (and a second import
changes nothing), bad files name the field and the row and store nothing."""

from __future__ import annotations

from datetime import date

import pytest

from rainforest.imports import services
from rainforest.imports.registry import RECORD_TYPES
from rainforest.talent.models import CentreFirm, CentreTeam, KeyDiscipline, ResearchTeam, TechManager, Trainee
from rainforest.talent.tests.factories import (
    JointCentreFactory,
    ResearchTeamFactory,
    TechManagerFactory,
    TrainingClassFactory,
    institution,
)

pytestmark = pytest.mark.django_db


def run(name, path, user):
    return services.import_file(record_type=RECORD_TYPES[name], path=path, user=user)


def headers(name: str) -> list[str]:
    return [str(column.label) for column in RECORD_TYPES[name].columns]


def test_key_disciplines_are_imported_by_institution_name_or_code_and_again_change_nothing(xlsx, city):
    college = institution("晋中学院", "140702", code="jzu")
    path = xlsx(
        headers("key_discipline"),
        [["晋中学院", "化学", "省级重点学科", "0703"], ["jzu", "数学", "校级重点学科", ""]],
    )
    result = run("key_discipline", path, city)
    assert result.as_json() == {"rows": 2, "stored": True, "errors": []}
    assert sorted(
        KeyDiscipline.objects.filter(organisation=college).values_list("name", "level", "code")
    ) == [
        ("化学", "provincial", "0703"),
        ("数学", "school", ""),
    ]
    again = run("key_discipline", path, city)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_bad_census_file_names_each_field_and_row_and_stores_nothing(xlsx, city):
    institution("晋中学院", "140702", code="jzu")
    path = xlsx(
        headers("research_team"),
        [
            ["晋中学院", "煤基新材料团队", "李明", 12, "化学", "新材料", 2015],
            ["不存在的大学", "催化团队", "王强", 8, "", "", ""],
            ["晋中学院", "节能团队", "张华", 0, "", "", 2099],
        ],
    )
    result = run("research_team", path, city)
    assert result.stored is False
    messages = sorted((e["row"], e["field"], e["message"]) for e in result.errors)
    assert messages == [
        (3, "organisation", "高校院所：未知机构“不存在的大学”（请填写已登记机构的名称或机构编码）"),
        (4, "founded_year", "组建年份不能晚于今年"),
        (4, "size", "人数：不能小于 1"),
    ]
    assert ResearchTeam.objects.count() == 0


def test_a_bank_is_not_a_census_institution(xlsx, city):
    from rainforest.core.models import Organisation

    Organisation.objects.create(name="晋中测试银行", code="jz-test-bank", kind="bank")
    path = xlsx(headers("key_discipline"), [["晋中测试银行", "金融学", "校级重点学科", "0202"]])
    result = run("key_discipline", path, city)
    assert [(e["row"], e["field"], e["message"]) for e in result.errors] == [
        (2, "organisation", "所属机构须为高校院所")
    ]
    assert KeyDiscipline.objects.count() == 0


def test_managers_and_their_class_are_imported_and_a_trainee_names_both(xlsx, city):
    college = institution("晋中学院", "140702", code="jzu")
    path = xlsx(
        headers("tech_manager"),
        [
            ["赵一", "13900000001", "晋中学院", "", "榆次区", "初级", "JZJL-2025-C001", "2025-05-23", ""],
            ["钱二", "13900000002", "", "晋中某科技服务公司", "140703", "中级", "", "", "在册"],
        ],
    )
    assert run("tech_manager", path, city).as_json() == {"rows": 2, "stored": True, "errors": []}
    first = TechManager.objects.get(name="赵一")
    assert (first.organisation, first.employer, first.region.code, first.grade, first.certified_on) == (
        college, "晋中学院", "140702", "primary", date(2025, 5, 23),
    )  # fmt: skip
    TrainingClassFactory(name="初级技术经理人培训班（第一期）")
    trainees = xlsx(
        headers("trainee"),
        [
            ["初级技术经理人培训班（第一期）", "赵一", "", "是", "JSJL-2025-0001", ""],
            ["初级技术经理人培训班（第一期）", "钱二", "13900000002", "否", "", "缺考"],
        ],
        name="学员.xlsx",
    )
    assert run("trainee", trainees, city).as_json() == {"rows": 2, "stored": True, "errors": []}
    assert sorted(Trainee.objects.values_list("manager__name", "passed", "certificate_number")) == [
        ("赵一", True, "JSJL-2025-0001"),
        ("钱二", False, ""),
    ]


def test_a_bad_trainee_file_stores_nothing_and_says_why(xlsx, city):
    TechManagerFactory(name="孙三", phone="13900000003")
    TechManagerFactory(name="孙三", phone="13900000004")
    TrainingClassFactory(name="第一期")
    path = xlsx(
        headers("trainee"),
        [
            ["第九期", "孙三", "13900000003", "是", "", ""],
            ["第一期", "孙三", "", "是", "", ""],
            ["第一期", "孙三", "13900000004", "否", "JSJL-X", ""],
        ],
    )
    result = run("trainee", path, city)
    assert result.stored is False
    assert sorted((e["row"], e["field"]) for e in result.errors) == [
        (2, "training_class"),
        (3, "manager"),
        (4, "certificate_number"),
    ]
    assert "有同名者" in next(e["message"] for e in result.errors if e["row"] == 3)
    assert Trainee.objects.count() == 0


def test_a_centre_gets_its_teams_and_firms_from_files(xlsx, city, own_firm):
    centre = JointCentreFactory(
        name="中医药创新中心", organisation=institution("山西中医药大学", "140702", code="sxtcm")
    )
    team = ResearchTeamFactory(name="经典名方团队", organisation=centre.organisation)
    teams = xlsx(headers("centre_team"), [["中医药创新中心", "经典名方团队", "", "名方开发"]], name="t.xlsx")
    assert run("centre_team", teams, city).as_json() == {"rows": 1, "stored": True, "errors": []}
    assert list(CentreTeam.objects.values_list("centre", "team", "topic")) == [
        (centre.pk, team.pk, "名方开发")
    ]
    firms = xlsx(
        headers("centre_firm"),
        [
            ["中医药创新中心", own_firm.credit_code, "", "2025-05-01", ""],
            ["无此中心", own_firm.credit_code, "", "", ""],
        ],
        name="f.xlsx",
    )
    result = run("centre_firm", firms, city)
    assert [(e["row"], e["field"]) for e in result.errors] == [(3, "centre")]
    assert CentreFirm.objects.count() == 0


def test_a_district_officer_may_not_import_the_census(xlsx, district_yuci):
    institution("晋中学院", "140702", code="jzu")
    path = xlsx(headers("key_discipline"), [["晋中学院", "化学", "省级重点学科", "0703"]])
    result = run("key_discipline", path, district_yuci)
    assert result.stored is False
    assert KeyDiscipline.objects.count() == 0
