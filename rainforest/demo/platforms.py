"""The demo city's innovation platforms (see rainforest.demo.areas), built after the talent area (its
universities exist by then), so that the seed's platform figures come out of the records:

- 8 provincial key innovation platforms (省级重点创新平台: recognised provincial technology innovation
  centres, key laboratories and engineering research centres — the types marked `key_platform`), six
  hosted by firms of the registry and two by 山西农业大学, whose 2024 R&D input sums to 3亿元 and direct
  economic benefit to 21.56亿元 (S11–S13); 普丽环境's provincial technology innovation centre among them,
  with 1.01亿元 of conversion income in 2024, the largest (S14);
- the 3 institutions recommended in 2025 as provincial new-type R&D institutions, 晋农生物 and 通用航空
  among them: municipal 新型研发机构 with `recommended_year` 2025 (S15);
- the 2 technology innovation centres co-built in 2025, 太重榆液 with 燕山大学 and 德元堂药业 with
  沈阳药科大学 (S16): approved in 2025, the universities outside the city as co-building partners;
- the 2025 plan (S17–S19: 3 municipal new-type R&D institutions, 10 pilot bases, 2 alliances) with some
  of it done by the as-of date (recognised in 2025) and some under construction;
- 51 platforms hosted by the universities (the census's figure, S36), spread over the universities;
- a few more municipal platforms of firms, so that scorecards rank several of a type and level;
- yearly performance for 2022–2024 for every platform existing in the year.

The six platform types are reference data (the data migration's): they are used, never made or wiped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from random import Random

from django.db import models

from rainforest.core import credit_code
from rainforest.core.choices import OrganisationKind, TechField
from rainforest.core.models import Organisation, Region
from rainforest.enterprises.models import Enterprise
from rainforest.platforms.choices import PartnerRole, PlatformLevel, PlatformStatus
from rainforest.platforms.models import (
    Platform,
    PlatformPartner,
    PlatformPerformance,
    PlatformPlan,
    PlatformType,
)

ROOTS: tuple[type[models.Model], ...] = (Platform, PlatformPlan)

WAN = Decimal(10_000)
YEARS = (2022, 2023, 2024)
SOURCE = "晋中市科技局《“草本灌木”育新机 “乔木成林”筑高地》（2025-06-06）"

# The seed's figures (万元).
KEY_RD_INPUT_2024 = 30_000  # 3亿元
KEY_BENEFIT_2024 = 215_600  # 21.56亿元
PULI_CONVERSION = 10_100  # 1.01亿元
UNIVERSITY_PLATFORMS = 51

CENTRE, LAB, ENGINEERING = "技术创新中心", "重点实验室", "工程技术研究中心"
NEW_RD, PILOT, ALLIANCE = "新型研发机构", "中试基地", "产业技术创新战略联盟"
P, M = PlatformLevel.PROVINCIAL, PlatformLevel.MUNICIPAL

PULI = "山西普丽环境工程股份有限公司"
TAIZHONG = "太重集团榆次液压工业有限公司"
DEYUANTANG = "山西德元堂药业有限公司"
JINNONG = "山西晋农生物科技有限公司"
AVIATION = "通用航空"  # the seed's short name: a registry firm so named, or one made here

TOPICS: dict[str, tuple[str, ...]] = {
    TechField.ELECTRONIC_INFO: ("智能传感", "工业互联网", "集成电路封测"),
    TechField.BIO_MEDICINE: ("中药现代化", "生物制药", "功能食品"),
    TechField.AEROSPACE: ("通用航空装备", "航空材料"),
    TechField.NEW_MATERIALS: ("先进金属材料", "碳基材料", "特种陶瓷"),
    TechField.HITECH_SERVICES: ("检验检测", "工业软件"),
    TechField.NEW_ENERGY: ("氢能装备", "光伏储能"),
    TechField.RESOURCES_ENVIRONMENT: ("固废资源化", "大气污染防治"),
    TechField.ADVANCED_MANUFACTURING: ("智能装备", "液压传动", "精密铸造"),
}
UNIVERSITY_TOPICS = (
    "杂粮育种",
    "设施园艺",
    "畜禽健康养殖",
    "农产品加工",
    "中药资源",
    "中医药防治",
    "智能制造",
    "新能源材料",
    "数据智能",
    "生态修复",
    "食品安全检测",
    "功能材料",
    "文化遗产数字化",
    "煤基材料",
)
UNIVERSITY_TYPES = ((LAB, 4), (ENGINEERING, 4), (CENTRE, 2), (PILOT, 1), (NEW_RD, 1))


class Builder:
    """The platforms of one build, with the names taken so far."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.types = {t.name: t for t in PlatformType.objects.all()}
        self.names: set[str] = set(Platform.objects.values_list("name", flat=True))
        self.platforms: list[Platform] = []
        self.partners: list[tuple[Platform, PlatformPartner]] = []

    def name(self, wanted: str) -> str:
        name, n = wanted, 2
        while name in self.names:
            name, n = f"{wanted}（{n}）", n + 1
        self.names.add(name)
        return name

    def add(
        self,
        name: str,
        type_name: str,
        level: str,
        host: Enterprise | Organisation,
        *,
        approved_on: date,
        recognised_on: date | None = None,
        field: str = "",
        recommended_year: int | None = None,
        document_number: str = "",
    ) -> Platform:
        hosts = {"host_organisation": host} if isinstance(host, Organisation) else {"host_enterprise": host}
        platform = Platform(
            name=self.name(name),
            type=self.types[type_name],
            level=level,
            status=PlatformStatus.RECOGNISED if recognised_on else PlatformStatus.BUILDING,
            approved_on=approved_on,
            recognised_on=recognised_on,
            field=field,
            source="晋中市科技局",
            document_number=document_number,
            recommended_year=recommended_year,
            **hosts,
        )
        platform.full_clean(validate_unique=False)
        self.platforms.append(platform)
        return platform

    def partner(
        self,
        platform: Platform,
        role: str,
        *,
        organisation: Organisation | None = None,
        enterprise: Enterprise | None = None,
        outside_name: str = "",
    ) -> None:
        self.partners.append(
            (
                platform,
                PlatformPartner(
                    role=role, organisation=organisation, enterprise=enterprise, outside_name=outside_name
                ),
            )
        )

    def day(self, year: int, first_month: int = 1, last_month: int = 12) -> date:
        return date(year, self.rng.randint(first_month, last_month), self.rng.randint(1, 28))


