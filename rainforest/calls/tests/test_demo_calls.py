"""The demo city's decided calls (rainforest/demo/calls.py): their notices and decisions, the conversion fund's
two projects for 160万元, the loan-subsidy projects tied to the finance records, the three R&D institutions
recommended upward, and demo-open open from the build day for a month. The city is built once, in one test
(building it takes minutes)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest

from rainforest.calls.choices import State
from rainforest.calls.models import Application, Call
from rainforest.calls.outcomes import Objection, Project, Publicity
from rainforest.core.models import today
from rainforest.demo.builder import build_demo

pytestmark = pytest.mark.django_db


def _statuses(code: str) -> Counter[str]:
    return Counter(Application.objects.filter(call__code=code).values_list("status", flat=True))


def test_the_demo_city_publishes_decides_and_funds_the_seeds_calls():
    build_demo(seed=2025, scale="city")

    # the loan-interest subsidy: 57 listed, 54 recommended (20 funded, tied to the finance records), 3 not
    assert _statuses("2025-loan-subsidy") == {State.RECOMMENDED: 34, State.PROJECT: 20, State.NOT_APPROVED: 3}
    notice = Publicity.objects.get(call__code="2025-loan-subsidy")
    assert (notice.published_on, notice.ends_on, notice.closed_on, len(notice.rows)) == (
        date(2025, 5, 19),
        date(2025, 5, 23),
        date(2025, 5, 26),
        57,
    )
    projects = Project.objects.filter(application__call__code="2025-loan-subsidy").select_related("subsidy")
    assert len(projects) == 20
    assert [p for p in projects if p.subsidy is None or p.subsidy.approved != p.amount_granted] == []

    # the conversion fund: two projects for 160万元 with milestones and reports (中纲's mid-term one late)
    funded = Project.objects.filter(application__call__code="2025-conversion-fund").order_by(
        "-amount_granted"
    )
    assert [(p.application.enterprise.name, p.amount_granted) for p in funded] == [
        ("山西普丽环境工程股份有限公司", Decimal("900000.00")),
        ("山西中纲不锈钢制品有限公司", Decimal("700000.00")),
    ]
    assert [p.milestones.count() for p in funded] == [2, 2]
    assert [[r.late for r in p.reports.order_by("due_on")] for p in funded][1][0] is True
    objection = Objection.objects.get(publicity__call__code="2025-conversion-fund")
    assert (objection.upheld, objection.resolved_on is not None) == (False, True)

    # three new-type R&D institutions recommended upward, two below the line
    assert _statuses("2025-rd-institutions") == {State.RECOMMENDED: 3, State.NOT_APPROVED: 2}
    assert len(Publicity.objects.get(call__code="2025-rd-institutions").rows) == 3

    # demo-open: open from the build day for a month
    call = Call.objects.get(code="demo-open")
    assert (call.opens_on, call.closes_on, call.status) == (today(), today() + timedelta(days=30), "open")
