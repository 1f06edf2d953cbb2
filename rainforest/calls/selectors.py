"""Reads of the calls app: calls by status, applications within a user's scope, what is pending for each
role (the calls app's own pending provider). The per-call funnel is in funnel.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rainforest.calls import pending
from rainforest.calls.choices import CallStatus, State
from rainforest.calls.models import Application, Call
from rainforest.core.choices import Role
from rainforest.core.models import data_as_of, today
from rainforest.core.policy import Action, restrict, role_of
from rainforest.enterprises.models import Enterprise


def evaluation_day(call: Call) -> date:
    """The day a call's eligibility is judged on: the registry's as-of date, but never after the call
    closes (a decided call keeps the verdicts of its time)."""
    return min(call.closes_on, data_as_of())


def calls_with_status(status: str, day: date | None = None) -> QuerySet[Call]:
    """Calls whose derived status on `day` (today) is `status` (CallStatus)."""
    day = day or today()
    decided = Q(decided_on__isnull=False, decided_on__lte=day)
    conditions = {
        CallStatus.DECIDED: decided,
        CallStatus.DRAFT: ~decided & Q(opens_on__gt=day),
        CallStatus.OPEN: ~decided & Q(opens_on__lte=day, closes_on__gte=day),
        CallStatus.REVIEWING: ~decided & Q(closes_on__lt=day),
    }
    return Call.objects.filter(conditions[CallStatus(status)]).order_by("-opens_on", "code")


def applications_for(user: Any, call: Call | None = None) -> QuerySet[Application]:
    rows = restrict(
        Application.objects.select_related("call", "enterprise", "enterprise__district"), user, Action.VIEW
    )
    if call is not None:
        rows = rows.filter(call=call)
    return rows.order_by("call__code", "enterprise__name", "pk")


def own_enterprise(user: Any) -> Enterprise | None:
    """The enterprise of an enterprise user (None for other roles)."""
    if role_of(user) != Role.ENTERPRISE_USER:
        return None
    return restrict(Enterprise.objects.all(), user, Action.VIEW).first()


# --- what is pending --------------------------------------------------------------------------------


def _application_items(rows: QuerySet[Application], group: str, deadline: str) -> list[pending.Item]:
    items = []
    for application in rows[:200]:
        due = getattr(application.call, deadline) if deadline else None
        items.append(
            pending.Item(
                group=group,
                title=f"{application.call.title} · {application.enterprise.name}",
                url=reverse("calls:application", args=[application.pk]),
                detail=_("截止 {day}").format(day=due.isoformat())
                if due
                else application.get_status_display(),
                overdue=pending.is_overdue(due),
            )
        )
    return items


@pending.register
def calls_pending(user: Any) -> list[pending.Item]:
    """The calls app's part of the pending page, by role."""
    role = role_of(user)
    rows = applications_for(user)
    items: list[pending.Item] = []
    day = today()
    if role == Role.ENTERPRISE_USER:
        items += _application_items(
            rows.filter(status=State.RETURNED), str(_("退回修改，待重新提交")), "district_review_ends_on"
        )
        items += _application_items(rows.filter(status=State.DRAFT), str(_("草稿，待提交")), "closes_on")
        applied = rows.values("call_id")
        for call in calls_with_status(CallStatus.OPEN, day).exclude(pk__in=applied):
            items.append(
                pending.Item(
                    group=str(_("可申报的通知")),
                    title=call.title,
                    url=reverse("calls:call", args=[call.code]),
                    detail=_("截止 {day}").format(day=call.closes_on.isoformat()),
                )
            )
    if role == Role.DISTRICT_OFFICER:
        items += _application_items(
            rows.filter(status=State.SUBMITTED), str(_("待县区审核")), "district_review_ends_on"
        )
    if role in (Role.CITY_OFFICER, Role.SYSTEM_ADMIN):
        items += _application_items(
            rows.filter(status=State.DISTRICT_PASSED), str(_("待形式审查")), "expert_review_ends_on"
        )
        for call, what, count in calls_past_deadline(day):
            items.append(
                pending.Item(
                    group=str(_("已过期限的申报通知")),
                    title=call.title,
                    url=reverse("calls:call", args=[call.code]),
                    detail=_("{what}：{count} 份").format(what=what, count=count),
                    overdue=True,
                )
            )
    return items


def calls_past_deadline(day: date) -> list[tuple[Call, str, int]]:
    """(call, what is late, how many applications) for calls past a deadline with applications still
    waiting at that stage: the district review, the expert review, the notice period."""
    late: list[tuple[Call, str, int]] = []
    stages = (
        ("district_review_ends_on", (State.SUBMITTED,), gettext_lazy("县区审核已过期限")),
        (
            "expert_review_ends_on",
            (State.DISTRICT_PASSED, State.EXPERT_REVIEW),
            gettext_lazy("专家评审已过期限"),
        ),
    )
    for call in Call.objects.filter(decided_on__isnull=True, closes_on__lt=day):
        for deadline, states, what in stages:
            if getattr(call, deadline) < day:
                count = call.applications.filter(status__in=states).count()
                if count:
                    late.append((call, str(what), count))
        if call.publicity_ends_on < day:
            count = call.applications.filter(status=State.PUBLICITY).count()
            if count:
                late.append((call, str(_("公示期已满")), count))
    return late


def history(application: Application) -> list[Any]:
    """Every status change of the application, oldest first (django-fsm-log's rows)."""
    from django_fsm_log.models import StateLog

    return list(StateLog.objects.for_(application).select_related("by").order_by("timestamp", "pk"))
