"""Reads of the indicators app: the figures of a period (each indicator's value, a year before, the change
and the province rank) and the year's targets with the progress to them.

Scope: every figure reads only the rows the user may view (`policy.restrict`). A user whose reach is a
district (a district officer) gets their own district: asking for no district means theirs, asking for
another is refused (`ScopeError`). Ranks compare the whole city with the other cities' published figures,
so they are given only for the whole city and to a user who sees all of it."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rainforest.core.models import Region, data_as_of
from rainforest.core.policy import Action, district_ids, restrict
from rainforest.core.scope import Reach, scope_for
from rainforest.indicators.definitions import Context, Definition, all_definitions, by_code
from rainforest.indicators.figures import Figure, TargetProgress, change_percent
from rainforest.indicators.models import IndicatorTarget
from rainforest.indicators.periods import MIN_YEAR, Period
from rainforest.indicators.ranks import standing


class ScopeError(ValueError):
    """A district that does not exist, or that is outside the user's scope (the message says which)."""


class OutOfScope(ScopeError):
    """A district that exists but is outside the user's scope."""


def city_name() -> str:
    from rainforest.techmarket.selectors import city_name as techmarket_city_name

    return techmarket_city_name()


def resolve_district(user: Any, code: str | None) -> Region | None:
    """The district the figures are for: the one asked for (by GB/T 2260 code, an alias landing on the
    current unit), or a district officer's own when none is asked for. ScopeError when the code is unknown
    or outside the user's districts."""
    scope = scope_for(user)
    own = sorted(district_ids(scope)) if scope.reach is Reach.DISTRICT else []
    code = (code or "").strip()
    if not code:
        if len(own) == 1:
            return Region.objects.get(pk=own[0])
        return None
    region = Region.objects.filter(code=code).select_related("alias_of").first()
    if region is None or not code.isdigit():
        raise ScopeError(_("县区代码 {code} 不存在").format(code=code))
    region = region.current
    if region.parent_id is None or region.level != "district":
        raise ScopeError(_("{code} 不是县区代码").format(code=code))
    if scope.reach is Reach.DISTRICT and region.pk not in own:
        raise OutOfScope(_("县区 {name} 不在您的数据范围内").format(name=region.name))
    return region


def _rank(definition: Definition, period: Period, value: Decimal | None, previous: Decimal | None) -> Any:
    """The standing among the province's cities; a first quarter also reads figures published as 1–3月
    (and 1–12月 as the year), the same days under another code."""
    assert definition.peer_indicator is not None
    peer_period = definition.peer_period(period)
    tried = [peer_period, *_same_days(peer_period)]
    result = None
    for candidate in tried:
        result = standing(definition.peer_indicator, candidate, value, previous, city=city_name())
        if result.rank is not None:
            return result
    return result


def _same_days(period: Period) -> list[Period]:
    if period.kind == "quarter" and period.number == 1:
        return [Period.ytd(period.year, 3)]
    if period.kind == "ytd" and period.number == 3:
        return [Period.quarter(period.year, 1)]
    if period.kind == "ytd" and period.number == 12:
        return [Period.whole_year(period.year)]
    if period.kind == "year":
        return [Period.ytd(period.year, 12)]
    return []


def figures(
    period: Period,
    *,
    user: Any,
    district: str | None = None,
    codes: Iterable[str] | None = None,
    as_of: date | None = None,
) -> list[Figure]:
    """Each indicator's figure for the period and scope, in declaration order (`codes` picks some; an
    unknown code raises ValueError)."""
    if period.year <= MIN_YEAR:
        raise ValueError(_("统计期年份须晚于 {year}：同比需要上一年").format(year=MIN_YEAR))
    region = resolve_district(user, district)
    chosen = list(all_definitions())
    if codes is not None:
        wanted = list(codes)
        unknown = [code for code in wanted if by_code(code) is None]
        if unknown:
            raise ValueError(_("未定义的指标代码：{codes}").format(codes="、".join(unknown)))
        chosen = [definition for definition in chosen if definition.code in wanted]
    ctx = Context(period=period, user=user, district=region, as_of=as_of or data_as_of())
    city_wide = region is None and scope_for(user).reach is Reach.CITY
    result: list[Figure] = []
    for definition in chosen:
        pair = definition.selector(ctx)
        rank = previous_rank = None
        if city_wide and definition.peer_indicator:
            found = _rank(definition, period, pair.value, pair.previous)
            if found is not None:
                rank, previous_rank = found.rank, found.previous_rank
        result.append(
            Figure(
                code=definition.code,
                name=str(definition.name),
                unit=definition.unit,
                value=pair.value,
                previous=pair.previous,
                change=change_percent(pair.value, pair.previous),
                rank=rank,
                previous_rank=previous_rank,
                period=period,
                area=definition.area,
                records_url=definition.records(ctx),
                estimate=pair.estimate,
            )
        )
    return result


