"""The demo registry: enterprises with yearly figures and certificates that make sense together.

Each firm follows a track (plan.BIG, plan.HNTE, …) that sets the ranges of its figures and the
certificates it holds. Figures are drawn first, then only certificates the figures allow are issued
(a tech-SME registration only when the previous year's employees, sales and assets are within the caps
of 国科发政〔2017〕115号 第六条; the figures come from `demo.figures`). Rows are written in batches by
`demo.bulk.insert` (bulk_create, or COPY on PostgreSQL) without change-log rows: the build itself is
recorded once, as a `DemoBuild`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from django.utils import timezone

from rainforest.demo import bulk, names
from rainforest.demo.bulk import Rows
from rainforest.demo.figures import within_tech_sme_caps, yearly_figures
from rainforest.demo.plan import (
    AS_OF,
    BATCH,
    BIG,
    BIG_DISTRICT_WEIGHTS,
    DISTRICT_WEIGHTS,
    HNTE,
    PARK_LEFT,
    PARK_NEXT,
    PARK_RESIDENT,
    PARK_TEAM,
    PLAIN,
    TECH_SME_YEARS,
    TRACK_SHARES,
    TSME,
    ZONE_SHARE,
    Plan,
)
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures

# Firms the seed report names (S14-S16, S22-S25), kept by their short names; all figures are synthetic.
NAMED_FIRMS: dict[int, list[tuple[str, str, str, str]]] = {
    # track: [(name, district, tech field, industry door)]
    BIG: [("太重集团榆次液压工业有限公司", "140702", "advanced_manufacturing", "C")],
    HNTE: [
        ("山西普丽环境工程股份有限公司", "140702", "resources_environment", "C"),
        ("山西德元堂药业有限公司", "140702", "bio_medicine", "C"),
        ("山西中纲不锈钢制品有限公司", "140702", "new_materials", "C"),
        ("山西晋农生物科技有限公司", "140703", "bio_medicine", "A"),
    ],
    PARK_TEAM: [("山西碳图科技有限公司", "140702", "new_materials", "C")],
}

# Tech-SME registrations (科技型中小企业评价入库) are published in batches. A firm registered last year
# renews with the yearly update, due by the end of March (the forest counts last year's registration
# until 31 March, forest-1.toml `registration_counts_until`), so a continuing firm never leaves the forest
# in spring; a first registration may come in any spring batch. Every batch is before AS_OF.
RENEWAL_BATCHES = ((2, 26), (3, 11), (3, 18), (3, 27))
TECH_SME_BATCHES = ((3, 18), (4, 12), (4, 29), (5, 23))
ISSUERS = {
    CertificateKind.TECH_SME: "山西省科学技术厅",
    CertificateKind.HNTE: "山西省科学技术厅 山西省财政厅 国家税务总局山西省税务局",
    CertificateKind.SPECIALISED_SME: "山西省工业和信息化厅",
    CertificateKind.INNOVATIVE_SME: "山西省工业和信息化厅",
    CertificateKind.LITTLE_GIANT: "工业和信息化部",
    CertificateKind.LONGTOU: "晋中市人民政府",
    CertificateKind.TECH_LEADER: "晋中市人民政府",
}


def day_between(rng: Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def lognormal(rng: Random, median: float, sigma: float, low: float, high: float) -> float:
    return min(high, max(low, rng.lognormvariate(math.log(median), sigma)))


def hnte_issue_date(year: int, batch: int) -> date:
    """HNTE certificates are issued in two batches late in the year (公示 then 备案)."""
    return date(year, 11, 20 + year % 7) if batch == 0 else date(year, 12, 5 + year % 9)


@dataclass
class Draft:
    """One firm before it is stored: the enterprise and its children (enterprise id set after insert)."""

    track: int
    enterprise: Enterprise
    district: str  # GB/T 2260 code
    zone: str | None  # development zone short name
    figures: list[YearlyFigures] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    candidate: bool = False  # worth a butler's visit: certificate expiring this year, or close to HNTE
    expiring: bool = False
    tech_sme_2025: bool = False
    has_hnte: bool = False


@dataclass
class Context:
    """Reference rows and running counters shared by every firm of one build."""

    regions: dict[str, Any]
    zones: dict[str, Any]
    sections: dict[str, Any]
    plan: Plan
    team_dates: list[date]
    companies: names.CompanyNames = field(default_factory=names.CompanyNames)
    codes: names.CreditCodes = field(default_factory=names.CreditCodes)
    serials: Counter[str] = field(default_factory=Counter)
    named: dict[int, list[tuple[str, str, str, str]]] = field(
        default_factory=lambda: {k: list(v) for k, v in NAMED_FIRMS.items()}
    )
    now: datetime = field(default_factory=timezone.now)
    big_seen: int = 0
    little_giants: int = 0

    def serial(self, key: str) -> int:
        self.serials[key] += 1
        return self.serials[key]


def tracks(rng: Random, plan: Plan) -> list[int]:
    """Every firm's track, in build order."""
    park = plan.park
    fixed = (
        [BIG] * plan.big
        + [PARK_TEAM] * park["team_firms"]
        + [PARK_RESIDENT] * (park["resident_firms"] - park["team_firms"])
        + [PARK_LEFT] * park["graduated_firms"]
        + [PARK_NEXT] * park["about_to_enter"]
    )
    rest = plan.size - len(fixed)
    hnte = round(rest * TRACK_SHARES[HNTE])
    tsme = round(rest * TRACK_SHARES[TSME])
    order = fixed + [HNTE] * hnte + [TSME] * tsme + [PLAIN] * (rest - hnte - tsme)
    rng.shuffle(order)
    return order


