"""Reads of the finance app: an enterprise's ledger (everything finance about one firm, with its leverage
ratio), the funnel from events to loans over a period, and the yearly summary whose figures each open
the records they count. Every read goes through the policy (`restrict`), so each user's figures are
those of their own scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, restrict
from rainforest.core.scope import Reach, scope_for
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise
from rainforest.finance.choices import FundStatus, SubsidyStatus
from rainforest.finance.models import (
    ARRANGED_LOAN,
    EventAttendance,
    FinanceVisit,
    FinancingDemand,
    Fund,
    FundInvestment,
    InterestSubsidyApplication,
    Loan,
    MatchmakingEvent,
    ServiceInstitution,
    TechInsurance,
)
from rainforest.indicators.periods import Period

# The indicator code under which other cities' published counts of interest-subsidy applicants are kept
# as peer figures (rainforest.indicators), for the province rank.
SUBSIDY_APPLICANTS_INDICATOR = "finance.subsidy_applicants"
CITY = "晋中市"
ZERO = Decimal(0)


def _visible(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return restrict(queryset, user, Action.VIEW)


def _total(queryset: QuerySet[Any], name: str) -> Decimal:
    value = queryset.aggregate(total=Sum(name))["total"]
    return value if value is not None else ZERO


def default_year() -> int:
    """The year the pages show unless asked: the year of the data's as-of date."""
    return data_as_of().year


# --- the ledger of one enterprise -----------------------------------------------------------------------


def leverage(loan_yuan: Decimal, subsidy_yuan: Decimal) -> Decimal | None:
    """Loan yuan per subsidy yuan, to two decimals; None without any subsidy."""
    if subsidy_yuan <= 0:
        return None
    return (loan_yuan / subsidy_yuan).quantize(Decimal("0.01"))


@dataclass
class Ledger:
    """Everything finance about one firm that the user may see."""

    enterprise: Enterprise
    demands: list[FinancingDemand]
    loans: list[Loan]
    subsidies: list[InterestSubsidyApplication]
    insurance: list[TechInsurance]
    investments: list[FundInvestment]
    attendance: list[EventAttendance]
    visits: list[FinanceVisit]
    loan_total: Decimal = ZERO
    subsidy_approved: Decimal = ZERO
    subsidy_requested: Decimal = ZERO
    leverage: Decimal | None = None
    demand_total: Decimal = ZERO
    premium_total: Decimal = ZERO
    investment_total: Decimal = ZERO


def enterprise_for(user: Any, credit_code: str) -> Enterprise | None:
    """The firm with this credit code, if the user may see it."""
    return (
        _visible(Enterprise.objects.select_related("district"), user).filter(credit_code=credit_code).first()
    )


def enterprises_matching(user: Any, query: str, limit: int = 20) -> list[Enterprise]:
    """Firms the user may see whose credit code starts with, or whose name contains, `query`."""
    visible = _visible(Enterprise.objects.all(), user)
    found = visible.filter(Q(credit_code__istartswith=query.upper()) | Q(name__icontains=query))
    return list(found.order_by("name")[:limit])


