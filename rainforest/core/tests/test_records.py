"""Every declared record type (rainforest.core.records), walked for every role of the named cast: the list,
detail, create, edit and delete pages, the Excel export and template and the API answer exactly as the
policy module says, and the rows each role reaches are the ones its scope gives (independently of the
policy: a record follows its enterprise). A record type without a scope rule, an Excel template or an
English translation fails here.

A new record type adds one line to SAMPLES: form values for a record on a given enterprise."""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import django_filters
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.core import policy, records
from rainforest.core.policy import Action, may
from rainforest.core.records import services
from rainforest.core.records.forms import RecordForm
from rainforest.enterprises.models import Assignment, Enterprise, YearlyFigures

CAST = ("city", "district_yuci", "butler", "owner", "university", "bank", "admin", "outsider")
# Which of the two firms (榆次区's own_firm, 太谷区's firm) each role reaches: the butler serves own_firm.
REACHES = {
    "city": {"yuci", "taigu"},
    "admin": {"yuci", "taigu"},
    "district_yuci": {"yuci"},
    "butler": {"yuci"},
    "owner": {"yuci"},
    "university": set(),
    "bank": set(),
    "outsider": set(),
}

# Form values of one record of each declared type on `enterprise`; `n` tells two records apart.
SAMPLES: dict[str, Callable[[Enterprise, int], dict[str, str]]] = {
    "intellectual_property": lambda enterprise, n: {
        "enterprise": enterprise.credit_code,
        "kind": "invention",
        "number": f"ZL2023100{n:05d}.1",
        "title": f"一种测试装置 {n}",
        "granted_on": "2024-03-01",
    },
}

RECORDS = [record.name for record in records.registered()]


