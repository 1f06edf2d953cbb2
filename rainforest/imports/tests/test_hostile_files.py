"""Hostile and mistaken files are refused before they are read, with a clear message and bounded memory:
a far cell (XFD1048576, Z1000000), a lying or huge declared dimension, a zip bomb, a renamed text file,
an old .xls, a file over the size limit. Every hostile file is built here, by editing a real .xlsx."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from rainforest.enterprises.models import Enterprise
from rainforest.imports import services
from rainforest.imports.inspection import FileRefused, Limits, inspect_xlsx
from rainforest.imports.models import ImportJob
from rainforest.imports.registry import RECORD_TYPES
from rainforest.imports.tests.conftest import write_xlsx

ROOT = Path(__file__).resolve().parents[3]
HEADERS = ["统一社会信用代码", "企业名称", "所在县区", "成立日期"]
LIMITS = Limits(max_bytes=20_000_000, max_unpacked_bytes=400_000_000, max_rows=200_000, max_columns=50)
FAR = (
    "表格范围过大：第一个工作表用到了第 1048576 行、第 16384 列（XFD1048576），而每个文件最多 200000 行数据"
    "（由设置 IMPORT_MAX_ROWS 规定）、50 列（由设置 IMPORT_MAX_COLUMNS 规定）。请删除多余的行列"
    "（包括远处的空白格式单元格），或拆分为多个文件"
)
NOT_XLSX = "不是 Excel .xlsx 文件（文件内容不是 .xlsx 格式，可能只是改了扩展名）：请在 Excel 中“另存为” .xlsx 后再上传"


def edited(source: Path, target: Path, edit) -> Path:
    """A copy of the .xlsx `source` whose first sheet's XML is `edit(xml)`."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode()).encode()
            out.writestr(info, data)
    return target


def with_far_cell(reference: str, dimension: str = "A1:D2"):
    row = int(reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))

    def edit(xml: str) -> str:
        far = f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        xml = xml.replace("</sheetData>", far)
        start = xml.index('<dimension ref="')
        end = xml.index('"', start + len('<dimension ref="'))
        return xml[:start] + f'<dimension ref="{dimension}' + xml[end:]

    return edit


@pytest.fixture
def good(tmp_path, codes) -> Path:
    return write_xlsx(
        tmp_path / "good.xlsx", HEADERS, [[codes[0], "晋中测试有限公司", "榆次区", "2015-03-01"]]
    )


def refusal(path: Path, limits: Limits = LIMITS) -> str:
    with pytest.raises(FileRefused) as refused:
        inspect_xlsx(path, limits)
    return str(refused.value)


def test_a_cell_at_xfd1048576_behind_a_small_declared_dimension_is_refused_with_bounded_memory(
    good, tmp_path, city
):
    bomb = edited(good, tmp_path / "bomb.xlsx", with_far_cell("XFD1048576"))
    assert bomb.stat().st_size < 10_000

    tracemalloc.start()
    try:
        result = services.import_file(record_type=RECORD_TYPES["enterprise"], path=bomb, user=city)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert result.as_json() == {
        "rows": 0,
        "stored": False,
        "errors": [{"row": 0, "field": "", "message": FAR}],
    }
    assert peak < 20_000_000
    assert Enterprise.objects.count() == 0


def test_the_far_cells_and_declared_dimensions_are_refused_and_a_wide_normal_file_is_not(good, tmp_path):
    z = edited(good, tmp_path / "z.xlsx", with_far_cell("Z1000000"))
    assert "第 1000000 行、第 26 列（Z1000000）" in refusal(z)
    wide = edited(good, tmp_path / "wide.xlsx", with_far_cell("AY3"))  # column 51
    assert "第 3 行、第 51 列（AY3）" in refusal(wide)
    declared = edited(good, tmp_path / "declared.xlsx", with_far_cell("D3", dimension="A1:XFD1048576"))
    assert "第 1048576 行、第 16384 列（XFD1048576）" in refusal(declared)
    at_the_limits = edited(good, tmp_path / "limits.xlsx", with_far_cell("AX200001", dimension="A1:AX200001"))
    assert inspect_xlsx(at_the_limits, LIMITS).rows == 3


