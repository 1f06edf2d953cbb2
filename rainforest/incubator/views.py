"""Pages of the incubator: parks with their zones and tenants, and incubated teams. Only bureau staff
(city-wide, or their own district) see them; city officers, admins and district officers write. Each page
declares its access (rainforest.core.policy.access) and reaches its rows through `restrict(user, action)`,
so a record outside the user's scope answers 404; the services check every record they touch again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, access, may
from rainforest.enterprises.forms import show_service_errors
from rainforest.incubator import services
from rainforest.incubator.forms import ParkForm, TeamForm, TenancyForm, ZoneForm, service_fields
from rainforest.incubator.models import Park, Team, Tenancy, Zone
from rainforest.incubator.selectors import (
    occupancy_on,
    parks_for,
    parks_with_counts,
    pipeline_on,
    sites_of,
    teams_for,
    tenancies_for,
    tenancies_of,
)


def _park(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Park:
    return get_object_or_404(parks_for(request.user, action), pk=pk)


def _crumbs() -> list[dict[str, str]]:
    return [{"label": _("孵化载体"), "url": reverse("incubator:index")}]


def _form(
    request: HttpRequest,
    form: Any,
    heading: str,
    cancel_url: str,
    save: Callable[[], Any],
    done: Callable[[Any], str],
) -> HttpResponse:
    """The shared create/edit flow: validate, call the service, show its errors on the form, else go on."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存“{name}”").format(name=saved))
            return redirect(done(saved))
    context = {"form": form, "heading": heading, "cancel_url": cancel_url, "breadcrumbs": _crumbs()}
    return render(request, "web/form.html", context)


def _delete(
    request: HttpRequest, what: str, cancel_url: str, delete: Callable[[], None], done_url: str
) -> HttpResponse:
    if request.method == "POST":
        try:
            delete()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(cancel_url)
        messages.success(request, _("已删除“{what}”").format(what=what))
        return redirect(done_url)
    return render(
        request, "web/confirm_delete.html", {"what": what, "cancel_url": cancel_url, "consequences": []}
    )


# --- parks ---------------------------------------------------------------------------------------------


@access.model(Park, Action.VIEW)
def index(request: HttpRequest) -> HttpResponse:
    context = {"parks": parks_with_counts(request.user), "may_create": may(request.user, Action.ADD, Park)}
    return render(request, "incubator/index.html", context)