# --- targets ---------------------------------------------------------------------------------------------


def _progress(actual: Decimal | None, target: Decimal) -> Decimal | None:
    if actual is None or not target:
        return None
    return (actual / target * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _forecast(actual: Decimal | None, months: int, *, stock: bool) -> Decimal | None:
    """The year's value at the pace so far: a flow scaled to twelve months, a stock as it stands."""
    if actual is None or months <= 0:
        return None
    if stock:
        return actual
    return (actual * 12 / months).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _so_far(year: int, as_of: date) -> Period | None:
    """1–N月 of the year up to the last whole month of the data (the whole year once it is over)."""
    if as_of.year > year:
        return Period.ytd(year, 12)
    if as_of.year < year:
        return None
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    month = as_of.month if as_of.day == last_day else as_of.month - 1
    if month < 1:
        return None
    return Period.ytd(year, month)


def targets_for(user: Any, year: int, district: Region | None) -> QuerySet[IndicatorTarget]:
    rows = restrict(IndicatorTarget.objects.select_related("district"), user, Action.VIEW).filter(year=year)
    return rows.filter(district=district) if district is not None else rows.filter(district__isnull=True)


def target_progress(
    year: int, *, user: Any, district: str | None = None, as_of: date | None = None
) -> list[TargetProgress]:
    """The year's targets of the scope (the city's, or the district's) with the progress so far: the
    indicator targets (IndicatorTarget), the cultivation targets (new high-tech enterprises, tech-SMEs in
    total, with cultivation's forecast and probability) and the platform plan (new platforms by type)."""
    region = resolve_district(user, district)
    day = as_of or data_as_of()
    so_far = _so_far(year, day)
    result: list[TargetProgress] = []
    targets = list(targets_for(user, year, region))
    actuals: dict[str, Figure] = {}
    if so_far is not None and targets:
        codes = sorted({target.code for target in targets})
        actuals = {
            figure.code: figure
            for figure in figures(so_far, user=user, district=district, codes=codes, as_of=day)
        }
    for target in targets:
        definition = by_code(target.code)
        if definition is None:
            continue
        figure = actuals.get(target.code)
        actual = figure.value if figure is not None else None
        result.append(
            TargetProgress(
                code=target.code,
                name=str(definition.name),
                unit=definition.unit,
                target=target.value,
                actual=actual,
                progress_percent=_progress(actual, target.value),
                forecast=_forecast(actual, so_far.months if so_far else 0, stock=definition.stock),
                probability=None,
                source=target.source,
            )
        )
    result += _cultivation_progress(user, year, region, day)
    result += _platform_plan_progress(user, year, region)
    return result


# cultivation's target indicators and the definitions' codes of the same figures
CULTIVATION_CODES = {"new_hnte": "hnte.new", "tech_sme_total": "tech_sme.count"}


def _cultivation_progress(user: Any, year: int, region: Region | None, day: date) -> list[TargetProgress]:
    from rainforest.cultivation.selectors import target_outlook, targets_for

    rows = targets_for(user).filter(year=year)
    rows = rows.filter(district=region) if region is not None else rows.filter(district__isnull=True)
    result = []
    for target in rows:
        code = CULTIVATION_CODES.get(target.indicator, target.indicator)
        definition = by_code(code)
        forecast = target_outlook(target, day=day)
        value = Decimal(target.value)
        actual = Decimal(forecast.achieved)
        expected = forecast.attainment.expected
        result.append(
            TargetProgress(
                code=code,
                name=str(definition.name) if definition else target.get_indicator_display(),
                unit=definition.unit if definition else "家",
                target=value,
                actual=actual,
                progress_percent=_progress(actual, value),
                forecast=Decimal(str(round(expected, 1))),
                probability=Decimal(str(round(forecast.attainment.probability * 100, 1))),
                source=target.source,
            )
        )
    return result


def _platform_plan_progress(user: Any, year: int, region: Region | None) -> list[TargetProgress]:
    """The platform plan is the city's (it has no district): shown for the city only."""
    if region is not None:
        return []
    from rainforest.platforms.selectors import plan_progress

    result = []
    for line in plan_progress(user, year=year):
        planned = Decimal(line.planned)
        done = Decimal(line.done)
        result.append(
            TargetProgress(
                code=f"platforms.plan.{line.plan.level}.{line.plan.type.name}",
                name=_("新增{level}{type}").format(level=line.plan.get_level_display(), type=line.plan.type),
                unit="个",
                target=planned,
                actual=done,
                progress_percent=_progress(done, planned),
                forecast=Decimal(line.done + line.building),
                probability=None,
                source=line.plan.source,
            )
        )
    return result
