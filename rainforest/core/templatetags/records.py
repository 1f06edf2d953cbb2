"""`{% record_sections obj %}`: on a parent's page (an enterprise), a section per declared record type that
hangs off it, with the rows the signed-in user may see and a link to add one."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from rainforest.core.policy import Action, may
from rainforest.core.records import registered
from rainforest.core.records.selectors import display, label_of, rows_for

register = template.Library()


@register.inclusion_tag("records/_sections.html", takes_context=True)
def record_sections(context: dict[str, Any], parent: Any) -> dict[str, Any]:
    user = context["request"].user
    sections = []
    for record in registered():
        if record.parent_model is not type(parent) or not may(user, Action.VIEW, record.model):
            continue
        rows = rows_for(record, user).filter(**{record.parent: parent})
        columns = [path for path in record.columns if not path.startswith(f"{record.parent}__")]
        probe = record.model(**{record.parent: parent})
        sections.append(
            {
                "record": record,
                "headers": [label_of(record, path) for path in columns],
                "rows": [
                    (
                        reverse(record.url_name("detail"), args=[obj.pk]),
                        [display(record, obj, p) for p in columns],
                    )
                    for obj in rows
                ],
                "add_url": reverse(record.url_name("create"))
                + "?"
                + urlencode({record.parent: getattr(parent, record.parent_key)})
                if may(user, Action.ADD, probe)
                else "",
            }
        )
    return {"sections": sections}
