"""Visit log pages: the list, a visit with its follow-ups, and the forms (through cultivation.services)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rainforest.core.policy import Action, access
from rainforest.cultivation import selectors, services
from rainforest.cultivation.choices import FollowUpStatus, VisitTopic
from rainforest.cultivation.forms import FollowUpForm, FollowUpFormSet, VisitEditForm, VisitForm
from rainforest.cultivation.models import FollowUp, Visit
from rainforest.cultivation.views.common import confirm, crumbs, form_page, require_cultivation
from rainforest.enterprises.forms import show_service_errors
from rainforest.enterprises.models import Enterprise

TOPIC_LABELS = dict(VisitTopic.choices)


def _visit(request: HttpRequest, pk: int) -> Visit:
    return get_object_or_404(selectors.visits_for(request.user), pk=pk)


def _writable(request: HttpRequest, visit: Visit) -> Visit:
    if not services.may_log_visit(request.user, visit.enterprise):
        raise PermissionDenied
    return visit


def _visit_crumbs() -> list[dict[str, str]]:
    return crumbs((_("走访记录"), reverse("cultivation:visits")))


@access.model(Visit, Action.VIEW)
@login_required
@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    require_cultivation(request)
    visits = selectors.visits_for(request.user)
    enterprise = request.GET.get("enterprise", "").strip()
    if enterprise:
        visits = visits.filter(enterprise__credit_code=enterprise)
    page = Paginator(visits.order_by("-visited_on", "-pk"), settings.RAINFOREST["PAGE_SIZE"]).get_page(
        request.GET.get("page")
    )
    day = selectors.reference_day()
    context = {
        "page": page,
        "topic_labels": TOPIC_LABELS,
        "day": day,
        "overdue": selectors.overdue_follow_ups(request.user, day)[:20],
        "may_log": services.may_log_somewhere(request.user),
        "breadcrumbs": crumbs(),
    }
    return render(request, "cultivation/visits.html", context)


@access.model(Visit, Action.VIEW)
@login_required
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_cultivation(request)
    visit = _visit(request, pk)
    context = {
        "visit": visit,
        "topics": [TOPIC_LABELS.get(code, code) for code in visit.topics],
        "follow_ups": visit.follow_ups.order_by("due_on", "pk"),
        "day": selectors.reference_day(),
        "may_write": services.may_log_visit(request.user, visit.enterprise),
        "breadcrumbs": _visit_crumbs(),
    }
    return render(request, "cultivation/visit.html", context)


@access.model(Visit, Action.ADD)
@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    require_cultivation(request)
    if not services.may_log_somewhere(request.user):
        raise PermissionDenied
    enterprises = Enterprise.objects.visible_to(request.user).order_by("name")
    initial = {"visited_on": selectors.reference_day(), "enterprise": request.GET.get("enterprise", "")}
    form = VisitForm(request.POST or None, enterprises=enterprises, user=request.user, initial=initial)
    follow_ups = FollowUpFormSet(request.POST or None, prefix="follow_ups")
    if request.method == "POST" and form.is_valid() and follow_ups.is_valid():
        data = form.cleaned_data
        rows = [f.service_values() for f in follow_ups.forms if f.has_changed() and f.cleaned_data]
        try:
            visit = services.visit_log(
                user=request.user,
                enterprise=data["enterprise"],
                butler=data.get("butler"),
                visited_on=data["visited_on"],
                topics=data["topics"],
                findings=data["findings"],
                next_visit_on=data["next_visit_on"],
                follow_ups=rows,
            )
        except ValidationError as error:
            show_service_errors(form, error)
        except PermissionDenied:
            form.add_error("enterprise", _("您无权登记该企业的走访记录"))
        else:
            messages.success(request, _("已登记对“{name}”的走访").format(name=visit.enterprise.name))
            return redirect("cultivation:visit", visit.pk)
    return form_page(
        request,
        form,
        _("登记走访"),
        reverse("cultivation:visits"),
        _visit_crumbs(),
        template="cultivation/visit_form.html",
        follow_ups=follow_ups,
    )


@access.model(Visit, Action.CHANGE)
@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_cultivation(request)
    visit = _writable(request, _visit(request, pk))
    initial = {
        "visited_on": visit.visited_on,
        "topics": visit.topics,
        "findings": visit.findings,
        "next_visit_on": visit.next_visit_on,
    }
    form = VisitEditForm(request.POST or None, initial=initial)
    detail_url = reverse("cultivation:visit", args=[visit.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(
                visit=Visit.objects.restrict(request.user, Action.CHANGE).get(pk=visit.pk),
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存走访记录"))
            return redirect(detail_url)
    return form_page(request, form, _("修改走访记录"), detail_url, _visit_crumbs())


@access.model(Visit, Action.DELETE)
@login_required
@require_http_methods(["GET", "POST"])
def visit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_cultivation(request)
    visit = _writable(request, _visit(request, pk))
    what = _("{name} {day} 的走访").format(name=visit.enterprise.name, day=visit.visited_on.isoformat())
    if request.method == "POST":
        services.visit_delete(visit=visit, user=request.user)
        messages.success(request, _("已删除{what}").format(what=what))
        return redirect("cultivation:visits")
    consequences = [_("跟进事项 {n} 项").format(n=visit.follow_ups.count())]
    return confirm(request, what, reverse("cultivation:visit", args=[visit.pk]), consequences)


@access.model(FollowUp, Action.CHANGE)
@login_required
@require_http_methods(["GET", "POST"])
def follow_up_edit(request: HttpRequest, pk: int, follow_up_pk: int | None = None) -> HttpResponse:
    require_cultivation(request)
    visit = _writable(request, _visit(request, pk))
    detail_url = reverse("cultivation:visit", args=[visit.pk])
    follow_up = None
    initial: dict[str, object] = {
        "status": FollowUpStatus.OPEN,
        "owner": visit.butler.display_name or visit.butler.username,
    }
    if follow_up_pk is not None:
        follow_up = get_object_or_404(
            FollowUp.objects.restrict(request.user, Action.CHANGE), visit=visit, pk=follow_up_pk
        )
        initial = {
            "action": follow_up.action,
            "owner": follow_up.owner,
            "due_on": follow_up.due_on,
            "status": follow_up.status,
            "done_on": follow_up.done_on,
        }
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            if follow_up is None:
                services.follow_up_add(visit=visit, user=request.user, values=values)
            else:
                services.follow_up_update(
                    follow_up=FollowUp.objects.restrict(request.user, Action.CHANGE).get(pk=follow_up.pk),
                    user=request.user,
                    status=values["status"],
                    done_on=values.get("done_on"),
                    action=values["action"],
                    owner=values["owner"],
                    due_on=values["due_on"],
                )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存跟进事项"))
            return redirect(detail_url)
    heading = _("添加跟进事项") if follow_up is None else _("修改跟进事项")
    return form_page(request, form, heading, detail_url, _visit_crumbs())
