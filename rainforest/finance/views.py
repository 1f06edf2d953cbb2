"""The finance pages that are not one record type: the summary of the year's figures, the funnel from
events to loans over a period, and one enterprise's ledger. Rows are reached through the policy
(`selectors`, which `restrict` every read)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rainforest.core.policy import Action, access
from rainforest.enterprises.models import Enterprise
from rainforest.finance import selectors
from rainforest.finance.models import Loan
from rainforest.indicators.periods import Period


def _crumbs(*extra: tuple[str, str]) -> list[dict[str, str]]:
    items = [{"label": _("科技金融"), "url": reverse("finance:summary")}]
    items += [{"label": label, "url": url} for label, url in extra]
    return items


def _year(request: HttpRequest) -> tuple[int, str]:
    """The year asked for (?year=2025), else the data's year; an unreadable one falls back with a notice."""
    raw = request.GET.get("year", "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw), ""
    notice = (
        _("年度“{value}”无效，已显示 {year} 年").format(value=raw, year=selectors.default_year())
        if raw
        else ""
    )
    return selectors.default_year(), notice


def _period(request: HttpRequest) -> tuple[Period, str]:
    raw = request.GET.get("period", "").strip()
    default = Period.whole_year(selectors.default_year())
    if not raw:
        return default, ""
    try:
        return Period.parse(raw), ""
    except ValueError:
        return default, _(
            "统计期“{value}”无效（应如 2025、2025Q1、2025M03、2025YTD04），已显示 {period}"
        ).format(value=raw, period=default.label)


@access.model(Loan, Action.VIEW)
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    year, notice = _year(request)
    context = {
        "summary": selectors.summary(request.user, year),
        "year": year,
        "years": list(range(selectors.default_year(), selectors.default_year() - 5, -1)),
        "notice": notice,
        "breadcrumbs": _crumbs(),
    }
    return render(request, "finance/summary.html", context)


@access.model(Loan, Action.VIEW)
@require_GET
def funnel(request: HttpRequest) -> HttpResponse:
    period, notice = _period(request)
    stages = selectors.funnel(request.user, period)
    top = max((stage.count for stage in stages), default=0)
    rows = [{"stage": stage, "width": round(100 * stage.count / top) if top else 0} for stage in stages]
    context = {
        "period": period,
        "rows": rows,
        "notice": notice,
        "empty": not top,
        "breadcrumbs": _crumbs((_("对接漏斗"), reverse("finance:funnel"))),
    }
    return render(request, "finance/funnel.html", context)


@access.model(Enterprise, Action.VIEW)
@require_GET
def ledger(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = selectors.enterprise_for(request.user, credit_code)
    if enterprise is None:
        raise Http404(_("企业不存在或不在您的数据范围内"))
    context = {
        "ledger": selectors.ledger(request.user, enterprise),
        "enterprise": enterprise,
        "breadcrumbs": _crumbs((enterprise.name, request.path)),
    }
    return render(request, "finance/ledger.html", context)


@access.model(Enterprise, Action.VIEW)
@require_GET
def ledger_lookup(request: HttpRequest) -> HttpResponseBase:
    """Open a firm's ledger by its credit code (or name): one match opens it, several are listed."""
    query = request.GET.get("q", "").strip()
    matches = selectors.enterprises_matching(request.user, query) if query else []
    if len(matches) == 1:
        return redirect("finance:ledger", credit_code=matches[0].credit_code)
    context = {
        "q": query,
        "matches": matches,
        "breadcrumbs": _crumbs((_("企业金融台账"), reverse("finance:ledger_lookup"))),
    }
    return render(request, "finance/ledger_lookup.html", context)
