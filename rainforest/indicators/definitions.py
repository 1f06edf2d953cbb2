"""The indicators, each declared once: its code, Chinese name (English through gettext), unit, section of
the cockpit, the selector that computes it for a period and a scope, the peer-figure indicator its rank is
read from, and the page listing the records behind it.

A selector takes a `Context` (period, user, district, data as-of date) and returns a `Pair`: the value for
the period and for the same period a year before. Every queryset goes through `policy.restrict` for the
user; a district narrows it further. Sources shared by several indicators (the contract statistics, the
census, the park pipeline) are computed once per context.

Two kinds of indicator:

- **flows** add up what happened in the period (contracts registered, revenue, loans made, events held);
- **stocks** count what stood on the period's last day, or on the data's as-of date when that is earlier
  (valid certificates, key platforms, residents of the park); a year before is the same day a year before.
  The census counts what is recorded now and has no year before.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Case, Count, Max, Q, QuerySet, Sum, When
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rainforest.core.models import Region
from rainforest.core.policy import Action, restrict
from rainforest.indicators.periods import Period

MONEY = "元"
ZERO = Decimal(0)

# Targets of these indicators are kept by the apps that forecast them (cultivation's 年度目标).
TARGETS_KEPT_ELSEWHERE: dict[str, str] = {
    "hnte.new": "年度目标（企业培育）",
    "tech_sme.count": "年度目标（企业培育）",
}


@dataclass(frozen=True)
class Pair:
    """An indicator's value for the period and for the same period a year before (None: not known)."""

    value: Decimal | None
    previous: Decimal | None
    estimate: bool = False


@dataclass
class Context:
    """What an indicator is computed for: a period, a user (whose scope bounds every read), one district
    (None: the whole city within the user's scope) and the data's as-of date."""

    period: Period
    user: Any
    district: Region | None
    as_of: date
    memo: dict[str, Any] = field(default_factory=dict)

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def scoped(self, queryset: QuerySet[Any], district_field: str | None) -> QuerySet[Any]:
        """The rows the user may view, within the district when one is asked for."""
        rows = restrict(queryset, self.user, Action.VIEW)
        if self.district is not None and district_field:
            rows = rows.filter(**{district_field: self.district})
        return rows

    @property
    def day(self) -> date:
        """The day a stock is counted on: the period's last day, or the as-of date when earlier."""
        return min(self.period.end, self.as_of)

    @property
    def day_before(self) -> date:
        """The same day a year before (28 February for 29 February)."""
        day = self.day
        last = calendar.monthrange(day.year - 1, day.month)[1]
        return date(day.year - 1, day.month, min(day.day, last))


Selector = Callable[[Context], Pair]


@dataclass(frozen=True)
class Definition:
    code: str
    name: str | Promise  # Chinese; English through gettext
    unit: str
    area: str
    selector: Selector
    peer_indicator: str | None = None  # the PeerFigure indicator ranks are read from
    records: Callable[[Context], str | None] = lambda ctx: None
    # The period the peer figures are published for (the finance applicant counts: the whole year).
    peer_period: Callable[[Period], Period] = lambda period: period
    stock: bool = False


def _url(name: str, **params: Any) -> str | None:
    """A list page with its filters ("" values dropped); None where the page is not mounted."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def _code(ctx: Context) -> str:
    return ctx.district.code if ctx.district is not None else ""


def _number(value: Any) -> Decimal:
    """A database sum as an exact Decimal to the cent (SQLite adds decimals as floats)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _flow(compute: Callable[[Context, Period], Decimal | None]) -> Selector:
    """A flow's pair: the same computation over the period and over the period a year before."""
    return lambda ctx: Pair(compute(ctx, ctx.period), compute(ctx, ctx.period.previous_year()))


def _stock(compute: Callable[[Context, date], Decimal | None]) -> Selector:
    return lambda ctx: Pair(compute(ctx, ctx.day), compute(ctx, ctx.day_before))


# --- technology contracts (techmarket.selectors.contract_statistics, the output side) -----------------


def _contracts(ctx: Context) -> Any:
    from rainforest.techmarket.models import Contract
    from rainforest.techmarket.selectors import contract_statistics

    def make() -> Any:
        contracts = restrict(Contract.objects.all(), ctx.user, Action.VIEW)
        return contract_statistics(period=ctx.period, contracts=contracts, district=ctx.district)

    return ctx.cached("contracts", make)


