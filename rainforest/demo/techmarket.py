"""The demo city's technology market (see rainforest.demo.areas): technology contracts registered in
2023–2025 and the other Shanxi cities' published figures (synthetic, source "演示数据").

The contracts reproduce the seed through the statistics engine (`techmarket.selectors`), output (输出:
the seller is a firm or an organisation of the city), by registration date:

- Q1 2025 (2025Q1): exactly 24 contracts, 4,847.4万元 turnover (seed S01, S02);
- 2024: 736 contracts, 42亿元 turnover (seed S20, S21; the seed leaves open whether 交易总额 is turnover);
- Q1 2024 (2024Q1): 20 contracts, 3,912.6万元, so that Q1 2025 grows by about 24%;
- April–May 2025 grow on April–May 2024 (186 contracts, 11.1亿元 against 158, 9.3亿元), so that the year so
  far (1–5月) grows too; 2023 fills its year; a few absorbed contracts (an outside seller, a local buyer) and
  a few still submitted or returned ones are added beside them, outside those counts.

The peer figures give the other ten cities' turnover for Q1 2024 and Q1 2025 so that Jinzhong ranks 4th
in Q1 2025 and 5th in Q1 2024 (seed S03: up one place). Sellers are demo firms and the city's universities
and institutes (organisations of kind 高校院所); buyers firms and outside parties. When the talent and
matching areas have built their rows, some contracts link a university's achievement and a technology
manager."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from random import Random
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from rainforest.core.choices import OrganisationKind, TechField
from rainforest.core.models import Organisation, Region
from rainforest.demo.bulk import Rows, insert
from rainforest.enterprises.models import Enterprise
from rainforest.indicators.choices import Indicator
from rainforest.indicators.models import PeerFigure
from rainforest.techmarket.choices import (
    SUB_TYPES,
    Category,
    SellerClass,
    Status,
    Transition,
)
from rainforest.techmarket.models import Contract, ContractEvent, party_class

ROOTS: tuple[type[models.Model], ...] = (Contract, PeerFigure)

CENT = Decimal("0.01")
WAN = Decimal(10_000)
YI = Decimal(100_000_000)
SOURCE = "演示数据"
CITY = "晋中市"
REGISTRY = "140700"

# (first day, last day, contracts, turnover in yuan): the output contracts registered in each span.
Span = tuple[date, date, int, Decimal]


def spans(as_of: date) -> list[Span]:
    q1_2025 = Decimal("4847.4") * WAN
    q1_2024 = Decimal("3912.6") * WAN
    april_may_2024 = Decimal("9.3") * YI
    rest_2024 = Decimal(42) * YI - q1_2024 - april_may_2024
    return [
        (date(2023, 1, 3), date(2023, 3, 31), 18, Decimal("3526.8") * WAN),
        (date(2023, 4, 1), date(2023, 12, 29), 602, Decimal("31.6") * YI),
        (date(2024, 1, 2), date(2024, 3, 29), 20, q1_2024),
        # April–May apart, so that 1–5月 2025 (the demo's year so far) grows on 1–5月 2024 as Q1 does
        (date(2024, 4, 1), date(2024, 5, 31), 158, april_may_2024),
        (date(2024, 6, 1), date(2024, 12, 31), 558, rest_2024),
        (date(2025, 1, 2), date(2025, 3, 31), 24, q1_2025),
        (date(2025, 4, 1), min(as_of, date(2025, 5, 30)), 186, Decimal("11.1") * YI),
    ]


# Other cities' Q1 turnover (万元): (2024Q1, 2025Q1). Jinzhong is 3,912.6 (5th) then 4,847.4 (4th).
PEERS: dict[str, tuple[str, str]] = {
    "太原市": ("61250.3", "70318.6"),
    "长治市": ("7425.0", "8012.7"),
    "运城市": ("5120.8", "5966.2"),
    "大同市": ("4380.1", "4706.9"),
    "临汾市": ("3605.4", "4120.5"),
    "晋城市": ("3320.7", "3910.2"),
    "吕梁市": ("2210.9", "2587.3"),
    "阳泉市": ("1905.6", "2204.1"),
    "忻州市": ("1498.2", "1731.8"),
    "朔州市": ("1102.5", "1288.0"),
}

TITLES = (
    "{field}关键工艺技术开发",
    "{field}产品中试与工程化",
    "{field}检测方法研究",
    "{field}专利技术转让",
    "{field}技术咨询与可行性研究",
    "{field}生产线智能化改造技术服务",
    "{field}新产品配方开发",
    "{field}技术培训",
)
OUTSIDE = (
    ("北京中科创新技术有限公司", "北京市海淀区", "北京市"),
    ("上海张江科技发展有限公司", "上海市浦东新区", "上海市"),
    ("太原重工技术研究院有限公司", "山西省太原市", "山西省"),
    ("西安交大科技园有限公司", "陕西省西安市", "陕西省"),
    ("天津滨海新材料有限公司", "天津市滨海新区", "天津市"),
    ("山西综改区智能装备有限公司", "山西省太原市", "山西省"),
    ("河北雄安数字科技有限公司", "河北省保定市", "河北省"),
    ("郑州高新区生物技术有限公司", "河南省郑州市", "河南省"),
)
CATEGORY_WEIGHTS = (
    (Category.DEVELOPMENT, 40),
    (Category.SERVICE, 30),
    (Category.TRANSFER, 12),
    (Category.LICENSING, 6),
    (Category.CONSULTING, 12),
)


def split(rng: Random, total: Decimal, n: int) -> list[Decimal]:
    """`n` amounts in yuan (to the cent) adding up exactly to `total`, spread like contract sizes (a few
    large ones, many small)."""
    weights = [rng.lognormvariate(0, 1.1) for _ in range(n)]
    scale = sum(weights)
    amounts = [(total * Decimal(w / scale)).quantize(CENT, rounding=ROUND_HALF_UP) for w in weights]
    amounts[-1] += total - sum(amounts)
    if amounts[-1] <= 0:  # rounding never takes this far, but keep every amount positive
        largest = max(range(n), key=lambda i: amounts[i])
        amounts[largest] += amounts[-1] - CENT
        amounts[-1] = CENT
    return amounts


def days(rng: Random, first: date, last: date, n: int) -> list[date]:
    width = (last - first).days
    return sorted(first + timedelta(days=rng.randint(0, width)) for _ in range(n))


def pick_category(rng: Random) -> tuple[str, str]:
    categories = [c for c, _w in CATEGORY_WEIGHTS]
    weights = [w for _c, w in CATEGORY_WEIGHTS]
    category = rng.choices(categories, weights)[0]
    return category, rng.choice(SUB_TYPES[category])


def _optional_rows(app: str, model: str) -> list[Any]:
    """Rows of another area's model when that area has built them (talent and matching come first)."""
    try:
        found = apps.get_model(app, model)
    except LookupError:
        return []
    try:
        return list(found.objects.all()[:2000])
    except Exception:  # the area's table is not there yet (a migration not applied)
        return []


