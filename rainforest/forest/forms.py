"""Input of the forest page: the as-of date, the year of the flows, the layer the map is coloured by."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rainforest.core.models import data_as_of, today
from rainforest.forest.choices import MoveKind

FIRST_YEAR = 2000  # the forest rulebook's earliest effective_from

MAP_LAYERS = [
    ("forest", _("林中全部（种子至乔木）")),
    ("seed", _("种子")),
    ("herb", _("草本")),
    ("shrub", _("灌木")),
    ("tree", _("乔木")),
    ("none", _("未入林")),
]


class ForestQueryForm(forms.Form):
    """Every field is optional; a missing one takes its default (today, today's year, the whole forest)."""

    as_of = forms.DateField(
        label=_("截至日期"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD，例如 2025-06-30。")},
    )
    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        error_messages={"invalid": _("年度应为四位数字，例如 2025。")},
    )
    layer = forms.ChoiceField(label=_("地图显示"), required=False, choices=MAP_LAYERS)
    kind = forms.ChoiceField(
        label=_("成长路径"), required=False, choices=[("", _("全部")), *MoveKind.choices]
    )

    def clean_as_of(self) -> date:
        value: date | None = self.cleaned_data.get("as_of")
        if value is not None and value.year < FIRST_YEAR:
            raise forms.ValidationError(_("截至日期不能早于 {year} 年。").format(year=FIRST_YEAR))
        return value or data_as_of()

    def clean_year(self) -> int:
        value: int | None = self.cleaned_data.get("year")
        last = today().year + 1
        if value is None:
            return data_as_of().year
        if not FIRST_YEAR <= value <= last:
            raise forms.ValidationError(
                _("年度须在 {first} 至 {last} 之间。").format(first=FIRST_YEAR, last=last)
            )
        return value

    def clean_layer(self) -> str:
        return self.cleaned_data.get("layer") or "forest"

    def values(self) -> dict[str, Any]:
        """The cleaned values, with each invalid field replaced by its default (the page still renders)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "as_of": cleaned.get("as_of") or data_as_of(),
            "year": cleaned.get("year") or data_as_of().year,
            "layer": cleaned.get("layer") or "forest",
            "kind": cleaned.get("kind") or "",
        }