def _contract_total(attribute: str) -> Selector:
    def selector(ctx: Context) -> Pair:
        output = _contracts(ctx).output
        return Pair(Decimal(getattr(output.current, attribute)), Decimal(getattr(output.previous, attribute)))

    return selector


def _contract_records(ctx: Context) -> str | None:
    return _url("records:contract_list", period=ctx.period.code, side="output", district=_code(ctx))


# --- sci-tech service enterprises (ServiceRevenue records) ---------------------------------------------


def _service(ctx: Context) -> dict[str, Any]:
    from rainforest.indicators.models import RevenueKind, ServiceRevenue

    def make() -> dict[str, Any]:
        before = ctx.period.previous_year()
        now = Q(month__gte=ctx.period.start, month__lte=ctx.period.end)
        then = Q(month__gte=before.start, month__lte=before.end)
        estimate = Q(kind=RevenueKind.ESTIMATE)
        rows = ctx.scoped(ServiceRevenue.objects.all(), "enterprise__district").filter(now | then)
        return rows.aggregate(
            firms_now=Count("enterprise", distinct=True, filter=now),
            firms_then=Count("enterprise", distinct=True, filter=then),
            revenue_now=Sum("revenue", filter=now),
            revenue_then=Sum("revenue", filter=then),
            estimates_now=Count("pk", filter=now & estimate),
            estimates_then=Count("pk", filter=then & estimate),
        )

    result: dict[str, Any] = ctx.cached("service", make)
    return result


def _service_firms(ctx: Context) -> Pair:
    row = _service(ctx)
    return Pair(Decimal(row["firms_now"]), Decimal(row["firms_then"]), bool(row["estimates_now"]))


def _service_revenue(ctx: Context) -> Pair:
    row = _service(ctx)
    return Pair(_number(row["revenue_now"]), _number(row["revenue_then"]), bool(row["estimates_now"]))


def _service_records(ctx: Context) -> str | None:
    return _url("records:service_revenue_list", period=ctx.period.code, district=_code(ctx))


# --- high-tech enterprises and tech-SMEs (certificates) -----------------------------------------------


def _holders(kind: str) -> Selector:
    """Firms holding a valid certificate of `kind` on the day and on the same day a year before, in one
    pass: the certificates valid on either day (issued by the day, expiring after the day a year before),
    grouped by firm with whether one of them is valid on each day. On PostgreSQL the pass is an index-only
    scan of the certificates' (kind, enterprise) index in firm order, so the grouping needs no hash or sort
    (two distinct counts of about 100,000 holders each took twice as long)."""

    def selector(ctx: Context) -> Pair:
        from rainforest.enterprises.models import Certificate
        from rainforest.enterprises.selectors import valid_on

        now, then = ctx.day, ctx.day_before
        rows = ctx.scoped(
            Certificate.objects.filter(kind=kind, issued_on__lte=now, expires_on__gt=then),
            "enterprise__district",
        )
        per_firm = (
            rows.order_by()
            .values("enterprise_id")
            .annotate(
                held_now=Max(Case(When(valid_on(now), then=1), default=0)),
                held_then=Max(Case(When(valid_on(then), then=1), default=0)),
            )
        )
        counts = per_firm.aggregate(now=Sum("held_now"), then=Sum("held_then"))
        return Pair(Decimal(counts["now"] or 0), Decimal(counts["then"] or 0))

    return selector


def _hnte_new(ctx: Context, period: Period) -> Decimal:
    """High-tech enterprises recognised in the period (a recognition after expiry counts: there is no
    复审), the way cultivation's 年度目标 counts them."""
    from rainforest.enterprises.choices import CertificateKind
    from rainforest.enterprises.models import Certificate

    end = min(period.end, ctx.as_of) if period == ctx.period else min(period.end, ctx.day_before)
    issued = Certificate.objects.filter(
        kind=CertificateKind.HNTE, issued_on__gte=period.start, issued_on__lte=end
    )
    return Decimal(ctx.scoped(issued, "enterprise__district").values("enterprise_id").distinct().count())


def _enterprise_records(kind: str) -> Callable[[Context], str | None]:
    return lambda ctx: _url("enterprises:list", certificate=kind, district=_code(ctx))


