"""Writes of the calls app: starting and filling an application, attaching its files, every workflow
transition (`application_transition`, the one door the reviews app uses too), signing declarations,
keeping calls and recording their decision.

Each service is keyword-only, atomic, validates with `full_clean()` and is checked by the policy
(`policy.checked`); a refusal raises ValidationError (naming the field) or PermissionDenied and changes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed, has_transition_perm

from rainforest.calls.choices import State
from rainforest.calls.forms import clean_answers, missing_attachments, prefill_for
from rainforest.calls.models import Application, ApplicationAttachment, Call, Declaration
from rainforest.core import policy
from rainforest.core.models import today
from rainforest.core.policy import Action
from rainforest.enterprises.models import Enterprise


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: Any
    needs_comment: bool = False
    side: str = "city"  # enterprise, district or city: whose page offers it


TRANSITIONS: dict[str, TransitionSpec] = {
    spec.name: spec
    for spec in (
        TransitionSpec("submit", gettext_lazy("提交"), side="enterprise"),
        TransitionSpec("resubmit", gettext_lazy("重新提交"), side="enterprise"),
        TransitionSpec("withdraw", gettext_lazy("撤回"), side="enterprise"),
        TransitionSpec("district_pass", gettext_lazy("县区审核通过"), side="district"),
        TransitionSpec("return_for_changes", gettext_lazy("退回修改"), needs_comment=True, side="district"),
        TransitionSpec(
            "district_reject", gettext_lazy("县区审核不通过"), needs_comment=True, side="district"
        ),
        TransitionSpec("formal_pass", gettext_lazy("形式审查通过"), side="city"),
        TransitionSpec("formal_reject", gettext_lazy("形式审查不通过"), needs_comment=True, side="city"),
        TransitionSpec("rank", gettext_lazy("完成排名"), side="city"),
        TransitionSpec("publish", gettext_lazy("列入公示"), side="city"),
        TransitionSpec("close_publicity", gettext_lazy("公示结束"), side="city"),
        TransitionSpec("approve", gettext_lazy("批准"), side="city"),
        TransitionSpec("recommend", gettext_lazy("推荐上报"), side="city"),
        TransitionSpec("decline", gettext_lazy("不予批准"), needs_comment=True, side="city"),
        TransitionSpec("fund", gettext_lazy("立项"), side="city"),
    )
}


# Steps the application page leaves to the call's notice page (rainforest.calls.decisions), which keeps the
# notice, its objections and the project along with them.
NOTICE_STEPS = frozenset({"publish", "close_publicity", "approve", "recommend", "fund"})

UNCHANGED_BY_A_STEP = ("status", "call", "enterprise", "created_by", "answers", "prefilled", "title")


def _status_label(status: str) -> str:
    try:
        return str(State(status).label)
    except ValueError:
        return status


def allowed_transitions(application: Application, user: Any = policy.OPERATOR) -> list[TransitionSpec]:
    """The transitions the workflow allows from the application's status (and, given a user, that the
    user's role may make), in the order of TRANSITIONS."""
    names = {t.name for t in application.get_available_status_transitions()}  # type: ignore[attr-defined]
    specs = [spec for name, spec in TRANSITIONS.items() if name in names]
    if user is policy.OPERATOR:
        return specs
    return [spec for spec in specs if has_transition_perm(getattr(application, spec.name), user)]


def _deadline(application: Application, transition: str, day: date) -> None:
    call = application.call
    if transition == "submit" and not call.accepts_submissions(day):
        if day < call.opens_on:
            message = _("申报尚未开始：{day} 起接受申报").format(day=call.opens_on.isoformat())
        else:
            message = _("已过截止申报日期 {day}（截止日当天 24 时前提交有效，逾期不予受理）").format(
                day=call.closes_on.isoformat()
            )
        raise ValidationError({"closes_on": message})
    if transition == "resubmit" and not call.accepts_resubmissions(day):
        raise ValidationError(
            {
                "district_review_ends_on": _("退回修改的申报须在县区审核截止日期 {day} 前重新提交").format(
                    day=call.district_review_ends_on.isoformat()
                )
            }
        )