def ledger(user: Any, enterprise: Enterprise) -> Ledger:
    """The firm's demands, loans, subsidy applications, insurance, fund investments, events and visits, each
    within the user's scope, with totals and the leverage ratio: the yuan of all its loans per yuan of
    subsidy approved (批准) on them; no ratio without an approved subsidy."""
    loans = list(
        _visible(Loan.objects.filter(enterprise=enterprise).select_related("bank"), user).order_by("-lent_on")
    )
    subsidies = list(
        _visible(
            InterestSubsidyApplication.objects.filter(enterprise=enterprise).select_related("loan"), user
        ).order_by("-year")
    )
    result = Ledger(
        enterprise=enterprise,
        demands=list(
            _visible(FinancingDemand.objects.filter(enterprise=enterprise), user).order_by("-raised_on")
        ),
        loans=loans,
        subsidies=subsidies,
        insurance=list(
            _visible(TechInsurance.objects.filter(enterprise=enterprise).select_related("insurer"), user)
        ),
        investments=list(
            _visible(FundInvestment.objects.filter(enterprise=enterprise).select_related("fund"), user)
        ),
        attendance=list(
            _visible(EventAttendance.objects.filter(enterprise=enterprise).select_related("event"), user)
        ),
        visits=list(
            _visible(FinanceVisit.objects.filter(enterprise=enterprise).select_related("organisation"), user)
        ),
    )
    result.loan_total = sum((loan.amount for loan in loans), ZERO)
    result.subsidy_approved = sum(
        (s.approved or ZERO for s in subsidies if s.status == SubsidyStatus.APPROVED), ZERO
    )
    result.subsidy_requested = sum((s.requested for s in subsidies), ZERO)
    result.leverage = leverage(result.loan_total, result.subsidy_approved)
    result.demand_total = sum((d.amount for d in result.demands), ZERO)
    result.premium_total = sum((p.premium for p in result.insurance), ZERO)
    result.investment_total = sum((i.amount for i in result.investments), ZERO)
    return result


# --- the funnel -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    count: int
    amount: Decimal | None
    url: str


def _records_url(name: str, **params: Any) -> str:
    """The list page of the records behind a figure ("" where the pages are not mounted: an API alone)."""
    try:
        url = reverse(f"records:{name}_list")
    except (NoReverseMatch, KeyError):
        return ""
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def funnel(user: Any, period: Period) -> list[Stage]:
    """Events held in the period → the firms that attended them → financing demands raised in the period →
    loans made in the period (counts, with the amounts of demands and loans), within the user's scope."""
    start, end = period.start, period.end
    events = _visible(MatchmakingEvent.objects.filter(held_on__range=(start, end)), user)
    attendance = _visible(EventAttendance.objects.filter(event__in=events.values("pk")), user)
    demands = _visible(FinancingDemand.objects.filter(raised_on__range=(start, end)), user)
    loans = _visible(Loan.objects.filter(lent_on__range=(start, end)), user)
    year = period.year if period.kind == "year" else None
    return [
        Stage("events", _("对接活动"), events.count(), None, _records_url("matchmaking_event", year=year)),
        Stage(
            "firms",
            _("参会企业"),
            attendance.values("enterprise_id").distinct().count(),
            None,
            _records_url("event_attendance", year=year),
        ),
        Stage(
            "demands",
            _("融资需求"),
            demands.count(),
            _total(demands, "amount"),
            _records_url("financing_demand", year=year),
        ),
        Stage("loans", _("贷款"), loans.count(), _total(loans, "amount"), _records_url("loan", year=year)),
        Stage(
            "borrowers",
            _("获贷企业"),
            loans.values("enterprise_id").distinct().count(),
            None,
            _records_url("loan", year=year),
        ),
    ]


# --- the summary ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure of the summary: its value, unit and the records that make it."""

    key: str
    label: str
    value: Any
    unit: str
    url: str
    note: str = ""
    money: bool = False  # a yuan amount, shown in 万元


