"""Pages of the incubator: parks with their zones and tenants, and incubated teams. Only bureau staff
(city-wide, or their own district) see them; city officers, admins and district officers write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.core.scope import may_write_in, may_write_somewhere
from rainforest.enterprises.forms import show_service_errors
from rainforest.incubator import services
from rainforest.incubator.forms import ParkForm, TeamForm, TenancyForm, ZoneForm, service_fields
from rainforest.incubator.models import Park, Team, Tenancy, Zone
from rainforest.incubator.selectors import (
    manages_incubators,
    parks_for,
    parks_with_counts,
    teams_for,
    tenancies_of,
)


def _reader(request: HttpRequest) -> None:
    if not manages_incubators(request.user):
        raise PermissionDenied


def _writer(request: HttpRequest, district_id: int | None = None, zone_id: int | None = None) -> None:
    """Refuse unless the user may write here (anywhere they may, when no place is given yet)."""
    _reader(request)
    allowed = (
        may_write_somewhere(request.user)
        if district_id is None
        else may_write_in(request.user, district_id=district_id, zone_id=zone_id)
    )
    if not allowed:
        raise PermissionDenied


def _park(request: HttpRequest, pk: int) -> Park:
    _reader(request)
    return get_object_or_404(parks_for(request.user), pk=pk)


def _writable_park(request: HttpRequest, pk: int) -> Park:
    park = _park(request, pk)
    _writer(request, park.district_id, park.development_zone_id)
    return park


def _writable_team(request: HttpRequest, pk: int) -> Team:
    _reader(request)
    team = get_object_or_404(teams_for(request.user), pk=pk)
    _writer(request, team.district_id)
    return team


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


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _reader(request)
    context = {"parks": parks_with_counts(request.user), "may_create": may_write_somewhere(request.user)}
    return render(request, "incubator/index.html", context)


@login_required
def park_detail(request: HttpRequest, pk: int) -> HttpResponse:
    park = _park(request, pk)
    context = {
        "park": park,
        "zones": park.zones.order_by("tier", "name"),
        "tenancies": tenancies_of(park),
        "may_write": may_write_in(
            request.user, district_id=park.district_id, zone_id=park.development_zone_id
        ),
    }
    return render(request, "incubator/park_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def park_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        _writer(request)
        park = None
    else:
        park = _writable_park(request, pk)
    form = ParkForm(request.POST or None, instance=Park.objects.get(pk=pk) if pk else None, user=request.user)
    cancel = reverse("incubator:park", args=[pk]) if pk else reverse("incubator:index")
    return _form(
        request,
        form,
        _("修改孵化载体") if park else _("新增孵化载体"),
        cancel,
        lambda: services.park_save(user=request.user, park=park, **service_fields(form)),
        lambda saved: reverse("incubator:park", args=[saved.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def park_delete(request: HttpRequest, pk: int) -> HttpResponse:
    park = _writable_park(request, pk)
    return _delete(
        request,
        park.name,
        reverse("incubator:park", args=[pk]),
        lambda: services.park_delete(park=park, user=request.user),
        reverse("incubator:index"),
    )


# --- zones ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def zone_edit(request: HttpRequest, park_pk: int, pk: int | None = None) -> HttpResponse:
    park = _writable_park(request, park_pk)
    zone = get_object_or_404(Zone, park=park, pk=pk) if pk else None
    form = ZoneForm(request.POST or None, instance=Zone.objects.get(pk=pk) if pk else Zone(park=park))
    park_url = reverse("incubator:park", args=[park.pk])
    return _form(
        request,
        form,
        _("修改片区") if zone else _("新增片区"),
        park_url,
        lambda: services.zone_save(user=request.user, zone=zone, park=park, **service_fields(form)),
        lambda saved: park_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def zone_delete(request: HttpRequest, park_pk: int, pk: int) -> HttpResponse:
    park = _writable_park(request, park_pk)
    zone = get_object_or_404(Zone, park=park, pk=pk)
    park_url = reverse("incubator:park", args=[park.pk])
    return _delete(
        request, str(zone), park_url, lambda: services.zone_delete(zone=zone, user=request.user), park_url
    )


# --- teams ---------------------------------------------------------------------------------------------


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    context = {
        "teams": teams_for(request.user).order_by("name"),
        "may_create": may_write_somewhere(request.user),
    }
    return render(request, "incubator/team_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        _writer(request)
        team = None
    else:
        team = _writable_team(request, pk)
    form = TeamForm(request.POST or None, instance=Team.objects.get(pk=pk) if pk else None, user=request.user)
    teams_url = reverse("incubator:teams")
    return _form(
        request,
        form,
        _("修改孵化团队") if team else _("新增孵化团队"),
        teams_url,
        lambda: services.team_save(user=request.user, team=team, **service_fields(form)),
        lambda saved: teams_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_delete(request: HttpRequest, pk: int) -> HttpResponse:
    team = _writable_team(request, pk)
    teams_url = reverse("incubator:teams")
    return _delete(
        request, team.name, teams_url, lambda: services.team_delete(team=team, user=request.user), teams_url
    )


# --- tenancies -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def tenancy_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _writer(request)
    parks = parks_for(request.user)  # a writer may write in every park they see
    tenancy = get_object_or_404(Tenancy, pk=pk, park__in=parks) if pk else None
    initial = {"park": request.GET.get("park")} if pk is None else {}
    form = TenancyForm(
        request.POST or None,
        instance=Tenancy.objects.get(pk=pk) if pk else None,
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


@login_required
@require_http_methods(["GET", "POST"])
def tenancy_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _writer(request)
    parks = parks_for(request.user)  # a writer may write in every park they see
    tenancy = get_object_or_404(
        Tenancy.objects.select_related("park", "enterprise", "team"), pk=pk, park__in=parks
    )
    park_url = reverse("incubator:park", args=[tenancy.park_id])
    return _delete(
        request,
        str(tenancy),
        park_url,
        lambda: services.tenancy_delete(tenancy=tenancy, user=request.user),
        park_url,
    )