def _split(rng: Random, total: int, parts: int, spread: float = 0.5) -> list[int]:
    """`total` in `parts` whole amounts, each near an equal share (±spread), summing exactly to it."""
    weights = [1 + rng.uniform(-spread, spread) for _ in range(parts)]
    amounts = [round(total * w / sum(weights)) for w in weights[:-1]]
    return [*amounts, total - sum(amounts)]


def _firm(name: str) -> Enterprise | None:
    return Enterprise.objects.filter(name=name).order_by("pk").first()


def _aviation_firm(rng: Random) -> Enterprise:
    """The seed's 通用航空: the registry's first firm of that name, else one registered here."""
    found = Enterprise.objects.filter(name__contains=AVIATION).order_by("credit_code").first()
    if found is not None:
        return found
    district = Region.objects.get(code="140702")
    while True:
        body = "MA" + "".join(rng.choice(credit_code.ALPHABET) for _ in range(6))
        code = credit_code.build("91", district.code, body)
        if not Enterprise.objects.filter(credit_code=code).exists():
            break
    return Enterprise.objects.create(
        credit_code=code,
        name="山西通用航空科技有限公司",
        district=district,
        tech_field=TechField.AEROSPACE,
        founded_on=date(2019, 4, 16),
    )


def _picked_firms(rng: Random, exclude: set[int], count: int) -> list[Enterprise]:
    """`count` firms of the registry with a tech field, drawn deterministically (by credit code)."""
    pool = list(
        Enterprise.objects.exclude(tech_field="").exclude(pk__in=exclude).order_by("credit_code")[:400]
    )
    return rng.sample(pool, min(count, len(pool)))


def _short(firm: Enterprise) -> str:
    name = firm.name
    for prefix in ("山西省", "山西", "晋中市", "晋中"):
        name = name.removeprefix(prefix)
    for suffix in ("股份有限公司", "有限责任公司", "有限公司", "集团"):
        name = name.removesuffix(suffix)
    return name.removesuffix("科技")[:8]


