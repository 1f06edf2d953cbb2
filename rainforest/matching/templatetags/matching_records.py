"""Template tags of the matching app's record pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import get_template

register = template.Library()

MATCH_SECTION = "matching/match_section.html"


@register.simple_tag(takes_context=True)
def match_section(context: template.Context, **objects: Any) -> str:
    """The matching engine's section (“匹配结果”) for `demand=…` or `achievement=…`, rendered with the
    page's request; nothing while the engine's template is not there."""
    try:
        section = get_template(MATCH_SECTION)
    except template.TemplateDoesNotExist:
        return ""
    values: dict[str, Any] = {str(key): value for key, value in context.flatten().items()}
    values.update(objects)
    return section.render(values, context.get("request"))


@register.simple_tag(takes_context=True)
def deals_of(context: template.Context, obj: Any) -> Any:
    """The deals of a demand or an achievement the page's user may see."""
    from rainforest.core.policy import Action
    from rainforest.matching.models import Deal

    request = context.get("request")
    user = getattr(request, "user", None)
    relation = "demand" if obj._meta.model_name == "demand" else "achievement"
    return (
        Deal.objects.restrict(user, Action.VIEW)
        .filter(**{relation: obj})
        .select_related("demand__enterprise", "achievement__owner", "tech_manager")
        .order_by("-opened_on", "number")
    )


@register.simple_tag
def moves_of(deal: Any) -> dict[str, Any]:
    """The moves a deal may make next, and its logged moves."""
    from rainforest.matching.choices import DEAL_TRANSITIONS, DealStatus

    allowed = DEAL_TRANSITIONS[deal.status]
    return {
        "advance": DealStatus.NEGOTIATING in allowed,
        "sign": DealStatus.SIGNED in allowed,
        "drop": DealStatus.DROPPED in allowed,
        "events": list(deal.events.select_related("by").order_by("at", "id")),
    }
