"""The matching engine's template tag: the first matches of a demand or an achievement, for the section
(`matching/match_section.html`) on their record pages. Results are those the page's user may see."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from rainforest.core.policy import Action, may
from rainforest.matching.engine import matches
from rainforest.matching.models import Achievement, Demand

register = template.Library()

PREVIEW = 5


@register.simple_tag(takes_context=True)
def match_preview(context: template.Context, demand: Any = None, achievement: Any = None) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if isinstance(demand, Demand):
        allowed = may(user, Action.VIEW, Achievement)
        rows = matches.for_demand(user, demand, top=PREVIEW) if allowed else []
        more = reverse("matching:demand_matches", args=[demand.pk]) if allowed else ""
        return {"kind": "achievements", "rows": rows, "allowed": allowed, "more_url": more, "firms": []}
    if isinstance(achievement, Achievement):
        allowed = may(user, Action.VIEW, Demand)
        rows, firms = matches.for_achievement(user, achievement, top=PREVIEW) if allowed else ([], [])
        more = reverse("matching:achievement_matches", args=[achievement.pk]) if allowed else ""
        return {"kind": "demands", "rows": rows, "allowed": allowed, "more_url": more, "firms": firms}
    return {"kind": "", "rows": [], "allowed": False, "more_url": "", "firms": []}
