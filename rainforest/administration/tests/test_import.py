"""Excel import of organisations and user accounts through the import framework, with real .xlsx files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from rainforest.core.choices import OrganisationKind, Role
from rainforest.core.models import Organisation, User
from rainforest.imports import services
from rainforest.imports.registry import RECORD_TYPES

pytestmark = pytest.mark.django_db

ORGANISATION_HEADERS = ["code", "name", "kind", "parent", "region", "zone", "credit_code", "status"]
USER_HEADERS = [
    "username",
    "display_name",
    "role",
    "organisation",
    "email",
    "phone",
    "data_scope",
    "is_active",
]


def write(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def bureau(organisations):
    city = organisations["city"]
    city.code = "jz-kjj"
    city.save()
    return city


def test_a_good_organisation_file_is_stored_with_its_parents(tmp_path, admin, bureau):
    path = write(
        tmp_path / "orgs.xlsx",
        ORGANISATION_HEADERS,
        [
            ["jz-taigu", "太谷区科技局", "县区/园区科技部门", "jz-kjj", "140703", None, None, None],
            ["jz-nonggao", "农高区管委会", "园区管委会", "jz-kjj", "140703", "农高区", None, "正常"],
            ["sxau", "山西农业大学（太谷）", "高校院所", None, "140703", None, None, None],
        ],
    )
    result = services.import_file(record_type=RECORD_TYPES["organisation"], path=path, user=admin)
    assert (result.stored, result.errors, result.created) == (True, [], 3)
    taigu = Organisation.objects.get(code="jz-taigu")
    assert (taigu.parent, taigu.kind, taigu.region.code) == (
        bureau,
        OrganisationKind.DISTRICT_BUREAU,
        "140703",
    )
    park = Organisation.objects.get(code="jz-nonggao")
    assert (park.zone.short_name, park.kind) == ("农高区", OrganisationKind.PARK)
    assert list(taigu.history.values_list("history_type", "history_user__username")) == [("+", "admin")]


def test_a_bad_organisation_file_names_each_row_and_stores_nothing(tmp_path, admin, bureau):
    before = Organisation.objects.count()
    path = write(
        tmp_path / "orgs.xlsx",
        ORGANISATION_HEADERS,
        [
            ["jz-taigu", "太谷区科技局", "县区/园区科技部门", "jz-nowhere", "140703", None, None, None],
            ["jz-x", "某局", "部委", None, None, None, None, None],
            ["jz-y", "某县局", "县区/园区科技部门", None, "999999", None, None, None],
            ["jz-z", "榆次区科技局", "县区/园区科技部门", None, "140702", None, None, None],
        ],
    )
    result = services.import_file(record_type=RECORD_TYPES["organisation"], path=path, user=admin)
    assert result.stored is False
    assert [(e["row"], e["field"]) for e in result.errors] == [
        (2, "parent"),
        (3, "kind"),
        (4, "region"),
        (5, "name"),
    ]
    assert result.errors[0]["message"] == "上级机构编码：没有编码为 jz-nowhere 的机构"
    assert Organisation.objects.count() == before


def test_a_good_user_file_creates_accounts_without_a_usable_password(tmp_path, admin, bureau, organisations):
    organisations["yuci"].code = "jz-yuci"
    organisations["yuci"].save()
    path = write(
        tmp_path / "users.xlsx",
        USER_HEADERS,
        [
            ["officer-a", "王芳", "县区工作人员", "jz-yuci", "a@example.cn", "13900000011", None, "是"],
            ["officer-b", "李雷", "city_officer", "jz-kjj", None, None, "全市", None],
        ],
    )
    result = services.import_file(record_type=RECORD_TYPES["user"], path=path, user=admin)
    assert (result.stored, result.errors, result.created) == (True, [], 2)
    a = User.objects.get(username="officer-a")
    assert (a.role, a.organisation.code, a.phone, a.is_active) == (
        Role.DISTRICT_OFFICER,
        "jz-yuci",
        "13900000011",
        True,
    )
    assert a.has_usable_password() is False
    assert list(a.history.values_list("history_type", "history_user__username")) == [("+", "admin")]  # type: ignore[attr-defined]


def test_a_bad_user_file_names_each_field_and_stores_nothing(tmp_path, admin, city, bureau, organisations):
    organisations["yuci"].code = "jz-yuci"
    organisations["yuci"].save()
    city.phone = "13900000001"
    city.save()
    before = User.objects.count()
    path = write(
        tmp_path / "users.xlsx",
        USER_HEADERS,
        [
            ["officer-a", None, "市长", "jz-yuci", None, None, None, None],
            ["officer-b", None, "县区工作人员", "jz-nowhere", None, None, None, None],
            ["officer-c", None, "县区工作人员", "jz-yuci", None, "13900000001", None, None],
            ["officer-d", None, "县区工作人员", "jz-yuci", None, None, "全市", None],
            ["CITY", None, "市局工作人员", "jz-kjj", None, None, None, None],
        ],
    )
    result = services.import_file(record_type=RECORD_TYPES["user"], path=path, user=admin)
    assert result.stored is False
    assert [(e["row"], e["field"]) for e in result.errors] == [
        (2, "role"),
        (3, "organisation"),
        (4, "phone"),
        (5, "data_scope"),
        (6, "username"),
    ]
    assert result.errors[2]["message"] == "手机：13900000001 已被用户 city 使用"
    assert result.errors[3]["message"] == "数据范围：全市超出所属机构“榆次区科技局”的辖区"
    assert User.objects.count() == before


def test_only_the_administrator_imports_accounts(tmp_path, city, bureau):
    path = write(
        tmp_path / "users.xlsx", USER_HEADERS, [["x", None, "企业用户", None, None, None, None, None]]
    )
    with pytest.raises(PermissionDenied):
        services.import_file(record_type=RECORD_TYPES["user"], path=path, user=city)
    assert not User.objects.filter(username="x").exists()
