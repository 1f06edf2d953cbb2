"""Every declared record type (rainforest.core.records), walked for every role of the named cast: the list,
detail, create, edit and delete pages, the Excel export and template and the API answer exactly as the
policy module says, and the rows each role reaches are the ones its scope gives (independently of the
policy: a record follows its enterprise). A record type without a scope rule, an Excel template or an
English translation fails here.

A new record type adds one line to SAMPLES: form values for a record on a given enterprise. An app keeps
its own in `rainforest/<app>/tests/matrix.py` (`SAMPLES`, merged here); a record type that hangs off
something other than an enterprise (a university's achievement) gives a `Sample` naming its two parents
(one in 榆次区's reach, one outside it), the field that tells its rows apart and the roles that reach each."""

from __future__ import annotations

import importlib
import importlib.util
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import django_filters
import pytest
from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.core import policy, records
from rainforest.core.policy import Action, may
from rainforest.core.records import services
from rainforest.core.records.forms import RecordForm
from rainforest.core.tests.cast import CAST
from rainforest.enterprises.models import Assignment, Enterprise, YearlyFigures

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
    # an expert reaches applications of the panels they sit on (the reviews' walk says so), no firm record;
    # the security and audit administrators (三员分立) no business record at all
    "expert": set(),
    "security_admin": set(),
    "audit_admin": set(),
}


@dataclass(frozen=True)
class Sample:
    """How the walk makes records of one type.

    - `values(parent, n)`: form values of record `n` on `parent` (the parent given by its key); `n` tells
      the records apart and must show in the `marker` field's value.
    - `parents(request)`: the two parents, {"yuci": …, "taigu": …}, made with the test's fixtures
      (`request.getfixturevalue`); by default 榆次区's own_firm and a firm of 太谷区. None for a record type
      without a parent.
    - `marker`: a model field, import column and API field whose value tells the two records apart.
    - `edit`: a text field the walk changes.
    - `reaches`: which of the two records each role of the cast reaches (default `REACHES`, the firms').
    """

    values: Callable[[Any, int], dict[str, Any]]
    parents: Callable[[Any], dict[str, Any]] | None = None
    marker: str = "number"
    edit: str = "title"
    reaches: dict[str, set[str]] | None = None


# Form values of one record of each declared type on `enterprise`; `n` tells two records apart.
SAMPLES: dict[str, Sample | Callable[[Enterprise, int], dict[str, str]]] = {
    "intellectual_property": lambda enterprise, n: {
        "enterprise": enterprise.credit_code,
        "kind": "invention",
        "number": f"ZL2023100{n:05d}.1",
        "title": f"一种测试装置 {n}",
        "granted_on": "2024-03-01",
    },
}


