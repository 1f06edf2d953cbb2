"""The cockpit's query (period, map indicator, district) and the briefing's request."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rainforest.indicators.periods import Period

ORDERINGS = {
    "-created_at": _("生成时间（新→旧）"),
    "created_at": _("生成时间（旧→新）"),
    "-period": _("统计期（新→旧）"),
    "period": _("统计期（旧→新）"),
}


def _period(value: str) -> Period | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return Period.parse(value)
    except ValueError as error:
        raise forms.ValidationError(str(error), code="period") from error


def period_choices(as_of: date, *, years: int = 3) -> list[tuple[str, list[tuple[str, str]]]]:
    """The selector's periods up to the as-of date, latest year first, each year grouped: its quarters,
    months, 1–N月 and the year."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for year in range(as_of.year, as_of.year - years, -1):
        last = as_of.month if year == as_of.year else 12
        quarters = [Period.quarter(year, n) for n in range((last - 1) // 3 + 1, 0, -1)]
        months = [Period.month(year, n) for n in range(last, 0, -1)]
        cumulative = [Period.ytd(year, n) for n in range(last, 1, -1)]
        options = [*quarters, *cumulative, *months, Period.whole_year(year)]
        groups.append((str(_("{year}年").format(year=year)), [(p.code, p.label) for p in options]))
    return groups


class CockpitQuery(forms.Form):
    period = forms.CharField(label=_("统计期"), required=False, max_length=24)
    indicator = forms.CharField(label=_("地图指标"), required=False, max_length=60)
    district = forms.CharField(label=_("县区"), required=False, max_length=6)

    def clean_period(self) -> Period | None:
        return _period(self.cleaned_data.get("period", ""))


class BriefingRequest(forms.Form):
    period = forms.CharField(label=_("统计期"), max_length=24)
    district = forms.CharField(label=_("县区"), required=False, max_length=6)

    def clean_period(self) -> Period | None:
        period = _period(self.cleaned_data.get("period", ""))
        if period is None:
            raise forms.ValidationError(_("请选择统计期"), code="required")
        return period


class BriefingFilter(forms.Form):
    period = forms.CharField(label=_("统计期"), required=False, max_length=24)
    ordering = forms.ChoiceField(label=_("排序"), required=False, choices=list(ORDERINGS.items()))

    def clean_period(self) -> Period | None:
        return _period(self.cleaned_data.get("period", ""))

    def values(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {"period": None, "ordering": "-created_at"}
        return {
            "period": self.cleaned_data["period"],
            "ordering": self.cleaned_data["ordering"] or "-created_at",
        }