make_enterprise = Rows(Enterprise)
make_certificate = Rows(Certificate)


# --- One firm -------------------------------------------------------------------------------------------


def _place(rng: Random, track: int, ctx: Context) -> tuple[str, str | None]:
    if track in (PARK_TEAM, PARK_RESIDENT, PARK_LEFT):
        return ("140702", "晋中开发区") if rng.random() < 0.65 else ("140703", "农高区")
    district = names.weighted(rng, BIG_DISTRICT_WEIGHTS if track == BIG else DISTRICT_WEIGHTS)
    zone = None
    if district in ZONE_SHARE and rng.random() < ZONE_SHARE[district][1]:
        zone = ZONE_SHARE[district][0]
    return district, zone


def _founded(rng: Random, track: int, ctx: Context) -> date:
    if track == PARK_TEAM:
        return ctx.team_dates.pop(0)
    ranges = {
        BIG: (1995, 2012),
        HNTE: (1998, 2020),
        TSME: (2005, 2023),
        PLAIN: (1995, 2024),
        PARK_RESIDENT: (2020, 2024),
        PARK_LEFT: (2017, 2020),
        PARK_NEXT: (2021, 2024),
    }
    first, last = ranges[track]
    # Younger firms are more numerous: weight the year linearly upwards.
    years = list(range(first, last + 1))
    year = rng.choices(years, weights=[1 + i for i in range(len(years))])[0]
    founded = day_between(rng, date(year, 1, 1), date(year, 12, 28))
    if track == PARK_RESIDENT and rng.random() < 0.15:
        founded = day_between(rng, date(2025, 1, 2), date(2025, 4, 30))
    return min(founded, AS_OF - timedelta(days=30))


def _revenue_2024(rng: Random, track: int, ctx: Context) -> tuple[float, str]:
    """Operating revenue of 2024 and, for big firms, their role: designated, revenue tree, crossing (a
    high-tech firm whose revenue first passes 5亿 in 2024: 大变强 on 1 January 2025), other."""
    if track == BIG:
        index = ctx.big_seen
        ctx.big_seen += 1
        if index < ctx.plan.designated:
            return rng.uniform(8e8, 6e9), "designated"
        if index < ctx.plan.designated + ctx.plan.revenue_trees:
            return rng.uniform(5.6e8, 1.5e9), "revenue_tree"
        if index == ctx.plan.designated + ctx.plan.revenue_trees:
            return rng.uniform(5.3e8, 5.9e8), "crossing"
        return rng.uniform(1.2e8, 4.8e8), "other"
    medians = {HNTE: (4e7, 0.9, 5e6, 4.5e8), TSME: (8e6, 0.9, 5e5, 1.5e8), PLAIN: (1.5e7, 1.1, 2e5, 3e8)}
    median, sigma, low, high = medians.get(track, (2e6, 0.8, 1e5, 3e7))
    return lognormal(rng, median, sigma, low, high), ""


# Per-track ranges: (revenue per employee, S&T staff share, R&D ÷ sales, high-tech income share, Class I IP).
def _certificate(
    ctx: Context, kind: str, issued_on: date, *, year: int | None = None, number: str = ""
) -> Certificate:
    return make_certificate(
        kind=kind,
        issued_on=issued_on,
        expires_on=Certificate.default_expiry(kind, issued_on, year),
        year=year,
        number=number,
        issuer=ISSUERS[CertificateKind(kind)],
    )