def _contributions() -> None:
    """Merge the SAMPLES of every app's `tests/matrix.py`."""
    for config in apps.get_app_configs():
        if not config.name.startswith("rainforest."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError as error:
            if error.name in (f"{config.name}.tests", f"{config.name}.tests.matrix"):
                continue
            raise
        SAMPLES.update(getattr(module, "SAMPLES", {}))


_contributions()


def sample(name: str) -> Sample:
    if name not in SAMPLES:
        # An app's matrix.py imported while this module was still loading (the permission matrix imports
        # them first) had not defined its SAMPLES yet: merge again, now that every module is complete.
        _contributions()
    found = SAMPLES[name]
    return found if isinstance(found, Sample) else Sample(values=found)


RECORDS = [record.name for record in records.registered()]


def _english() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location(
        "translations_en", Path(settings.LOCALE_PATHS[0]) / "translations_en.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.EN


def _create(record: records.Record, user: Any, parent: Any, n: int) -> Any:
    form = record.form(sample(record.name).values(parent, n), record=record, user=user)  # type: ignore[call-arg]
    assert form.is_valid(), form.errors
    return services.record_create(record=record, instance=form.save(commit=False), user=user)


@pytest.fixture
def world(two_districts, admin, butler):
    Assignment.objects.create(enterprise=two_districts["yuci"], butler=butler)
    return two_districts


def _parents(name: str, request: Any, world: dict[str, Any]) -> dict[str, Any]:
    made = sample(name).parents
    return made(request) if made is not None else world


def _unsaved(record: records.Record, parent: Any) -> Any:
    """An unsaved record on `parent`: what `may(user, ADD, …)` is asked about."""
    model = record.model._default_manager.model
    return model(**{record.parent: parent}) if record.parent else model()


def _stored(record: records.Record, admin: Any, parents: dict[str, Any]) -> dict[str, Any]:
    return {
        "yuci": _create(record, admin, parents["yuci"], 0),
        "taigu": _create(record, admin, parents["taigu"], 1),
    }


def test_the_walk_covers_every_declared_record_type():
    _contributions()
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


def _shown(content: bytes, stored: dict[str, Any], marker: str) -> set[str]:
    """Which of the stored records a page names (by their marker field's value)."""
    text = content.decode()
    return {key for key, obj in stored.items() if str(getattr(obj, marker)) in text}


@pytest.mark.django_db
@pytest.mark.parametrize("name", RECORDS)
@pytest.mark.parametrize("role", CAST)
def test_every_page_and_operation_answers_as_the_policy_says(name, role, request, client, world, admin):
    record = records.get(name)
    walk = sample(name)
    user = request.getfixturevalue(role)
    parents = _parents(name, request, world)
    stored = _stored(record, admin, parents)
    model = record.model
    client.force_login(user)

    # The rows the role reaches are those of its scope (a record follows its parent).
    reached = {key for key, obj in stored.items() if may(user, Action.VIEW, obj)}
    assert reached == (walk.reaches or REACHES).get(role, REACHES[role])

    # List page: refused without the grant, else exactly the reachable rows, with the total.
    response = client.get(reverse(record.url_name("list")))
    if not may(user, Action.VIEW, model):
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert _shown(response.content, stored, walk.marker) == reached

    # Detail pages: a row out of reach is a 404, as if it did not exist.
    for key, obj in stored.items():
        response = client.get(reverse(record.url_name("detail"), args=[obj.pk]))
        expected = 200 if key in reached else 404 if may(user, Action.VIEW, model) else 403
        assert response.status_code == expected, (key, response.status_code)

    # Create: only a role holding ADD, and only on a parent in its reach.
    before = model._default_manager.count()
    response = client.post(reverse(record.url_name("create")), walk.values(parents["yuci"], 7))
    may_add = may(user, Action.ADD, _unsaved(record, parents["yuci"]))
    if may_add:
        assert response.status_code == 302
        assert model._default_manager.count() == before + 1
    else:
        assert response.status_code in (200, 403)
        assert model._default_manager.count() == before
    response = client.post(reverse(record.url_name("create")), walk.values(parents["taigu"], 8))
    if may(user, Action.ADD, _unsaved(record, parents["taigu"])):
        assert response.status_code == 302
    else:
        assert not model._default_manager.filter(
            **{"pk__gt": stored["taigu"].pk + (1 if may_add else 0)}
        ).exists()

    # Edit and delete: only rows the role may change or delete.
    for key, obj in stored.items():
        values = {**walk.values(parents[key], 0 if key == "yuci" else 1), walk.edit: "改过的名称"}
        response = client.post(reverse(record.url_name("edit"), args=[obj.pk]), values)
        changed = getattr(model._default_manager.get(pk=obj.pk), walk.edit) == "改过的名称"
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
    walk = sample(name)
    user = request.getfixturevalue(role)
    parents = _parents(name, request, world)
    stored = _stored(record, admin, parents)
    client.force_login(user)

    # Export: the rows the role may export, read back from a real .xlsx.
    response = client.get(reverse("imports:export", args=[name]))
    if response.status_code == 200:
        sheet = load_workbook(io.BytesIO(response.content)).active
        position = [column.name for column in record.import_columns].index(walk.marker)
        exported = {str(row[position]) for row in sheet.iter_rows(min_row=2, values_only=True)}
        numbers = {key for key, obj in stored.items() if str(getattr(obj, walk.marker)) in exported}
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
        # the total is every row the policy lets the role see (an expert also sees their own pool row)
        assert (
            body["count"] == policy.restrict(record.model._default_manager.all(), user, Action.VIEW).count()
        )
        markers = {str(getattr(obj, walk.marker)) for obj in stored.values()}
        assert {str(r[walk.marker]) for r in body["results"]} & markers == {
            str(getattr(stored[key], walk.marker)) for key in reached
        }
    else:
        assert response.status_code == 403
    for key, obj in stored.items():
        response = client.get(f"{base}/{obj.pk}")
        expected = 200 if key in reached else 404 if may(user, Action.VIEW, record.model) else 403
        assert response.status_code == expected, key
    before = record.model._default_manager.count()
    response = client.post(base, walk.values(parents["yuci"], 9), content_type="application/json")
    if may(user, Action.ADD, _unsaved(record, parents["yuci"])):
        assert response.status_code == 201, response.content
        if record.parent:
            assert str(response.json()[record.parent]) == str(getattr(parents["yuci"], record.parent_key))
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
        ("年度", "必填，不能为空"),
        ("销售收入（元）", "请填写数字"),
    ]


@pytest.mark.django_db
def test_the_form_says_django_own_messages_in_the_user_words_and_keeps_the_project_ones(admin, own_firm):
    record = records.get("intellectual_property")
    form = record.form(
        {
            "enterprise": own_firm.credit_code,
            "kind": "patent",
            "number": "",
            "title": "装" * 600,
            "granted_on": "2024-13-01",
        },
        record=record,
        user=admin,
    )
    assert not form.is_valid()
    summary = dict(form.error_summary())
    limit = form.fields["title"].max_length
    assert summary[str(form.fields["title"].label)] == f"不能超过 {limit} 个字（现有 600 个字）"
    assert summary[str(form.fields["number"].label)] == "必填，不能为空"
    assert summary[str(form.fields["granted_on"].label)] == "请填写日期，如 2025-03-31"
    assert not any("确保" in message or "这个字段" in message for _label, message in form.error_summary())


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
        (("body", "kind"), "“patent”不是可选值"),
        (("body", "number"), "必填，不能为空"),
    ]
    assert records.get("intellectual_property").model._default_manager.count() == 0
