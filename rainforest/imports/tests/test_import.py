"""Imports with real .xlsx files: good files store, bad files store nothing and name every bad row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from rainforest.core import changes
from rainforest.core import credit_code as uscc
from rainforest.core.models import Region
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.enterprises.tests.factories import EnterpriseFactory, YearlyFiguresFactory, district
from rainforest.imports import services
from rainforest.imports.choices import JobStatus
from rainforest.imports.models import ImportJob
from rainforest.imports.registry import RECORD_TYPES
from rainforest.imports.tasks import run_import_job
from rainforest.imports.writer import export_write, template_write
from rainforest.incubator.models import Park, Team, Tenancy, Zone

pytestmark = pytest.mark.django_db

ENTERPRISE_HEADERS = ["统一社会信用代码", "企业名称", "所在县区", "成立日期", "技术领域", "境内注册居民企业"]
FIGURES_HEADERS = [
    "统一社会信用代码",
    "年度",
    "职工总数",
    "科技人员数",
    "销售收入（元）",
    "收入总额（元）",
    "高新技术产品（服务）收入（元）",
]


def run(name, path, user=None, **kwargs):
    return services.import_file(record_type=RECORD_TYPES[name], path=path, user=user, **kwargs)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() and c.isascii() else c for c in text)


@pytest.fixture
def listener():
    """Records every records_changed call, so a test can see the forest was told exactly once."""
    calls: list[tuple[list[int], list[int]]] = []

    def record(enterprise_ids: list[int], team_ids: list[int]) -> None:
        calls.append((enterprise_ids, team_ids))

    changes.listen(record)
    yield calls
    changes._listeners.remove(record)


def test_it_stores_a_good_enterprise_file_and_a_second_import_changes_nothing(xlsx, codes, city, listener):
    path = xlsx(
        ENTERPRISE_HEADERS,
        [
            [codes[0], "晋中甲科技有限公司", "榆次区", "2015-03-01", "新材料", "是"],
            [codes[1], "晋中乙科技有限公司", "140703", date(2018, 6, 30), "", "否"],
        ],
        name="企业名单.xlsx",
    )
    result = run("enterprise", path, user=city)

    assert result.as_json() == {"rows": 2, "stored": True, "errors": []}
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    first = Enterprise.objects.get(credit_code=codes[0])
    second = Enterprise.objects.get(credit_code=codes[1])
    assert (first.name, first.district.code, first.founded_on, first.tech_field, first.resident_enterprise) == (
        "晋中甲科技有限公司", "140702", date(2015, 3, 1), "new_materials", True,
    )  # fmt: skip
    assert (second.district.code, second.founded_on, second.tech_field, second.resident_enterprise) == (
        "140703", date(2018, 6, 30), "", False,
    )  # fmt: skip
    history = first.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+",
        city,
        "导入 企业名单.xlsx",
    )
    assert listener == [(sorted([first.pk, second.pk]), [])]

    again = run("enterprise", path, user=city)

    assert again.as_json() == {"rows": 2, "stored": True, "errors": []}
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Enterprise.history.count() == 2
    assert len(listener) == 1


def test_a_changed_row_is_updated_with_one_history_row_and_a_blank_cell_keeps_the_stored_value(
    xlsx, codes, city
):
    firm = EnterpriseFactory(credit_code=codes[0], name="旧名称有限公司", address="榆次区顺城街1号")
    path = xlsx(
        ["credit_code", "name", "district", "founded_on", "address"],
        [[codes[0], "新名称有限公司", "榆次区", "2015-03-01", ""]],
    )

    result = run("enterprise", path, user=city)

    assert (result.stored, result.created, result.updated, result.unchanged) == (True, 0, 1, 0)
    firm.refresh_from_db()
    assert (firm.name, firm.address) == ("新名称有限公司", "榆次区顺城街1号")
    assert list(firm.history.values_list("history_type", "name")) == [
        ("~", "新名称有限公司"),
        ("+", "旧名称有限公司"),
    ]


def test_it_stores_yearly_figures_and_reimporting_the_same_file_writes_no_history(xlsx, codes, city):
    firm = EnterpriseFactory(credit_code=codes[0])
    path = xlsx(
        FIGURES_HEADERS,
        [[codes[0], 2023, 100, 20, "30,000,000", "3100万元", 20000000.5], [codes[0], 2024, 120, 25, 1, 2, 1]],
    )

    result = run("yearly_figures", path, user=city)

    assert result.as_json() == {"rows": 2, "stored": True, "errors": []}
    figures = YearlyFigures.objects.get(enterprise=firm, year=2023)
    assert (figures.employees, figures.tech_staff, figures.sales_revenue, figures.total_income, figures.hitech_income) == (
        100, 20, Decimal("30000000.00"), Decimal("31000000.00"), Decimal("20000000.50"),
    )  # fmt: skip
    assert YearlyFigures.history.count() == 2

    again = run("yearly_figures", path, user=city)

    assert (again.stored, again.created, again.updated, again.unchanged) == (True, 0, 0, 2)
    assert YearlyFigures.history.count() == 2


def test_a_bad_file_reports_every_bad_row_and_stores_nothing(xlsx, codes, city):
    firm = EnterpriseFactory(credit_code=codes[0])
    YearlyFiguresFactory(enterprise=firm, year=2022, employees=50)
    wrong_check = codes[1][:17] + ("0" if codes[1][17] != "0" else "1")
    unknown = codes[2]
    path = xlsx(
        FIGURES_HEADERS,
        [
            [codes[0], 2023, 100, 20, 1000, 2000, 1000],  # row 2: good
            [wrong_check, 2023, 10, 1, 1, 1, 1],  # row 3
            [codes[0], 2024, 10, 1, -5, 10, 1],  # row 4: negative money
            [codes[0], 2021, 10, 30, 1, 10, 1],  # row 5: tech staff above employees
            [codes[0], 2020, 10, 1, 1, 10, 50],  # row 6: high-tech income above total income
            [codes[0], 2099, 10, 1, 1, 10, 1],  # row 7: a future year
            [codes[0], 2019, "abc", 1, 1, 10, 1],  # row 8: not a number
            [unknown, 2023, 10, 1, 1, 10, 1],  # row 9: not registered
            [codes[0], 2022, 80, 1, 1, 10, 1],  # row 10: good (an update)
        ],
    )
    before = (YearlyFigures.objects.count(), YearlyFigures.history.count())

    result = run("yearly_figures", path, user=city)

    assert result.stored is False
    assert result.rows == 9
    assert result.errors == [
        {"row": 3, "field": "credit_code", "message": uscc.problem(wrong_check)},
        {"row": 4, "field": "sales_revenue", "message": "销售收入（元）：不能小于 0"},
        {"row": 5, "field": "tech_staff", "message": "科技人员数 30 超过职工总数 10"},
        {
            "row": 6,
            "field": "hitech_income",
            "message": "高新技术产品（服务）收入（元）：高新技术产品（服务）收入超过收入总额",
        },
        {"row": 7, "field": "year", "message": "年度 2099 晚于今年"},
        {"row": 8, "field": "employees", "message": "职工总数：应为整数，实为“abc”"},
        {"row": 9, "field": "credit_code", "message": f"统一社会信用代码 {unknown} 对应的企业尚未登记"},
    ]
    assert (YearlyFigures.objects.count(), YearlyFigures.history.count()) == before
    assert YearlyFigures.objects.get(enterprise=firm, year=2022).employees == 50


def test_full_width_digits_and_letters_and_spaces_are_normalised(xlsx, codes, city):
    path = xlsx(
        ENTERPRISE_HEADERS[:4],
        [[" " + full_width(codes[0]).lower() + " ", "全角有限公司", "榆次区", "２０１５年３月１日"]],
    )

    result = run("enterprise", path, user=city)

    assert result.errors == []
    assert Enterprise.objects.get(credit_code=codes[0]).founded_on == date(2015, 3, 1)


def test_excel_date_serials_and_the_usual_date_forms_are_read(xlsx, codes, city):
    path = xlsx(
        ENTERPRISE_HEADERS[:4],
        [
            [codes[0], "序列号有限公司", "榆次区", 42064],  # 2015-03-01 as an Excel serial
            [codes[1], "斜杠有限公司", "榆次区", "2016/5/1"],
            [codes[2], "中文日期有限公司", "榆次区", "2017年12月31日"],
            [codes[3], "错误日期有限公司", "榆次区", "2017-02-30"],
        ],
    )

    result = run("enterprise", path, user=city)

    assert result.errors == [
        {
            "row": 5,
            "field": "founded_on",
            "message": "成立日期：不是有效的日期“2017-02-30”（可写作 2024-05-01、2024/5/1 或 2024年5月1日）",
        }
    ]
    path = xlsx(
        ENTERPRISE_HEADERS[:4],
        [
            row
            for row in [
                [codes[0], "序列号有限公司", "榆次区", 42064],
                [codes[1], "斜杠有限公司", "榆次区", "2016/5/1"],
                [codes[2], "中文日期有限公司", "榆次区", "2017年12月31日"],
            ]
        ],
        name="good.xlsx",
    )
    assert run("enterprise", path, user=city).stored is True
    assert dict(Enterprise.objects.values_list("credit_code", "founded_on")) == {
        codes[0]: date(2015, 3, 1),
        codes[1]: date(2016, 5, 1),
        codes[2]: date(2017, 12, 31),
    }


def test_a_future_founding_date_is_refused(xlsx, codes, city):
    path = xlsx(ENTERPRISE_HEADERS[:4], [[codes[0], "未来有限公司", "榆次区", "2999-01-01"]])

    result = run("enterprise", path, user=city)

    assert result.errors == [{"row": 2, "field": "founded_on", "message": "成立日期：日期不能晚于今天"}]
    assert Enterprise.objects.count() == 0


def test_duplicate_keys_inside_the_file_are_refused(xlsx, codes, city):
    firm = EnterpriseFactory(credit_code=codes[0])
    path = xlsx(FIGURES_HEADERS[:3], [[codes[0], 2023, 10], [codes[1], 2023, 10], [codes[0], 2023, 12]])

    result = run("yearly_figures", path, user=city)

    assert result.errors == [
        {"row": 3, "field": "credit_code", "message": f"统一社会信用代码 {codes[1]} 对应的企业尚未登记"},
        {"row": 4, "field": "credit_code", "message": "统一社会信用代码、年度与第 2 行重复"},
    ]
    assert YearlyFigures.objects.filter(enterprise=firm).count() == 0


def test_an_unknown_district_is_refused_and_the_old_name_taigu_county_lands_on_taigu_district(
    xlsx, codes, city
):
    path = xlsx(
        ENTERPRISE_HEADERS[:4],
        [
            [codes[0], "太谷老名称有限公司", "太谷县", "2015-03-01"],
            [codes[1], "火星有限公司", "火星区", "2015-03-01"],
        ],
    )

    result = run("enterprise", path, user=city)

    assert result.errors == [
        {
            "row": 3,
            "field": "district",
            "message": "所在县区：未知县区“火星区”（请填写晋中市的县区名称或6位区划代码）",
        }
    ]
    path = xlsx(
        ENTERPRISE_HEADERS[:4], [[codes[0], "太谷老名称有限公司", "太谷县", "2015-03-01"]], name="taigu.xlsx"
    )
    assert run("enterprise", path, user=city).stored is True
    assert Enterprise.objects.get(credit_code=codes[0]).district == Region.objects.get(code="140703")


def test_headers_may_be_field_names_in_any_order(xlsx, codes, city):
    path = xlsx(
        ["founded_on", "district", "name", "credit_code", "industry"],
        [["2015-03-01", "140702", "字段名有限公司", codes[0], "C"]],
    )

    result = run("enterprise", path, user=city)

    assert result.as_json() == {"rows": 1, "stored": True, "errors": []}
    assert Enterprise.objects.get(credit_code=codes[0]).industry.code == "C"


def test_unknown_and_missing_columns_are_reported_on_the_header_row(xlsx, codes, city):
    path = xlsx(["统一社会信用代码", "企业名称", "颜色"], [[codes[0], "某有限公司", "红"]])

    result = run("enterprise", path, user=city)

    assert result.errors == [
        {"row": 1, "field": "颜色", "message": "无法识别的列“颜色”"},
        {"row": 1, "field": "district", "message": "缺少必填列“所在县区”（district）"},
        {"row": 1, "field": "founded_on", "message": "缺少必填列“成立日期”（founded_on）"},
    ]


def test_a_required_cell_left_blank_names_the_field(xlsx, codes, city):
    path = xlsx(ENTERPRISE_HEADERS[:4], [[codes[0], "", "榆次区", "2015-03-01"]])

    assert run("enterprise", path, user=city).errors == [
        {"row": 2, "field": "name", "message": "企业名称：必填，不能为空"}
    ]


def test_a_dry_run_validates_and_stores_nothing(xlsx, codes, city):
    path = xlsx(ENTERPRISE_HEADERS[:4], [[codes[0], "试运行有限公司", "榆次区", "2015-03-01"]])

    result = run("enterprise", path, user=city, dry_run=True)

    assert (result.stored, result.errors, result.created) == (False, [], 1)
    assert Enterprise.objects.count() == 0


def test_a_district_officer_may_only_import_rows_of_their_own_district(xlsx, codes, district_yuci):
    path = xlsx(
        ENTERPRISE_HEADERS[:4],
        [
            [codes[0], "榆次有限公司", "榆次区", "2015-03-01"],
            [codes[1], "太谷有限公司", "太谷区", "2015-03-01"],
        ],
    )

    result = run("enterprise", path, user=district_yuci)

    assert result.errors == [
        {"row": 3, "field": "district", "message": "所在县区：该行数据不属于本辖区（榆次区），无权导入"}
    ]
    assert Enterprise.objects.count() == 0


def test_a_district_officer_may_not_touch_figures_of_another_districts_enterprise(xlsx, codes, district_yuci):
    EnterpriseFactory(credit_code=codes[0], district=district("140703"))
    path = xlsx(FIGURES_HEADERS[:3], [[codes[0], 2023, 10]])

    result = run("yearly_figures", path, user=district_yuci)

    assert result.errors == [
        {
            "row": 2,
            "field": "credit_code",
            "message": f"统一社会信用代码 {codes[0]} 对应的企业尚未登记，或不在本辖区内",
        }
    ]
    assert YearlyFigures.objects.count() == 0


def test_a_district_officer_cannot_tell_another_districts_credit_code_from_an_unknown_one(
    xlsx, codes, district_yuci
):
    EnterpriseFactory(credit_code=codes[0], district=district("140703"))
    path = xlsx(FIGURES_HEADERS[:3], [[codes[0], 2023, 10], [codes[1], 2023, 10]])

    errors = run("yearly_figures", path, user=district_yuci).errors

    assert [error["message"].replace(code, "CODE") for error, code in zip(errors, codes, strict=False)] == [
        "统一社会信用代码 CODE 对应的企业尚未登记，或不在本辖区内",
        "统一社会信用代码 CODE 对应的企业尚未登记，或不在本辖区内",
    ]


def test_a_certificate_gets_its_kinds_default_expiry(xlsx, codes, city):
    firm = EnterpriseFactory(credit_code=codes[0])
    path = xlsx(
        ["统一社会信用代码", "类别", "发证/生效日期", "证书/登记编号"],
        [[codes[0], "高新技术企业证书", "2023-11-01", "GR202314000123"]],
    )

    result = run("certificate", path, user=city)

    assert result.errors == []
    certificate = Certificate.objects.get(enterprise=firm)
    assert (certificate.kind, certificate.expires_on, certificate.number) == (
        "hnte",
        date(2026, 11, 1),
        "GR202314000123",
    )


def test_parks_teams_and_tenancies_import_in_turn(xlsx, codes, city, listener):
    firm = EnterpriseFactory(credit_code=codes[0])
    assert run(
        "park",
        xlsx(["名称", "所在县区", "级别"], [["晋创谷·晋中", "榆次区", "省级"]], name="p.xlsx"),
        user=city,
    ).stored
    park = Park.objects.get()
    Zone.objects.create(park=park, name="孵化区", tier="incubation")
    assert run(
        "team",
        xlsx(["团队/项目名称", "所在县区", "负责人"], [["智能农机团队", "太谷县", "李四"]], name="t.xlsx"),
        user=city,
    ).stored
    team = Team.objects.get()
    assert team.district.code == "140703"
    path = xlsx(
        ["孵化载体", "片区", "入驻企业统一社会信用代码", "入驻团队", "状态", "入驻日期"],
        [
            ["晋创谷·晋中", "孵化区", codes[0], "", "已入驻", "2024-03-01"],
            ["晋创谷·晋中", "", "", "智能农机团队", "在谈", ""],
        ],
        name="tenancy.xlsx",
    )

    result = run("tenancy", path, user=city)

    assert result.as_json() == {"rows": 2, "stored": True, "errors": []}
    assert sorted(
        Tenancy.objects.values_list("enterprise_id", "team_id", "status", "entered_on", "zone__name"), key=str
    ) == sorted(
        [(firm.pk, None, "resident", date(2024, 3, 1), "孵化区"), (None, team.pk, "negotiating", None, None)],
        key=str,
    )
    assert listener[-1] == ([firm.pk], [team.pk])
    assert run("tenancy", path, user=city).unchanged == 2


def test_a_tenancy_naming_both_an_enterprise_and_a_team_is_refused(xlsx, codes, city):
    EnterpriseFactory(credit_code=codes[0])
    park = Park.objects.create(name="晋创谷·晋中", district=district())
    Team.objects.create(name="团队甲", district=district())
    path = xlsx(
        ["park", "credit_code", "team", "entered_on"], [[park.name, codes[0], "团队甲", "2024-01-01"]]
    )

    assert run("tenancy", path, user=city).errors == [
        {"row": 2, "field": "", "message": "入驻主体须为企业或团队之一"}
    ]


def test_an_export_imports_back_cleanly_through_the_same_type(tmp_path, codes, city):
    for index, code in enumerate(codes[:3]):
        firm = EnterpriseFactory(credit_code=code, industry=None, address=f"地址{index}")
        YearlyFiguresFactory(enterprise=firm, year=2023)
    for name in ("enterprise", "yearly_figures"):
        path = tmp_path / f"{name}.xlsx"
        record_type = RECORD_TYPES[name]
        written = export_write(record_type, record_type.export_queryset(city, {}), path)

        result = run(name, path, user=city)

        assert (written, result.errors, result.stored, result.unchanged) == (3, [], True, 3)


def test_the_template_has_chinese_headers_hints_and_an_explanation_sheet(tmp_path):
    path = tmp_path / "template.xlsx"
    template_write(RECORD_TYPES["yearly_figures"], path)

    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["统一社会信用代码", "年度", "职工总数", "科技人员数"]
    assert sheet["A1"].comment.text.startswith("必填；企业（统一社会信用代码）；")
    assert workbook.sheetnames == ["年度数据", "说明"]
    notes = [row[0].value for row in workbook["说明"].iter_rows()]
    assert "统一社会信用代码" in notes and "Ⅰ类知识产权数" in notes


def test_a_template_without_rows_is_refused_as_empty(tmp_path, city):
    path = tmp_path / "template.xlsx"
    template_write(RECORD_TYPES["enterprise"], path)

    assert run("enterprise", path, user=city).as_json() == {
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


def test_a_background_job_reports_progress_and_runs_once(tmp_path, xlsx, codes, city):
    for code in codes[:3]:
        EnterpriseFactory(credit_code=code)
    path = xlsx(FIGURES_HEADERS[:3], [[code, year, 10] for code in codes[:3] for year in (2022, 2023)])
    with path.open("rb") as handle:
        from django.core.files import File

        job = services.import_job_create(
            record_type=RECORD_TYPES["yearly_figures"], upload=File(handle, name="figures.xlsx"), user=city
        )
    assert (job.status, job.rows, job.processed_rows, job.percent) == (JobStatus.QUEUED, 6, 0, 0)

    assert run_import_job.call(job_id=job.pk) == "stored"

    job.refresh_from_db()
    assert (job.status, job.stored, job.rows, job.processed_rows, job.created_rows, job.percent, job.errors) == (
        JobStatus.STORED, True, 6, 6, 6, 100, [],
    )  # fmt: skip
    assert YearlyFigures.history.count() == 6
    assert run_import_job.call(job_id=job.pk) == "stored"
    assert YearlyFigures.history.count() == 6


def test_a_refused_background_job_keeps_its_errors(xlsx, codes, city):
    path = xlsx(FIGURES_HEADERS[:3], [[codes[0], 2023, 10]])
    with path.open("rb") as handle:
        from django.core.files import File

        job = services.import_job_create(
            record_type=RECORD_TYPES["yearly_figures"], upload=File(handle, name="f.xlsx"), user=city
        )

    run_import_job.call(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.stored) == (JobStatus.REFUSED, False)
    assert job.errors == [
        {"row": 2, "field": "credit_code", "message": f"统一社会信用代码 {codes[0]} 对应的企业尚未登记"}
    ]
    assert ImportJob.objects.count() == 1


def test_a_template_filled_in_english_imports_in_a_chinese_session(xlsx, city):
    from django.utils import translation

    kind = RECORD_TYPES["certificate"]
    with translation.override("en"):
        headers = [str(kind.column(name).label) for name in ("credit_code", "kind", "issued_on")]
        kind_label = str(dict(kind.column("kind").choices)["hnte"])
    assert (headers[0], kind_label) == ("Unified social credit code", "High-tech enterprise certificate")
    firm = EnterpriseFactory()
    path = xlsx(headers, [[firm.credit_code, kind_label, "2024-11-20"]])
    with translation.override("zh-hans"):
        result = run("certificate", path, user=city)
    assert (result.errors, result.stored) == ([], True)
    assert list(firm.certificates.values_list("kind", "issued_on")) == [("hnte", date(2024, 11, 20))]
