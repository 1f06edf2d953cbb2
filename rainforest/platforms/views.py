"""Pages of the platforms app beyond the generic record pages: the summary of the seed's platform figures
(each linking to the records that make it), the scorecards and the year's plan against what was done.
Views parse the request, call one selector and render; rows come through the policy (`restrict`)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, access, may
from rainforest.platforms import selectors
from rainforest.platforms.choices import PlatformLevel
from rainforest.platforms.models import Platform, PlatformPlan, PlatformType

YEARS = range(2000, 2101)


def _year(request: HttpRequest, default: int) -> int:
    """The `year` parameter when it is a plausible year, else the default."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and int(raw) in YEARS else default


def _as_of(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return data_as_of()


def _records(name: str, **params: Any) -> str:
    """The list page of a record type, filtered."""
    url = reverse(f"records:{name}_list")
    return f"{url}?{urlencode(params)}" if params else url


@access.model(Platform, Action.VIEW)
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    figures = selectors.summary(request.user, as_of=as_of)
    key_on = as_of.isoformat()
    top = figures.top_conversion
    context = {
        "figures": figures,
        "links": {
            "key_platforms": _records("platform", key_on=key_on),
            "last_year": _records("platform_performance", key_on=key_on, year=figures.last_year),
            "top": reverse("platforms:platform", args=[top.platform_id]) + f"?year={top.year}" if top else "",
            "recommended": _records("platform", recommended_year=as_of.year),
            "co_built": _records("platform_partner", role="co_builder", year=as_of.year),
            "university": _records("platform", host="university"),
            "plan": reverse("platforms:plan") + f"?year={as_of.year}",
            "scorecards": reverse("platforms:scorecards") + f"?year={figures.last_year}",
        },
        "plan": selectors.plan_progress(request.user, year=as_of.year)
        if may(request.user, Action.VIEW, PlatformPlan)
        else [],
    }
    return render(request, "platforms/summary.html", context)


SORTABLE = (
    ("name", _("平台名称")),
    ("rd_input", _("研发投入")),
    ("economic_benefit", _("直接经济效益")),
    ("ratio", _("投入产出比")),
    ("change", _("较上年变化")),
    ("rank", _("同类同级排名")),
)


@access.model(Platform, Action.VIEW)
@require_GET
def scorecards(request: HttpRequest) -> HttpResponse:
    year = _year(request, data_as_of().year - 1)
    ordering = request.GET.get("ordering", "rank")
    if ordering.lstrip("-") not in selectors.SORTS:
        ordering = "rank"
    platforms = selectors.visible_platforms(request.user)
    type_name = request.GET.get("type", "").strip()
    level = request.GET.get("level", "")
    if type_name:
        platforms = platforms.filter(type__name=type_name)
    if level in PlatformLevel.values:
        platforms = platforms.filter(level=level)
    cards = selectors.scorecards(request.user, year=year, platforms=platforms, ordering=ordering)
    page = Paginator(cards, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    headers = []
    for key, label in SORTABLE:
        direction = "asc" if ordering == key else "desc" if ordering == f"-{key}" else ""
        headers.append(
            {"label": label, "value": f"-{key}" if direction == "asc" else key, "direction": direction}
        )
    context = {
        "year": year,
        "page": page,
        "headers": headers,
        "types": PlatformType.objects.all(),
        "levels": PlatformLevel.choices,
        "type_name": type_name,
        "level": level,
        "filtered": bool(type_name or level),
    }
    return render(request, "platforms/scorecards.html", context)


@access.model(PlatformPlan, Action.VIEW)
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    year = _year(request, data_as_of().year)
    rows = selectors.plan_progress(request.user, year=year)
    context = {
        "year": year,
        "rows": [
            {
                "line": line,
                "done_url": _records(
                    "platform", type=line.plan.type.name, level=line.plan.level, recognised_year=year
                ),
                "building_url": _records(
                    "platform",
                    type=line.plan.type.name,
                    level=line.plan.level,
                    status="building",
                    approved_year=year,
                ),
                "percent": int(line.share * 100),
            }
            for line in rows
        ],
        "totals": {
            "planned": sum(line.planned for line in rows),
            "done": sum(line.done for line in rows),
            "building": sum(line.building for line in rows),
            "gap": sum(line.gap for line in rows),
        },
        "plan_url": _records("platform_plan", year=year),
        "may_add": may(request.user, Action.ADD, PlatformPlan),
        "create_url": reverse("records:platform_plan_create"),
    }
    return render(request, "platforms/plan.html", context)


@access.model(Platform, Action.VIEW)
@require_GET
def platform(request: HttpRequest, pk: int) -> HttpResponse:
    """One platform: what it is, its scorecard over the years, its partners and yearly performance."""
    found = get_object_or_404(selectors.visible_platforms(request.user), pk=pk)
    year = _year(request, data_as_of().year - 1)
    [card] = selectors.scorecards(request.user, year=year, platforms=Platform.objects.filter(pk=found.pk))
    context = {
        "platform": found,
        "card": card,
        "year": year,
        "record_url": reverse("records:platform_detail", args=[found.pk]),
        "host_url": reverse("enterprises:detail", args=[firm.credit_code])
        if (firm := found.host_enterprise) is not None and may(request.user, Action.VIEW, firm)
        else "",
    }
    return render(request, "platforms/platform.html", context)
