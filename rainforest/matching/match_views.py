"""Pages of the matching engine (a demand's achievements, an achievement's demands and firms, an ad-hoc
search), included by the app's urls.py. Each declares its access; the demand or achievement is fetched
through the policy's restrict and every result is one the user may see."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rainforest.core.policy import Action, access, may
from rainforest.matching import selectors
from rainforest.matching.engine import matches
from rainforest.matching.models import Achievement, Demand

PAGE_TOP = 100  # a ranking page shows at most this many results, paginated
TARGETS = {"achievements": _("科技成果"), "demands": _("技术需求")}


def _crumbs(*extra: tuple[str, str]) -> list[dict[str, str]]:
    items = [{"label": _("成果需求匹配"), "url": reverse("matching:search")}]
    return items + [{"label": label, "url": url} for label, url in extra]


def _page(request: HttpRequest, rows: list[Any]) -> Any:
    return Paginator(rows, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))


@access.model(Achievement, Action.VIEW)
@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """/matching/search/?q=…&target=achievements|demands: free text against the achievements (a problem
    finds techniques) or the demands (a technique finds the firms that need it)."""
    query = (request.GET.get("q") or "").strip()[:500]
    may_demands = may(request.user, Action.VIEW, Demand)
    target = request.GET.get("target", "achievements")
    if target not in TARGETS or (target == "demands" and not may_demands):
        target = "achievements"
    results = matches.search(request.user, query, kind=target, top=PAGE_TOP) if query else []  # type: ignore[arg-type]
    context = {
        "query": query,
        "target": target,
        "targets": [(k, v) for k, v in TARGETS.items() if k == "achievements" or may_demands],
        "page": _page(request, results),
        "count": len(results),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "matching/match_search.html", context)


@access.model(Demand, Action.VIEW)
@login_required
@require_GET
def demand_matches(request: HttpRequest, pk: int) -> HttpResponse:
    """The achievements that answer one demand, with why."""
    demand = get_object_or_404(selectors.demands_for(request.user), pk=pk)
    results = matches.for_demand(request.user, demand, top=PAGE_TOP)
    context = {
        "demand": demand,
        "page": _page(request, results),
        "count": len(results),
        "may_see_achievements": may(request.user, Action.VIEW, Achievement),
        "breadcrumbs": _crumbs((str(demand), reverse("records:demand_detail", args=[demand.pk]))),
    }
    return render(request, "matching/match_demand.html", context)


@access.model(Achievement, Action.VIEW)
@login_required
@require_GET
def achievement_matches(request: HttpRequest, pk: int) -> HttpResponse:
    """The demands one achievement answers and the firms behind them."""
    achievement = get_object_or_404(selectors.achievements_for(request.user), pk=pk)
    results, firms = matches.for_achievement(request.user, achievement, top=PAGE_TOP)
    context = {
        "achievement": achievement,
        "page": _page(request, results),
        "count": len(results),
        "firms": firms,
        "may_see_demands": may(request.user, Action.VIEW, Demand),
        "breadcrumbs": _crumbs(
            (str(achievement), reverse("records:achievement_detail", args=[achievement.pk]))
        ),
    }
    return render(request, "matching/match_achievement.html", context)


urlpatterns: list[URLPattern] = [
    path("search/", search, name="search"),
    path("demands/<int:pk>/matches/", demand_matches, name="demand_matches"),
    path("achievements/<int:pk>/matches/", achievement_matches, name="achievement_matches"),
]
