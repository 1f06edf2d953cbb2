"""Reads of the technology market: contract statistics for a period and a place, the way the published
statistics count them.

Definitions (the official ones, over contract records):

- A contract counts in a period when it is **registered** with `registered_on` in the period (start and
  end inclusive). Count, turnover (Σ 合同成交额) and transaction amount (Σ 技术交易额) are sums of the
  exact yuan of the records, never of rounded parts.
- **Output (输出)**: the seller is in the place (a firm of the registry or an organisation of the city, for
  the city; the seller's district, for a district). **Absorption (吸纳)**: the buyer is.
- **Year on year (同比)**: current ÷ the same period a year before − 1, from the two totals (never an
  average of rates); undefined when the year before is 0. A change of 100% or more either way is
  **extreme**: the page shows the base (the year before) beside it.
- **Categories**: a licence (技术许可) registered before 2026-01-23 counts as a transfer (技术转让), as
  the registries of that time did (`RAINFOREST_LICENSING_AS_TRANSFER_UNTIL`; None counts licences as
  their own category throughout).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from rainforest.core.choices import TechField
from rainforest.core.models import Region
from rainforest.indicators.choices import Indicator
from rainforest.indicators.periods import Period
from rainforest.indicators.ranks import Standing, standing
from rainforest.techmarket.choices import LICENSING_AS_TRANSFER_UNTIL, Category, SellerClass, Status
from rainforest.techmarket.models import Contract

ZERO = Decimal(0)
CENT = Decimal("0.01")
EXTREME = Decimal(1)  # |growth| ≥ 100%: show the base beside it
SIDES = ("output", "absorption")


def licensing_as_transfer_until() -> date | None:
    value = getattr(settings, "RAINFOREST_LICENSING_AS_TRANSFER_UNTIL", LICENSING_AS_TRANSFER_UNTIL)
    return value if isinstance(value, date) or value is None else LICENSING_AS_TRANSFER_UNTIL


def city_code() -> str:
    return str(getattr(settings, "RAINFOREST_CITY_CODE", "140700"))


def city_name() -> str:
    region = Region.objects.filter(code=city_code()).first()
    return region.name if region is not None else "晋中市"


def statistical_category() -> Case:
    """The category a contract is counted under (a licence before the cut-over counts as a transfer)."""
    until = licensing_as_transfer_until()
    if until is None:
        return Case(default=F("category"), output_field=CharField())
    return Case(
        When(category=Category.LICENSING, registered_on__lt=until, then=Value(Category.TRANSFER.value)),
        default=F("category"),
        output_field=CharField(),
    )


def growth(current: Decimal | int, previous: Decimal | int) -> Decimal | None:
    """current ÷ previous − 1, or None when previous is 0."""
    if not previous:
        return None
    return Decimal(current) / Decimal(previous) - 1


@dataclass(frozen=True)
class Totals:
    count: int = 0
    contract_amount: Decimal = ZERO
    tech_transaction_amount: Decimal = ZERO


@dataclass(frozen=True)
class Line:
    """One row of a statistics table: the totals now and a year before, and their growth."""

    key: str
    label: str
    current: Totals
    previous: Totals

    @property
    def count_growth(self) -> Decimal | None:
        return growth(self.current.count, self.previous.count)

    @property
    def amount_growth(self) -> Decimal | None:
        return growth(self.current.contract_amount, self.previous.contract_amount)

    @property
    def tech_growth(self) -> Decimal | None:
        return growth(self.current.tech_transaction_amount, self.previous.tech_transaction_amount)

    @property
    def extreme(self) -> bool:
        """The turnover's growth is 100% or more either way: show the base beside it."""
        value = self.amount_growth
        return value is not None and abs(value) >= EXTREME


@dataclass(frozen=True)
class Statistics:
    period: Period
    district: Region | None
    output: Line
    absorption: Line
    by_category: list[Line] = field(default_factory=list)
    by_field: list[Line] = field(default_factory=list)
    by_seller_class: list[Line] = field(default_factory=list)
    by_district: list[Line] = field(default_factory=list)
    rank: Standing | None = None

    @property
    def place(self) -> str:
        return self.district.name if self.district is not None else city_name()


