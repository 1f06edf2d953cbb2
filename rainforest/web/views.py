"""The home page: the user's to-do list for today (web.selectors), with a one-line summary of the forest in
their scope; a university or bank user reads what will appear here and what they can do meanwhile."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, access, may
from rainforest.enterprises.models import Enterprise
from rainforest.forest.choices import LAYER_CODES, LayerChoice
from rainforest.forest.selectors import forest_summary
from rainforest.web.selectors import institution_desk, todo_for


@dataclass(frozen=True)
class LayerCount:
    code: str
    label: str
    count: int


@access.login
@login_required
def home(request: HttpRequest) -> HttpResponse:
    day = data_as_of()
    summary = forest_summary(request.user, day)
    layers = [
        LayerCount(code=code, label=str(LayerChoice(value).label), count=summary.by_layer.get(code, 0))
        for code, value in LAYER_CODES.items()
        if code != "none"
    ]
    context = {
        "today": day,
        "layers": layers,
        "total": sum(layer.count for layer in layers),
        "needs_data": summary.needs_data,
        "scope_empty": summary.total == 0,  # a university or a bank: no organisation in scope
        "rulebook_version": summary.rulebook_version,
        "may_write": may(request.user, Action.ADD, Enterprise),
        "todo": todo_for(request.user, day, needs_data=summary.needs_data),
        # a university or bank user: the desk of their own records (achievements, contracts, loans…)
        "institution": institution_desk(request.user),
    }
    return render(request, "web/home.html", context)