@access.model(Park, Action.VIEW)
def park_detail(request: HttpRequest, pk: int) -> HttpResponse:
    park = _park(request, pk)
    day = data_as_of()
    tenancies = tenancies_of(park, request.user)
    page = Paginator(tenancies, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    context = {
        "park": park,
        "day": day,
        "sites": sites_of(park, request.user),
        "zones": occupancy_on(park, request.user, day),
        "stages": pipeline_on(park, request.user, day),
        "page": page,
        "tenancies": page.object_list,
        "may_write": may(request.user, Action.CHANGE, park),
    }
    return render(request, "incubator/park_detail.html", context)


@access.model(Park, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def park_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    park = _park(request, pk, Action.CHANGE) if pk else None
    form = ParkForm(
        request.POST or None, instance=_park(request, pk, Action.CHANGE) if pk else None, user=request.user
    )
    cancel = reverse("incubator:park", args=[pk]) if pk else reverse("incubator:index")
    return _form(
        request,
        form,
        _("修改孵化载体") if park else _("新增孵化载体"),
        cancel,
        lambda: services.park_save(user=request.user, park=park, **service_fields(form)),
        lambda saved: reverse("incubator:park", args=[saved.pk]),
    )


@access.model(Park, Action.DELETE)
@require_http_methods(["GET", "POST"])
def park_delete(request: HttpRequest, pk: int) -> HttpResponse:
    park = _park(request, pk, Action.DELETE)
    return _delete(
        request,
        park.name,
        reverse("incubator:park", args=[pk]),
        lambda: services.park_delete(park=park, user=request.user),
        reverse("incubator:index"),
    )


# --- zones ---------------------------------------------------------------------------------------------


@access.model(Zone, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def zone_edit(request: HttpRequest, park_pk: int, pk: int | None = None) -> HttpResponse:
    park = _park(request, park_pk, Action.CHANGE)
    zones = Zone.objects.restrict(request.user, Action.CHANGE).filter(park=park)
    zone = get_object_or_404(zones, pk=pk) if pk else None
    form = ZoneForm(request.POST or None, instance=get_object_or_404(zones, pk=pk) if pk else Zone(park=park))
    park_url = reverse("incubator:park", args=[park.pk])
    return _form(
        request,
        form,
        _("修改片区") if zone else _("新增片区"),
        park_url,
        lambda: services.zone_save(user=request.user, zone=zone, park=park, **service_fields(form)),
        lambda saved: park_url,
    )


@access.model(Zone, Action.DELETE)
@require_http_methods(["GET", "POST"])
def zone_delete(request: HttpRequest, park_pk: int, pk: int) -> HttpResponse:
    park = _park(request, park_pk, Action.DELETE)
    zone = get_object_or_404(Zone.objects.restrict(request.user, Action.DELETE), park=park, pk=pk)
    park_url = reverse("incubator:park", args=[park.pk])
    return _delete(
        request, str(zone), park_url, lambda: services.zone_delete(zone=zone, user=request.user), park_url
    )


# --- teams ---------------------------------------------------------------------------------------------


@access.model(Team, Action.VIEW)
def team_list(request: HttpRequest) -> HttpResponse:
    context = {
        "teams": teams_for(request.user).order_by("name"),
        "may_create": may(request.user, Action.ADD, Team),
    }
    return render(request, "incubator/team_list.html", context)


@access.model(Team, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    teams = teams_for(request.user, Action.CHANGE)
    team = get_object_or_404(teams, pk=pk) if pk else None
    form = TeamForm(
        request.POST or None, instance=get_object_or_404(teams, pk=pk) if pk else None, user=request.user
    )
    teams_url = reverse("incubator:teams")
    return _form(
        request,
        form,
        _("修改孵化团队") if team else _("新增孵化团队"),
        teams_url,
        lambda: services.team_save(user=request.user, team=team, **service_fields(form)),
        lambda saved: teams_url,
    )


@access.model(Team, Action.DELETE)
@require_http_methods(["GET", "POST"])
def team_delete(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(teams_for(request.user, Action.DELETE), pk=pk)
    teams_url = reverse("incubator:teams")
    return _delete(
        request, team.name, teams_url, lambda: services.team_delete(team=team, user=request.user), teams_url
    )


# --- tenancies -----------------------------------------------------------------------------------------


@access.model(Tenancy, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def tenancy_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    parks = parks_for(request.user, Action.CHANGE)
    tenancies = tenancies_for(request.user, Action.CHANGE)  # park, enterprise and team all in scope
    tenancy = get_object_or_404(tenancies, pk=pk) if pk else None
    initial = {"park": request.GET.get("park")} if pk is None else {}
    form = TenancyForm(
        request.POST or None,
        instance=get_object_or_404(tenancies, pk=pk) if pk else None,
        initial=initial,
        user=request.user,
        parks=parks,
    )
    cancel = reverse("incubator:park", args=[tenancy.park_id]) if tenancy else reverse("incubator:index")
    return _form(
        request,
        form,
        _("修改入驻记录") if tenancy else _("新增入驻记录"),
        cancel,
        lambda: services.tenancy_save(user=request.user, tenancy=tenancy, **service_fields(form)),
        lambda saved: reverse("incubator:park", args=[saved.park_id]),
    )


@access.model(Tenancy, Action.DELETE)
@require_http_methods(["GET", "POST"])
def tenancy_delete(request: HttpRequest, pk: int) -> HttpResponse:
    # Only a tenancy whose park, enterprise and team are all in scope (incubator.services checks it again).
    tenancy = get_object_or_404(tenancies_for(request.user, Action.DELETE), pk=pk)
    park_url = reverse("incubator:park", args=[tenancy.park_id])
    return _delete(
        request,
        str(tenancy),
        park_url,
        lambda: services.tenancy_delete(tenancy=tenancy, user=request.user),
        park_url,
    )
