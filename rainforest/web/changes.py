"""变更记录: the change log across every record type that keeps history (created, changed, deleted; who,
when, which fields old → new), deleted records included, filtered by record type, record, user, action and
date, within the user's scope (rainforest.core.history)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from rainforest.core.history import (
    ACTION_LABELS,
    ChangeFilter,
    change_keys,
    changes_for,
    record_type_label,
    record_types,
)
from rainforest.core.policy import access

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL = _("全部")


class ChangeFilterForm(forms.Form):
    record_type = forms.ChoiceField(label=_("记录类型"), required=False)
    record_id = forms.IntegerField(label=_("记录编号"), required=False, min_value=1)
    username = forms.CharField(label=_("操作用户"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("操作"), required=False, choices=[("", ALL), *ACTION_LABELS.items()])
    since = forms.DateField(label=_("起始日期"), required=False, widget=DATE)
    until = forms.DateField(label=_("截止日期"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [  # type: ignore[attr-defined]
            ("", ALL),
            *((label, record_type_label(model)) for label, model in record_types().items()),
        ]

    def wanted(self) -> ChangeFilter:
        data = self.cleaned_data
        return ChangeFilter(
            record_type=data.get("record_type") or None,
            record_id=data.get("record_id"),
            user=(data.get("username") or "").strip() or None,
            action=data.get("action") or None,
            since=data.get("since"),
            until=data.get("until"),
        )


@access.login
@login_required
@require_GET
def change_list(request: HttpRequest) -> HttpResponse:
    form = ChangeFilterForm(request.GET or None)
    wanted = form.wanted() if form.is_valid() else ChangeFilter()
    if form.is_bound and not form.is_valid():
        keys = change_keys(request.user, wanted).none()
    else:
        keys = change_keys(request.user, wanted)
    page = Paginator(keys, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "changes": changes_for(list(page.object_list), request.user),
    }
    return render(request, "web/changes.html", context)
