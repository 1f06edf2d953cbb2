"""The expert's part of what is pending (/calls/pending/): the applications of their open panels they have
not scored yet, with the call's expert-review deadline."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from rainforest.calls import pending
from rainforest.reviews.selectors import sheets_waiting


@pending.register
def expert_sheets(user: Any) -> list[pending.Item]:
    return [
        pending.Item(
            group=_("待评分"),
            title=f"{row.application.call.title} · {row.application.enterprise.name}",
            url=reverse("reviews:sheet", args=[row.application.pk]),
            detail=_("评审截止 {day}").format(day=row.application.call.expert_review_ends_on.isoformat()),
            overdue=pending.is_overdue(row.application.call.expert_review_ends_on),
        )
        for row in sheets_waiting(user)
    ]