def side_condition(side: str, district: Region | None) -> Q:
    """Contracts whose seller (output) or buyer (absorption) is in the place."""
    prefix = "seller" if side == "output" else "buyer"
    if district is not None:
        return Q(**{f"{prefix}_district": district})
    return Q(**{f"{prefix}_enterprise__isnull": False}) | Q(**{f"{prefix}_organisation__isnull": False})


def _window(period: Period) -> tuple[Q, Q]:
    before = period.previous_year()
    now = Q(registered_on__gte=period.start, registered_on__lte=period.end)
    then = Q(registered_on__gte=before.start, registered_on__lte=before.end)
    return now, then


def _aggregates(now: Q, then: Q) -> dict[str, Any]:
    return {
        "n_now": Count("pk", filter=now),
        "a_now": Coalesce(Sum("contract_amount", filter=now), ZERO),
        "t_now": Coalesce(Sum("tech_transaction_amount", filter=now), ZERO),
        "n_then": Count("pk", filter=then),
        "a_then": Coalesce(Sum("contract_amount", filter=then), ZERO),
        "t_then": Coalesce(Sum("tech_transaction_amount", filter=then), ZERO),
    }


def _yuan(value: Any) -> Decimal:
    """A sum to the cent (SQLite adds decimals as floats: 4199999999.99999 is 4,200,000,000.00)."""
    return Decimal(str(value)).quantize(CENT)


def _line(key: str, label: str, row: dict[str, Any]) -> Line:
    return Line(
        key=key,
        label=label,
        current=Totals(int(row["n_now"]), _yuan(row["a_now"]), _yuan(row["t_now"])),
        previous=Totals(int(row["n_then"]), _yuan(row["a_then"]), _yuan(row["t_then"])),
    )


def registered(contracts: QuerySet[Contract], period: Period) -> QuerySet[Contract]:
    """The registered contracts of the period and of the same period a year before."""
    now, then = _window(period)
    before = period.previous_year()
    # The enclosing range first: one range scan of the statistics index (PostgreSQL, migration 0003).
    return contracts.filter(
        Q(status=Status.REGISTERED, registered_on__gte=before.start, registered_on__lte=period.end)
        & (now | then)
    )


def line(contracts: QuerySet[Contract], period: Period, *, key: str = "", label: str = "") -> Line:
    """Totals of the contracts (already narrowed to a place) for the period and a year before."""
    now, then = _window(period)
    row = registered(contracts, period).aggregate(**_aggregates(now, then))
    return _line(key, label, row)


def _flag(condition: Q) -> ExpressionWrapper[Any]:
    """A condition as a plain boolean column (not a CASE: PostgreSQL estimates a boolean's two values, and
    so chooses hashing over sorting for the cube's groups)."""
    return ExpressionWrapper(condition, output_field=BooleanField())


@dataclass
class _Sums:
    """Running totals of one line while the cube's cells are added up: [count, turnover, transaction
    amount] of the period and of the year before."""

    now: list[Any] = field(default_factory=lambda: [0, ZERO, ZERO])
    then: list[Any] = field(default_factory=lambda: [0, ZERO, ZERO])

    def add(self, row: dict[str, Any]) -> None:
        target = self.now if row["c_now"] else self.then
        target[0] += int(row["n"])
        target[1] += _yuan(row["a"])
        target[2] += _yuan(row["t"])

    def line(self, key: str, label: str) -> Line:
        return Line(key, label, Totals(*self.now), Totals(*self.then))


