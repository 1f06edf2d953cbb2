"""Real .xlsx files written with openpyxl, for the import tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from rainforest.enterprises.tests.factories import credit_code_for


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    """xlsx(headers, rows, name="file.xlsx") -> the path of a real spreadsheet."""

    def make(headers: Sequence[str], rows: Sequence[Sequence[Any]], name: str = "file.xlsx") -> Path:
        return write_xlsx(tmp_path / name, headers, rows)

    return make


@pytest.fixture
def codes() -> list[str]:
    """Valid credit codes of 榆次区 (140702), distinct from the factories' sequence."""
    return [credit_code_for(n) for n in range(1, 11)]
