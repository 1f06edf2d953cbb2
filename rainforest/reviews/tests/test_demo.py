"""The demo city's expert review (rainforest/demo/reviews.py): the pool, the decided calls' closed panels whose
ranking agrees with the outcome (57 ranked for the loan subsidy), and demo-review with the `expert` demo user
on its panel and their sheets waiting. The city is built once, in one test (building it takes minutes)."""

from __future__ import annotations

import pytest

from rainforest.calls.choices import SUCCESS_STATES
from rainforest.calls.models import Application, Call
from rainforest.core.models import User
from rainforest.demo.builder import build_demo
from rainforest.reviews import selectors
from rainforest.reviews.models import Expert

pytestmark = pytest.mark.django_db


def test_the_demo_city_reviews_its_calls_by_panel():
    build_demo(seed=2025, scale="city")

    assert Expert.objects.count() == 26
    assert Expert.objects.filter(technical=True).count() == 21
    assert Expert.objects.filter(financial=True).count() == 7
    for code, size in (("2025-loan-subsidy", 7), ("2025-conversion-fund", 5), ("2025-rd-institutions", 5)):
        call = Call.objects.get(code=code)
        panel = selectors.panel_for(call)
        assert panel is not None and panel.closed and panel.members.count() == size
        ranking = selectors.ranking(call)
        assert len(ranking) == Application.objects.filter(call=call, status__in=selectors.REVIEWED).count()
        statuses = dict(Application.objects.filter(call=call).values_list("pk", "status"))
        succeeded = [statuses[row["application"]] in SUCCESS_STATES for row in ranking]
        assert succeeded == sorted(succeeded, reverse=True), code  # every success above every refusal
    loan = selectors.ranking(Call.objects.get(code="2025-loan-subsidy"))
    assert len(loan) == 57
    assert (loan[0]["rank"], loan[0]["reviewers"], loan[0]["trimmed"]) == (1, 5, True)
    assert [
        row for row in selectors.consistency(Call.objects.get(code="2025-loan-subsidy")) if row.flagged
    ] != []

    expert = User.objects.get(username="expert")
    review = Call.objects.get(code="demo-review")
    panel = selectors.panel_for(review)
    assert panel is not None and not panel.closed
    assert panel.members.filter(expert__user=expert).exists()
    assert len(selectors.sheets_waiting(expert)) == 12
    assert selectors.ranking(review) != []  # the other four members have scored
    excluded = selectors.exclusions(review)[1]
    assert sorted(row.reason for row in excluded) == ["conflict", "conflict", "unavailable"]