def _cube(contracts: QuerySet[Contract], period: Period, district: Region | None) -> list[dict[str, Any]]:
    """The registered contracts of the period and of the same period a year before, grouped by every
    dimension the statistics break down by (category as counted, field, seller class, seller district) and
    by whether the contract counts as output and as absorption: a few thousand cells at most, added up in
    Python.

    One query of two parts (UNION ALL), one per period, each a range scan of the statistics index
    (migration 0003) over its own months only: one scan of the enclosing range (a first quarter and the
    first quarter a year before enclose fifteen months) read three times the rows and, its row estimate
    thrown off by the filter on the two periods, sorted them on disk instead of hashing them. The keys are
    plain columns and boolean conditions (a licence counted as a transfer is mapped in Python), so
    PostgreSQL estimates a few hundred groups per period and aggregates in parallel workers. JIT
    compilation is off for the query's transaction: compiling costs more than it saves here."""
    now, then = _window(period)
    until = licensing_as_transfer_until()
    as_transfer = (
        Q(category=Category.LICENSING, registered_on__lt=until) if until is not None else Q(pk__in=[])
    )

    def cells(window: Q, current: bool) -> QuerySet[Any]:
        return (
            contracts.filter(window, status=Status.REGISTERED)
            .annotate(
                c_as_transfer=as_transfer,
                c_output=_flag(side_condition("output", district)),
                c_absorption=_flag(side_condition("absorption", district)),
                c_now=Value(current, output_field=BooleanField()),
            )
            .values(
                "category",
                "c_as_transfer",
                "field",
                "seller_class",
                "seller_district_id",
                "c_output",
                "c_absorption",
                "c_now",
            )
            .order_by()
            .annotate(
                n=Count("*"),
                a=Coalesce(Sum("contract_amount"), ZERO),
                t=Coalesce(Sum("tech_transaction_amount"), ZERO),
            )
        )

    both = cells(now, True).union(cells(then, False), all=True)
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            rows = list(both)
    else:
        rows = list(both)
    for row in rows:
        row["c_category"] = Category.TRANSFER.value if row["c_as_transfer"] else row["category"]
    return rows


def _breakdown(
    cells: list[dict[str, Any]], dimension: str, labels: dict[str, str], keys: dict[str, str] | None = None
) -> list[Line]:
    """The output's lines by one dimension: every label given (zeros when no contract has it), then any
    other value found, largest turnover first."""
    sums: dict[str, _Sums] = {value: _Sums() for value in labels}
    for cell in cells:
        if not cell["c_output"]:
            continue
        value = cell[dimension]
        sums.setdefault("" if value is None else str(value), _Sums()).add(cell)
    lines = [
        summed.line((keys or {}).get(value, value), labels.get(value, value or _("未填写")))
        for value, summed in sums.items()
    ]
    lines.sort(key=lambda item: (-item.current.contract_amount, -item.current.count, item.key))
    return lines


def _choices(pairs: Iterable[tuple[str, Any]]) -> dict[str, str]:
    return {str(value): str(label) for value, label in pairs}


def contract_statistics(
    *, period: Period, contracts: QuerySet[Contract] | None = None, district: Region | None = None
) -> Statistics:
    """The statistics of `period` for the city (no district) or one district, over `contracts` (the rows a
    user may see; every contract when None): output and absorption with their year-on-year change, the
    output's breakdowns by category, field, seller class and district, and (for the city) its rank among
    the province's cities by turnover, from the peer figures."""
    base = contracts if contracts is not None else Contract.objects.all()
    cells = _cube(base, period, district)
    output, absorption = _Sums(), _Sums()
    for cell in cells:
        if cell["c_output"]:
            output.add(cell)
        if cell["c_absorption"]:
            absorption.add(cell)
    output_line = output.line("output", _("输出"))
    absorption_line = absorption.line("absorption", _("吸纳"))
    regions = list(Region.objects.filter(parent__code=city_code()).districts().order_by("sort_order", "code"))
    found = {cell["seller_district_id"] for cell in cells if cell["c_output"] and cell["seller_district_id"]}
    regions += list(Region.objects.filter(pk__in=found - {region.pk for region in regions}).order_by("code"))
    districts = {str(region.pk): region.name for region in regions}
    codes = {str(region.pk): region.code for region in regions}
    rank = None
    if district is None:
        rank = standing(
            Indicator.CONTRACT_TURNOVER,
            period,
            output_line.current.contract_amount if output_line.current.count else None,
            output_line.previous.contract_amount if output_line.previous.count else None,
            city=city_name(),
        )
    return Statistics(
        period=period,
        district=district,
        output=output_line,
        absorption=absorption_line,
        by_category=_breakdown(cells, "c_category", _choices(Category.choices)),
        by_field=_breakdown(cells, "field", _choices(TechField.choices)),
        by_seller_class=_breakdown(cells, "seller_class", _choices(SellerClass.choices)),
        by_district=_breakdown(cells, "seller_district_id", districts, codes),
        rank=rank,
    )


def latest_quarter(contracts: QuerySet[Contract]) -> Period:
    """The quarter of the latest registered contract among `contracts` (today's quarter without one)."""
    from django.db.models import Max

    from rainforest.core.models import today

    latest = contracts.filter(status=Status.REGISTERED).aggregate(day=Max("registered_on"))["day"]
    return Period.containing(latest or today(), "quarter")
