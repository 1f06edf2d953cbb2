"""The cultivation pool, its Excel export, the alerts and the butlers' pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rainforest.core.choices import Role
from rainforest.core.policy import Action, access
from rainforest.cultivation import selectors
from rainforest.cultivation.export import pool_workbook
from rainforest.cultivation.forms import PoolFilterForm
from rainforest.cultivation.models import FollowUp, Visit
from rainforest.cultivation.pool import RULEBOOK_LABELS, Candidate, in_band, pool_for
from rainforest.cultivation.views.common import crumbs, require_cultivation
from rainforest.enterprises.models import Assignment, Enterprise


def _sorted(candidates: list[Candidate], sort: str) -> list[Candidate]:
    if sort == "-probability":
        return sorted(candidates, key=lambda c: (-c.probability, c.closeness()))
    if sort == "probability":
        return sorted(candidates, key=lambda c: (c.probability, c.closeness()))
    if sort == "name":
        return sorted(candidates, key=lambda c: (c.enterprise.name if c.enterprise else "", c.enterprise_id))
    if sort == "district":
        return sorted(
            candidates,
            key=lambda c: (c.enterprise.district.code if c.enterprise else "", c.closeness()),
        )
    return candidates  # already ranked by closeness


def _filtered(request: HttpRequest) -> tuple[PoolFilterForm, dict[str, Any], list[Candidate]]:
    day = selectors.reference_day()
    form = PoolFilterForm(request.GET or None, districts=selectors.districts(), day=day)
    values = form.values(day)
    candidates = pool_for(
        Enterprise.objects.visible_to(request.user),
        rulebook=values["rulebook"],
        day=values["as_of"],
        district=values["district"],
    )
    if values["band"]:
        candidates = in_band(candidates, values["band"])
    return form, values, _sorted(candidates, values["sort"])


@access.model(Visit, Action.VIEW)  # the cultivation work: bureau staff and butlers
@login_required
@require_GET
def pool(request: HttpRequest) -> HttpResponse:
    require_cultivation(request)
    form, values, candidates = _filtered(request)
    page = Paginator(candidates, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    offset = (page.number - 1) * settings.RAINFOREST["PAGE_SIZE"]
    context = {
        "form": form,
        "values": values,
        "rulebook_label": RULEBOOK_LABELS[values["rulebook"]],
        "page": page,
        "offset": offset,
        "query": query.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort", "rulebook", "as_of")),
        "breadcrumbs": crumbs(),
    }
    return render(request, "cultivation/pool.html", context)


@access.model(Visit, Action.EXPORT)
@login_required
@require_GET
def pool_export(request: HttpRequest) -> HttpResponse:
    require_cultivation(request)
    _form, values, candidates = _filtered(request)
    query = request.GET.copy()
    content = pool_workbook(
        candidates, rulebook=values["rulebook"], day=values["as_of"], filters=query.urlencode()
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"cultivation-pool-{values['rulebook']}-{values['as_of'].isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@access.model(FollowUp, Action.VIEW)
@login_required
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    require_cultivation(request)
    day = selectors.reference_day()
    context = {
        "day": day,
        "expiring": selectors.hnte_expiring(request.user, day),
        "due": selectors.tech_sme_due(request.user, day),
        "breadcrumbs": crumbs(),
    }
    return render(request, "cultivation/alerts.html", context)


@access.model(Assignment, Action.VIEW)
@login_required
@require_GET
def butlers(request: HttpRequest) -> HttpResponse:
    require_cultivation(request)
    if request.user.role == Role.BUTLER:  # type: ignore[union-attr]
        return redirect("cultivation:butler", request.user.pk)
    context = {"butlers": selectors.caseloads(request.user), "breadcrumbs": crumbs()}
    return render(request, "cultivation/butlers.html", context)


@access.model(Assignment, Action.VIEW)
@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    require_cultivation(request)
    if request.user.role != Role.BUTLER:  # type: ignore[union-attr]
        return redirect("cultivation:butlers")
    return redirect("cultivation:butler", request.user.pk)


@access.model(Assignment, Action.VIEW)
@login_required
@require_GET
def butler(request: HttpRequest, pk: int) -> HttpResponse:
    require_cultivation(request)
    person = get_object_or_404(selectors.butlers_for(request.user), pk=pk)
    day = selectors.reference_day()
    context = {
        "butler": person,
        "day": day,
        "rows": selectors.caseload_rows(person, request.user, day),
        "overdue": list(selectors.overdue_follow_ups(request.user, day).filter(visit__butler=person)),
        "upcoming": selectors.next_visits(person, request.user, day),
        "breadcrumbs": crumbs((_("科技管家"), "")),
    }
    return render(request, "cultivation/butler.html", context)
