"""Pages of the talent app beyond the generic record pages: the census summary of universities and
institutes (with its Excel export), the roster of technology managers (phones masked unless the user may see
personal data) and a manager's page with their trainings and brokered contracts and deals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rainforest.core.money import WAN
from rainforest.core.policy import Action, access, may
from rainforest.core.scope import mask_phone, sees_personal_data
from rainforest.talent import selectors
from rainforest.talent.exports import census_workbook
from rainforest.talent.models import ResearchTeam, TechManager, Trainee
from rainforest.talent.records import TechManagerFilter


def _url(name: str, **params: Any) -> str:
    """A list page's URL with its filter; "" when that page is not installed."""
    try:
        base = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{base}?{urlencode(params)}" if params else base


def _census_links(code: str, name: str) -> dict[str, str]:
    return {
        "disciplines": _url("records:key_discipline_list", organisation=code),
        "teams": _url("records:research_team_list", organisation=code),
        "centres": _url("records:joint_centre_list", organisation=code),
        # the platform and achievement lists filter by the host's or owner's name
        "platforms": _url("records:platform_list", q=name),
        "achievements": _url("records:achievement_list", q=name),
    }


@access.model(ResearchTeam, Action.VIEW)
@require_GET
def census(request: HttpRequest) -> HttpResponse:
    result = selectors.census_for(request.user)
    rows = [(row, _census_links(row.organisation.code, row.organisation.name)) for row in result.rows]
    context = {
        "census": result,
        "rows": rows,
        "totals": _census_links("", ""),
        "centres": selectors.centres_for(request.user),
        "may_export": may(request.user, Action.EXPORT, ResearchTeam),
    }
    return render(request, "talent/census.html", context)


@access.model(ResearchTeam, Action.EXPORT)
@require_GET
def census_export(request: HttpRequest) -> HttpResponse:
    content = census_workbook(selectors.census_for(request.user))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename=census.xlsx"
    return response


def _headers(request: HttpRequest) -> list[tuple[str, str, str]]:
    """The roster's column headers: (label, the URL sorting by it or "", the current direction)."""
    current = request.GET.get("ordering", "")
    columns = (
        (_("姓名"), "name"),
        (_("等级"), "grade"),
        (_("手机号码"), ""),
        (_("工作单位"), "employer"),
        (_("所在区县"), ""),
        (_("证书编号"), ""),
        (_("发证日期"), "certified_on"),
        (_("状态"), ""),
    )
    headers = []
    for label, param in columns:
        if not param:
            headers.append((label, "", ""))
            continue
        direction = "asc" if current == param else "desc" if current == f"-{param}" else ""
        query = request.GET.copy()
        query.pop("page", None)
        query["ordering"] = f"-{param}" if direction == "asc" else param
        headers.append((label, f"?{query.urlencode()}", direction))
    return headers


@access.model(TechManager, Action.VIEW)
@require_GET
def managers(request: HttpRequest) -> HttpResponse:
    filterset = TechManagerFilter(request.GET, queryset=selectors.managers_for(request.user))
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    queryset = queryset.order_by(*(queryset.query.order_by or ("name",)), "pk")
    page = Paginator(queryset, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    clear = sees_personal_data(request.user)
    rows = [(manager, manager.phone if clear else mask_phone(manager.phone)) for manager in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    try:
        export = reverse("imports:export", args=["tech_manager"]) + "?" + query.urlencode()
    except NoReverseMatch:
        export = ""
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "ordering")),
        "export_url": export if may(request.user, Action.EXPORT, TechManager) else "",
        "may_add": may(request.user, Action.ADD, TechManager),
        "ordering": request.GET.get("ordering", ""),
        "headers": _headers(request),
    }
    return render(request, "talent/managers.html", context)


@access.model(TechManager, Action.VIEW)
@require_GET
def manager(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(selectors.managers_for(request.user), pk=pk)
    clear = sees_personal_data(request.user)
    brokered = selectors.brokered_by(found, request.user)
    context = {
        "manager": found,
        "phone": found.phone if clear else mask_phone(found.phone),
        "trainings": selectors.trainings_of(found, request.user)
        if may(request.user, Action.VIEW, Trainee)
        else None,
        "brokered": brokered,
        "contract_amount_wan": brokered.contract_amount / WAN,
        "transaction_amount_wan": brokered.transaction_amount / WAN,
        "deal_amount_wan": brokered.deal_amount / WAN,
        "deals": [
            (deal, deal.amount / WAN if getattr(deal, "amount", None) else None)
            for deal in brokered.deals or ()
        ],
        "may_change": may(request.user, Action.CHANGE, found),
    }
    return render(request, "talent/manager.html", context)