def _complete(application: Application) -> None:
    """On (re)submission: every required field answered with a value of its type, every required
    attachment given."""
    clean_answers(application.call, application.answers, complete=True)
    given = set(application.files.values_list("name", flat=True)) if application.pk else set()
    missing = missing_attachments(application.call, given)
    if missing:
        raise ValidationError({"attachments": _("缺少必需的附件：{names}").format(names="、".join(missing))})


@transaction.atomic
def application_transition(
    *,
    user: Any,
    application: Application,
    transition: str,
    comment: str = "",
    day: date | None = None,
) -> Application:
    """Move `application` through the workflow by the transition named `transition` (docs/calls.md).

    Refused, with nothing changed: an unknown transition or one the workflow does not allow from the
    current status (ValidationError on `status`, naming the status and what it allows); a role that may
    not make it, or an application outside the user's reach (PermissionDenied); a comment missing where
    a reason is required (`comment`); a submission outside the call's dates (`closes_on`,
    `district_review_ends_on`) or incomplete (the field, `attachments`). Logged by django-fsm-log: who,
    when, the comment. `day` (the operator's demo and imports only) is the day the step counts as made."""
    spec = TRANSITIONS.get(transition)
    if spec is None:
        raise ValidationError({"transition": _("没有名为“{name}”的流程操作").format(name=transition)})
    if day is not None and user is not policy.OPERATOR:
        raise PermissionDenied(_("只有系统运维可以补录历史日期"))
    with policy.checked(user, Action.CHANGE, application):
        locked = (
            Application.objects.select_related("call", "enterprise")
            .select_for_update()
            .get(pk=application.pk)
        )
        bound = getattr(locked, transition)
        if not can_proceed(bound):
            allowed = "、".join(str(s.label) for s in allowed_transitions(locked)) or _("无")
            raise ValidationError(
                {
                    "status": _("当前状态为“{status}”，不能执行“{action}”（可执行：{allowed}）").format(
                        status=_status_label(locked.status), action=spec.label, allowed=allowed
                    )
                }
            )
        if user is not policy.OPERATOR and not has_transition_perm(bound, user):
            raise PermissionDenied(_("您的角色不能对此申报执行“{action}”").format(action=spec.label))
        comment = (comment or "").strip()
        if spec.needs_comment and not comment:
            raise ValidationError({"comment": _("“{action}”须填写理由").format(action=spec.label)})
        if transition == "close_publicity":
            from rainforest.calls.outcomes import Objection

            waiting = Objection.objects.filter(application=locked, resolved_on__isnull=True).count()
            if waiting:
                raise ValidationError(
                    {"objections": _("尚有 {n} 项异议未处理，不能结束公示").format(n=waiting)}
                )
        when = day or today()
        if transition in ("submit", "resubmit"):
            _deadline(locked, transition, when)
            _complete(locked)
        by = user if getattr(user, "is_authenticated", False) else None
        bound(by=by, description=comment or None)
        now = timezone.now()
        locked.status_changed_at = now
        locked.last_comment = comment
        if transition in ("submit", "resubmit"):
            locked.submitted_at = now
        # a step changes the status (django-fsm's to check), its times and comment: the relations, answers
        # and the (call, enterprise) key were checked when stored and are not re-read for every step
        locked.full_clean(exclude=[*UNCHANGED_BY_A_STEP], validate_unique=False)
        locked._history_user = by  # type: ignore[attr-defined]
        locked._change_reason = str(spec.label)  # type: ignore[attr-defined]
        locked.save()
    application.refresh_from_db()
    return application


