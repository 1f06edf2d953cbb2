"""Writes after the ranking (docs/calls.md, "公示, decision and projects"): publishing the notice (公示) from
the ranking, recording and resolving objections, closing the notice, the decision on each application,
turning a funded application into a project, its milestones, reports and final acceptance.

Every workflow step goes through `services.application_transition`; every service is keyword-only, atomic,
checked by the policy (`policy.checked`), and a refusal (ValidationError naming the field, or
PermissionDenied) changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rainforest.calls.choices import Level, State
from rainforest.calls.models import Application, Call
from rainforest.calls.outcomes import (
    DEFAULT_COLUMNS,
    Milestone,
    Objection,
    Project,
    Publicity,
    Report,
    working_days_end,
)
from rainforest.calls.services import application_transition
from rainforest.core import policy
from rainforest.core.models import today
from rainforest.core.policy import Action

DECISIONS = {"approve", "recommend", "decline"}


def _by(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def ranked_rows(call: Call) -> list[dict[str, Any]]:
    """The ranked applications of `call`, rank 1 first: `[{"application", "enterprise", "title", "amount",
    "score", "rank"}]`. In the order and with the ranks (ties share one) of the reviews app's ranking
    (`rainforest.reviews.selectors.ranking`); ranked applications it does not score (all of them when it
    gives none) follow in the order they were entered, without a score."""
    applications = {
        a.pk: a
        for a in Application.objects.filter(call=call, status=State.RANKED).select_related("enterprise")
    }
    ranking: list[dict[str, Any]] = []
    reviews_ranking: Callable[[Call], list[dict[str, Any]]] | None
    try:
        from rainforest.reviews.selectors import ranking as reviews_ranking
    except ImportError:  # the reviews app is optional to this one
        reviews_ranking = None
    if reviews_ranking is not None:
        ranking = [row for row in reviews_ranking(call) if row.get("application") in applications]
    rows: list[dict[str, Any]] = []
    # (application, score, rank): the reviews' order and ranks (ties share one), then any ranked application
    # it does not score, after them
    triples: list[tuple[Application, Any, int]] = []
    for row in ranking:
        triples.append((applications[row["application"]], row.get("score"), int(row.get("rank") or 0)))
    listed = {application.pk for application, _score, _rank in triples}
    for pk in sorted(applications):
        if pk not in listed:
            triples.append((applications[pk], None, len(triples) + 1))
    for application, score, rank in triples:
        amount = application.amount_requested
        rows.append(
            {
                "application": application.pk,
                "enterprise": application.enterprise.name,
                "title": application.title or application.answers.get("project", "") or "",
                "amount": str(amount) if amount is not None else None,
                "score": str(score) if score is not None else None,
                "rank": rank,
            }
        )
    return rows


@transaction.atomic
def publicity_publish(
    *,
    user: Any,
    call: Call,
    columns: list[str] | None = None,
    published_on: date | None = None,
    title: str = "",
    intro: str = "",
    contact: str = "",
    issuer: str = "",
    listed: int | None = None,
) -> Publicity:
    """Publish the call's notice (公示): the ranked applications (the first `listed` of them, else all) with
    the columns chosen, from `published_on` (today) for the call's `publicity_days` working days; each
    listed application moves to 公示中. Refused when the call already has a notice (`call`) or has no
    ranked application (`status`)."""
    with policy.checked(user, Action.CHANGE, call):
        if Publicity.objects.filter(call=call).exists():
            raise ValidationError({"call": _("该申报通知已发布公示")})
        rows = ranked_rows(call)
        if listed is not None:
            if listed < 1:
                raise ValidationError({"listed": _("公示名单至少一项")})
            rows = rows[:listed]
        if not rows:
            raise ValidationError({"status": _("该申报通知没有已排名的申报，不能发布公示")})
        start = published_on or today()
        publicity = Publicity(
            call=call,
            title=title.strip() or _("关于{title}拟支持名单的公示").format(title=call.title),
            intro=intro.strip() or _("经企业申报、县区审核、形式审查和专家评审，现将拟支持名单予以公示。"),
            columns=list(columns) if columns else [str(c) for c in DEFAULT_COLUMNS],
            rows=rows,
            published_on=start,
            ends_on=working_days_end(start, call.publicity_days),
            contact=contact.strip(),
            issuer=issuer.strip() or _("市科学技术局"),
            published_by=_by(user),
        )
        publicity.full_clean()
        with policy.checked(user, Action.ADD, publicity):
            publicity.save()
        for row in rows:
            application = Application.objects.get(pk=row["application"])
            application_transition(
                user=user,
                application=application,
                transition="publish",
                comment=_("公示期 {start} 至 {end}").format(
                    start=start.isoformat(), end=publicity.ends_on.isoformat()
                ),
                day=published_on if user is policy.OPERATOR else None,
            )
    return publicity


@transaction.atomic
def objection_record(
    *,
    user: Any,
    publicity: Publicity,
    application: Application,
    raised_by: str,
    text: str,
    raised_on: date | None = None,
) -> Objection:
    """Record an objection to a listed application. Refused once the notice is closed (`publicity`), for an
    application the notice does not list (`application`), or raised outside the period (`raised_on`)."""
    when = raised_on or today()
    if not publicity.is_open:
        raise ValidationError({"publicity": _("公示已结束，不能再登记异议")})
    if application.pk not in {row["application"] for row in publicity.rows}:
        raise ValidationError({"application": _("该申报不在公示名单中")})
    if when < publicity.published_on or when > publicity.ends_on:
        raise ValidationError(
            {
                "raised_on": _("异议须在公示期内（{start} 至 {end}）提出").format(
                    start=publicity.published_on.isoformat(), end=publicity.ends_on.isoformat()
                )
            }
        )
    objection = Objection(
        publicity=publicity,
        application=application,
        raised_by=raised_by.strip(),
        raised_on=when,
        text=text.strip(),
        recorded_by=_by(user),
    )
    objection.full_clean()
    with policy.checked(user, Action.ADD, objection):
        objection.save()
    return objection


@transaction.atomic
def objection_resolve(
    *, user: Any, objection: Objection, resolution: str, upheld: bool = False, resolved_on: date | None = None
) -> Objection:
    """Resolve an open objection with its resolution (required). An upheld objection declines the
    application (the resolution is the reason). Refused for an objection already resolved (`resolved_on`)."""
    with policy.checked(user, Action.CHANGE, objection):
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        if not locked.is_open:
            raise ValidationError({"resolved_on": _("该异议已处理")})
        if not resolution.strip():
            raise ValidationError({"resolution": _("请填写处理结果")})
        locked.resolution = resolution.strip()
        locked.upheld = upheld
        locked.resolved_by = _by(user)
        locked.resolved_on = resolved_on or today()
        locked.full_clean()
        locked.save()
        if upheld:
            application = Application.objects.get(pk=locked.application_id)
            if application.status == State.PUBLICITY:
                application_transition(
                    user=user,
                    application=application,
                    transition="decline",
                    comment=_("异议成立：{text}").format(text=locked.resolution),
                    day=resolved_on if user is policy.OPERATOR else None,
                )
    objection.refresh_from_db()
    return objection


@transaction.atomic
def publicity_close(*, user: Any, publicity: Publicity, closed_on: date | None = None) -> Publicity:
    """Close the notice once its period is over and every objection is resolved; the listed applications
    still in 公示中 move to 公示结束. Refused while an objection is open (`objections`), before the period
    ends (`closed_on`) or when already closed (`publicity`)."""
    with policy.checked(user, Action.CHANGE, publicity):
        locked = Publicity.objects.select_for_update().get(pk=publicity.pk)
        if not locked.is_open:
            raise ValidationError({"publicity": _("公示已结束")})
        waiting = locked.objections.filter(resolved_on__isnull=True).count()
        if waiting:
            raise ValidationError({"objections": _("尚有 {n} 项异议未处理，不能结束公示").format(n=waiting)})
        day = closed_on or today()
        if day <= locked.ends_on:
            raise ValidationError(
                {"closed_on": _("公示期至 {day}，期满后才能结束公示").format(day=locked.ends_on.isoformat())}
            )
        locked.closed_on = day
        locked.full_clean()
        locked.save()
        listed = [row["application"] for row in locked.rows]
        for application in Application.objects.filter(pk__in=listed, status=State.PUBLICITY).order_by("pk"):
            application_transition(
                user=user,
                application=application,
                transition="close_publicity",
                comment=_("公示期满，异议已处理"),
                day=closed_on if user is policy.OPERATOR else None,
            )
    publicity.refresh_from_db()
    return publicity


@transaction.atomic
def application_decide(
    *,
    user: Any,
    application: Application,
    decision: str,
    amount_granted: Decimal | None = None,
    comment: str = "",
    day: date | None = None,
) -> Application:
    """The decision on one application after the notice: `approve` (a city call), `recommend` (a provincial
    call, upward to the province) or `decline` (the reason required), with the amount granted for the first
    two. Refused: an unknown decision or one that does not fit the call's level (`decision`), a negative
    amount (`amount_granted`); the workflow refuses the rest (`status`, `comment`)."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("决定只能是批准、推荐上报或不予批准")})
    level = application.call.level
    if decision == "approve" and level != Level.CITY:
        raise ValidationError({"decision": _("省级通知由市推荐上报，不能由市批准")})
    if decision == "recommend" and level != Level.PROVINCE:
        raise ValidationError({"decision": _("市级通知直接批准，无需推荐上报")})
    if amount_granted is not None and amount_granted < 0:
        raise ValidationError({"amount_granted": _("金额不能为负数")})
    application = application_transition(
        user=user, application=application, transition=decision, comment=comment, day=day
    )
    if decision != "decline" and amount_granted is not None:
        with policy.checked(user, Action.CHANGE, application):
            Application.objects.filter(pk=application.pk).update(amount_granted=amount_granted)
        application.refresh_from_db()
    return application


