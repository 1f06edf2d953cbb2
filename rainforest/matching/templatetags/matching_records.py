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