def test_the_import_command_refuses_a_far_cell_in_a_process_limited_to_one_gigabyte(good, tmp_path):
    """The reader's grid would need hundreds of GiB: the process, capped at 1 GiB of address space,
    answers with the message instead of dying."""
    bomb = edited(good, tmp_path / "bomb.xlsx", with_far_cell("XFD1048576"))

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "RAINFOREST_VAR_DIR": str(tmp_path / "var"),
    }
    finished = subprocess.run(
        [sys.executable, "manage.py", "import", "enterprise", str(bomb), "--json"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        preexec_fn=cap,
        check=False,
    )

    assert (finished.returncode, json.loads(finished.stdout)) == (
        1,
        {"rows": 0, "stored": False, "errors": [{"row": 0, "field": "", "message": FAR}]},
    )


def test_a_zip_bomb_is_refused(good, tmp_path):
    padding = " " * 30_000_000
    bomb = edited(
        good, tmp_path / "bomb.xlsx", lambda xml: xml.replace("<sheetData>", "<sheetData>" + padding)
    )
    assert bomb.stat().st_size < 200_000

    message = refusal(bomb, Limits(20_000_000, 10_000_000, 200_000, 50))

    assert message == "文件解压后过大（超过 10 MB，由设置 IMPORT_MAX_UNPACKED_BYTES 规定），不予读取"


def test_a_text_file_renamed_xlsx_an_old_xls_and_a_damaged_zip_get_clear_messages(tmp_path, city):
    text = tmp_path / "names.xlsx"
    text.write_text("统一社会信用代码,企业名称\n", encoding="utf-8")
    xls = tmp_path / "old.xlsx"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")

    messages = [
        services.import_file(record_type=RECORD_TYPES["enterprise"], path=path, user=city).errors
        for path in (text, xls, damaged, docx)
    ]

    assert messages == [
        [{"row": 0, "field": "", "message": NOT_XLSX}],
        [
            {
                "row": 0,
                "field": "",
                "message": "这是旧版 Excel 97-2003（.xls）文件：请在 Excel 中“另存为” .xlsx 格式后再上传",
            }
        ],
        [
            {
                "row": 0,
                "field": "",
                "message": "文件已损坏，无法作为 .xlsx 打开：请在 Excel 中重新保存后再上传",
            }
        ],
        [{"row": 0, "field": "", "message": NOT_XLSX}],
    ]


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(good):
    message = refusal(good, Limits(max_bytes=1_000, max_unpacked_bytes=10**9, max_rows=10, max_columns=10))

    size = round(good.stat().st_size / 1000)
    assert message == f"文件过大（{size} KB），上传的文件不能超过 1 KB（由设置 IMPORT_MAX_BYTES 规定）"


def test_the_upload_form_refuses_a_renamed_text_file_and_stores_no_job(client, city, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    text = tmp_path / "names.xlsx"
    text.write_text("not a spreadsheet", encoding="utf-8")
    client.force_login(city)

    with text.open("rb") as handle:
        response = client.post(reverse("imports:upload"), {"record_type": "enterprise", "file": handle})

    assert response.status_code == 200
    assert NOT_XLSX in response.content.decode()
    assert ImportJob.objects.count() == 0
    assert not (tmp_path / "media").exists()


def test_the_upload_form_refuses_a_file_over_the_size_limit(client, city, good, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RAINFOREST = {**settings.RAINFOREST, "IMPORT_MAX_BYTES": 1_000}
    client.force_login(city)

    with good.open("rb") as handle:
        response = client.post(reverse("imports:upload"), {"record_type": "enterprise", "file": handle})

    assert "上传的文件不能超过 1 KB（由设置 IMPORT_MAX_BYTES 规定）" in response.content.decode()
    assert ImportJob.objects.count() == 0
