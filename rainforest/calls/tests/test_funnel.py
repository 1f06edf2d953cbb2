"""The per-call funnel (calls/funnel.py) on a crafted city: every count (eligible, undetermined, started,
submitted, each review stage, approved, by district) for the city officer and for a district officer, equal
to the reference path's (the per-firm precheck) and to the values the records were made for; the eligible
set kept in the cache while the registry is unchanged and judged again when it changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from rainforest.calls import funnel as funnel_module
from rainforest.calls.choices import State
from rainforest.calls.funnel import (
    EligibleSet,
    cache_key,
    eligible_set,
    funnel,
    reference_funnel,
    registry_stamp,
)
from rainforest.calls.models import Application
from rainforest.calls.selectors import evaluation_day
from rainforest.calls.tests.factories import ApplicationFactory, CallFactory, DeclarationFactory
from rainforest.enterprises.models import YearlyFigures
from rainforest.enterprises.tests.factories import (
    CertificateFactory,
    EnterpriseFactory,
    YearlyFiguresFactory,
    district,
)

pytestmark = pytest.mark.django_db

CLEAN = ("restricted_industry", "major_incident_tsme", "dishonest_listed")  # declared "false" by a ready firm


@pytest.fixture(autouse=True)
def _cache_on_every_database(monkeypatch):
    """The eligible set is cached on SQLite too in these tests (outside them, only on PostgreSQL, whose
    change counters see every in-place edit), and every test starts from an empty cache."""
    monkeypatch.setattr(funnel_module, "CACHED_ON", frozenset({"postgresql", "sqlite"}))
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def call():
    return CallFactory(code="funnel-call", rulebook="tech-sme", condition="employees_last_year >= 50")


def _firm(name: str, code: str, *, employees: int | None = 100, declared: bool = True, hnte: bool = True):
    """A firm of district `code`; tech-sme "true" when it has figures of a small firm, a valid high-tech
    certificate and the three clean declarations; the call's condition reads its employees."""
    firm = EnterpriseFactory(name=name, district=district(code))
    day = evaluation_day(CallFactory.build())
    if employees is not None:
        YearlyFiguresFactory(enterprise=firm, year=day.year - 1, employees=employees)
    if hnte:
        CertificateFactory(enterprise=firm, issued_on=day - timedelta(days=300))
    if declared:
        for fact in CLEAN:
            DeclarationFactory(
                enterprise=firm,
                fact=fact,
                value="false",
                period_start=day - timedelta(days=100),
                declared_on=day - timedelta(days=50),
            )
    return firm


def _apply(call, firm, status: str, *, submitted: bool = False) -> None:
    started = ApplicationFactory.create(call=call, enterprise=firm)
    Application.objects.filter(pk=started.pk).update(
        status=status, submitted_at=timezone.now() if submitted else None
    )


@pytest.fixture
def crafted(call, own_firm):
    """榆次区: two eligible firms (one approved, one submitted), one undetermined (nothing declared), one
    too small for the condition (withdrawn after submitting); 太谷区: one eligible (a draft), one too big
    for a tech-SME (district-passed), one without figures (undetermined); 榆社县: one eligible, in expert
    review. `own_firm` (榆次区, no figures, nothing declared) is undetermined too."""
    firms = {
        "yuci_a": _firm("榆次甲", "140702"),
        "yuci_b": _firm("榆次乙", "140702"),
        "yuci_open": _firm("榆次丙", "140702", declared=False),
        "yuci_small": _firm("榆次丁", "140702", employees=30),
        "taigu_a": _firm("太谷甲", "140703"),
        "taigu_big": _firm("太谷乙", "140703", employees=600),
        "taigu_blank": _firm("太谷丙", "140703", employees=None),
        "yushe_a": _firm("榆社甲", "140721"),
    }
    _apply(call, firms["yuci_a"], State.APPROVED, submitted=True)
    _apply(call, firms["yuci_b"], State.SUBMITTED, submitted=True)
    _apply(call, firms["yuci_small"], State.WITHDRAWN, submitted=True)
    _apply(call, firms["taigu_a"], State.DRAFT)
    _apply(call, firms["taigu_big"], State.DISTRICT_PASSED, submitted=True)
    _apply(call, firms["yushe_a"], State.EXPERT_REVIEW, submitted=True)
    return firms


def _shape(result):
    return (result.evaluated_on, result.totals, result.by_district, result.undetermined)


def test_the_city_funnel_counts_every_stage_by_district_as_the_reference_path(call, crafted, city):
    fast, slow = funnel(call, city), reference_funnel(call, city)
    assert _shape(fast) == _shape(slow)
    assert fast.totals == {
        "eligible": 4,
        "started": 6,
        "submitted": 5,
        "district_passed": 3,
        "formal_passed": 2,
        "ranked": 1,
        "approved": 1,
    }
    assert fast.undetermined == 3
    assert fast.by_district == {
        "榆次区": {"eligible": 2, "started": 3, "submitted": 3, "district_passed": 1, "formal_passed": 1}
        | {"ranked": 1, "approved": 1},
        "太谷区": {"eligible": 1, "started": 2, "submitted": 1, "district_passed": 1},
        "榆社县": {"eligible": 1, "started": 1, "submitted": 1, "district_passed": 1, "formal_passed": 1},
    }
    assert [count for _key, _label, count in fast.rows] == [4, 6, 5, 3, 2, 1, 1]


