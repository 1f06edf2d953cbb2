"""The finance app: the bad-input rules (a loan without a lender, a subsidy above its loan's interest),
who reaches which rows (a bank its own loans and the demands shared with it), the selectors behind the
ledger, the funnel and the summary, and imports from real .xlsx files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rainforest.core import records
from rainforest.core.choices import OrganisationKind
from rainforest.core.policy import Action, restrict
from rainforest.core.records import services
from rainforest.enterprises.tests.factories import CertificateFactory, EnterpriseFactory, district
from rainforest.finance import models as m
from rainforest.finance import selectors
from rainforest.finance.tests import factories as f
from rainforest.imports.registry import RECORD_TYPES
from rainforest.imports.services import import_file
from rainforest.indicators.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast_bank(organisations):
    return organisations["bank"]  # 晋中银行, the `bank` user's


@pytest.fixture
def other_bank(db):
    return f.organisation("中国银行晋中分行")


@pytest.fixture
def taigu_firm(db):
    return EnterpriseFactory(name="太谷金融测试有限公司", district=district("140703"))


# --- bad input -------------------------------------------------------------------------------------------


def test_a_loan_without_a_lender_is_refused_naming_the_field_and_nothing_is_stored(city, own_firm):
    loan = m.Loan(
        enterprise=own_firm,
        contract_number="NO-LENDER-1",
        amount=Decimal("1000000"),
        lent_on=date(2025, 4, 1),
        rate=Decimal("3.65"),
        term_months=12,
        guarantee="credit",
    )
    with pytest.raises(ValidationError) as refused:
        services.record_create(record=records.get("loan"), instance=loan, user=city)
    assert "bank" in refused.value.message_dict
    assert "放款银行" in " ".join(refused.value.message_dict["bank"])
    assert m.Loan.objects.count() == 0


def test_the_loan_form_names_the_missing_lender(city, own_firm):
    record = records.get("loan")
    form = record.form(
        {
            "enterprise": own_firm.credit_code,
            "contract_number": "F-1",
            "amount": "100",
            "lent_on": "2025-04-01",
            "rate": "3.65",
            "term_months": "12",
            "guarantee": "credit",
        },
        record=record,
        user=city,
    )
    assert not form.is_valid()
    assert "放款银行" in " ".join(form.errors["bank"])


def test_a_loans_interest_is_amount_times_rate_times_term(own_firm):
    loan = f.loan(own_firm, amount=Decimal("2000000"), rate=Decimal("3.60"), term_months=18)
    assert loan.interest == Decimal("108000.00")  # 2,000,000 × 3.6% × 1.5 years


def test_a_subsidy_above_the_loans_interest_is_refused_naming_the_field(city, own_firm):
    loan = f.loan(
        own_firm, amount=Decimal("1000000"), rate=Decimal("4.00"), term_months=12
    )  # 40,000 interest
    application = m.InterestSubsidyApplication(
        loan=loan,
        enterprise=own_firm,
        year=2025,
        interest_paid=Decimal("40000"),
        requested=Decimal("40000.01"),
    )
    with pytest.raises(ValidationError) as refused:
        services.record_create(record=records.get("interest_subsidy"), instance=application, user=city)
    assert list(refused.value.message_dict) == ["requested"]
    assert "40000.00" in refused.value.message_dict["requested"][0]
    assert m.InterestSubsidyApplication.objects.count() == 0
    application.requested = Decimal("40000")
    services.record_create(record=records.get("interest_subsidy"), instance=application, user=city)
    assert m.InterestSubsidyApplication.objects.count() == 1


def test_an_approved_subsidy_above_the_request_is_refused_by_the_database_too(own_firm):
    loan = f.loan(own_firm)
    application = f.subsidy(loan, requested=Decimal("1000"))
    with pytest.raises(ValidationError) as refused:
        application.approved = Decimal("2000")
        application.status = "approved"
        application.full_clean()
    assert "approved" in refused.value.message_dict
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        m.InterestSubsidyApplication.objects.filter(pk=application.pk).update(approved=Decimal("2000"))


def test_a_subsidy_on_another_firms_loan_is_refused(own_firm, taigu_firm):
    loan = f.loan(taigu_firm)
    application = m.InterestSubsidyApplication(
        loan=loan, enterprise=own_firm, year=2025, interest_paid=Decimal(1), requested=Decimal(1)
    )
    with pytest.raises(ValidationError) as refused:
        application.full_clean()
    assert "enterprise" in refused.value.message_dict


# --- scope -----------------------------------------------------------------------------------------------


def test_a_bank_sees_its_own_loans_and_the_demands_shared_with_it_only(
    bank, cast_bank, other_bank, own_firm, taigu_firm
):
    mine = f.loan(own_firm, bank=cast_bank)
    f.loan(taigu_firm, bank=other_bank)
    shared = f.demand(taigu_firm)
    m.DemandShare.objects.create(demand=shared, bank=cast_bank)
    not_shared = f.demand(own_firm)
    m.DemandShare.objects.create(demand=not_shared, bank=other_bank)
    f.demand(own_firm)  # shared with nobody
    assert list(restrict(m.Loan.objects.all(), bank, Action.VIEW)) == [mine]
    assert list(restrict(m.FinancingDemand.objects.all(), bank, Action.VIEW)) == [shared]
    assert list(restrict(m.DemandShare.objects.all(), bank, Action.VIEW)) == [shared.shares.get()]


def test_a_bank_sees_the_events_it_attended_but_not_the_bureaus_notes_on_firms(
    bank, cast_bank, other_bank, own_firm
):
    attended = f.event()
    m.EventBank.objects.create(event=attended, bank=cast_bank)
    m.EventAttendance.objects.create(event=attended, enterprise=own_firm)
    elsewhere = f.event()
    m.EventBank.objects.create(event=elsewhere, bank=other_bank)
    m.FinanceVisit.objects.create(
        enterprise=own_firm, visited_on=date(2025, 3, 1), organisation=cast_bank, topics="走访"
    )
    assert list(restrict(m.MatchmakingEvent.objects.all(), bank, Action.VIEW)) == [attended]
    assert not restrict(m.EventAttendance.objects.all(), bank, Action.VIEW).exists()
    assert not restrict(m.FinanceVisit.objects.all(), bank, Action.VIEW).exists()


def test_a_district_officer_adds_records_to_the_firms_of_their_districts_only(
    district_yuci, own_firm, taigu_firm
):
    from rainforest.core.policy import may

    for model in (m.FinanceVisit, m.EventAttendance, m.TechInsurance, m.InterestSubsidyApplication):
        assert may(district_yuci, Action.ADD, model(enterprise=own_firm))
        assert not may(district_yuci, Action.ADD, model(enterprise=taigu_firm))
    assert not may(district_yuci, Action.ADD, m.DemandShare(demand=f.demand(own_firm)))  # the city's


def test_a_bank_writes_loans_as_itself_only(bank, cast_bank, other_bank, own_firm):
    record = records.get("loan")
    values = {
        "enterprise": own_firm.credit_code,
        "contract_number": "B-1",
        "amount": "500",
        "lent_on": "2025-04-01",
        "rate": "3.65",
        "term_months": "12",
        "guarantee": "credit",
    }
    form = record.form({**values, "bank": str(other_bank.pk)}, record=record, user=bank)
    assert not form.is_valid() and "bank" in form.errors  # only its own bank is offered
    form = record.form({**values, "bank": str(cast_bank.pk)}, record=record, user=bank)
    assert form.is_valid(), form.errors
    services.record_create(record=record, instance=form.save(commit=False), user=bank)
    assert m.Loan.objects.get().amount == Decimal("5000000")
    other = m.Loan(
        bank=other_bank,
        enterprise=own_firm,
        contract_number="B-2",
        amount=1,
        lent_on=date(2025, 4, 1),
        rate=1,
        term_months=1,
        guarantee="credit",
    )
    with pytest.raises(PermissionDenied):
        services.record_create(record=record, instance=other, user=bank)
    assert m.Loan.objects.count() == 1


def test_firms_officers_and_the_city_reach_their_own(owner, district_yuci, city, own_firm, taigu_firm):
    yuci_loan, taigu_loan = f.loan(own_firm), f.loan(taigu_firm)
    assert list(restrict(m.Loan.objects.all(), owner, Action.VIEW)) == [yuci_loan]
    assert list(restrict(m.Loan.objects.all(), district_yuci, Action.VIEW)) == [yuci_loan]
    assert set(restrict(m.Loan.objects.all(), city, Action.VIEW)) == {yuci_loan, taigu_loan}
    assert not restrict(m.Loan.objects.all(), owner, Action.CHANGE).exists()  # firms read, banks write
    assert not restrict(m.Loan.objects.all(), district_yuci, Action.CHANGE).exists()


# --- selectors -------------------------------------------------------------------------------------------


def test_the_ledger_gathers_a_firms_records_and_its_leverage(city, own_firm, taigu_firm):
    loan = f.loan(own_firm, amount=Decimal("8000000"), rate=Decimal("4"), term_months=24)
    f.subsidy(loan, requested=Decimal("200000"), approved=Decimal("160000"), status="approved")
    f.subsidy(f.loan(own_firm, amount=Decimal("2000000")), requested=Decimal("10000"), year=2024)
    f.insurance(own_firm, premium=Decimal("6000"))
    f.demand(own_firm)
    f.loan(taigu_firm)  # another firm's
    ledger = selectors.ledger(city, own_firm)
    assert ledger.loan_total == Decimal("10000000")
    assert ledger.subsidy_approved == Decimal("160000")
    assert ledger.leverage == Decimal("62.50")  # 10,000,000 loan yuan per 160,000 subsidy yuan
    assert len(ledger.subsidies) == 2 and len(ledger.demands) == 1 and ledger.premium_total == Decimal("6000")
    assert selectors.leverage(Decimal(100), Decimal(0)) is None


def test_the_funnel_counts_events_firms_demands_and_loans_of_the_period(city, own_firm, taigu_firm):
    event = f.event(held_on=date(2025, 2, 1))
    f.event(held_on=date(2024, 12, 1))  # before the period
    for firm in (own_firm, taigu_firm):
        m.EventAttendance.objects.create(event=event, enterprise=firm)
    f.demand(own_firm, amount=Decimal("3000000"), raised_on=date(2025, 2, 2))
    f.loan(own_firm, amount=Decimal("2000000"), lent_on=date(2025, 3, 1))
    f.loan(taigu_firm, lent_on=date(2025, 7, 1))  # after the first quarter
    stages = {s.key: s for s in selectors.funnel(city, Period.quarter(2025, 1))}
    assert [stages[k].count for k in ("events", "firms", "demands", "loans", "borrowers")] == [1, 2, 1, 1, 1]
    assert stages["loans"].amount == Decimal("2000000") and stages["demands"].amount == Decimal("3000000")


def test_the_summary_counts_the_years_records_and_ranks_the_applicants(
    city, district_yuci, own_firm, taigu_firm
):
    from rainforest.indicators.models import PeerFigure

    CertificateFactory(
        enterprise=own_firm, kind="hnte", issued_on=date(2023, 12, 1), expires_on=date(2026, 12, 1)
    )
    for firm in (own_firm, taigu_firm):
        f.subsidy(f.loan(firm, lent_on=date(2024, 5, 1)), year=2025)
    f.loan(own_firm, amount=Decimal("6000000"), lent_on=date(2025, 3, 1), event=f.event())
    f.loan(taigu_firm, amount=Decimal("9000000"), lent_on=date(2025, 3, 2))  # not arranged: not 促成贷款
    f.insurance(own_firm, premium=Decimal("19000"), starts_on=date(2025, 4, 1), ends_on=date(2026, 4, 1))
    m.ServiceInstitution.objects.create(
        organisation=f.organisation("晋中市生产力促进中心", OrganisationKind.SERVICE),
        designated_on=date(2025, 3, 20),
    )
    f.fund(name="晋中市科技创新投资基金", partners="省晋创投资、晋信资本")
    for city_name, count in (("太原市", 5), ("长治市", 1)):
        PeerFigure.objects.create(
            indicator=selectors.SUBSIDY_APPLICANTS_INDICATOR,
            city=city_name,
            period="2025",
            value=count,
            unit="家",
            source="测试",
            published_on=date(2025, 6, 1),
        )
    summary = selectors.summary(city, 2025)
    assert summary.get("subsidy_applicants").value == 2
    assert "高新技术企业 1 家" in summary.get("subsidy_applicants").note
    assert "第 2 位" in summary.get("subsidy_applicants").note
    # the 2024 loans are not 2025's, and a loan the bureau did not arrange is not 促成贷款
    assert summary.get("loans").value == Decimal("6000000")
    assert "1 家企业，1 笔" in summary.get("loans").note
    assert summary.get("insurance_premium").value == Decimal("19000")
    assert summary.get("service_institutions").value == 1
    assert summary.get("funds_planned").value == 1
    assert summary.get("loans").url.endswith("/records/loan/?year=2025&arranged=true")
    # a district officer's figures are those of their district, without the province rank
    scoped = selectors.summary(district_yuci, 2025)
    assert scoped.get("subsidy_applicants").value == 1
    assert "位" not in scoped.get("subsidy_applicants").note


# --- imports ---------------------------------------------------------------------------------------------


LOAN_HEADERS = [
    "合同编号",
    "统一社会信用代码",
    "放款银行",
    "贷款金额（万元）",
    "放款日期",
    "年利率（%）",
    "期限（月）",
    "担保方式",
]


def test_loans_import_from_a_real_file(xlsx, city, own_firm, cast_bank):
    path = xlsx(
        LOAN_HEADERS, [["JZYH-001", own_firm.credit_code, "晋中银行", 800, "2025-04-01", "3.65", 24, "信用"]]
    )
    result = import_file(record_type=RECORD_TYPES["loan"], path=path, user=city)
    assert result.errors == [] and result.stored
    loan = m.Loan.objects.get()
    assert (loan.bank, loan.amount, loan.rate, loan.term_months) == (
        cast_bank,
        Decimal("8000000"),
        Decimal("3.65"),
        24,
    )


def test_a_loan_file_with_no_lender_or_an_unreadable_rate_stores_nothing_and_names_row_and_field(
    xlsx, city, own_firm, cast_bank
):
    path = xlsx(
        LOAN_HEADERS,
        [
            ["JZYH-001", own_firm.credit_code, "晋中银行", 800, "2025-04-01", "3.65", 24, "信用"],
            ["JZYH-002", own_firm.credit_code, "", 300, "2025-04-02", "3.65", 12, "信用"],
            ["JZYH-003", own_firm.credit_code, "晋中银行", 300, "2025-04-03", "三厘", 12, "信用"],
        ],
    )
    result = import_file(record_type=RECORD_TYPES["loan"], path=path, user=city)
    assert not result.stored
    assert m.Loan.objects.count() == 0
    by_row = {(e["row"], e["field"]) for e in result.errors}
    assert (3, "bank") in by_row
    assert (4, "rate_text") in by_row
    assert any("放款银行" in e["message"] for e in result.errors if e["row"] == 3)


def test_a_subsidy_file_above_the_loans_interest_is_refused(xlsx, city, own_firm):
    loan = f.loan(
        own_firm, contract_number="JZYH-009", amount=Decimal("1000000"), rate=Decimal("4"), term_months=12
    )
    headers = [
        "统一社会信用代码",
        "贷款合同编号",
        "申请年度",
        "已付利息（元）",
        "申请贴息（元）",
        "核定贴息（元）",
        "状态",
    ]
    path = xlsx(headers, [[own_firm.credit_code, "JZYH-009", 2025, 40000, 45000, "", "申请"]])
    result = import_file(record_type=RECORD_TYPES["interest_subsidy"], path=path, user=city)
    assert not result.stored and m.InterestSubsidyApplication.objects.count() == 0
    assert [(e["row"], e["field"]) for e in result.errors] == [(2, "requested")]
    assert "申请贴息" in result.errors[0]["message"]
    path = xlsx(
        headers, [[own_firm.credit_code, "JZYH-009", 2025, 40000, 20000, "", "申请"]], name="good.xlsx"
    )
    result = import_file(record_type=RECORD_TYPES["interest_subsidy"], path=path, user=city)
    assert result.stored and m.InterestSubsidyApplication.objects.get().loan == loan


def test_the_events_banks_import_names_the_event_as_exported(xlsx, city, cast_bank):
    event = f.event(title="榆次区银企对接会", held_on=date(2025, 2, 26))
    path = xlsx(
        ["参会银行", "对接活动", "备注"], [["晋中银行", event.title, ""], ["晋中银行", "没有这个会", ""]]
    )
    result = import_file(record_type=RECORD_TYPES["event_bank"], path=path, user=city)
    assert not result.stored
    assert {e["row"] for e in result.errors} == {3}
    assert any(e["field"] == "event__title" and "没有这个会" in e["message"] for e in result.errors)
    path = xlsx(["参会银行", "对接活动", "备注"], [["晋中银行", event.title, ""]], name="good.xlsx")
    assert import_file(record_type=RECORD_TYPES["event_bank"], path=path, user=city).stored
    assert list(event.banks.all()) == [cast_bank]
