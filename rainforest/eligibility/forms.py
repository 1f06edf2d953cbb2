"""Forms of the eligibility pages: which rulebook on which date, and the "what if" figures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rainforest.core.models import data_as_of
from rainforest.eligibility.rulebook import families


def family_choices() -> list[tuple[str, str]]:
    from rainforest.eligibility.rulebook import all_rulebooks

    titles: dict[str, str] = {}
    for book in all_rulebooks():
        titles.setdefault(book.family, book.title)
    return [(family, titles[family]) for family in families()]


class EvaluationForm(forms.Form):
    """Which rulebook family (the version in force on the date is used) and the evaluation date."""

    rulebook = forms.ChoiceField(label=_("评价规则"), choices=family_choices, initial="hnte")
    as_of = forms.DateField(
        label=_("评价日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_as_of(self) -> Any:
        return self.cleaned_data.get("as_of") or data_as_of()


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0)


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=18, decimal_places=2)


class WhatIfForm(forms.Form):
    """Figures to try for the last complete accounting year (blank: as recorded). Nothing is stored."""

    employees = _count(_("职工总数"))
    tech_staff = _count(_("科技人员数"))
    rd_staff = _count(_("研发人员数"))
    sales_revenue = _money(_("销售收入（元）"))
    operating_revenue = _money(_("营业收入（元）"))
    rd_expense = _money(_("研发费用（元）"))
    total_income = _money(_("收入总额（元）"))
    hitech_income = _money(_("高新技术产品（服务）收入（元）"))
    ip_class1 = _count(_("Ⅰ类知识产权数"))
    ip_class2 = _count(_("Ⅱ类知识产权数"))

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if value is not None}
