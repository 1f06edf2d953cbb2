"""Money units: a money column's header says whether its numbers are 元, 万元 or 亿元, and the import converts
them exactly to the 元 amounts are stored in. Templates and exports are in 万元 and say so in the header and
its comment; files with the old 元 headers (or field names) still import."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from rainforest.enterprises.models import YearlyFigures
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.imports import services
from rainforest.imports.registry import RECORD_TYPES
from rainforest.imports.writer import export_write, template_write

FIGURES = RECORD_TYPES["yearly_figures"]


def run(path, user):
    return services.import_file(record_type=FIGURES, path=path, user=user)


def stored(code: str) -> tuple[Decimal, Decimal, Decimal]:
    figures = YearlyFigures.objects.get(enterprise__credit_code=code, year=2023)
    return figures.operating_revenue, figures.rd_expense, figures.total_assets


def test_a_header_in_wan_yuan_is_converted_exactly_to_yuan(xlsx, codes, city):
    EnterpriseFactory(credit_code=codes[0])
    path = xlsx(
        ["统一社会信用代码", "年度", "营业收入（万元）", "研发费用(万元)", "资产总额（亿元）"],
        [[codes[0], 2023, 1234.5678, "0.01", 1.5]],
    )

    result = run(path, city)

    assert (result.errors, result.stored) == ([], True)
    assert stored(codes[0]) == (Decimal("12345678.00"), Decimal("100.00"), Decimal("150000000.00"))


def test_old_yuan_headers_and_field_names_still_import_in_yuan_and_a_cells_own_unit_wins(xlsx, codes, city):
    EnterpriseFactory(credit_code=codes[0])
    EnterpriseFactory(credit_code=codes[1])
    old = xlsx(
        ["统一社会信用代码", "年度", "营业收入（元）", "研发费用（元）"], [[codes[0], 2023, 1234.5, "3万元"]]
    )
    names = xlsx(["credit_code", "year", "operating_revenue"], [[codes[1], 2023, 99]], name="names.xlsx")

    assert [run(path, city).errors for path in (old, names)] == [[], []]
    assert stored(codes[0])[:2] == (Decimal("1234.50"), Decimal("30000.00"))
    assert stored(codes[1])[0] == Decimal("99.00")


def test_the_template_is_in_wan_yuan_and_says_so_in_the_header_and_its_comment(tmp_path):
    path = tmp_path / "template.xlsx"
    template_write(FIGURES, path)

    sheet = load_workbook(path).worksheets[0]
    headers = {cell.value: cell for cell in sheet[1]}
    assert "营业收入（万元）" in headers and "营业收入（元）" not in headers
    assert (
        "单位：万元（表头写“（元）”则按元填写，写“（亿元）”则按亿元）"
        in headers["营业收入（万元）"].comment.text
    )


def test_an_export_in_wan_yuan_imports_back_to_the_same_cents(tmp_path, codes, city):
    firm = EnterpriseFactory(credit_code=codes[0])
    YearlyFigures.objects.create(
        enterprise=firm,
        year=2023,
        operating_revenue=Decimal("123456789012.34"),
        rd_expense=Decimal("0.01"),
        total_assets=Decimal("7"),
    )
    path = tmp_path / "export.xlsx"
    export_write(FIGURES, FIGURES.export_queryset(city, {}), path)
    sheet = load_workbook(path).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert sheet[2][header.index("营业收入（万元）")].value == 12345678.901234

    result = run(path, city)

    assert (result.errors, result.stored, result.unchanged) == ([], True, 1)
    assert stored(codes[0]) == (Decimal("123456789012.34"), Decimal("0.01"), Decimal("7.00"))