# --- platforms (platforms.selectors.provincial_key_on) -------------------------------------------------


def _key_platforms(ctx: Context, day: date) -> QuerySet[Any]:
    from rainforest.platforms.models import Platform
    from rainforest.platforms.selectors import provincial_key_on

    return ctx.scoped(Platform.objects.filter(provincial_key_on(day)), "district")


def _performance_year(period: Period) -> int:
    """Platforms report their input and benefit yearly: a whole year reads its own year, any shorter period
    the last whole year before it (2025Q1 reads 2024, as the seed does)."""
    whole = period.kind == "year" or (period.kind == "ytd" and period.number == 12)
    return period.year if whole else period.year - 1


def _platform_sum(name: str) -> Selector:
    def compute(ctx: Context, period: Period, day: date) -> Decimal:
        from rainforest.platforms.models import PlatformPerformance

        key = _key_platforms(ctx, day)
        rows = restrict(PlatformPerformance.objects.all(), ctx.user, Action.VIEW).filter(
            platform__in=key.values("pk"), year=_performance_year(period)
        )
        return _number(rows.aggregate(total=Sum(name))["total"])

    return lambda ctx: Pair(
        compute(ctx, ctx.period, ctx.day), compute(ctx, ctx.period.previous_year(), ctx.day_before)
    )


def _platform_records(ctx: Context) -> str | None:
    return _url("records:platform_list", key_on=ctx.day.isoformat())


# --- technology managers --------------------------------------------------------------------------------


def _trained(ctx: Context, period: Period) -> Decimal:
    """Trainees of the classes that ended in the period."""
    from rainforest.talent.models import Trainee

    trainees = Trainee.objects.filter(
        training_class__ends_on__gte=period.start, training_class__ends_on__lte=period.end
    )
    return Decimal(ctx.scoped(trainees, "manager__region").count())


# --- technology finance (the records finance.selectors.summary counts, by period) ----------------------


def _finance_count(
    model_name: str,
    date_field: str,
    district_field: str,
    distinct: str = "",
    where: Callable[[], Q] | None = None,
) -> Selector:
    def compute(ctx: Context, period: Period) -> Decimal:
        from django.apps import apps

        model = apps.get_model("finance", model_name)
        rows = ctx.scoped(
            model.objects.filter(**{f"{date_field}__gte": period.start, f"{date_field}__lte": period.end}),
            district_field,
        )
        if where is not None:
            rows = rows.filter(where())
        if distinct:
            return Decimal(rows.values(distinct).distinct().count())
        return Decimal(rows.count())

    return _flow(compute)


def _finance_sum(
    model_name: str, date_field: str, amount: str, where: Callable[[], Q] | None = None
) -> Selector:
    def compute(ctx: Context, period: Period) -> Decimal:
        from django.apps import apps

        model = apps.get_model("finance", model_name)
        rows = ctx.scoped(
            model.objects.filter(**{f"{date_field}__gte": period.start, f"{date_field}__lte": period.end}),
            "enterprise__district",
        )
        if where is not None:
            rows = rows.filter(where())
        return _number(rows.aggregate(total=Sum(amount))["total"])

    return _flow(compute)


def _subsidy_applicants(ctx: Context, period: Period) -> Decimal:
    """Firms applying for the loan-interest subsidy in the period's year (applications are yearly), as
    finance.selectors.subsidy_applicants counts them."""
    from rainforest.finance.models import InterestSubsidyApplication

    rows = ctx.scoped(InterestSubsidyApplication.objects.filter(year=period.year), "enterprise__district")
    return Decimal(rows.values("enterprise_id").distinct().count())


def _finance_records(name: str) -> Callable[[Context], str | None]:
    return lambda ctx: _url(f"records:{name}_list", year=ctx.period.year)


def _arranged_loans() -> Q:
    from rainforest.finance.models import ARRANGED_LOAN  # the finance app is read when a figure is computed

    return ARRANGED_LOAN


def _arranged_loan_records(ctx: Context) -> str | None:
    """促成贷款 counts the loans the bureau arranged (finance.models.ARRANGED_LOAN): the list shows those."""
    return _url("records:loan_list", year=ctx.period.year, arranged="true")


# --- the incubator (incubator.selectors.pipeline_on over the parks in scope) ---------------------------


