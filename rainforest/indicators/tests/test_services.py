"""Monthly revenue of sci-tech service firms: the reported figure replaces the estimate of the same month,
never the reverse; targets of any defined indicator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rainforest.indicators.models import IndicatorTarget, RevenueKind, ServiceRevenue
from rainforest.indicators.services import service_revenue_record

pytestmark = pytest.mark.django_db


def test_the_reported_figure_replaces_the_estimate_of_the_same_month(city: Any, own_firm: Any) -> None:
    estimate = service_revenue_record(
        user=city, enterprise=own_firm, month=date(2025, 4, 17), revenue=Decimal("690000"), kind="estimate"
    )
    assert (estimate.month, estimate.kind) == (date(2025, 4, 1), RevenueKind.ESTIMATE)
    reported = service_revenue_record(
        user=city, enterprise=own_firm, month=date(2025, 4, 1), revenue=Decimal("712345.60"), kind="reported"
    )
    assert reported.pk == estimate.pk
    stored = ServiceRevenue.objects.get()
    assert (stored.revenue, stored.kind) == (Decimal("712345.60"), RevenueKind.REPORTED)


def test_an_estimate_never_replaces_a_reported_figure(city: Any, own_firm: Any) -> None:
    service_revenue_record(user=city, enterprise=own_firm, month=date(2025, 3, 1), revenue=Decimal("100"))
    with pytest.raises(ValidationError) as error:
        service_revenue_record(
            user=city, enterprise=own_firm, month=date(2025, 3, 1), revenue=Decimal("999"), kind="estimate"
        )
    assert "kind" in error.value.message_dict
    stored = ServiceRevenue.objects.get()
    assert (stored.revenue, stored.kind) == (Decimal("100.00"), RevenueKind.REPORTED)


def test_a_district_officer_records_only_their_districts_firms(
    district_yuci: Any, two_districts: dict[str, Any]
) -> None:
    service_revenue_record(
        user=district_yuci, enterprise=two_districts["yuci"], month=date(2025, 1, 1), revenue=Decimal("5")
    )
    with pytest.raises(PermissionDenied):
        service_revenue_record(
            user=district_yuci,
            enterprise=two_districts["taigu"],
            month=date(2025, 1, 1),
            revenue=Decimal("5"),
        )
    assert list(ServiceRevenue.objects.values_list("enterprise__district__code", flat=True)) == ["140702"]


def test_negative_revenue_is_refused_by_field(city: Any, own_firm: Any) -> None:
    with pytest.raises(ValidationError) as error:
        service_revenue_record(user=city, enterprise=own_firm, month=date(2025, 1, 1), revenue=Decimal("-1"))
    assert "revenue" in error.value.message_dict
    assert not ServiceRevenue.objects.exists()


@pytest.mark.parametrize(
    ("code", "value", "field", "message"),
    [
        ("nope.count", "1", "code", "未定义"),
        ("hnte.new", "109", "code", "年度目标"),
        ("contracts.count", "10.5", "value", "整数"),
        ("contracts.count", "-1", "value", "不能为负"),
    ],
)
def test_a_target_names_the_field_it_fails_on(code: str, value: str, field: str, message: str) -> None:
    target = IndicatorTarget(code=code, year=2025, value=Decimal(value), source="测试")
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_a_money_target_may_have_cents() -> None:
    target = IndicatorTarget(
        code="contracts.turnover", year=2025, value=Decimal("48474000.50"), source="测试"
    )
    target.full_clean()
