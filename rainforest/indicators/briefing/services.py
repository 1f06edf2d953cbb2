"""Writes of the briefing: generate a period's briefing from its figures and keep it (the `Briefing` row
holds the period, the district, the figures it used, the HTML and the Word document)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from rainforest.core import policy
from rainforest.core.models import data_as_of
from rainforest.core.policy import Action
from rainforest.indicators.briefing import document
from rainforest.indicators.briefing.selectors import CITY, city_name, place_for
from rainforest.indicators.figures import Figure, figures, target_progress
from rainforest.indicators.models import Briefing
from rainforest.indicators.periods import Period


@dataclass(frozen=True)
class Generated:
    briefing: Briefing
    content: document.Content


def figure_record(figure: Figure) -> dict[str, Any]:
    """What a briefing keeps of a figure it used: the CLI's object plus its section, period, records link
    and whether it is an estimate (money in yuan, as JSON numbers)."""
    return {
        **figure.as_json(),
        "area": figure.area,
        "period": figure.period.code,
        "estimate": figure.estimate,
        "records_url": figure.records_url,
    }


def _later_estimates(period: Period, *, user: Any, district: str | None) -> list[tuple[Period, Figure]]:
    """Estimates (预计) of the month after the period, counted from January (the 1–4月 estimate of a first
    quarter's briefing), where a figure of that period holds one."""
    if period.kind == "year" or period.last_month == 12:
        return []
    later = Period.ytd(period.year, period.last_month + 1)
    return [(later, figure) for figure in figures(later, user=user, district=district) if figure.estimate]


def months_so_far(year: int, day: date) -> int:
    """The whole months of `year` the targets' progress counts on `day`, as `indicators.figures` counts
    the year so far (1–N月 up to the last whole month; the whole year once it is over)."""
    if day.year != year:
        return 12 if day.year > year else 0
    last_day = calendar.monthrange(day.year, day.month)[1]
    return day.month if day.day == last_day else day.month - 1


@transaction.atomic
def briefing_generate(
    *,
    period: Period,
    user: Any,
    district: str | None = None,
    with_charts: bool = True,
    on: date | None = None,
) -> Generated:
    """Generate the briefing of `period` for the user's scope (or one district of it, by region code) and
    keep it. The figures come from `indicators.figures` with the user, so a district officer's briefing
    tells their district; the row is checked before and after it is saved (`policy.checked`).
    Raises ValueError (an unknown district) or PermissionDenied (a district out of reach)."""
    place = place_for(user, district)
    used = figures(period, user=user, district=place.code)
    targets = target_progress(period.year, user=user, district=place.code)
    estimates = _later_estimates(period, user=user, district=place.code)
    day = on or data_as_of()
    content = document.compose(
        period=period,
        scope=place.name,
        title_scope=city_name() if place.name == CITY else place.name,
        figures=used,
        targets=[target for target in targets if target.target > Decimal(0)],
        estimates=estimates,
        target_months=months_so_far(period.year, day),
        on=day,
        with_charts=with_charts,
    )
    briefing = Briefing(
        title=content.title,
        period=period.code,
        district=place.region,
        figures=[figure_record(figure) for figure in used]
        + [figure_record(figure) for _later, figure in estimates],
        html=document.html(content),
        docx=document.docx_bytes(content),
        created_by=user if getattr(user, "pk", None) is not None else None,  # not the CLI's operator
    )
    with policy.checked(user, Action.ADD, briefing):
        briefing.full_clean()
        briefing.save()
    return Generated(briefing=briefing, content=content)