def _pipeline(ctx: Context, day: date) -> dict[str, tuple[int, int]]:
    from rainforest.incubator.selectors import parks_for, pipeline_on

    def make() -> dict[str, tuple[int, int]]:
        parks = parks_for(ctx.user)
        if ctx.district is not None:
            parks = parks.filter(district=ctx.district)
        totals: dict[str, tuple[int, int]] = {}
        for park in parks:
            for stage in pipeline_on(park, ctx.user, day):
                firms, teams = totals.get(stage.status, (0, 0))
                totals[stage.status] = (firms + stage.firms, teams + stage.teams)
        return totals

    result: dict[str, tuple[int, int]] = ctx.cached(f"pipeline:{day.isoformat()}", make)
    return result


def _park(status: str, part: str) -> Selector:
    def compute(ctx: Context, day: date) -> Decimal:
        firms, teams = _pipeline(ctx, day).get(status, (0, 0))
        return Decimal({"firms": firms, "teams": teams, "total": firms + teams}[part])

    return _stock(compute)


def _incubator_records(ctx: Context) -> str | None:
    return _url("incubator:index")


# --- the census of universities (talent.selectors.census_for) ------------------------------------------


def _census(attribute: str) -> Selector:
    def selector(ctx: Context) -> Pair:
        from rainforest.talent.selectors import census_for

        census = ctx.cached("census", lambda: census_for(ctx.user))
        rows = census.rows
        if ctx.district is not None:
            rows = [row for row in rows if row.organisation.region_id == ctx.district.pk]
        if attribute == "institutions":
            return Pair(Decimal(len(rows)), None)
        values = [getattr(row, attribute) for row in rows]
        if any(value is None for value in values):
            return Pair(None, None)
        return Pair(Decimal(sum(values)), None)

    return selector


def _census_records(ctx: Context) -> str | None:
    return _url("talent:census")


# --- the declarations ------------------------------------------------------------------------------------