def test_a_district_officer_sees_their_district_only_as_the_reference_path(call, crafted, district_yuci):
    fast, slow = funnel(call, district_yuci), reference_funnel(call, district_yuci)
    assert _shape(fast) == _shape(slow)
    assert fast.totals == {
        "eligible": 2,
        "started": 3,
        "submitted": 3,
        "district_passed": 1,
        "formal_passed": 1,
        "ranked": 1,
        "approved": 1,
    }
    assert fast.undetermined == 2
    assert list(fast.by_district) == ["榆次区"]


def test_a_call_with_a_condition_only_or_nothing_counts_as_the_reference_path(crafted, city, district_yuci):
    only_condition = CallFactory(code="condition-only", condition="employees_last_year >= 50")
    open_to_all = CallFactory(code="open-to-all")
    for user in (city, district_yuci):
        for call in (only_condition, open_to_all):
            assert _shape(funnel(call, user)) == _shape(reference_funnel(call, user))
    # Condition only: the six firms with at least 50 employees; the two without figures are unknown.
    assert funnel(only_condition, city).totals["eligible"] == 6
    assert funnel(only_condition, city).undetermined == 2
    assert funnel(open_to_all, city).totals == {"eligible": 9}


def test_the_eligible_set_holds_every_verdict_and_the_counts_by_district(call, crafted, own_firm):
    judged = eligible_set(call)
    expected_true = sorted(crafted[name].pk for name in ("yuci_a", "yuci_b", "taigu_a", "yushe_a"))
    expected_open = sorted([crafted["yuci_open"].pk, crafted["taigu_blank"].pk, own_firm.pk])
    assert list(judged.eligible) == expected_true
    assert list(judged.undetermined) == expected_open
    assert judged.verdict(crafted["yuci_a"].pk) == "true"
    assert judged.verdict(crafted["taigu_blank"].pk) == "undetermined"
    assert judged.verdict(crafted["taigu_big"].pk) == "false"
    yuci, taigu, yushe = (district(code).pk for code in ("140702", "140703", "140721"))
    assert judged.by_district == {yuci: (2, 2), taigu: (1, 1), yushe: (1, 0)}


def test_the_funnel_reads_the_cached_set_while_the_registry_is_unchanged(call, crafted, city):
    day = evaluation_day(call)
    funnel(call, city)
    key = cache_key(call, day, registry_stamp())
    assert isinstance(cache.get(key), EligibleSet)
    # A set planted under the same key is what the next funnel counts: it was not judged again.
    planted = EligibleSet.of(
        day, {crafted["taigu_big"].pk: "true"}, {crafted["taigu_big"].pk: district("140703").pk}
    )
    cache.set(key, planted)
    assert funnel(call, city).totals["eligible"] == 1
    assert funnel(call, city).by_district["太谷区"]["eligible"] == 1


def test_a_new_declaration_changes_the_stamp_and_the_funnel_judges_again(call, crafted, city):
    assert funnel(call, city).totals["eligible"] == 4
    stamp = registry_stamp()
    day = evaluation_day(call)
    for fact in CLEAN:
        DeclarationFactory(
            enterprise=crafted["yuci_open"],
            fact=fact,
            value="false",
            period_start=day - timedelta(days=10),
            declared_on=day - timedelta(days=5),
        )
    assert registry_stamp() != stamp
    assert funnel(call, city).totals["eligible"] == 5
    assert _shape(funnel(call, city)) == _shape(reference_funnel(call, city))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="in-place edits are seen by PostgreSQL's counters"
)
def test_an_in_place_correction_of_a_figure_changes_the_stamp_on_postgresql(call, crafted, city):
    assert funnel(call, city).totals["eligible"] == 4
    stamp = registry_stamp()
    YearlyFigures.objects.filter(enterprise=crafted["yushe_a"]).update(employees=40)  # no signal, no new row
    assert registry_stamp() != stamp
    assert funnel(call, city).totals["eligible"] == 3
    assert _shape(funnel(call, city)) == _shape(reference_funnel(call, city))


def test_the_rulebook_half_of_the_condition_is_judged_too(call, crafted, city):
    """The 600-employee firm meets the CEL condition (≥ 50) but not tech-sme's size limit (≤ 500)."""
    only_condition = CallFactory(code="condition-only", condition="employees_last_year >= 50")
    assert eligible_set(only_condition).verdict(crafted["taigu_big"].pk) == "true"
    assert eligible_set(call).verdict(crafted["taigu_big"].pk) == "false"