def _english() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location(
        "translations_en", Path(settings.LOCALE_PATHS[0]) / "translations_en.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.EN


def _create(record: records.Record, user: Any, enterprise: Enterprise, n: int) -> Any:
    form = record.form(SAMPLES[record.name](enterprise, n), record=record, user=user)  # type: ignore[call-arg]
    assert form.is_valid(), form.errors
    return services.record_create(record=record, instance=form.save(commit=False), user=user)


@pytest.fixture
def world(two_districts, admin, butler):
    Assignment.objects.create(enterprise=two_districts["yuci"], butler=butler)
    return two_districts


def test_the_walk_covers_every_declared_record_type():
    assert RECORDS, "no record type is registered"
    assert sorted(SAMPLES) == sorted(RECORDS), "add form values of the new record type to SAMPLES"


@pytest.mark.parametrize("name", RECORDS)
def test_each_record_type_has_a_scope_rule_grants_and_an_excel_template(name):
    from rainforest.imports.registry import RECORD_TYPES

    record = records.get(name)
    label = record.model._meta.label_lower
    assert label in policy.SCOPE_RULES
    assert label in policy.TABLE
    assert name in RECORD_TYPES
    assert [c.name for c in RECORD_TYPES[name].columns] == [c.name for c in record.import_columns]


@pytest.mark.parametrize("name", RECORDS)
def test_each_record_type_is_translated_into_english(name):
    record = records.get(name)
    english = _english()
    strings = {str(record.model._meta.verbose_name), str(record.model._meta.verbose_name_plural)}
    strings |= {str(f.verbose_name) for f in record.model._meta.concrete_fields if f.name != "id"}
    strings |= {str(column.label) for column in record.import_columns}
    strings |= {str(column.hint) for column in record.import_columns if column.hint}
    strings |= {str(f.label) for f in record.filterset.base_filters.values() if f.label}
    strings |= {str(f.label) for f in record.form.base_fields.values() if f.label}
    strings |= {str(label) for field in record.model._meta.concrete_fields for _v, label in field.flatchoices}
    if record.description:
        strings.add(str(record.description))
    assert sorted(s for s in strings if s and s not in english and not s.isascii()) == []


def _numbers(content: bytes) -> set[str]:
    text = content.decode()
    return {n for n in ("yuci", "taigu") if f"ZL2023100{0 if n == 'yuci' else 1:05d}.1" in text}


@pytest.mark.django_db
@pytest.mark.parametrize("name", RECORDS)
@pytest.mark.parametrize("role", CAST)
def test_every_page_and_operation_answers_as_the_policy_says(name, role, request, client, world, admin):
    record = records.get(name)
    user = request.getfixturevalue(role)
    stored = {
        "yuci": _create(record, admin, world["yuci"], 0),
        "taigu": _create(record, admin, world["taigu"], 1),
    }
    model = record.model
    client.force_login(user)

    # The rows the role reaches are those of its scope (a record follows its enterprise).
    reached = {key for key, obj in stored.items() if may(user, Action.VIEW, obj)}
    assert reached == REACHES[role]

    # List page: refused without the grant, else exactly the reachable rows, with the total.
    response = client.get(reverse(record.url_name("list")))
    if not may(user, Action.VIEW, model):
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert _numbers(response.content) == reached

    # Detail pages: a row out of reach is a 404, as if it did not exist.
    for key, obj in stored.items():
        response = client.get(reverse(record.url_name("detail"), args=[obj.pk]))
        expected = 200 if key in reached else 404 if may(user, Action.VIEW, model) else 403
        assert response.status_code == expected, (key, response.status_code)

    # Create: only a role holding ADD, and only on an enterprise in its reach.
    before = model._default_manager.count()
    response = client.post(reverse(record.url_name("create")), SAMPLES[name](world["yuci"], 7))
    may_add = may(user, Action.ADD, model._default_manager.model(enterprise=world["yuci"]))
    if may_add:
        assert response.status_code == 302
        assert model._default_manager.count() == before + 1
    else:
        assert response.status_code in (200, 403)
        assert model._default_manager.count() == before
    response = client.post(reverse(record.url_name("create")), SAMPLES[name](world["taigu"], 8))
    if may(user, Action.ADD, model._default_manager.model(enterprise=world["taigu"])):
        assert response.status_code == 302
    else:
        assert not model._default_manager.filter(
            **{"pk__gt": stored["taigu"].pk + (1 if may_add else 0)}
        ).exists()

    # Edit and delete: only rows the role may change or delete.
    for key, obj in stored.items():
        values = {**SAMPLES[name](obj.enterprise, 0 if key == "yuci" else 1), "title": "改过的名称"}
        response = client.post(reverse(record.url_name("edit"), args=[obj.pk]), values)
        changed = model._default_manager.get(pk=obj.pk).title == "改过的名称"
        assert changed == may(user, Action.CHANGE, obj), (key, response.status_code)
    for key, obj in stored.items():
        allowed = may(user, Action.DELETE, obj)
        client.post(reverse(record.url_name("delete"), args=[obj.pk]))
        assert model._default_manager.filter(pk=obj.pk).exists() is not allowed, key


@pytest.mark.django_db
@pytest.mark.parametrize("name", RECORDS)
@pytest.mark.parametrize("role", CAST)
def test_excel_and_api_answer_as_the_policy_says(name, role, request, client, world, admin):
    record = records.get(name)
    user = request.getfixturevalue(role)
    stored = {
        "yuci": _create(record, admin, world["yuci"], 0),
        "taigu": _create(record, admin, world["taigu"], 1),
    }
    client.force_login(user)

    # Export: the rows the role may export, read back from a real .xlsx.
    response = client.get(reverse("imports:export", args=[name]))
    if response.status_code == 200:
        sheet = load_workbook(io.BytesIO(response.content)).active
        position = [column.name for column in record.import_columns].index("number")
        exported = {row[position] for row in sheet.iter_rows(min_row=2, values_only=True)}
        numbers = {key for key, obj in stored.items() if obj.number in exported}
        assert numbers == {key for key, obj in stored.items() if may(user, Action.EXPORT, obj)}
    else:
        assert response.status_code == 403
        assert not may(user, Action.EXPORT, record.model)

    # Template: the Chinese headers of the declared columns.
    response = client.get(reverse("imports:template", args=[name]))
    assert response.status_code == 200
    headers = [
        cell.value for cell in next(load_workbook(io.BytesIO(response.content)).active.iter_rows(max_row=1))
    ]
    assert headers == [str(column.label) for column in record.import_columns]

    # API: list with the total, detail, create.
    base = f"/api/v1/records/{record.slug}"
    response = client.get(base)
    reached = {key for key, obj in stored.items() if may(user, Action.VIEW, obj)}
    if may(user, Action.VIEW, record.model):
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == len(reached)
        assert {r["number"] for r in body["results"]} == {stored[key].number for key in reached}
    else:
        assert response.status_code == 403
    for key, obj in stored.items():
        response = client.get(f"{base}/{obj.pk}")
        expected = 200 if key in reached else 404 if may(user, Action.VIEW, record.model) else 403
        assert response.status_code == expected, key
    before = record.model._default_manager.count()
    response = client.post(base, SAMPLES[name](world["yuci"], 9), content_type="application/json")
    if may(user, Action.ADD, record.model._default_manager.model(enterprise=world["yuci"])):
        assert response.status_code == 201
        assert response.json()["enterprise"] == world["yuci"].credit_code
    else:
        assert response.status_code in (403, 422)
        assert record.model._default_manager.count() == before


# --- the form base: money in its unit, every error at once ---------------------------------------------


class FiguresForm(RecordForm):
    class Meta:
        model = YearlyFigures
        fields = ("enterprise", "year", "sales_revenue", "employees")


FIGURES = records.Record(
    name="figures_in_wan",
    model=YearlyFigures,
    filterset=django_filters.FilterSet,
    form=FiguresForm,
    columns=("year",),
    parent="enterprise",
    parent_key="credit_code",
    money_units={"sales_revenue": "万元"},
)


@pytest.mark.django_db
def test_money_is_entered_in_its_unit_shown_beside_the_field_and_stored_in_yuan(city, own_firm):
    values = {"enterprise": own_firm.credit_code, "year": "2024", "sales_revenue": "1234.5", "employees": ""}
    form = FiguresForm(values, record=FIGURES, user=city)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["sales_revenue"] == Decimal("12345000")
    html = render_to_string("web/_fields.html", {"form": form})
    assert '<span class="field__unit">万元</span>' in html
    edit = FiguresForm(
        instance=YearlyFigures(enterprise=own_firm, year=2024, sales_revenue=Decimal("12345000")),
        record=FIGURES,
        user=city,
    )
    assert 'value="1234.5"' in render_to_string("web/_fields.html", {"form": edit})


@pytest.mark.django_db
def test_the_form_names_every_error_with_its_field_at_once(district_yuci, two_districts):
    form = FiguresForm(
        {"enterprise": two_districts["taigu"].credit_code, "year": "", "sales_revenue": "abc"},
        record=FIGURES,
        user=district_yuci,
    )
    assert not form.is_valid()
    assert form.error_summary() == [
        ("企业", f"{two_districts['taigu'].credit_code} 不存在或不在您的数据范围内"),
        ("年度", "这个字段是必填项。"),
        ("销售收入（元）", "输入一个数字。"),
    ]


@pytest.mark.django_db
def test_the_enterprise_page_shows_its_intellectual_property_with_a_link_to_add_one(
    client, district_yuci, own_firm, admin
):
    record = records.get("intellectual_property")
    stored = _create(record, admin, own_firm, 3)
    client.force_login(district_yuci)
    html = client.get(reverse("enterprises:detail", args=[own_firm.credit_code])).content.decode()
    assert (
        f'<td><a href="{reverse(record.url_name("detail"), args=[stored.pk])}">{stored.number}</a></td>'
        in html
    )
    add_url = reverse(record.url_name("create")) + f"?enterprise={own_firm.credit_code}"
    assert f'href="{add_url}"' in html
    form = client.get(add_url).content.decode()
    assert f'value="{own_firm.credit_code}"' in form


@pytest.mark.django_db
def test_the_api_names_every_bad_field_in_its_one_error_shape_and_stores_nothing(
    client, district_yuci, two_districts
):
    client.force_login(district_yuci)
    body = {
        "enterprise": two_districts["taigu"].credit_code,
        "kind": "patent",
        "number": "",
        "title": "装置",
        "granted_on": "2024-03-01",
    }
    response = client.post("/api/v1/records/intellectual-property", body, content_type="application/json")
    assert response.status_code == 422
    assert sorted((tuple(e["loc"]), e["msg"]) for e in response.json()["detail"]) == [
        (("body", "enterprise"), f"{two_districts['taigu'].credit_code} 不存在或不在您的数据范围内"),
        (("body", "kind"), "选择一个有效的选项。 patent 不在可用的选项中。"),
        (("body", "number"), "这个字段是必填项。"),
    ]
    assert records.get("intellectual_property").model._default_manager.count() == 0
