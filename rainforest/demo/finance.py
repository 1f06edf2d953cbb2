"""The demo city's sci-tech finance records (see rainforest.demo.areas), built so that the year's figures
come out of the records:

- 2 service institutions selected in 2025, both signed with 人保财险;
- 7 bank–enterprise matchmaking events in 2025, each attended by 晋中银行 and one or two other banks and
  by 8–14 firms;
- finance visits in 2025 to more than 100 distinct firms;
- loans made in 2025: 2,400万元 in total to 4 firms (linked to the demand and the event that led to them);
- 57 high-tech enterprises (each holding a valid HNTE certificate) applying in 2025 for the provincial
  loan-interest subsidy on a 2024 loan, each request within the loan's interest; the other cities'
  published applicant counts (peer figures) rank the city 2nd in the province;
- tech insurance premiums of 1.9万元 in total in 2025;
- 1 planned sci-tech fund with 省晋创投资 and 晋信资本, no amount;
- products of the three banks, and financing demands shared with the banks.

The `bank` demo user (晋中银行) lends most of the loans, attends every event and receives most demands."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random

from django.db import models
from django.db.models import Q

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation, Region
from rainforest.demo import organisations, people
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise
from rainforest.finance import models as m
from rainforest.finance.choices import FundStatus, GuaranteeKind, InsuranceKind, ProductKind, SubsidyStatus
from rainforest.finance.selectors import CITY, SUBSIDY_APPLICANTS_INDICATOR

ROOTS: tuple[type[models.Model], ...] = (
    m.MatchmakingEvent,
    m.Fund,
    m.FinancialProduct,
    m.ServiceInstitution,
)

YEAR = 2025
WAN = Decimal(10_000)
LOANS_2025 = (Decimal(800), Decimal(600), Decimal(500), Decimal(500))  # 万元: 2,400 to 4 firms
PREMIUMS_2025 = (Decimal(6000), Decimal(5500), Decimal(4500), Decimal(3000))  # 元: 1.9万元
SUBSIDY_APPLICANTS = 57
VISITED_FIRMS = 108
EVENTS = (
    ("晋中市2025年第一季度银企对接会", date(2025, 1, 16), None),
    ("榆次区科技型企业银企对接会", date(2025, 2, 26), "140702"),
    ("晋中国家农高区（太谷）科技金融对接会", date(2025, 3, 13), "140703"),
    ("知识产权质押融资专场对接会", date(2025, 3, 27), None),
    ("介休市专精特新企业银企对接会", date(2025, 4, 17), "140781"),
    ("晋中开发区科创企业融资路演", date(2025, 5, 8), "140702"),
    ("“科技贷”政策宣讲暨银企对接会", date(2025, 5, 22), None),
)
# Other cities' published counts of interest-subsidy applicants in 2025 (the demo's peer figures): only
# 太原市 has more than the city's 57.
PEER_COUNTS = {
    "太原市": 96,
    "长治市": 44,
    "大同市": 38,
    "运城市": 35,
    "临汾市": 31,
    "晋城市": 27,
    "吕梁市": 22,
    "忻州市": 18,
    "阳泉市": 15,
    "朔州市": 12,
}
PEER_SOURCE = "演示数据：山西省科技厅2025年科技金融贷款贴息申报情况"


def _institutions() -> dict[str, Organisation]:
    city = Region.objects.get(code="140700")
    existing = {
        o.name: o
        for o in Organisation.objects.filter(
            name__in=[people.BANK, "中国银行晋中分行", "山西银行晋中分行", "晋中市生产力促进中心"]
        )
    }
    made = {
        "picc": organisations.upsert(
            "中国人民财产保险股份有限公司晋中市分公司",
            code="picc-jz",
            kind=OrganisationKind.BANK,
            region=city,
        ),
        "kjjr": organisations.upsert(
            "晋中市科技金融服务中心", code="jz-kjjr", kind=OrganisationKind.SERVICE, region=city
        ),
    }
    found = {
        "jzbank": existing.get(people.BANK)
        or organisations.upsert(people.BANK, code="jzbank", kind=OrganisationKind.BANK, region=city),
        "boc": existing.get("中国银行晋中分行")
        or organisations.upsert("中国银行晋中分行", code="boc-jz", kind=OrganisationKind.BANK, region=city),
        "sxbank": existing.get("山西银行晋中分行")
        or organisations.upsert(
            "山西银行晋中分行", code="sxbank-jz", kind=OrganisationKind.BANK, region=city
        ),
        "scpc": existing.get("晋中市生产力促进中心")
        or organisations.upsert(
            "晋中市生产力促进中心", code="jz-scpc", kind=OrganisationKind.SERVICE, region=city
        ),
        "bureau": Organisation.objects.filter(kind=OrganisationKind.CITY_BUREAU).order_by("pk").first(),
    }
    return {**found, **made}  # type: ignore[dict-item]


def _day(rng: Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _hnte_firms(as_of: date) -> list[Enterprise]:
    valid = Certificate.objects.filter(
        kind=CertificateKind.HNTE, issued_on__lte=as_of, expires_on__gt=as_of
    ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=as_of))
    return list(Enterprise.objects.filter(pk__in=valid.values("enterprise_id")).order_by("pk"))


def build(rng: Random, *, as_of: date) -> dict[str, int]:
    """Store the area's demo records; returns what was stored, by kind."""
    firms = list(Enterprise.objects.order_by("pk"))
    if not firms:
        return {}
    orgs = _institutions()
    banks = [orgs["jzbank"], orgs["boc"], orgs["sxbank"]]
    end = min(as_of, date(YEAR, 12, 31))
    start = date(YEAR, 1, 1)

    # Service institutions (S27) and products.
    for key, day in (("scpc", date(2025, 3, 20)), ("kjjr", date(2025, 3, 20))):
        m.ServiceInstitution.objects.create(
            organisation=orgs[key],
            designated_on=min(day, end),
            partner="人保财险",
            note="省级科技金融服务机构",
        )
    products = [
        m.FinancialProduct.objects.create(
            institution=orgs["jzbank"],
            name="科创贷",
            kind=ProductKind.TECH_LOAN,
            rate_min=Decimal("3.20"),
            rate_max=Decimal("4.35"),
            max_amount=Decimal(1000) * WAN,
            term_months=36,
        ),
        m.FinancialProduct.objects.create(
            institution=orgs["jzbank"],
            name="知产贷",
            kind=ProductKind.IP_PLEDGE,
            rate_min=Decimal("3.45"),
            rate_max=Decimal("4.50"),
            max_amount=Decimal(500) * WAN,
            term_months=36,
        ),
        m.FinancialProduct.objects.create(
            institution=orgs["boc"],
            name="中银科技通宝",
            kind=ProductKind.CREDIT_LOAN,
            rate_min=Decimal("3.10"),
            rate_max=Decimal("3.85"),
            max_amount=Decimal(1000) * WAN,
            term_months=24,
        ),
        m.FinancialProduct.objects.create(
            institution=orgs["sxbank"],
            name="晋科贷",
            kind=ProductKind.TECH_LOAN,
            rate_min=Decimal("3.30"),
            rate_max=Decimal("4.20"),
            max_amount=Decimal(800) * WAN,
            term_months=36,
        ),
        m.FinancialProduct.objects.create(
            institution=orgs["sxbank"],
            name="人才贷",
            kind=ProductKind.TALENT_LOAN,
            rate_min=Decimal("3.50"),
            rate_max=Decimal("4.80"),
            max_amount=Decimal(300) * WAN,
            term_months=24,
        ),
    ]

    # Events (S28) with their banks and firms.
    regions = {r.code: r for r in Region.objects.filter(code__in=[e[2] for e in EVENTS if e[2]])}
    events: list[m.MatchmakingEvent] = []
    attendance: list[m.EventAttendance] = []
    attended: list[Enterprise] = []
    for title, day, code in EVENTS:
        region = regions.get(code) if code else None
        event = m.MatchmakingEvent.objects.create(
            title=title,
            held_on=min(day, end),
            organiser=orgs["bureau"],
            district=region,
            venue=f"{region.name if region else '晋中市'}科技局会议室",
        )
        events.append(event)
        for bank in [orgs["jzbank"], *rng.sample(banks[1:], rng.randint(1, 2))]:
            m.EventBank.objects.create(event=event, bank=bank)
        pool = [f for f in firms if region is None or f.district_id == region.pk] or firms
        for firm in rng.sample(pool, min(len(pool), rng.randint(8, 14))):
            attendance.append(
                m.EventAttendance(
                    event=event,
                    enterprise=firm,
                    outcome=rng.choice(["达成融资意向", "已提交需求", "", "了解产品"]),
                )
            )
            attended.append(firm)
    m.EventAttendance.objects.bulk_create(attendance)

    # Demands from attending firms, shared with banks.
    demand_firms = list(dict.fromkeys(attended))[:30]
    demands: list[m.FinancingDemand] = []
    for firm in demand_firms:
        demands.append(
            m.FinancingDemand.objects.create(
                enterprise=firm,
                raised_on=_day(rng, start, end),
                amount=Decimal(rng.choice([100, 200, 300, 500, 800, 1000])) * WAN,
                purpose=rng.choice(["研发投入", "设备购置", "流动资金", "中试放大", "技术改造"]),
                term_months=rng.choice([12, 24, 36]),
            )
        )
    shares = []
    for demand in demands:
        targets = [orgs["jzbank"]] if rng.random() < 0.8 else []
        targets += rng.sample(banks[1:], rng.randint(0, 1))
        for bank in targets or [orgs["boc"]]:
            shares.append(m.DemandShare(demand=demand, bank=bank, shared_on=demand.raised_on, note=""))
    m.DemandShare.objects.bulk_create(shares)

    # Loans made in 2025 (S30): 4 firms, 2,400万元, from the demands that led to them.
    loans_2025 = []
    for n, (demand, amount) in enumerate(zip(demands[:4], LOANS_2025, strict=False)):
        bank = orgs["jzbank"] if n < 3 else orgs["boc"]
        led_by = next((e.event for e in attendance if e.enterprise_id == demand.enterprise_id), None)
        loans_2025.append(
            m.Loan.objects.create(
                bank=bank,
                enterprise=demand.enterprise,
                contract_number=f"JZ{YEAR}-KJ-{n + 1:03d}",
                amount=amount * WAN,
                lent_on=min(demand.raised_on + timedelta(days=30), end),
                rate=Decimal("3.65"),
                term_months=24,
                guarantee=GuaranteeKind.IP_PLEDGE if n % 2 else GuaranteeKind.CREDIT,
                product=next((p for p in products if p.institution_id == bank.pk), None),
                demand=demand,
                event=led_by,
            )
        )
        demand.status = "financed"
        demand.save(update_fields=["status"])

    # Interest-subsidy applications (S31): 57 HNTEs, each on a loan of 2024.
    hntes = _hnte_firms(as_of)
    applicants = rng.sample(hntes, min(SUBSIDY_APPLICANTS, len(hntes)))
    applicants.sort(key=lambda firm: firm.pk)
    applications = []
    statuses = (
        [SubsidyStatus.APPROVED] * 20
        + [SubsidyStatus.REVIEWING] * 22
        + [SubsidyStatus.APPLIED] * 12
        + [SubsidyStatus.REJECTED] * 3
    )
    for n, firm in enumerate(applicants):
        bank = orgs["jzbank"] if n % 3 != 2 else rng.choice(banks[1:])
        amount = Decimal(rng.choice([100, 200, 300, 500, 600, 1000])) * WAN
        loan = m.Loan.objects.create(
            bank=bank,
            enterprise=firm,
            contract_number=f"JZ{YEAR - 1}-KJ-{n + 1:03d}",
            amount=amount,
            lent_on=date(YEAR - 1, rng.randint(1, 12), rng.randint(1, 28)),
            rate=Decimal(rng.choice(["3.45", "3.65", "3.85"])),
            term_months=12,
            guarantee=rng.choice(list(GuaranteeKind.values)),
        )
        interest = loan.interest
        requested = (interest * Decimal("0.5")).quantize(Decimal("0.01"))
        status = statuses[n % len(statuses)]
        applications.append(
            m.InterestSubsidyApplication(
                loan=loan,
                enterprise=firm,
                year=YEAR,
                interest_paid=interest,
                requested=requested,
                approved=requested if status == SubsidyStatus.APPROVED else None,
                status=status,
            )
        )
    m.InterestSubsidyApplication.objects.bulk_create(applications)

    # Visits in 2025 (S29): more than 100 distinct firms, some twice.
    visited = rng.sample(firms, min(VISITED_FIRMS, len(firms)))
    visits = []
    for n, firm in enumerate(visited + visited[:10]):
        visits.append(
            m.FinanceVisit(
                enterprise=firm,
                visited_on=_day(rng, start, end),
                organisation=orgs["bureau"] if n % 4 else rng.choice(banks),
                topics=rng.choice(
                    ["融资需求摸底", "科技贷政策宣讲", "知识产权质押融资辅导", "贷款贴息申报辅导"]
                )
                + f"（第{n // len(visited) + 1}次）",
                outcome=rng.choice(["", "有融资需求，已推送银行", "暂无融资需求"]),
            )
        )
    m.FinanceVisit.objects.bulk_create(visits)

    # Tech insurance (S32): 1.9万元 of premiums in 2025.
    insured = rng.sample(firms, min(len(PREMIUMS_2025), len(firms)))
    policies = [
        m.TechInsurance(
            enterprise=firm,
            insurer=orgs["picc"],
            policy_number=f"PICC-JZ-{YEAR}-{n + 1:04d}",
            kind=[InsuranceKind.RD_LOSS, InsuranceKind.KEY_STAFF, InsuranceKind.IP, InsuranceKind.RD_LOSS][n],
            premium=premium,
            cover=premium * 100,
            starts_on=date(YEAR, 3 + n, 1),
            ends_on=date(YEAR + 1, 3 + n, 1),
        )
        for n, (firm, premium) in enumerate(zip(insured, PREMIUMS_2025, strict=False))
    ]
    m.TechInsurance.objects.bulk_create(policies)

    # The planned fund (S33): no amount.
    m.Fund.objects.create(
        name="晋中市科技创新投资基金",
        partners="省晋创投资、晋信资本",
        status=FundStatus.PLANNED,
        planned_on=date(2025, 4, 15),
        manager="",
    )

    _peer_figures()
    return {
        "service_institutions": 2,
        "events": len(events),
        "firms_visited": len(set(visited)),
        "loans_2025": len(loans_2025),
        "subsidy_applicants": len(applications),
        "insurance_policies": len(policies),
        "funds": 1,
    }


def _peer_figures() -> None:
    """The other cities' published applicant counts (the same rows on every build)."""
    from rainforest.indicators.models import PeerFigure

    for city, count in PEER_COUNTS.items():
        PeerFigure.objects.update_or_create(
            indicator=SUBSIDY_APPLICANTS_INDICATOR,
            province="山西省",
            city=city,
            period=str(YEAR),
            source=PEER_SOURCE,
            defaults={"value": Decimal(count), "unit": "家", "published_on": date(2025, 6, 1)},
        )
    assert CITY not in PEER_COUNTS
