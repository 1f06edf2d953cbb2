"""Stored evaluations keep every criterion, the facts used and their history; bulk runs are idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from rainforest.eligibility import services
from rainforest.eligibility.choices import RunStatus
from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.facts import facts_to_json
from rainforest.eligibility.models import Evaluation, EvaluationRun
from rainforest.eligibility.selectors import facts_for
from rainforest.enterprises.tests.factories import CertificateFactory, EnterpriseFactory, YearlyFiguresFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 1)
IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def firm():
    enterprise = EnterpriseFactory()
    for year in (2022, 2023, 2024):
        YearlyFiguresFactory(enterprise=enterprise, year=year, employees=100, tech_staff=12, conversions=2)
    CertificateFactory(enterprise=enterprise, issued_on=date(2023, 11, 1))
    return enterprise


def test_a_stored_evaluation_keeps_every_criterion_and_the_facts_used(firm, city):
    evaluation = services.evaluation_record(enterprise=firm, rulebook="hnte", evaluated_on=AS_OF, user=city)

    expected = evaluate(facts_for(firm, AS_OF), "hnte").to_json()
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert stored.result == expected
    assert [item["code"] for item in stored.criteria] == [item["code"] for item in expected["criteria"]]
    assert len(stored.criteria) == 21
    assert stored.facts == facts_to_json(facts_for(firm, AS_OF))
    assert (stored.rulebook, stored.family, stored.version) == ("hnte-2016", "hnte", "2016")
    assert (stored.eligible, stored.evaluated_on, stored.created_by) == (expected["eligible"], AS_OF, city)
    assert [stored.score_low, stored.score_high] == expected["score"]


def test_every_criterion_keeps_its_outcome_reason_and_gap(firm, city):
    stored = services.evaluation_record(
        enterprise=firm, rulebook="tech-sme-2017", evaluated_on=AS_OF, user=city
    )

    staff = next(item for item in stored.criteria if item["code"] == "TSME-A")
    assert staff == {
        "code": "TSME-A",
        "label": "科技人员数占企业职工总数的比例",
        "passed": True,
        "value": "0.1200",
        "threshold": "[0.10, 0.15)",
        "points": 4,
        "reason": "科技人员 12 ÷ 职工总数 100",
        "gap": stored.result["criteria"][5]["gap"],
        "source": "国科发政〔2017〕115号 第七条(一)",
        "status": "CONFIRMED",
    }
    assert stored.result["gaps"] == evaluate(facts_for(firm, AS_OF), "tech-sme-2017").to_json()["gaps"]


def test_evaluations_are_kept_as_history(firm, city, butler):
    first = services.evaluation_record(enterprise=firm, rulebook="hnte", evaluated_on=AS_OF, user=city)
    second = services.evaluation_record(
        enterprise=firm, rulebook="hnte", evaluated_on=date(2025, 7, 1), user=butler
    )

    assert list(firm.evaluations.order_by("created_at", "id")) == [first, second]


def test_an_unknown_rulebook_is_refused_and_nothing_is_stored(firm, city):
    with pytest.raises(ValidationError) as refused:
        services.evaluation_record(enterprise=firm, rulebook="nobel", evaluated_on=AS_OF, user=city)

    assert list(refused.value.message_dict) == ["rulebook"]
    assert Evaluation.objects.count() == 0


def test_a_family_with_no_version_in_force_is_refused(firm, city):
    with pytest.raises(ValidationError):
        services.evaluation_record(
            enterprise=firm, rulebook="innovative-sme", evaluated_on=date(2026, 5, 1), user=city
        )

    assert Evaluation.objects.count() == 0


def test_a_bulk_run_stores_one_evaluation_per_firm_and_rulebook(firm):
    other = EnterpriseFactory()

    run = services.evaluations_run(evaluated_on=AS_OF, rulebooks=["hnte", "tech-sme"], batch_size=3)

    assert run.status == RunStatus.DONE
    assert (run.total, run.processed) == (2, 2)
    stored = {(e.enterprise_id, e.rulebook): e for e in run.evaluations.all()}
    assert sorted(stored) == sorted(
        (pk, name) for pk in (firm.pk, other.pk) for name in ("hnte-2016", "tech-sme-2017")
    )
    assert stored[(firm.pk, "hnte-2016")].result == evaluate(facts_for(firm, AS_OF), "hnte").to_json()
    assert sum(run.counts.values()) == 4


def test_a_finished_run_is_not_run_again(firm):
    run = services.evaluations_run(evaluated_on=AS_OF, rulebooks=["hnte"])
    ids = sorted(run.evaluations.values_list("pk", flat=True))

    again = services.evaluations_run(evaluated_on=AS_OF, rulebooks=["hnte"], run=run)

    assert sorted(again.evaluations.values_list("pk", flat=True)) == ids


def test_an_interrupted_run_starts_again_without_duplicates(firm):
    run = EvaluationRun.objects.create(evaluated_on=AS_OF, rulebooks=["hnte-2016"], status=RunStatus.RUNNING)
    Evaluation.objects.create(
        enterprise=firm, rulebook="hnte-2016", family="hnte", version="2016", evaluated_on=AS_OF,
        eligible="false", result={}, facts={}, run=run,
    )  # fmt: skip

    services.evaluations_run(evaluated_on=AS_OF, rulebooks=["hnte-2016"], run=run)

    assert run.evaluations.count() == 1
    assert run.evaluations.get().result != {}


def test_a_bulk_run_can_be_limited_to_some_firms(firm):
    EnterpriseFactory()

    run = services.evaluations_run(evaluated_on=AS_OF, rulebooks=["hnte"], enterprise_ids=[firm.pk])

    assert list(run.evaluations.values_list("enterprise_id", flat=True)) == [firm.pk]


@override_settings(TASKS=IMMEDIATE)
def test_an_enqueued_run_runs_in_the_background_after_commit(firm, city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = services.evaluation_run_enqueue(evaluated_on=AS_OF, rulebooks=["tech-sme"], user=city)
        assert run.status == RunStatus.QUEUED

    run.refresh_from_db()
    assert len(callbacks) == 1
    assert (run.status, run.processed, run.created_by) == (RunStatus.DONE, 1, city)
    assert run.evaluations.count() == 1


def test_an_enqueued_run_needs_a_rulebook(city):
    with pytest.raises(ValidationError):
        services.evaluation_run_enqueue(evaluated_on=AS_OF, rulebooks=[], user=city)

    assert EvaluationRun.objects.count() == 0