def build(rng: Random, *, as_of: date) -> dict[str, int]:
    """Store the area's demo records; returns what was stored, by kind."""
    firms = list(
        Enterprise.objects.filter(district__isnull=False)
        .only("pk", "district_id", "tech_field", "name")
        .order_by("pk")
    )
    if len(firms) < 2:
        return {"contracts": 0, "peer_figures": 0}
    universities = list(Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY).order_by("pk"))
    achievements = _optional_rows("matching", "Achievement")
    managers = _optional_rows("talent", "TechManager")
    by_owner: dict[int, list[Any]] = {}
    for achievement in achievements:
        owner_id = getattr(achievement, "owner_id", None)
        if owner_id is not None:
            by_owner.setdefault(owner_id, []).append(achievement)
    fields = [value for value, _label in TechField.choices]
    labels = dict(TechField.choices)

    contracts: list[Contract] = []
    make = Rows(Contract)
    sequence = {"n": 0}
    registered_numbers: dict[int, int] = {}

    def contract(day: date, amount: Decimal, *, local_seller: bool, status: str = Status.REGISTERED) -> None:
        sequence["n"] += 1
        category, sub_type = pick_category(rng)
        field = rng.choice(fields)
        seller: dict[str, Any] = {}
        if local_seller:
            if universities and rng.random() < 0.3:
                organisation = rng.choice(universities)
                seller = {
                    "seller_organisation_id": organisation.pk,
                    "seller_district_id": organisation.region_id,
                    "seller_class": party_class(None, organisation),
                }
            else:
                firm = rng.choice(firms)
                seller = {
                    "seller_enterprise_id": firm.pk,
                    "seller_district_id": firm.district_id,
                    "seller_class": SellerClass.ENTERPRISE,
                }
                field = firm.tech_field or field
        else:
            name, place, province = rng.choice(OUTSIDE)
            seller = {
                "seller_name": name,
                "seller_place": place,
                "seller_province": province,
                "seller_in_province": province == "山西省",
                "seller_class": SellerClass.ENTERPRISE,
            }
        buyer: dict[str, Any]
        if not local_seller or rng.random() < 0.55:
            firm = rng.choice(firms)
            while firm.pk == seller.get("seller_enterprise_id"):
                firm = rng.choice(firms)
            buyer = {"buyer_enterprise_id": firm.pk, "buyer_district_id": firm.district_id}
        else:
            name, place, province = rng.choice(OUTSIDE)
            buyer = {
                "buyer_name": name,
                "buyer_place": place,
                "buyer_province": province,
                "buyer_in_province": province == "山西省",
            }
        share = Decimal(rng.randint(60, 100)) / 100
        tech = (amount * share).quantize(CENT, rounding=ROUND_HALF_UP)
        signed = day - timedelta(days=rng.randint(3, 40))
        submitted = min(day, signed + timedelta(days=rng.randint(1, 5)))
        values: dict[str, Any] = {
            "number": f"JZ-HT-{day.year}-{sequence['n']:05d}",
            "title": rng.choice(TITLES).format(field=labels.get(field, "")),
            "category": category,
            "sub_type": sub_type,
            "contract_amount": amount,
            "tech_transaction_amount": tech,
            "signed_on": signed,
            "submitted_on": submitted,
            "field": field,
            "status": status,
            **seller,
            **buyer,
        }
        if status == Status.REGISTERED:
            registered_numbers[day.year] = registered_numbers.get(day.year, 0) + 1
            values["registered_on"] = day
            values["registration_number"] = f"{day.year}{REGISTRY}{registered_numbers[day.year]:06d}"
        elif status == Status.RETURNED:
            values["return_reason"] = "技术交易额核定依据不足，请补充非技术性支付明细"
        organisation_id = seller.get("seller_organisation_id")
        if organisation_id in by_owner and rng.random() < 0.6:
            values["achievement_id"] = rng.choice(by_owner[organisation_id]).pk
        if managers and rng.random() < 0.15:
            values["tech_manager_id"] = rng.choice(managers).pk
        contracts.append(make(**values))

    # Output contracts, span by span, in registration order (registration numbers follow the dates).
    planned: list[tuple[date, Decimal, bool]] = []
    for first, last, count, total in spans(as_of):
        planned += [
            (day, amount, True)
            for day, amount in zip(days(rng, first, last, count), split(rng, total, count), strict=True)
        ]
    # Absorbed contracts: an outside seller, a local buyer (not in the output counts).
    for first, last in ((date(2023, 1, 3), date(2023, 12, 29)), (date(2024, 1, 2), date(2024, 12, 31))):
        planned += [(day, Decimal(rng.randint(20, 2000)) * WAN, False) for day in days(rng, first, last, 60)]
    planned += [
        (day, Decimal(rng.randint(200, 3000)) * WAN, False)
        for day in days(rng, date(2025, 1, 2), min(as_of, date(2025, 5, 30)), 30)
    ]
    for day, amount, local in sorted(planned, key=lambda item: item[0]):
        contract(day, amount.quantize(CENT), local_seller=local)
    # Still in the registry's hands on the demo's date: submitted and returned contracts.
    for index, day in enumerate(days(rng, as_of - timedelta(days=20), as_of - timedelta(days=1), 6)):
        status = Status.RETURNED if index % 3 == 0 else Status.SUBMITTED
        contract(day, Decimal(rng.randint(50, 800)) * WAN, local_seller=True, status=status)
    for row in contracts:
        if row.status != Status.REGISTERED:
            row.registered_on = None
            row.registration_number = ""
    insert(Contract, contracts, need_ids=True)

    events = _events(contracts)
    insert(ContractEvent, events)
    peer_figures = _peer_figures()
    insert(PeerFigure, peer_figures)
    return {"contracts": len(contracts), "contract_events": len(events), "peer_figures": len(peer_figures)}


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _events(contracts: Sequence[Contract]) -> list[ContractEvent]:
    """The registration log of each contract: its submission, then its registration or return."""
    make = Rows(ContractEvent)
    events: list[ContractEvent] = []
    for row in contracts:
        events.append(
            make(
                contract_id=row.pk,
                transition=Transition.SUBMIT,
                from_status="",
                to_status=Status.SUBMITTED,
                at=_moment(row.submitted_on, 9),
                comment="",
            )
        )
        if row.status == Status.REGISTERED and row.registered_on is not None:
            events.append(
                make(
                    contract_id=row.pk,
                    transition=Transition.REGISTER,
                    from_status=Status.SUBMITTED,
                    to_status=Status.REGISTERED,
                    at=_moment(row.registered_on, 15),
                    comment="",
                )
            )
        elif row.status == Status.RETURNED:
            events.append(
                make(
                    contract_id=row.pk,
                    transition=Transition.RETURN,
                    from_status=Status.SUBMITTED,
                    to_status=Status.RETURNED,
                    at=_moment(row.submitted_on, 16),
                    comment=row.return_reason,
                )
            )
    return events


def _peer_figures() -> list[PeerFigure]:
    """The other ten cities' Q1 turnover in 2024 and 2025 (synthetic, clearly labelled)."""
    known = set(Region.objects.peer_cities().values_list("name", flat=True))
    make = Rows(PeerFigure)
    rows: list[PeerFigure] = []
    for city, (q1_2024, q1_2025) in PEERS.items():
        if known and city not in known:
            continue
        for period, value, published in (
            ("2024Q1", q1_2024, date(2024, 4, 25)),
            ("2025Q1", q1_2025, date(2025, 4, 25)),
        ):
            rows.append(
                make(
                    indicator=Indicator.CONTRACT_TURNOVER,
                    province="山西省",
                    city=city,
                    period=period,
                    period_kind="quarter",
                    value=Decimal(value),
                    unit="万元",
                    source=SOURCE,
                    published_on=published,
                    note="演示用的合成数据，不是真实统计",
                )
            )
    return rows