def _tech_sme_years(rng: Random, track: int, founded: date, by_year: dict[int, YearlyFigures]) -> list[int]:
    """The registration years, each needing the previous year's figures within the caps."""
    if track == BIG:
        return []
    if track == TSME:
        start = rng.choices((2019, 2020, 2021, 2022, 2023, 2024, 2025), weights=(1, 1, 2, 2, 2.5, 2.5, 1.6))[
            0
        ]
        keep, resume = 0.95, 0.4  # continuing firms renew; a few lapse
    elif track == HNTE:
        start, keep, resume = 2021, 0.5, 0.5
    elif track == PLAIN:
        if rng.random() > 0.12:
            return []
        start, keep, resume = rng.choice((2021, 2022)), 0.5, 0.0
    else:  # park firms
        start, keep, resume = 2021, 0.85, 0.5
    years: list[int] = []
    active = True
    for year in TECH_SME_YEARS:
        if year < start or year <= founded.year:
            continue
        if years or track != TSME:
            active = rng.random() < (keep if active else resume)
        if track == PLAIN and year >= 2024:
            active = False
        # The 2020 figures are not in the registry: a 2021 registration is taken as checked then.
        if active and (year == TECH_SME_YEARS[0] or within_tech_sme_caps(by_year.get(year - 1))):
            years.append(year)
    return years


TREE_ROLES = ("designated", "revenue_tree", "crossing")  # big firms that hold a valid HNTE certificate


def _hnte_years(rng: Random, track: int, founded: date, role: str) -> list[int]:
    """Recognition years, newest first, in 3-year cycles; the newest decides validity on AS_OF."""
    if track == BIG:
        chance = 1.0 if role in TREE_ROLES else 0.6
    elif track == HNTE:
        chance = 1.0
    elif track in (PARK_LEFT, TSME):
        chance = 0.0
    else:
        return []
    if rng.random() >= chance:
        return []
    valid = role in TREE_ROLES or rng.random() < 0.9
    pool = (2022, 2023, 2024) if valid else (2019, 2020, 2021)
    # Recognised in 2022: expiring in late 2025, the year's 到期复审 (a new recognition); the share is set so that the
    # 2025 pipeline makes the seed's target of 109 new recognitions an open question on AS_OF.
    weights = (40, 28, 32) if valid else (1, 1, 1)
    latest = rng.choices(pool, weights=weights)[0]
    if latest <= founded.year:
        latest = founded.year + 1 if founded.year + 1 <= 2024 else 0
    if not latest:
        return []
    years = [latest]
    while rng.random() < 0.65 and years[-1] - 3 > founded.year and years[-1] - 3 >= 2012:
        years.append(years[-1] - 3)
    return years