def build(rng: Random, *, as_of: date) -> dict[str, int]:
    """Store the area's demo records; returns what was stored, by kind."""
    builder = Builder(rng)
    year = as_of.year  # 2025: the plan's year, the recommendations and the co-built centres
    used: set[int] = set()

    # --- the 8 provincial key platforms (S11–S14) ---------------------------------------------------------
    named = [
        (_firm(PULI), CENTRE, "环保催化材料"),
        (_firm(TAIZHONG), ENGINEERING, "液压元件"),
        (_firm(DEYUANTANG), LAB, "中药制剂"),
    ]
    hosts = [(firm, kind, topic) for firm, kind, topic in named if firm is not None]
    used.update(firm.pk for firm, _kind, _topic in hosts)
    for firm in _picked_firms(rng, used, 6 - len(hosts)):
        hosts.append((firm, rng.choice((CENTRE, LAB, ENGINEERING)), rng.choice(TOPICS[firm.tech_field])))
        used.add(firm.pk)
    key: list[Platform] = []
    for firm, kind, topic in hosts:
        approved = builder.day(rng.randint(2014, 2019))
        key.append(
            builder.add(
                f"山西省{topic}{kind}",
                kind,
                P,
                firm,
                approved_on=approved,
                recognised_on=builder.day(approved.year + 2),
                field=firm.tech_field,
                document_number=f"晋科发〔{approved.year + 2}〕{rng.randint(10, 99)}号",
            )
        )
    universities = list(Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY).order_by("code"))
    sxau = next((u for u in universities if u.code == "sxau"), universities[0] if universities else None)
    if sxau is not None:
        for kind, topic in ((LAB, "杂粮种质创新与分子育种"), (ENGINEERING, "旱作农业机械")):
            approved = builder.day(rng.randint(2013, 2018))
            key.append(
                builder.add(
                    f"山西省{topic}{kind}",
                    kind,
                    P,
                    sxau,
                    approved_on=approved,
                    recognised_on=builder.day(approved.year + 2),
                    field=TechField.ADVANCED_MANUFACTURING if kind == ENGINEERING else TechField.BIO_MEDICINE,
                )
            )

    # --- the 3 recommended to the province as new-type R&D institutions (S15) -----------------------------
    recommended_hosts = [f for f in (_firm(JINNONG), _aviation_firm(rng)) if f is not None]
    used.update(f.pk for f in recommended_hosts)
    recommended_hosts += _picked_firms(rng, used, 3 - len(recommended_hosts))
    used.update(f.pk for f in recommended_hosts)
    for firm in recommended_hosts:
        approved = builder.day(rng.randint(2020, 2022))
        builder.add(
            f"晋中{_short(firm)}产业技术研究院",
            NEW_RD,
            M,
            firm,
            approved_on=approved,
            recognised_on=builder.day(approved.year + 1),
            field=firm.tech_field,
            recommended_year=year,
        )

    # --- the 2 co-built centres (S16) ---------------------------------------------------------------------
    for host_name, topic, partner_name in (
        (TAIZHONG, "高端液压", "燕山大学"),
        (DEYUANTANG, "中药创新药", "沈阳药科大学"),
    ):
        co_host = _firm(host_name)
        if co_host is None:
            continue
        centre = builder.add(
            f"晋中市{topic}{CENTRE}",
            CENTRE,
            M,
            co_host,
            approved_on=builder.day(year, 2, 5),
            field=co_host.tech_field,
        )
        organisation = Organisation.objects.filter(name=partner_name).first()
        builder.partner(
            centre,
            PartnerRole.CO_BUILDER,
            organisation=organisation,
            outside_name="" if organisation else partner_name,
        )

    # --- the 2025 plan (S17–S19) and what was done by the as-of date ------------------------------------
    plan = ((NEW_RD, 3, 1, 1), (PILOT, 10, 4, 3), (ALLIANCE, 2, 0, 1))  # type, planned, recognised, building
    plans = []
    for type_name, planned, done, building in plan:
        plans.append(
            PlatformPlan(year=year, type=builder.types[type_name], level=M, planned=planned, source=SOURCE)
        )
        for firm in _picked_firms(rng, used, done + building):
            used.add(firm.pk)
            topic = rng.choice(TOPICS[firm.tech_field])
            label = f"晋中{topic}{type_name}" if type_name != ALLIANCE else f"晋中{topic}产业技术创新战略联盟"
            if done:
                done -= 1
                approved = builder.day(year - 1, 3, 10)
                recognised: date | None = builder.day(year, 1, as_of.month - 1)
            else:
                approved, recognised = builder.day(year, 1, as_of.month - 1), None
            platform = builder.add(
                label,
                type_name,
                M,
                firm,
                approved_on=approved,
                recognised_on=recognised,
                field=firm.tech_field,
            )
            if type_name == ALLIANCE:
                for member in _picked_firms(rng, used | {firm.pk}, 4):
                    builder.partner(platform, PartnerRole.MEMBER, enterprise=member)

    # --- more municipal platforms of firms (some earlier ones, one revoked) ---------------------------------
    for firm in _picked_firms(rng, used, 12):
        used.add(firm.pk)
        kind = rng.choice((CENTRE, LAB, ENGINEERING, PILOT))
        approved = builder.day(rng.randint(2016, 2021))
        builder.add(
            f"晋中市{rng.choice(TOPICS[firm.tech_field])}{kind}",
            kind,
            M,
            firm,
            approved_on=approved,
            recognised_on=builder.day(approved.year + 1),
            field=firm.tech_field,
        )
    revoked = builder.platforms[-1]
    revoked.status, revoked.revoked_on = PlatformStatus.REVOKED, date(2024, 9, 30)

    # --- the universities' platforms: 51 with the two key ones (S36) ------------------------------------
    hosted = sum(1 for p in builder.platforms if p.host_organisation_id)
    kinds = [kind for kind, weight in UNIVERSITY_TYPES for _ in range(weight)]
    for n in range(UNIVERSITY_PLATFORMS - hosted if universities else 0):
        university = universities[n % len(universities)]
        kind = rng.choice(kinds)
        approved = builder.day(rng.randint(2012, 2023))
        recognised = builder.day(approved.year + 1) if approved.year < 2023 else None
        builder.add(
            f"{university.name}{rng.choice(UNIVERSITY_TOPICS)}{kind}",
            kind,
            M,
            university,
            approved_on=approved,
            recognised_on=recognised,
        )

    Platform.objects.bulk_create(builder.platforms)
    rows = []
    for platform, partner in builder.partners:
        partner.platform = platform
        rows.append(partner)
    PlatformPartner.objects.bulk_create(rows)
    existing_plans = {(p.year, p.type_id, p.level) for p in PlatformPlan.objects.filter(year=year)}
    PlatformPlan.objects.bulk_create([p for p in plans if (p.year, p.type_id, p.level) not in existing_plans])
    performances = _performances(rng, builder.platforms, key, puli=_firm(PULI))
    PlatformPerformance.objects.bulk_create(performances)
    return {
        "platforms": len(builder.platforms),
        "partners": len(rows),
        "plans": len(plans),
        "performances": len(performances),
    }