def _subsidy_for(application: Application) -> Any:
    """The finance area's approved interest-subsidy record of the same firm and year, where the call is the
    loan-interest subsidy (its applications name the loan contract)."""
    from rainforest.finance.models import InterestSubsidyApplication

    contract = (application.answers or {}).get("contract")
    if not contract:
        return None
    return (
        InterestSubsidyApplication.objects.filter(
            enterprise_id=application.enterprise_id,
            loan__contract_number=contract,
            year=application.call.opens_on.year,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def project_create(
    *,
    user: Any,
    application: Application,
    starts_on: date,
    ends_on: date,
    amount_granted: Decimal | None = None,
    budget: Decimal | None = None,
    title: str = "",
    milestones: list[tuple[str, date]] | None = None,
    reports: list[tuple[str, date]] | None = None,
    day: date | None = None,
) -> Project:
    """Fund an approved or recommended application: it moves to 已立项 and becomes a project granted
    `amount_granted` (else the application's amount granted), with its milestones and the reports it owes.
    For the loan-interest subsidy the project is tied to the finance area's subsidy record of the same loan
    (`Project.subsidy`), whose approved amount must then be the amount granted (`amount_granted`)."""
    amount = amount_granted if amount_granted is not None else application.amount_granted
    if amount is None:
        raise ValidationError({"amount_granted": _("请填写资助金额")})
    subsidy = _subsidy_for(application)
    if subsidy is not None and subsidy.approved is not None and subsidy.approved != amount:
        raise ValidationError(
            {
                "amount_granted": _("资助金额须与财务台账的核定贴息 {approved} 元一致").format(
                    approved=subsidy.approved
                )
            }
        )
    application = application_transition(
        user=user, application=application, transition="fund", comment=_("立项"), day=day
    )
    project = Project(
        application=application,
        title=title.strip() or application.title or application.call.title,
        budget=budget,
        amount_granted=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        subsidy=subsidy,
    )
    project.full_clean()
    with policy.checked(user, Action.ADD, project):
        project.save()
        Application.objects.filter(pk=application.pk).update(amount_granted=amount)
        for name, due in milestones or []:
            milestone = Milestone(project=project, title=name, due_on=due)
            milestone.full_clean()
            milestone.save()
        for name, due in reports or []:
            report = Report(project=project, title=name, due_on=due)
            report.full_clean()
            report.save()
    return project


@transaction.atomic
def milestone_add(*, user: Any, project: Project, title: str, due_on: date) -> Milestone:
    milestone = Milestone(project=project, title=title.strip(), due_on=due_on)
    milestone.full_clean()
    with policy.checked(user, Action.ADD, milestone):
        milestone.save()
    return milestone


@transaction.atomic
def milestone_done(*, user: Any, milestone: Milestone, done_on: date | None = None) -> Milestone:
    with policy.checked(user, Action.CHANGE, milestone):
        milestone.done_on = done_on or today()
        milestone.full_clean()
        milestone.save()
    return milestone


@transaction.atomic
def report_add(*, user: Any, project: Project, title: str, due_on: date) -> Report:
    """A report the project owes by `due_on` (set by the city)."""
    report = Report(project=project, title=title.strip(), due_on=due_on)
    report.full_clean()
    with policy.checked(user, Action.ADD, report):
        report.save()
    return report


@transaction.atomic
def report_submit(
    *, user: Any, report: Report, summary: str = "", upload: Any = None, submitted_on: date | None = None
) -> Report:
    """The firm (or an officer for it) submits a report: dated today, late when after its due date.
    Refused when already submitted (`submitted_on`) or without a summary or file (`summary`)."""
    with policy.checked(user, Action.CHANGE, report):
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.submitted_on is not None:
            raise ValidationError(
                {"submitted_on": _("该报告已于 {day} 提交").format(day=locked.submitted_on)}
            )
        if not summary.strip() and upload is None:
            raise ValidationError({"summary": _("请填写报告摘要或上传报告文件")})
        locked.summary = summary.strip()
        if upload is not None:
            locked.file = upload
        locked.submitted_on = submitted_on or today()
        locked.full_clean()
        locked.save()
    report.refresh_from_db()
    return report


@transaction.atomic
def project_accept(
    *, user: Any, project: Project, result: str, accepted_on: date | None = None, note: str = ""
) -> Project:
    """Record the final acceptance (结题验收): its date and result. Refused when already recorded
    (`accepted_on`), for an unknown result (`acceptance_result`), or while a report is still missing
    (`reports`)."""
    from rainforest.calls.outcomes import AcceptanceResult

    with policy.checked(user, Action.CHANGE, project):
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.accepted_on is not None:
            raise ValidationError({"accepted_on": _("该项目已验收")})
        if result not in AcceptanceResult.values:
            raise ValidationError({"acceptance_result": _("请选择验收结论")})
        missing = locked.reports.filter(submitted_on__isnull=True).count()
        if missing:
            raise ValidationError({"reports": _("尚有 {n} 份报告未提交，不能验收").format(n=missing)})
        locked.accepted_on = accepted_on or today()
        locked.acceptance_result = result
        locked.acceptance_note = note.strip()
        locked.full_clean()
        locked.save()
    project.refresh_from_db()
    return project
