"""Reads after the ranking: a call's notice as a user may see it, projects and their reports in a user's
scope, the money granted (the figure the indicators read), and the pending items of the notice and the
projects (registered with `rainforest.calls.pending`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from rainforest.calls import pending
from rainforest.calls import selectors as _applications  # noqa: F401  (its pending items come first)
from rainforest.calls.models import Application, Call
from rainforest.calls.outcomes import Objection, Project, Publicity, PublicityColumn, Report
from rainforest.core.choices import Role
from rainforest.core.models import today
from rainforest.core.money import WAN
from rainforest.core.policy import Action, restrict, role_of

REPORT_NOTICE_DAYS = 30  # a firm sees a report on its pending page from 30 days before it is due


@dataclass(frozen=True)
class NoticeView:
    """A notice as one user sees it: the rows of the applications in their scope (all for the city)."""

    publicity: Publicity
    rows: list[dict[str, Any]]
    cells: list[list[Any]]
    objections: list[Objection]
    total: int


def _cell(row: dict[str, Any], column: str) -> Any:
    if column == PublicityColumn.AMOUNT:
        return Decimal(row["amount"]) / WAN if row.get("amount") is not None else None
    if column == PublicityColumn.SCORE:
        return Decimal(row["score"]) if row.get("score") is not None else None
    return row.get(column)


def notice_cells(publicity: Publicity, rows: list[dict[str, Any]]) -> list[list[Any]]:
    """Each row's cells in the notice's chosen columns (amounts in 万元)."""
    return [[_cell(row, column) for column in publicity.columns] for row in rows]


def publicity_for(user: Any, call: Call) -> NoticeView | None:
    """The call's notice with the rows (and objections) of the applications the user reads."""
    publicity = restrict(Publicity.objects.filter(call=call), user, Action.VIEW).first()
    if publicity is None:
        return None
    visible = set(
        restrict(Application.objects.filter(call=call), user, Action.VIEW).values_list("pk", flat=True)
    )
    rows = [row for row in publicity.rows if row["application"] in visible]
    objections = list(
        restrict(
            Objection.objects.filter(publicity=publicity).select_related(
                "application__enterprise", "resolved_by", "recorded_by"
            ),
            user,
            Action.VIEW,
        ).order_by("raised_on", "pk")
    )
    return NoticeView(publicity, rows, notice_cells(publicity, rows), objections, len(publicity.rows))


def projects_for(user: Any) -> QuerySet[Project]:
    """The projects in the user's scope, with whether a report of theirs is late (`has_late_report`)."""
    day = today()
    late = Report.objects.filter(project=OuterRef("pk")).filter(
        Q(submitted_on__isnull=True, due_on__lt=day) | Q(submitted_on__gt=F("due_on"))
    )
    rows = restrict(
        Project.objects.select_related(
            "application", "application__call", "application__enterprise", "application__enterprise__district"
        ),
        user,
        Action.VIEW,
    )
    return rows.annotate(has_late_report=Exists(late)).order_by("-starts_on", "pk")


def late_reports(user: Any, day: date | None = None) -> QuerySet[Report]:
    """Reports in the user's scope still missing after their due date (late and not yet in)."""
    day = day or today()
    rows = restrict(
        Report.objects.select_related("project", "project__application__enterprise"), user, Action.VIEW
    )
    return rows.filter(submitted_on__isnull=True, due_on__lt=day).order_by("due_on", "pk")


def granted(user: Any = None, *, year: int | None = None) -> Decimal:
    """Money granted to projects (yuan), in the user's scope (every project when `user` is None: the
    indicators' figure), optionally of the projects starting in `year`."""
    rows = Project.objects.all() if user is None else restrict(Project.objects.all(), user, Action.VIEW)
    if year is not None:
        rows = rows.filter(starts_on__year=year)
    return rows.aggregate(total=Sum("amount_granted"))["total"] or Decimal(0)


def total_granted(rows: QuerySet[Project]) -> Decimal:
    """The money granted to the projects of `rows` (a filtered list), in yuan."""
    return rows.order_by().aggregate(total=Sum("amount_granted"))["total"] or Decimal(0)


@pending.register
def outcomes_pending(user: Any) -> list[pending.Item]:
    """City: notices with objections still open, projects with late reports. Enterprise: its reports due
    within 30 days or overdue."""
    role = role_of(user)
    day = today()
    items: list[pending.Item] = []
    if role in (Role.CITY_OFFICER, Role.SYSTEM_ADMIN):
        waiting = Objection.objects.filter(publicity=OuterRef("pk"), resolved_on__isnull=True)
        notices = (
            Publicity.objects.filter(closed_on__isnull=True)
            .annotate(open_objections=Exists(waiting))
            .filter(open_objections=True)
            .select_related("call")
            .order_by("ends_on", "pk")
        )
        for publicity in notices[:200]:
            count = publicity.objections.filter(resolved_on__isnull=True).count()
            items.append(
                pending.Item(
                    group=_("公示异议待处理"),
                    title=publicity.call.title,
                    url=reverse("calls:publicity", args=[publicity.call.code]),
                    detail=_("{n} 项异议未处理，公示期至 {day}").format(
                        n=count, day=publicity.ends_on.isoformat()
                    ),
                    overdue=pending.is_overdue(publicity.ends_on),
                )
            )
        for report in late_reports(user, day)[:200]:
            items.append(
                pending.Item(
                    group=_("项目报告逾期"),
                    title=f"{report.project.title} · {report.title}",
                    url=reverse("calls:project", args=[report.project_id]),
                    detail=_("应于 {day} 提交").format(day=report.due_on.isoformat()),
                    overdue=True,
                )
            )
    if role == Role.ENTERPRISE_USER:
        due = restrict(Report.objects.select_related("project"), user, Action.VIEW).filter(
            submitted_on__isnull=True, due_on__lte=day + timedelta(days=REPORT_NOTICE_DAYS)
        )
        for report in due.order_by("due_on", "pk")[:200]:
            items.append(
                pending.Item(
                    group=_("待提交的项目报告"),
                    title=f"{report.project.title} · {report.title}",
                    url=reverse("calls:project", args=[report.project_id]),
                    detail=_("应于 {day} 提交").format(day=report.due_on.isoformat()),
                    overdue=pending.is_overdue(report.due_on),
                )
            )
    return items