@transaction.atomic
def application_start(*, user: Any, call: Call, enterprise: Enterprise, title: str = "") -> Application:
    """A draft application of `enterprise` to `call`, its registry facts pre-filled. Refused when the call
    does not accept submissions today (`closes_on`) or the firm already applied (`call`)."""
    day = today()
    if not call.accepts_submissions(day):
        raise ValidationError(
            {
                "closes_on": _("该申报通知当前不接受申报（{start} 至 {end}）").format(
                    start=call.opens_on.isoformat(), end=call.closes_on.isoformat()
                )
            }
        )
    if Application.objects.filter(call=call, enterprise=enterprise).exists():
        raise ValidationError({"call": _("该企业已申报此通知，请在原申报中继续")})
    application = Application(
        call=call,
        enterprise=enterprise,
        title=title.strip(),
        prefilled=prefill_for(call, enterprise),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    application.full_clean(exclude=["status"])
    with policy.checked(user, Action.ADD, application):
        application.save()
    return application


@transaction.atomic
def application_save(
    *,
    user: Any,
    application: Application,
    answers: dict[str, Any],
    title: str | None = None,
    amount_requested: Decimal | None = None,
) -> Application:
    """Save the answers of a draft (or returned) application; each given value must fit its field's type
    (a ValidationError names the field). Required fields are checked on submission."""
    with policy.checked(user, Action.CHANGE, application):
        locked = Application.objects.select_related("call").select_for_update().get(pk=application.pk)
        if locked.status not in (State.DRAFT, State.RETURNED):
            raise ValidationError(
                {"status": _("状态为“{status}”的申报不能修改").format(status=_status_label(locked.status))}
            )
        locked.answers = clean_answers(locked.call, answers, complete=False)
        if title is not None:
            locked.title = title.strip()
        if amount_requested is not None:
            locked.amount_requested = amount_requested
        locked.full_clean(exclude=["status"])
        locked.save()
    application.refresh_from_db()
    return application


@transaction.atomic
def application_attach(
    *, user: Any, application: Application, name: str, upload: UploadedFile
) -> ApplicationAttachment:
    """Attach (or replace) the file of one of the call's attachments on a draft or returned application."""
    with policy.checked(user, Action.CHANGE, application):
        if application.status not in (State.DRAFT, State.RETURNED):
            raise ValidationError(
                {
                    "status": _("状态为“{status}”的申报不能修改").format(
                        status=_status_label(application.status)
                    )
                }
            )
        names = {item["name"] for item in application.call.attachments}
        if name not in names:
            raise ValidationError({"name": _("申报通知没有附件项“{name}”").format(name=name)})
        attachment = ApplicationAttachment.objects.filter(application=application, name=name).first()
        attachment = attachment or ApplicationAttachment(application=application, name=name)
        attachment.file = upload
        attachment.full_clean()
        attachment.save()
    return attachment


@transaction.atomic
def declaration_sign(
    *,
    user: Any,
    enterprise: Enterprise,
    fact: str,
    value: str,
    period_start: date,
    period_end: date | None = None,
    declared_on: date | None = None,
    signatory: str,
    note: str = "",
    attachment: UploadedFile | None = None,
) -> Declaration:
    """A new signed declaration; an earlier one of the same fact is superseded (kept, never changed).
    A declaration dated in the future is refused (`declared_on`)."""
    declaration = Declaration(
        enterprise=enterprise,
        fact=fact,
        value=value,
        period_start=period_start,
        period_end=period_end,
        declared_on=declared_on or today(),
        declared_by=user if getattr(user, "is_authenticated", False) else None,
        signatory=signatory.strip(),
        note=note.strip(),
    )
    if attachment is not None:
        declaration.attachment = attachment
    declaration.full_clean()
    with policy.checked(user, Action.ADD, declaration):
        declaration.save()
    return declaration


@transaction.atomic
def call_save(*, user: Any, call: Call) -> Call:
    """Create or change a call (its form, condition and dates are checked by `Call.clean`)."""
    call.full_clean()
    with policy.checked(user, Action.CHANGE if call.pk else Action.ADD, call):
        call.save()
    return call


@transaction.atomic
def call_decide(*, user: Any, call: Call, decided_on: date | None = None) -> Call:
    """Record that the call is decided (its status becomes 已决定). Refused while applications still
    wait in the workflow before the decision (`decided_on`)."""
    from rainforest.calls.choices import ENDED_STATES

    waiting = call.applications.exclude(status__in=[*ENDED_STATES, State.DRAFT]).count()
    if waiting:
        raise ValidationError({"decided_on": _("尚有 {n} 份申报未作出决定，不能办结").format(n=waiting)})
    with policy.checked(user, Action.CHANGE, call):
        call.decided_on = decided_on or today()
        call.full_clean()
        call.save()
    return call
