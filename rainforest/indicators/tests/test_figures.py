"""Each indicator's figure on crafted records: the city's value, the same period a year before and the change,
what a district officer (and the city asking for one district) sees, and the ranks from peer figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.tests.factories import CertificateFactory, district
from rainforest.finance.models import FinanceVisit
from rainforest.finance.tests import factories as finance
from rainforest.incubator.choices import TenancyStatus
from rainforest.incubator.models import Park, Team, Tenancy
from rainforest.indicators.definitions import all_definitions
from rainforest.indicators.figures import Figure, figures
from rainforest.indicators.models import PeerFigure, RevenueKind, ServiceRevenue
from rainforest.indicators.periods import Period
from rainforest.indicators.selectors import ScopeError
from rainforest.platforms.choices import PlatformLevel
from rainforest.platforms.tests.factories import make_platform, make_year
from rainforest.talent.tests.factories import (
    KeyDisciplineFactory,
    ResearchTeamFactory,
    TechManagerFactory,
    TraineeFactory,
    TrainingClassFactory,
    institution,
)
from rainforest.techmarket.tests.factories import contract

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 1)
Q1 = Period.quarter(2025, 1)

ISSUE_CODES = [
    "contracts.count",
    "contracts.turnover",
    "contracts.transaction",
    "sci_service.enterprises",
    "sci_service.revenue",
    "hnte.count",
    "hnte.new",
    "tech_sme.count",
    "platforms.provincial_key",
    "platforms.rd_input",
    "platforms.benefit",
    "managers.trained",
    "finance.events",
    "finance.visits",
    "finance.loans",
    "finance.loan_enterprises",
    "finance.subsidy_applications",
    "finance.insurance_premium",
    "incubator.enterprises",
    "incubator.teams",
    "incubator.approved",
    "incubator.negotiating",
    "census.universities",
    "census.disciplines",
    "census.platforms",
    "census.teams",
    "census.achievements",
]


def _revenue(firm: Any, month: date, yuan: str, kind: str = RevenueKind.REPORTED) -> None:
    row = ServiceRevenue(enterprise=firm, month=month, revenue=Decimal(yuan), kind=kind)
    row.full_clean()
    row.save()


def _contract(firm: Any, day: date, amount: str, tech: str) -> None:
    contract(
        seller_enterprise=firm,
        signed_on=day.replace(day=1),
        submitted_on=day.replace(day=2),
        registered_on=day,
        contract_amount=Decimal(amount),
        tech_transaction_amount=Decimal(tech),
    )


@pytest.fixture
def world(two_districts: dict[str, Any]) -> dict[str, Any]:
    """Records of one firm in 榆次区 (yuci) and one in 太谷区 (taigu), in 2025 Q1 and in 2024 Q1."""
    yuci, taigu = two_districts["yuci"], two_districts["taigu"]
    # technology contracts sold by the two firms
    _contract(yuci, date(2025, 2, 3), "1000000", "800000")
    _contract(yuci, date(2025, 3, 10), "2000000", "1500000")
    _contract(taigu, date(2025, 1, 20), "500000", "400000")
    _contract(yuci, date(2024, 2, 5), "1500000", "1000000")
    _contract(yuci, date(2025, 4, 2), "9000000", "9000000")  # after the quarter
    # sci-tech service revenue: March 2025 is still an estimate
    _revenue(yuci, date(2025, 1, 1), "1000000")
    _revenue(yuci, date(2025, 2, 1), "1200000")
    _revenue(yuci, date(2025, 3, 1), "800000", RevenueKind.ESTIMATE)
    _revenue(taigu, date(2025, 2, 1), "500000")
    _revenue(yuci, date(2024, 1, 1), "2000000")
    _revenue(taigu, date(2025, 4, 1), "7000000")  # after the quarter
    # certificates: yuci a high-tech enterprise since 2023, taigu recognised in February 2025
    CertificateFactory(enterprise=yuci, kind=CertificateKind.HNTE, issued_on=date(2023, 11, 1))
    CertificateFactory(enterprise=taigu, kind=CertificateKind.HNTE, issued_on=date(2025, 2, 10))
    CertificateFactory(enterprise=yuci, kind=CertificateKind.TECH_SME, issued_on=date(2025, 1, 5))
    # platforms: a provincial key platform hosted in yuci, a municipal one in taigu (not key)
    key = make_platform("榆次测试技术创新中心", host=yuci)
    make_year(key, 2024, "3000", "20000")
    make_year(key, 2023, "2000", "15000")
    other = make_platform("太谷测试中心", host=taigu, level=PlatformLevel.MUNICIPAL)
    make_year(other, 2024, "900", "900")
    # technology managers trained in a class that ended in March 2025
    march = TrainingClassFactory(starts_on=date(2025, 3, 10), ends_on=date(2025, 3, 20))
    TraineeFactory(training_class=march, manager=TechManagerFactory(region=district("140702")))
    TraineeFactory(training_class=march, manager=TechManagerFactory(region=district("140703")))
    # finance
    matchmaking = finance.event(district=district("140702"), held_on=date(2025, 2, 10))
    finance.event(district=None, held_on=date(2025, 3, 5))
    last_year = finance.event(district=district("140703"), held_on=date(2024, 3, 1))
    FinanceVisit.objects.create(enterprise=yuci, visited_on=date(2025, 2, 1), topics="融资需求")
    FinanceVisit.objects.create(enterprise=yuci, visited_on=date(2025, 3, 1), topics="回访")
    FinanceVisit.objects.create(enterprise=taigu, visited_on=date(2025, 3, 2), topics="融资需求")
    # 促成贷款 counts the loans arranged through a matchmaking event or a financing demand, no other loan
    loan = finance.loan(yuci, lent_on=date(2025, 3, 1), amount=Decimal("5000000"), event=matchmaking)
    finance.loan(taigu, lent_on=date(2025, 1, 15), amount=Decimal("3000000"), demand=finance.demand(taigu))
    finance.loan(yuci, lent_on=date(2024, 2, 1), amount=Decimal("4000000"), event=last_year)
    finance.loan(yuci, lent_on=date(2025, 2, 20), amount=Decimal("7000000"))  # the bank's own: not counted
    finance.subsidy(loan, year=2025)
    finance.insurance(yuci, starts_on=date(2025, 2, 1), premium=Decimal("9500"))
    # the incubator: a park in yuci
    park = Park.objects.create(name="测试孵化园", district=district("140702"))
    Tenancy.objects.create(
        park=park, enterprise=yuci, status=TenancyStatus.RESIDENT, entered_on=date(2024, 1, 1)
    )
    Tenancy.objects.create(
        park=park, enterprise=taigu, status=TenancyStatus.ABOUT_TO_ENTER, approved_on=date(2025, 2, 1)
    )
    resident_team = Team.objects.create(name="测试入驻团队", district=district("140702"))
    Tenancy.objects.create(
        park=park, team=resident_team, status=TenancyStatus.RESIDENT, entered_on=date(2025, 1, 5)
    )
    talking_team = Team.objects.create(name="测试在谈团队", district=district("140702"))
    Tenancy.objects.create(
        park=park,
        team=talking_team,
        status=TenancyStatus.NEGOTIATING,
        negotiating_on=date(2025, 1, 10),
    )
    # the census: an institute in yuci (2 disciplines, 1 team), one in taigu (1 discipline)
    yuci_institute = institution("榆次测试学院", region="140702")
    taigu_institute = institution("太谷测试学院", region="140703")
    KeyDisciplineFactory(organisation=yuci_institute)
    KeyDisciplineFactory(organisation=yuci_institute)
    KeyDisciplineFactory(organisation=taigu_institute)
    ResearchTeamFactory(organisation=yuci_institute)
    return two_districts


def _by_code(rows: list[Figure]) -> dict[str, Figure]:
    return {row.code: row for row in rows}


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# code: (the city's value, a year before, change %) for 2025 Q1
CITY = {
    "contracts.count": ("3", "1", "200.0"),
    "contracts.turnover": ("3500000", "1500000", "133.3"),
    "contracts.transaction": ("2700000", "1000000", "170.0"),
    "sci_service.enterprises": ("2", "1", "100.0"),
    "sci_service.revenue": ("3500000", "2000000", "75.0"),
    "hnte.count": ("2", "1", "100.0"),
    "hnte.new": ("1", "0", None),
    "tech_sme.count": ("1", "0", None),
    "platforms.provincial_key": ("1", "1", "0.0"),
    "platforms.rd_input": ("30000000", "20000000", "50.0"),
    "platforms.benefit": ("200000000", "150000000", "33.3"),
    "managers.trained": ("2", "0", None),
    "finance.events": ("2", "1", "100.0"),
    "finance.visits": ("2", "0", None),
    "finance.loans": ("8000000", "4000000", "100.0"),
    "finance.loan_enterprises": ("2", "1", "100.0"),
    "finance.subsidy_applications": ("1", "0", None),
    "finance.insurance_premium": ("9500", "0", None),
    "incubator.enterprises": ("1", "1", "0.0"),
    "incubator.teams": ("1", "0", None),
    "incubator.approved": ("1", "0", None),
    "incubator.negotiating": ("1", "0", None),
    "census.universities": ("3", None, None),  # the cast's 山西农业大学 too
    "census.disciplines": ("3", None, None),
    "census.platforms": ("0", None, None),
    "census.teams": ("1", None, None),
    "census.achievements": ("0", None, None),
}

# code: (榆次区's value, a year before) for 2025 Q1
YUCI = {
    "contracts.count": ("2", "1"),
    "contracts.turnover": ("3000000", "1500000"),
    "sci_service.enterprises": ("1", "1"),
    "sci_service.revenue": ("3000000", "2000000"),
    "hnte.count": ("1", "1"),
    "hnte.new": ("0", "0"),
    "tech_sme.count": ("1", "0"),
    "platforms.provincial_key": ("1", "1"),
    "platforms.rd_input": ("30000000", "20000000"),
    "managers.trained": ("1", "0"),
    "finance.events": ("1", "0"),
    "finance.visits": ("1", "0"),
    "finance.loans": ("5000000", "4000000"),
    "finance.subsidy_applications": ("1", "0"),
    "incubator.enterprises": ("1", "1"),
    "incubator.teams": ("1", "0"),
    "census.universities": ("1", None),
    "census.disciplines": ("2", None),
    "census.teams": ("1", None),
}


def test_every_code_of_the_issue_is_defined_once() -> None:
    codes = [definition.code for definition in all_definitions()]
    assert sorted(codes) == sorted(ISSUE_CODES)
    assert len(codes) == len(set(codes))


def test_each_indicator_counts_the_records_of_the_period_and_a_year_before(world: Any, city: Any) -> None:
    rows = _by_code(figures(Q1, user=city, as_of=AS_OF))
    actual = {code: (row.value, row.previous, row.change) for code, row in rows.items()}
    expected = {code: (_d(v), _d(p), _d(c)) for code, (v, p, c) in CITY.items()}
    assert actual == expected


def test_a_figure_that_includes_an_estimate_says_so(world: Any, city: Any) -> None:
    rows = _by_code(figures(Q1, user=city, as_of=AS_OF))
    assert rows["sci_service.revenue"].estimate is True
    assert rows["contracts.turnover"].estimate is False
    january = _by_code(figures(Period.month(2025, 1), user=city, as_of=AS_OF))
    assert january["sci_service.revenue"].value == Decimal("1000000")
    assert january["sci_service.revenue"].estimate is False


def test_a_district_officer_gets_their_district_only(world: Any, district_yuci: Any) -> None:
    rows = _by_code(figures(Q1, user=district_yuci, as_of=AS_OF))
    actual = {code: (rows[code].value, rows[code].previous) for code in YUCI}
    assert actual == {code: (_d(v), _d(p)) for code, (v, p) in YUCI.items()}
    assert all(row.rank is None for row in rows.values())
    assert figures(Q1, user=district_yuci, district="140702", as_of=AS_OF)[0].value == Decimal(2)
    with pytest.raises(ScopeError, match="太谷区 不在您的数据范围内"):
        figures(Q1, user=district_yuci, district="140703", as_of=AS_OF)


def test_the_city_asking_for_a_district_sees_what_its_officer_sees(world: Any, city: Any) -> None:
    rows = _by_code(figures(Q1, user=city, district="140702", as_of=AS_OF))
    actual = {code: (rows[code].value, rows[code].previous) for code in YUCI}
    assert actual == {code: (_d(v), _d(p)) for code, (v, p) in YUCI.items()}
    assert (
        rows["contracts.turnover"].records_url
        == "/records/contract/?period=2025Q1&side=output&district=140702"
    )


def test_a_user_outside_every_scope_counts_nothing(world: Any, outsider: Any) -> None:
    rows = _by_code(figures(Q1, user=outsider, as_of=AS_OF))
    assert rows["contracts.count"].value == Decimal(0)
    assert rows["sci_service.revenue"].value == Decimal(0)
    assert rows["finance.loans"].value == Decimal(0)


def test_an_unknown_district_or_code_is_refused(world: Any, city: Any) -> None:
    with pytest.raises(ScopeError, match="999999 不存在"):
        figures(Q1, user=city, district="999999")
    with pytest.raises(ValueError, match=r"nope\.count"):
        figures(Q1, user=city, codes=["contracts.count", "nope.count"])


def _peer(indicator: str, period: str, city: str, value: str, unit: str) -> None:
    PeerFigure.objects.create(
        indicator=indicator,
        city=city,
        period=period,
        value=Decimal(value),
        unit=unit,
        source="测试来源",
        published_on=date(2025, 5, 1),
    )


def test_ranks_come_from_the_peer_figures_of_the_period_or_the_same_days(world: Any, city: Any) -> None:
    # contract turnover, Q1: one city above 350万 in 2025; two above 150万 in 2024
    _peer("contracts.turnover", "2025Q1", "太原市", "900", "万元")
    _peer("contracts.turnover", "2025Q1", "大同市", "100", "万元")
    _peer("contracts.turnover", "2024Q1", "太原市", "800", "万元")
    _peer("contracts.turnover", "2024Q1", "大同市", "200", "万元")
    # service revenue published for 1–3月: the first quarter reads it
    _peer("sci_service.revenue", "2025YTD03", "太原市", "0.01", "亿元")
    # subsidy applicants are published for the whole year
    _peer("finance.subsidy_applicants", "2025", "太原市", "5", "家")
    rows = _by_code(figures(Q1, user=city, as_of=AS_OF))
    assert (rows["contracts.turnover"].rank, rows["contracts.turnover"].previous_rank) == (2, 3)
    assert (rows["sci_service.revenue"].rank, rows["sci_service.revenue"].previous_rank) == (1, None)
    assert rows["finance.subsidy_applications"].rank == 2
    assert rows["contracts.count"].rank is None  # no peer figure of the count
    # a district has no rank among cities
    assert _by_code(figures(Q1, user=city, district="140702", as_of=AS_OF))["contracts.turnover"].rank is None


def test_the_json_object_carries_money_in_yuan_and_numbers_as_numbers(world: Any, city: Any) -> None:
    row = _by_code(figures(Q1, user=city, codes=["contracts.turnover"], as_of=AS_OF))["contracts.turnover"]
    assert row.as_json() == {
        "code": "contracts.turnover",
        "name": "技术合同成交额",
        "unit": "元",
        "value": 3500000,
        "previous": 1500000,
        "change": 133.3,
        "rank": None,
        "previous_rank": None,
    }


def test_a_holder_counts_once_and_a_revoked_certificate_not_after_its_revocation(
    two_districts: dict[str, Any], city: Any
) -> None:
    yuci, taigu = two_districts["yuci"], two_districts["taigu"]
    # 榆次: a certificate of 2022 and its successor of 2024 both valid on 2024-03-31 and 2025-03-31
    CertificateFactory(
        enterprise=yuci, kind=CertificateKind.HNTE, issued_on=date(2022, 12, 1), expires_on=date(2025, 12, 1)
    )
    CertificateFactory(enterprise=yuci, kind=CertificateKind.HNTE, issued_on=date(2024, 1, 15))
    # 太谷: valid a year before, revoked since; a tech-SME registration that does not count as HNTE
    CertificateFactory(
        enterprise=taigu, kind=CertificateKind.HNTE, issued_on=date(2023, 6, 1), revoked_on=date(2024, 8, 1)
    )
    CertificateFactory(enterprise=taigu, kind=CertificateKind.TECH_SME, issued_on=date(2025, 2, 1))
    rows = _by_code(figures(Q1, user=city, as_of=AS_OF))
    assert (rows["hnte.count"].value, rows["hnte.count"].previous) == (Decimal(1), Decimal(2))
    assert (rows["tech_sme.count"].value, rows["tech_sme.count"].previous) == (Decimal(1), Decimal(0))