def draft_firm(rng: Random, track: int, ctx: Context) -> Draft:
    """Draw one firm of `track` with its figures and certificates."""
    named = ctx.named.get(track) or []
    district, zone = _place(rng, track, ctx)
    tech_field = names.weighted(rng, names.FIELD_WEIGHTS)
    industry = names.weighted(rng, names.FIELD_PROFILE[tech_field][1])
    agriculture = zone == "农高区" and rng.random() < 0.5
    if agriculture:
        tech_field, industry = "bio_medicine", rng.choice(("A", "C", "M"))
    founded = _founded(rng, track, ctx)
    revenue_2024, role = _revenue_2024(rng, track, ctx)
    if named:
        name, district, tech_field, industry = named.pop(0)
        zone = "晋中开发区" if district == "140702" else "农高区"
        ctx.companies.reserve(name)
    else:
        name = ctx.companies.make(rng, district, tech_field, agriculture)
    region = district if rng.random() < 0.85 else "140700"
    enterprise = make_enterprise(
        credit_code=ctx.codes.make(rng, region, founded.year),
        name=name,
        district_id=ctx.regions[district].pk,
        development_zone_id=ctx.zones[zone].pk if zone else None,
        industry_id=ctx.sections[industry].pk,
        tech_field=tech_field,
        founded_on=founded,
        address=names.address(rng, ctx.regions[district].name),
        contact_name=names.person(rng),
        contact_phone=names.mobile(rng),
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    draft = Draft(track=track, enterprise=enterprise, district=district, zone=zone)
    # The crossing firm grew 22-30% in 2024, so its 2023 revenue stayed under 5亿.
    growth_2024 = rng.uniform(0.22, 0.3) if role == "crossing" else None
    draft.figures = yearly_figures(rng, track, founded, revenue_2024, zone is not None, growth_2024)
    by_year = {row.year: row for row in draft.figures}
    _add_certificates(rng, draft, ctx, by_year, role)
    return draft


def _add_certificates(
    rng: Random, draft: Draft, ctx: Context, by_year: dict[int, YearlyFigures], role: str
) -> None:
    track, founded = draft.track, draft.enterprise.founded_on
    certificates = draft.certificates
    registered = _tech_sme_years(rng, track, founded, by_year)
    for year in registered:
        month, day = rng.choice(RENEWAL_BATCHES if year - 1 in registered else TECH_SME_BATCHES)
        number = f"{year}1407{ctx.serial(f'tsme{year}'):06d}"
        certificates.append(
            _certificate(ctx, CertificateKind.TECH_SME, date(year, month, day), year=year, number=number)
        )
        draft.tech_sme_2025 = draft.tech_sme_2025 or year == 2025
    hnte_years = _hnte_years(rng, track, founded, role)
    previous_expiry: date | None = None
    for year in reversed(hnte_years):  # oldest first: a re-recognition follows its predecessor without a gap
        issued = hnte_issue_date(year, rng.randrange(2))
        if previous_expiry is not None:
            issued = min(issued, previous_expiry)
        number = f"GR{year}14{ctx.serial(f'gr{year}'):06d}"
        certificate = _certificate(ctx, CertificateKind.HNTE, issued, number=number)
        previous_expiry = certificate.expires_on
        certificates.append(certificate)
    draft.has_hnte = bool(hnte_years) and hnte_years[0] >= 2022
    draft.expiring = bool(hnte_years) and hnte_years[0] == 2022  # 到期复审 in late 2025
    revenue_2023 = float(by_year[2023].operating_revenue or 0) if 2023 in by_year else 0.0
    specialised = (
        track in (BIG, HNTE) and revenue_2023 >= 1e7 and rng.random() < (0.5 if track == BIG else 0.1)
    )
    if specialised:
        first = rng.choice((2021, 2022, 2023, 2024))
        years = [first] + ([first + 3] if first + 3 <= 2024 and rng.random() < 0.8 else [])
        for year in years:
            certificates.append(
                _certificate(ctx, CertificateKind.SPECIALISED_SME, date(year, 8, 10 + year % 5))
            )
        quota = max(1, round(5 * ctx.plan.factor))
        if revenue_2023 >= 1e8 and ctx.little_giants < quota:
            ctx.little_giants += 1
            certificates.append(
                _certificate(ctx, CertificateKind.LITTLE_GIANT, date(rng.choice((2022, 2023)), 7, 18))
            )
    innovative = (track == TSME and rng.random() < 0.06) or (track == HNTE and rng.random() < 0.1)
    if innovative and founded.year < 2022:
        year = rng.choice((2022, 2023, 2024, 2025))  # 2025: the spring evaluation, before AS_OF
        certificates.append(_certificate(ctx, CertificateKind.INNOVATIVE_SME, date(year, 5, 16 + year % 7)))
    if role == "designated":
        kind = CertificateKind.LONGTOU if ctx.big_seen % 2 else CertificateKind.TECH_LEADER
        # Designations last 3 years (to 20 March): valid on AS_OF when made in 2023, 2024 or March 2025.
        latest = rng.choice((2023, 2024, 2025))
        years = [latest] + ([latest - 3] if rng.random() < 0.5 else [])
        for year in years:
            certificates.append(_certificate(ctx, kind, date(year, 3, 20)))
    figures_2024 = by_year.get(2024)
    close_to_hnte = (
        track == TSME
        and draft.tech_sme_2025
        and figures_2024 is not None
        and (figures_2024.rd_expense or 0) >= (figures_2024.sales_revenue or 0) * Decimal("0.03")
        and (figures_2024.ip_class1 or 0) >= 1
    )
    draft.candidate = draft.expiring or close_to_hnte


def drafts(rng: Random, ctx: Context, order: list[int]) -> Iterator[list[Draft]]:
    """Firms in batches, in build order."""
    batch: list[Draft] = []
    for track in order:
        batch.append(draft_firm(rng, track, ctx))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def store(batch: list[Draft]) -> None:
    """Insert a batch of firms and their children; enterprise ids come back from the insert."""
    bulk.insert(Enterprise, [d.enterprise for d in batch], need_ids=True)
    figures: list[YearlyFigures] = []
    certificates: list[Certificate] = []
    for draft in batch:
        for row in draft.figures:
            row.enterprise_id = draft.enterprise.pk
            figures.append(row)
        for certificate in draft.certificates:
            certificate.enterprise_id = draft.enterprise.pk
            certificates.append(certificate)
    bulk.insert(YearlyFigures, figures)
    bulk.insert(Certificate, certificates)
