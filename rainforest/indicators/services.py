"""Writes of the indicators app beyond the generic record pages: recording a month's revenue of a sci-tech
service enterprise, where the statistics bureau's reported figure replaces the estimate of the same month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from rainforest.core import policy
from rainforest.core.policy import Action
from rainforest.enterprises.models import Enterprise
from rainforest.indicators.models import RevenueKind, ServiceRevenue


@transaction.atomic
def service_revenue_record(
    *,
    user: Any,
    enterprise: Enterprise,
    month: date,
    revenue: Decimal,
    kind: str = RevenueKind.REPORTED,
    source: str = "",
) -> ServiceRevenue:
    """Store the enterprise's revenue (yuan) for the month: a new row, or the month's existing row updated,
    so a reported figure replaces an estimate (an estimate never replaces a reported figure: ValidationError
    on `kind`). Checked against the user's reach before and after the change."""
    month = month.replace(day=1)
    existing = (
        ServiceRevenue.objects.restrict(user, Action.CHANGE)
        .filter(enterprise=enterprise, month=month)
        .first()
    )
    row = existing or ServiceRevenue(enterprise=enterprise, month=month)
    action = Action.CHANGE if existing else Action.ADD
    with policy.checked(user, action) as guard:
        guard.check(row)
        row.revenue = revenue
        row.kind = kind
        row.source = source or row.source
        row.full_clean()
        row.save()
    return row
