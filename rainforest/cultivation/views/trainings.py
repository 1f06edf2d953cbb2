"""Trainings (高企培育专题培训会 …) with their sessions, invitations and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rainforest.core.policy import Action, access
from rainforest.cultivation import selectors, services
from rainforest.cultivation.choices import AttendanceStatus
from rainforest.cultivation.forms import AttendanceForm, InviteForm, SessionForm, TrainingForm
from rainforest.cultivation.models import Attendance, Training, TrainingSession
from rainforest.cultivation.views.common import confirm, crumbs, form_page, require_cultivation
from rainforest.enterprises.forms import show_service_errors
from rainforest.enterprises.models import Enterprise


def _training(request: HttpRequest, pk: int) -> Training:
    return get_object_or_404(selectors.trainings_for(request.user), pk=pk)


def _managed(request: HttpRequest) -> None:
    if not services.may_manage(request.user):
        raise PermissionDenied


def _training_crumbs(training: Training | None = None) -> list[dict[str, str]]:
    extra = [(_("培训"), reverse("cultivation:trainings"))]
    if training is not None:
        extra.append((training.title, reverse("cultivation:training", args=[training.pk])))
    return crumbs(*extra)


@access.model(Training, Action.VIEW)
@login_required
@require_GET
def training_list(request: HttpRequest) -> HttpResponse:
    require_cultivation(request)
    context = {
        "trainings": selectors.trainings_for(request.user),
        "may_manage": services.may_manage(request.user),
        "breadcrumbs": crumbs(),
    }
    return render(request, "cultivation/trainings.html", context)


@access.model(Training, Action.VIEW)
@login_required
@require_GET
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_cultivation(request)
    training = _training(request, pk)
    visible = Enterprise.objects.visible_to(request.user).values("pk")
    sessions = []
    for session in training.sessions.order_by("held_on", "pk"):
        rows = list(
            session.attendances.filter(enterprise__in=visible)
            .select_related("enterprise", "enterprise__district")
            .order_by("enterprise__name")
        )
        sessions.append(
            {
                "session": session,
                "rows": rows,
                "invited": session.attendances.count(),
                "attended": session.attendances.filter(status=AttendanceStatus.ATTENDED).count(),
            }
        )
    context = {
        "training": training,
        "sessions": sessions,
        "may_manage": services.may_manage(request.user),
        "breadcrumbs": _training_crumbs(),
    }
    return render(request, "cultivation/training.html", context)


@access.model(Training, Action.CHANGE)
@login_required
@require_http_methods(["GET", "POST"])
def training_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_cultivation(request)
    _managed(request)
    training = _training(request, pk) if pk is not None else None
    initial = (
        {"title": training.title, "organiser": training.organiser, "topic": training.topic}
        if training
        else {}
    )
    form = TrainingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if training is None:
                saved = services.training_create(user=request.user, **form.cleaned_data)
            else:
                saved = services.training_update(training=training, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存培训“{title}”").format(title=saved.title))
            return redirect("cultivation:training", saved.pk)
    heading = _("新建培训") if training is None else _("修改培训")
    cancel = reverse("cultivation:trainings")
    return form_page(request, form, heading, cancel, _training_crumbs())


@access.model(Training, Action.DELETE)
@login_required
@require_http_methods(["GET", "POST"])
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_cultivation(request)
    _managed(request)
    training = _training(request, pk)
    if request.method == "POST":
        title = training.title
        services.training_delete(training=training, user=request.user)
        messages.success(request, _("已删除培训“{title}”").format(title=title))
        return redirect("cultivation:trainings")
    consequences = [
        _("培训场次 {n} 场").format(n=training.sessions.count()),
        _("参训记录 {n} 条").format(n=Attendance.objects.filter(session__training=training).count()),
    ]
    return confirm(request, training.title, reverse("cultivation:training", args=[training.pk]), consequences)


@access.model(TrainingSession, Action.ADD)
@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_cultivation(request)
    _managed(request)
    training = _training(request, pk)
    form = SessionForm(request.POST or None)
    detail_url = reverse("cultivation:training", args=[training.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.session_add(training=training, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已安排培训场次"))
            return redirect(detail_url)
    return form_page(request, form, _("安排培训场次"), detail_url, _training_crumbs(training))


@access.model(Attendance, Action.ADD)
@login_required
@require_http_methods(["GET", "POST"])
def session_invite(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    require_cultivation(request)
    _managed(request)
    training = _training(request, pk)
    session = get_object_or_404(
        TrainingSession.objects.restrict(request.user, Action.VIEW), training=training, pk=session_pk
    )
    enterprises = Enterprise.objects.visible_to(request.user).exclude(
        pk__in=session.attendances.values("enterprise_id")
    )
    form = InviteForm(request.POST or None, enterprises=enterprises.order_by("name"))
    detail_url = reverse("cultivation:training", args=[training.pk])
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.invite(
                session=session, user=request.user, enterprises=form.cleaned_data["enterprises"]
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已邀请 {n} 家企业").format(n=len(rows)))
            return redirect(detail_url)
    return form_page(request, form, _("邀请企业参训"), detail_url, _training_crumbs(training))


@access.model(Attendance, Action.CHANGE)
@login_required
@require_http_methods(["GET", "POST"])
def attendance_edit(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    require_cultivation(request)
    _managed(request)
    training = _training(request, pk)
    attendance = get_object_or_404(
        Attendance.objects.select_related("enterprise"), session__training=training, pk=attendance_pk
    )
    form = AttendanceForm(
        request.POST or None, initial={"status": attendance.status, "attendees": attendance.attendees}
    )
    detail_url = reverse("cultivation:training", args=[training.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                attendance=Attendance.objects.restrict(request.user, Action.CHANGE).get(pk=attendance.pk),
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已登记出席情况"))
            return redirect(detail_url)
    heading = _("登记出席情况：{name}").format(name=attendance.enterprise.name)
    return form_page(request, form, heading, detail_url, _training_crumbs(training))