def _definitions() -> tuple[Definition, ...]:
    from rainforest.incubator.choices import TenancyStatus

    def d(*args: Any, **kwargs: Any) -> Definition:
        return Definition(*args, **kwargs)

    return (
        # core: the seed's headlines
        d(
            "contracts.count",
            _("技术合同登记数"),
            "份",
            "core",
            _contract_total("count"),
            "contracts.count",
            _contract_records,
        ),
        d(
            "contracts.turnover",
            _("技术合同成交额"),
            MONEY,
            "core",
            _contract_total("contract_amount"),
            "contracts.turnover",
            _contract_records,
        ),
        d(
            "contracts.transaction",
            _("技术交易额"),
            MONEY,
            "core",
            _contract_total("tech_transaction_amount"),
            "contracts.transaction",
            _contract_records,
        ),
        d(
            "sci_service.enterprises",
            _("科技服务业企业数"),
            "家",
            "core",
            _service_firms,
            "sci_service.enterprises",
            _service_records,
        ),
        d(
            "sci_service.revenue",
            _("科技服务业营业收入"),
            MONEY,
            "core",
            _service_revenue,
            "sci_service.revenue",
            _service_records,
        ),
        # cultivation
        d(
            "hnte.count",
            _("高新技术企业数"),
            "家",
            "cultivation",
            _holders("hnte"),
            "hnte.count",
            _enterprise_records("hnte"),
            stock=True,
        ),
        d(
            "hnte.new",
            _("新认定高新技术企业数"),
            "家",
            "cultivation",
            _flow(_hnte_new),
            None,
            _enterprise_records("hnte"),
        ),
        d(
            "tech_sme.count",
            _("科技型中小企业数"),
            "家",
            "cultivation",
            _holders("tech_sme"),
            "tech_sme.count",
            _enterprise_records("tech_sme"),
            stock=True,
        ),
        # platforms
        d(
            "platforms.provincial_key",
            _("省级重点创新平台数"),
            "个",
            "platforms",
            _stock(lambda ctx, day: Decimal(_key_platforms(ctx, day).count())),
            None,
            _platform_records,
            stock=True,
        ),
        d(
            "platforms.rd_input",
            _("重点平台研发投入"),
            MONEY,
            "platforms",
            _platform_sum("rd_input"),
            None,
            _platform_records,
        ),
        d(
            "platforms.benefit",
            _("重点平台直接经济效益"),
            MONEY,
            "platforms",
            _platform_sum("economic_benefit"),
            None,
            _platform_records,
        ),
        # conversion
        d(
            "managers.trained",
            _("培训技术经理人"),
            "人",
            "conversion",
            _flow(_trained),
            None,
            lambda ctx: _url("records:trainee_list"),
        ),
        # finance
        d(
            "finance.events",
            _("银企对接活动"),
            "次",
            "finance",
            _finance_count("MatchmakingEvent", "held_on", "district"),
            None,
            _finance_records("matchmaking_event"),
        ),
        d(
            "finance.visits",
            _("走访企业"),
            "家",
            "finance",
            _finance_count("FinanceVisit", "visited_on", "enterprise__district", distinct="enterprise_id"),
            None,
            _finance_records("finance_visit"),
        ),
        d(
            "finance.loans",
            _("促成贷款"),
            MONEY,
            "finance",
            _finance_sum("Loan", "lent_on", "amount", where=_arranged_loans),
            None,
            _arranged_loan_records,
        ),
        d(
            "finance.loan_enterprises",
            _("获贷企业"),
            "家",
            "finance",
            _finance_count(
                "Loan", "lent_on", "enterprise__district", distinct="enterprise_id", where=_arranged_loans
            ),
            None,
            _arranged_loan_records,
        ),
        d(
            "finance.subsidy_applications",
            _("申请贷款贴息的企业"),
            "家",
            "finance",
            _flow(_subsidy_applicants),
            "finance.subsidy_applicants",
            _finance_records("interest_subsidy"),
            peer_period=lambda period: Period.whole_year(period.year),
        ),
        d(
            "finance.insurance_premium",
            _("科技保险保费"),
            MONEY,
            "finance",
            _finance_sum("TechInsurance", "starts_on", "premium"),
            None,
            _finance_records("tech_insurance"),
        ),
        # the incubator
        d(
            "incubator.enterprises",
            _("孵化载体入驻企业"),
            "家",
            "incubator",
            _park(TenancyStatus.RESIDENT, "firms"),
            None,
            _incubator_records,
            stock=True,
        ),
        d(
            "incubator.teams",
            _("孵化载体入驻团队"),
            "个",
            "incubator",
            _park(TenancyStatus.RESIDENT, "teams"),
            None,
            _incubator_records,
            stock=True,
        ),
        d(
            "incubator.approved",
            _("孵化载体拟入驻"),
            "个",
            "incubator",
            _park(TenancyStatus.ABOUT_TO_ENTER, "total"),
            None,
            _incubator_records,
            stock=True,
        ),
        d(
            "incubator.negotiating",
            _("孵化载体在谈项目"),
            "个",
            "incubator",
            _park(TenancyStatus.NEGOTIATING, "total"),
            None,
            _incubator_records,
            stock=True,
        ),
        # the census of universities and institutes
        d(
            "census.universities",
            _("在晋中高校院所"),
            "个",
            "census",
            _census("institutions"),
            None,
            _census_records,
            stock=True,
        ),
        d(
            "census.disciplines",
            _("重点学科"),
            "个",
            "census",
            _census("disciplines"),
            None,
            _census_records,
            stock=True,
        ),
        d(
            "census.platforms",
            _("高校院所科研平台"),
            "个",
            "census",
            _census("platforms"),
            None,
            _census_records,
            stock=True,
        ),
        d(
            "census.teams",
            _("高校院所科研团队"),
            "个",
            "census",
            _census("teams"),
            None,
            _census_records,
            stock=True,
        ),
        d(
            "census.achievements",
            _("高校院所科技成果"),
            "项",
            "census",
            _census("achievements"),
            None,
            _census_records,
            stock=True,
        ),
    )


_CACHE: dict[str, tuple[Definition, ...]] = {}


def all_definitions() -> tuple[Definition, ...]:
    """Every indicator, in the order the cockpit and the briefing show them."""
    if "all" not in _CACHE:
        _CACHE["all"] = _definitions()
    return _CACHE["all"]


def codes() -> list[str]:
    return [definition.code for definition in all_definitions()]


def by_code(code: str) -> Definition | None:
    return next((definition for definition in all_definitions() if definition.code == code), None)