@dataclass
class Summary:
    year: int
    figures: list[Figure] = field(default_factory=list)

    def get(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def hnte_holders(year: int) -> QuerySet[Certificate]:
    """HNTE certificates valid at some time in the year (not revoked before it began)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return Certificate.objects.filter(
        kind=CertificateKind.HNTE, issued_on__lte=end, expires_on__gt=start
    ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=start))


def subsidy_applicants(user: Any, year: int) -> QuerySet[Enterprise]:
    """The firms that applied for the loan-interest subsidy in the year (within the user's scope)."""
    applications = _visible(InterestSubsidyApplication.objects.filter(year=year), user)
    return Enterprise.objects.filter(pk__in=applications.values("enterprise_id"))


def subsidy_rank(applicants: int, year: int) -> tuple[int | None, int]:
    """The city's rank in the province by applicant count, among the other cities' published counts for the
    year (peer figures), and how many cities are ranked; (None, 1) without any peer figure."""
    from rainforest.indicators.ranks import standing

    result = standing(SUBSIDY_APPLICANTS_INDICATOR, Period.whole_year(year), Decimal(applicants), city=CITY)
    return result.rank, result.of


def summary(user: Any, year: int) -> Summary:
    """The year's sci-tech finance figures within the user's scope, each linking to its records."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    institutions = _visible(ServiceInstitution.objects.filter(designated_on__range=(start, end)), user)
    events = _visible(MatchmakingEvent.objects.filter(held_on__range=(start, end)), user)
    visits = _visible(FinanceVisit.objects.filter(visited_on__range=(start, end)), user)
    loans = _visible(Loan.objects.filter(lent_on__range=(start, end)), user)
    applicants = subsidy_applicants(user, year)
    applicant_count = applicants.count()
    hnte_applicants = applicants.filter(pk__in=hnte_holders(year).values("enterprise_id")).count()
    # The province rank compares the whole city's count: shown only to those who see the whole city.
    city_wide = scope_for(user).reach is Reach.CITY
    rank, ranked = subsidy_rank(applicant_count, year) if city_wide else (None, 0)
    insurance = _visible(TechInsurance.objects.filter(starts_on__range=(start, end)), user)
    funds = _visible(Fund.objects.all(), user)
    loans = loans.filter(ARRANGED_LOAN)  # 促成贷款: the loans the bureau arranged
    loan_figures = loans.aggregate(total=Sum("amount"), firms=Count("enterprise", distinct=True))
    result = Summary(year=year)
    result.figures = [
        Figure(
            "service_institutions",
            _("科技金融服务机构"),
            institutions.count(),
            _("家"),
            _records_url("finance_service_institution", year=year),
        ),
        Figure(
            "events", _("银企对接活动"), events.count(), _("场"), _records_url("matchmaking_event", year=year)
        ),
        Figure(
            "firms_visited",
            _("走访企业"),
            visits.values("enterprise_id").distinct().count(),
            _("家"),
            _records_url("finance_visit", year=year),
            _("{count} 次走访").format(count=visits.count()),
        ),
        Figure(
            "loans",
            _("促成贷款"),
            loan_figures["total"] or ZERO,
            _("万元"),
            _records_url("loan", year=year, arranged="true"),
            _("{firms} 家企业，{count} 笔").format(firms=loan_figures["firms"], count=loans.count()),
            money=True,
        ),
        Figure(
            "subsidy_applicants",
            _("申请贷款贴息的企业"),
            applicant_count,
            _("家"),
            _records_url("interest_subsidy", year=year),
            (
                _("其中高新技术企业 {hnte} 家；全省第 {rank} 位（共 {of} 市）").format(
                    hnte=hnte_applicants, rank=rank, of=ranked
                )
                if rank is not None
                else _("其中高新技术企业 {hnte} 家；暂无全省排名").format(hnte=hnte_applicants)
                if city_wide
                else _("其中高新技术企业 {hnte} 家（您的数据范围内；全省排名按全市数据计）").format(
                    hnte=hnte_applicants
                )
            ),
        ),
        Figure(
            "insurance_premium",
            _("科技保险保费"),
            _total(insurance, "premium"),
            _("万元"),
            _records_url("tech_insurance", year=year),
            _("{count} 份保单").format(count=insurance.count()),
            money=True,
        ),
        Figure(
            "funds_planned",
            _("谋划中的科技基金"),
            funds.filter(status=FundStatus.PLANNED).count(),
            _("支"),
            _records_url("fund", status=FundStatus.PLANNED),
            "；".join(
                f"{f.name}（{f.partners}）" if f.partners else f.name
                for f in funds.filter(status=FundStatus.PLANNED)
            ),
        ),
    ]
    return result