def _performances(
    rng: Random, platforms: list[Platform], key: list[Platform], *, puli: Enterprise | None
) -> list[PlatformPerformance]:
    """2022–2024 for every platform existing in the year; the key platforms' 2024 to the seed's sums."""
    rows: list[PlatformPerformance] = []
    key_ids = {id(p) for p in key}
    rd_2024 = dict(zip(map(id, key), _split(rng, KEY_RD_INPUT_2024, len(key)), strict=True)) if key else {}
    ratios = {id(p): rng.uniform(4.5, 10.5) for p in key}
    raw = {k: rd_2024[k] * ratios[k] for k in rd_2024}
    benefit_2024: dict[int, int] = {}
    ordered = list(rd_2024)
    for k in ordered[:-1]:
        benefit_2024[k] = round(KEY_BENEFIT_2024 * raw[k] / sum(raw.values()))
    if ordered:
        benefit_2024[ordered[-1]] = KEY_BENEFIT_2024 - sum(benefit_2024.values())
    for platform in platforms:
        started = platform.started_on
        assert started is not None
        ended = platform.revoked_on
        for year in YEARS:
            if year < started.year or (ended and year > ended.year):
                continue
            if id(platform) in key_ids:
                shrink = Decimal(str(0.82 + 0.06 * (year - 2022))) if year < 2024 else Decimal(1)
                rd = Decimal(rd_2024[id(platform)]) * shrink
                benefit = Decimal(benefit_2024[id(platform)]) * shrink * Decimal(str(rng.uniform(0.9, 1.05)))
                conversion = (
                    Decimal(PULI_CONVERSION) * shrink
                    if puli is not None
                    and platform.host_enterprise_id == puli.pk
                    and platform.type.name == CENTRE
                    else benefit * Decimal(str(rng.uniform(0.05, 0.2)))
                )
                if year == 2024:
                    benefit = Decimal(benefit_2024[id(platform)])
                    if conversion >= PULI_CONVERSION and platform.host_enterprise_id != getattr(
                        puli, "pk", None
                    ):
                        conversion = Decimal(PULI_CONVERSION) * Decimal("0.8")
            else:
                rd = Decimal(rng.randint(80, 1200)) * Decimal(str(1 + 0.08 * (year - 2022)))
                benefit = rd * Decimal(str(rng.uniform(1.5, 8)))
                conversion = benefit * Decimal(str(rng.uniform(0.02, 0.25)))
            rows.append(
                PlatformPerformance(
                    platform=platform,
                    year=year,
                    rd_input=(rd.quantize(Decimal(1)) * WAN),
                    economic_benefit=(benefit.quantize(Decimal(1)) * WAN),
                    conversion_income=(conversion.quantize(Decimal(1)) * WAN),
                    contracts=rng.randint(2, 40),
                    firms_incubated=rng.randint(0, 6),
                )
            )
    return rows
