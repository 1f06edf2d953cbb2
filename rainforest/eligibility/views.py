"""Pages of the rulebooks: the evaluation panel of an enterprise (reached from the enterprise page), the
enterprise user's self-assessment, a "what if" form that is never stored, and storing an evaluation.

Thin: parse the forms, call the selectors, the engine or one service, render. Scope comes only from
`Enterprise.objects.visible_to`: a firm the user may not see answers 404 (its existence is not revealed).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from rainforest.core.choices import Role
from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, access
from rainforest.core.scope import Reach, scope_for
from rainforest.eligibility import display, services
from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.forms import EvaluationForm, WhatIfForm
from rainforest.eligibility.models import Evaluation
from rainforest.eligibility.result import Result
from rainforest.eligibility.selectors import enterprise_evaluations, facts_for, facts_with_changes
from rainforest.enterprises.models import Enterprise

PASSED_TEXT = {True: "✓", False: "✗", None: gettext_lazy("需补数据")}
# How sure the rulebook is of a criterion's source, in the words of the policy catalogue
# (policies.choices.SourceStatus): the page showed the raw codes (CONFIRMED, SECONDARY) to bureau staff.
STATUS_TEXT = {
    "CONFIRMED": gettext_lazy("已核实"),
    "SECONDARY": gettext_lazy("二手来源"),
    "UNCONFIRMED": gettext_lazy("未核实"),
    "TEAM DESIGN": gettext_lazy("团队设定"),
}


def _visible(request: HttpRequest, credit_code: str) -> Enterprise:
    return get_object_or_404(Enterprise.objects.visible_to(request.user), credit_code=credit_code)


def _rows(result: Result) -> list[dict[str, Any]]:
    """The criteria as the template shows them: the JSON of the contract, plus the ✓/✗/需补数据 mark and
    the value, threshold and reason for people (eligibility.display: Chinese fact names, percentages,
    万元)."""
    rows = []
    for criterion, item in zip(result.criteria, result.to_json()["criteria"], strict=True):
        points = item["points"]
        shown = (
            "—" if points is None else (f"{points[0]}–{points[1]}" if isinstance(points, list) else points)
        )
        status = STATUS_TEXT.get(item["status"], item["status"])
        rows.append(
            {
                **item,
                "mark": PASSED_TEXT[item["passed"]],
                "points_text": shown,
                "status_text": status,
                "value_text": display.value_text(criterion),
                "threshold_text": display.threshold_text(criterion),
                "reason_text": display.reason_text(criterion),
            }
        )
    return rows


def _panel(request: HttpRequest, enterprise: Enterprise, *, self_assessment: bool) -> HttpResponse:
    form = EvaluationForm(request.GET or None)
    rulebook, as_of = "hnte", data_as_of()
    if form.is_valid():
        rulebook, as_of = form.cleaned_data["rulebook"], form.cleaned_data["as_of"]
    elif form.is_bound:
        messages.error(request, _("评价规则或日期有误，已按默认值评价"))
    facts = facts_for(enterprise, as_of)
    result = evaluate(facts, rulebook)
    what_if_form = WhatIfForm(request.GET if "what_if" in request.GET else None)
    what_if = None
    data_year = as_of.year - 1
    if what_if_form.is_bound and what_if_form.is_valid() and what_if_form.changes():
        changed = facts_with_changes(facts, year=data_year, changes=what_if_form.changes())
        what_if = evaluate(changed, rulebook)
    context = {
        "enterprise": enterprise,
        "form": EvaluationForm(initial={"rulebook": rulebook, "as_of": as_of}),
        "what_if_form": what_if_form if what_if_form.is_bound else WhatIfForm(),
        "rulebook": rulebook,
        "as_of": as_of,
        "data_year": data_year,
        "result": result,
        "result_json": result.to_json(),
        "rows": _rows(result),
        "experts": display.expert_inputs_text(result),
        "what_if": what_if,
        "what_if_rows": _rows(what_if) if what_if else [],
        "what_if_experts": display.expert_inputs_text(what_if) if what_if else "",
        "history": enterprise_evaluations(enterprise, result.book.family)[:10],
        "self_assessment": self_assessment,
    }
    return render(request, "eligibility/panel.html", context)


@access.model(Evaluation, Action.VIEW)
@login_required
@require_GET
def enterprise_panel(request: HttpRequest, credit_code: str) -> HttpResponse:
    return _panel(request, _visible(request, credit_code), self_assessment=False)


@access.login  # enterprise users only: others get 404
@login_required
@require_GET
def self_assessment(request: HttpRequest) -> HttpResponse:
    """The enterprise user's own firm only; other roles reach the panel from the enterprise page."""
    if (
        scope_for(request.user).reach is not Reach.OWN
        or getattr(request.user, "role", None) != Role.ENTERPRISE_USER
    ):
        raise Http404(_("自评页面仅供企业用户使用"))
    enterprise = Enterprise.objects.visible_to(request.user).first()
    if enterprise is None:
        raise Http404(_("账号尚未关联企业"))
    return _panel(request, enterprise, self_assessment=True)


@access.model(Evaluation, Action.ADD)
@login_required
@require_POST
def store(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = _visible(request, credit_code)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("评价规则或日期有误，未保存"))
    else:
        try:
            evaluation = services.evaluation_record(
                enterprise=enterprise,
                rulebook=form.cleaned_data["rulebook"],
                evaluated_on=form.cleaned_data["as_of"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request,
                _("已保存评价记录：{rulebook}，{day}").format(
                    rulebook=evaluation.rulebook, day=evaluation.evaluated_on.isoformat()
                ),
            )
    target = (
        reverse("eligibility:self")
        if request.POST.get("self")
        else reverse("eligibility:enterprise", args=[credit_code])
    )
    chosen = form.cleaned_data if form.is_valid() else {}
    day: date = chosen.get("as_of") or data_as_of()
    query = {"rulebook": chosen.get("rulebook", "hnte"), "as_of": day.isoformat()}
    return redirect(f"{target}?{urlencode(query)}")
