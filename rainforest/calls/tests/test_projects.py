"""Projects: a funded application becomes a project (tied to the finance area's subsidy record where there
is one), its milestones and reports (late ones flagged), the final acceptance, and the money granted the
indicators read."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rainforest.calls import decisions, outcome_selectors
from rainforest.calls.choices import State
from rainforest.calls.models import Application
from rainforest.calls.outcomes import Project, Report
from rainforest.calls.tests.factories import ApplicationFactory, CallFactory
from rainforest.core.models import today
from rainforest.enterprises.tests.factories import EnterpriseFactory, district
from rainforest.finance.choices import GuaranteeKind

GUARANTEE = GuaranteeKind.values[0]

pytestmark = pytest.mark.django_db


def _approved(call, firm, status=State.APPROVED, amount=None, answers=None):
    application = ApplicationFactory(call=call, enterprise=firm, title="智能装备研发", amount_granted=amount)
    if answers is not None:
        application.answers = answers
        application.save()
    Application.objects.filter(pk=application.pk).update(status=status)
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def application(own_firm):
    return _approved(CallFactory(level="city"), own_firm, amount=Decimal(600_000))


def _project(city, application, **kwargs):
    values = {"starts_on": date(2025, 6, 1), "ends_on": date(2026, 12, 31)} | kwargs
    return decisions.project_create(user=city, application=application, **values)


def test_funding_an_approved_application_makes_a_project_with_its_milestones_and_reports(city, application):
    project = _project(
        city,
        application,
        budget=Decimal(2_000_000),
        milestones=[("样机试制", date(2025, 12, 31)), ("中试", date(2026, 6, 30))],
        reports=[("中期报告", date(2025, 12, 31)), ("结题报告", date(2026, 12, 31))],
    )
    application.refresh_from_db()
    assert application.status == State.PROJECT
    assert (project.title, project.amount_granted, project.budget) == (
        "智能装备研发",
        Decimal("600000.00"),
        Decimal("2000000.00"),
    )
    assert list(project.milestones.values_list("title", "due_on")) == [
        ("样机试制", date(2025, 12, 31)),
        ("中试", date(2026, 6, 30)),
    ]
    assert list(project.reports.values_list("title", "submitted_on")) == [
        ("中期报告", None),
        ("结题报告", None),
    ]


def test_a_project_needs_an_amount_and_an_end_after_its_start_and_nothing_is_stored_otherwise(city, own_firm):
    application = _approved(CallFactory(level="city"), own_firm)
    with pytest.raises(ValidationError) as error:
        _project(city, application)
    assert "amount_granted" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _project(city, application, amount_granted=Decimal(1), ends_on=date(2025, 1, 1))
    assert "ends_on" in error.value.message_dict
    application.refresh_from_db()
    assert (application.status, Project.objects.count()) == (State.APPROVED, 0)


def test_an_application_not_yet_decided_cannot_become_a_project(city, own_firm):
    application = _approved(
        CallFactory(level="city"), own_firm, status=State.PUBLICITY_CLOSED, amount=Decimal(5)
    )
    with pytest.raises(ValidationError) as error:
        _project(city, application)
    assert "status" in error.value.message_dict
    assert Project.objects.count() == 0


def test_a_district_officer_may_not_fund(district_yuci, application):
    with pytest.raises(PermissionDenied):
        _project(district_yuci, application)
    application.refresh_from_db()
    assert (application.status, Project.objects.count()) == (State.APPROVED, 0)


def test_a_loan_subsidy_project_is_tied_to_the_finance_record_and_must_grant_its_approved_amount(
    city, own_firm, organisations
):
    from rainforest.finance.models import InterestSubsidyApplication, Loan

    loan = Loan.objects.create(
        enterprise=own_firm,
        bank=organisations["bank"],
        contract_number="JD-2024-001",
        amount=Decimal(5_000_000),
        rate=Decimal("4.00"),
        term_months=12,
        lent_on=date(2024, 3, 1),
        guarantee=GUARANTEE,
    )
    subsidy = InterestSubsidyApplication.objects.create(
        loan=loan,
        enterprise=own_firm,
        year=2025,
        interest_paid=Decimal(200_000),
        requested=Decimal(100_000),
        approved=Decimal(80_000),
        status="approved",
    )
    call = CallFactory(level="province", opens_on=date(2025, 3, 1))
    application = _approved(call, own_firm, status=State.RECOMMENDED, answers={"contract": "JD-2024-001"})
    with pytest.raises(ValidationError) as error:
        _project(city, application, amount_granted=Decimal(90_000))
    assert "amount_granted" in error.value.message_dict
    project = _project(city, application, amount_granted=Decimal(80_000))
    assert project.subsidy == subsidy
    application.refresh_from_db()
    assert application.amount_granted == Decimal("80000.00")


def test_a_report_is_late_when_missing_after_its_due_date_or_submitted_after_it(city, owner, application):
    project = _project(city, application)
    past = today() - timedelta(days=3)
    overdue = decisions.report_add(user=city, project=project, title="中期报告", due_on=past)
    upcoming = decisions.report_add(
        user=city, project=project, title="结题报告", due_on=today() + timedelta(days=10)
    )
    assert (overdue.late, upcoming.late) == (True, False)
    assert list(outcome_selectors.late_reports(city)) == [overdue]
    assert list(outcome_selectors.projects_for(city).values_list("has_late_report", flat=True)) == [True]
    decisions.report_submit(user=owner, report=overdue, summary="已完成样机试制")
    overdue.refresh_from_db()
    assert (overdue.submitted_on, overdue.late) == (today(), True)  # in, but after its due date
    assert list(outcome_selectors.late_reports(city)) == []
    assert list(outcome_selectors.projects_for(city).values_list("has_late_report", flat=True)) == [True]
    decisions.report_submit(user=owner, report=upcoming, summary="结题")
    upcoming.refresh_from_db()
    assert upcoming.late is False


def test_a_report_is_submitted_once_and_not_empty(city, owner, application):
    report = decisions.report_add(
        user=city, project=_project(city, application), title="中期报告", due_on=today()
    )
    with pytest.raises(ValidationError) as error:
        decisions.report_submit(user=owner, report=report, summary=" ")
    assert "summary" in error.value.message_dict
    decisions.report_submit(user=owner, report=report, summary="进展顺利")
    with pytest.raises(ValidationError) as error:
        decisions.report_submit(user=owner, report=report, summary="再交一次")
    assert "submitted_on" in error.value.message_dict
    report.refresh_from_db()
    assert report.summary == "进展顺利"


def test_another_firm_cannot_submit_the_report(city, outsider, application):
    report = decisions.report_add(
        user=city, project=_project(city, application), title="中期报告", due_on=today()
    )
    with pytest.raises(PermissionDenied):
        decisions.report_submit(user=outsider, report=report, summary="冒名")
    report.refresh_from_db()
    assert report.submitted_on is None


def test_the_final_acceptance_waits_for_every_report_and_is_recorded_once(city, owner, application):
    project = _project(city, application, reports=[("结题报告", today())])
    with pytest.raises(ValidationError) as error:
        decisions.project_accept(user=city, project=project, result="passed")
    assert "reports" in error.value.message_dict
    decisions.report_submit(user=owner, report=Report.objects.get(), summary="结题")
    with pytest.raises(ValidationError) as error:
        decisions.project_accept(user=city, project=project, result="excellent")
    assert "acceptance_result" in error.value.message_dict
    decisions.project_accept(user=city, project=project, result="passed", note="完成合同指标")
    project.refresh_from_db()
    assert (project.accepted_on, project.acceptance_result, project.acceptance_note) == (
        today(),
        "passed",
        "完成合同指标",
    )
    with pytest.raises(ValidationError) as error:
        decisions.project_accept(user=city, project=project, result="failed")
    assert "accepted_on" in error.value.message_dict


def test_a_milestone_done_in_the_future_is_refused(city, application):
    project = _project(city, application)
    milestone = decisions.milestone_add(
        user=city, project=project, title="样机", due_on=today() - timedelta(days=1)
    )
    assert milestone.late is True
    with pytest.raises(ValidationError) as error:
        decisions.milestone_done(user=city, milestone=milestone, done_on=today() + timedelta(days=1))
    assert "done_on" in error.value.message_dict
    decisions.milestone_done(user=city, milestone=milestone, done_on=today() - timedelta(days=2))
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.late) == (today() - timedelta(days=2), False)


def test_the_money_granted_is_summed_by_scope_and_by_year(city, district_yuci, application):
    _project(city, application, amount_granted=Decimal(600_000))
    taigu = EnterpriseFactory(name="太谷项目企业", district=district("140703"))
    other = _approved(CallFactory(level="city"), taigu, amount=Decimal(400_000))
    _project(city, other, starts_on=date(2024, 9, 1))
    assert outcome_selectors.granted() == Decimal("1000000.00")
    assert outcome_selectors.granted(year=2024) == Decimal("400000.00")
    assert outcome_selectors.granted(district_yuci) == Decimal("600000.00")
