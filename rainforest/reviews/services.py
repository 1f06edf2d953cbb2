"""Writes of the reviews app: setting up and drawing a call's panel, scoring, closing the panel
(docs/reviews.md). Each re-checks the acting user through `policy.checked`; `OPERATOR` (None) is the
server's operator (the CLI, the demo)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from random import Random
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rainforest.calls.choices import State
from rainforest.calls.models import Application, Call
from rainforest.core import policy
from rainforest.core.policy import Action
from rainforest.reviews.models import DEFAULT_CRITERIA, Conflict, Expert, Panel, PanelMember, ScoreSheet
from rainforest.reviews.selectors import Excluded, exclusions, expert_of, money, panel_for


@transaction.atomic
def panel_set_up(*, user: Any, call: Call, **rules: Any) -> Panel:
    """The call's panel with its rules (size, min_members, min_technical_percent, min_financial, criteria,
    aggregation, deviation_threshold), created with the high-tech rule's values where not given. Its rules
    are fixed once drawn."""
    panel = panel_for(call) or Panel(call=call, criteria=[dict(c) for c in DEFAULT_CRITERIA])
    if panel.drawn_at is not None and rules:
        raise ValidationError({"panel": _("评审专家组已抽取，规则不能再修改")})
    for name, value in rules.items():
        setattr(panel, name, value)
    with policy.checked(user, Action.CHANGE if panel.pk else Action.ADD, panel):
        panel.full_clean()
        panel.save()
    return panel


@dataclass(frozen=True)
class Draw:
    panel: Panel
    experts: list[Expert]
    excluded: list[Excluded]


def choose(pool: list[Expert], panel: Panel, seed: int) -> list[Expert]:
    """`panel.size` experts of `pool` (already cleared for the call) by the panel's rules, in an order fixed
    by `seed`: the financial members first, then technical ones up to the technical share, then the rest
    of the shuffled pool. Raises ValidationError (field `panel`) when the pool cannot meet the rules."""
    order = sorted(pool, key=lambda expert: expert.pk)
    Random(seed).shuffle(order)
    technical_needed = math.ceil(panel.size * panel.min_technical_percent / 100)
    chosen: list[Expert] = []
    for expert in order:
        if len(chosen) < panel.min_financial and expert.financial:
            chosen.append(expert)
    for expert in order:
        if sum(e.technical for e in chosen) >= technical_needed or len(chosen) >= panel.size:
            break
        if expert.technical and expert not in chosen:
            chosen.append(expert)
    for expert in order:
        if len(chosen) >= panel.size:
            break
        if expert not in chosen:
            chosen.append(expert)
    technical = sum(e.technical for e in chosen)
    financial = sum(e.financial for e in chosen)
    if len(chosen) < panel.size or technical < technical_needed or financial < panel.min_financial:
        raise ValidationError(
            {
                "panel": _(
                    "专家库不足以组成评审专家组：需 {size} 人（技术专家至少 {technical} 人，财务专家至少 "
                    "{financial} 人），可抽取的专家 {pool} 人（技术 {pool_technical} 人，财务 "
                    "{pool_financial} 人）；未抽取任何专家"
                ).format(
                    size=panel.size,
                    technical=technical_needed,
                    financial=panel.min_financial,
                    pool=len(pool),
                    pool_technical=sum(e.technical for e in pool),
                    pool_financial=sum(e.financial for e in pool),
                )
            }
        )
    return chosen


@transaction.atomic
def panel_draw(*, user: Any, call: Call, seed: int | None = None) -> Draw:
    """Draw the call's panel (set up with the default rules if it has none), or show the one drawn.

    Only available experts, none from an applicant's own organisation or with a declared conflict with an
    applicant (or its organisation); the same seed draws the same panel from the same pool. A pool too
    small raises ValidationError (`panel`) and nothing is stored. `seed` None: the call's id."""
    panel = panel_for(call) or panel_set_up(user=user, call=call)
    pool, excluded = exclusions(call)
    if panel.drawn_at is not None:
        experts = [member.expert for member in panel.members.select_related("expert__organisation")]
        return Draw(panel, experts, excluded)
    if seed is None:
        seed = call.pk
    chosen = choose(pool, panel, seed)
    with policy.checked(user, Action.CHANGE, panel):
        panel.seed = seed
        panel.drawn_at = timezone.now()
        panel.full_clean()
        panel.save()
        PanelMember.objects.bulk_create(
            PanelMember(panel=panel, expert=expert, position=n) for n, expert in enumerate(chosen, start=1)
        )
    return Draw(panel, chosen, excluded)


def _number(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def sheet_problems(
    *, panel: Panel | None, expert: Expert | None, application: Application, scores: dict[str, Any]
) -> tuple[dict[str, str], dict[str, Decimal], Decimal]:
    """Why these scores may not be stored (field → message; empty if they may), the scores as numbers and
    their weighted total. Refused: no panel or a closed one, an expert not on it, an application of their
    own organisation or with a declared conflict, an application not under expert review, a criterion
    missing, not a number or out of its range, a criterion the sheet does not have."""
    problems: dict[str, str] = {}
    values: dict[str, Decimal] = {}
    total = Decimal(0)
    if panel is None or panel.drawn_at is None:
        return {"panel": _("该申报通知尚未抽取评审专家组")}, values, total
    if panel.closed:
        return (
            {"panel": _("评审已结束（{day}），不能再评分").format(day=timezone.localdate(panel.closed_at))},
            values,
            total,
        )
    if expert is None or not panel.members.filter(expert=expert).exists():
        return {"expert": _("该专家不在本通知的评审专家组中")}, values, total
    code = application.enterprise.credit_code
    if expert.organisation.credit_code and expert.organisation.credit_code == code:
        return (
            {"application": _("不能评审本单位的申报（{name}）").format(name=application.enterprise.name)},
            values,
            total,
        )
    conflicts = Conflict.objects.filter(expert=expert)
    if conflicts.filter(
        Q(enterprise_id=application.enterprise_id) | Q(organisation__credit_code=code)
    ).exists():
        return {"application": _("已声明回避该企业，不能评分")}, values, total
    if application.status != State.EXPERT_REVIEW:
        return {"application": _("该申报不在专家评审阶段")}, values, total
    names = {str(item["name"]) for item in panel.criteria}
    for name in sorted(set(scores) - names):
        problems[name] = _("评分表没有“{name}”一项").format(name=name)
    for item in panel.criteria:
        name = str(item["name"])
        low, high, weight = Decimal(str(item["min"])), Decimal(str(item["max"])), Decimal(str(item["weight"]))
        raw = scores.get(name)
        number = _number(raw)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            problems[name] = _("“{name}”未评分").format(name=name)
        elif number is None:
            problems[name] = _("“{name}”须为数字：{value}").format(name=name, value=raw)
        elif not low <= number <= high:
            problems[name] = _("“{name}”须在 {low} 到 {high} 分之间：{value}").format(
                name=name, low=low, high=high, value=raw
            )
        else:
            values[name] = number
            total += number * weight
    return problems, values, money(total)


def _acting_expert(user: Any, expert: Expert | None) -> Expert | None:
    """An expert scores as themselves; an officer (or the operator) enters a sheet for the expert named."""
    own = expert_of(user)
    if own is not None:
        if expert is not None and expert.pk != own.pk:
            raise PermissionDenied(_("专家只能提交本人的评分"))
        return own
    return expert


@transaction.atomic
def sheet_submit(
    *,
    user: Any,
    application: Application,
    scores: dict[str, Any],
    comment: str = "",
    expert: Expert | None = None,
    at: datetime | None = None,
) -> ScoreSheet:
    """Store (or replace, while the panel is open) an expert's scores of one application. Refused with
    nothing stored: see `sheet_problems` (ValidationError naming the criterion or `panel`, `expert`,
    `application`); an application outside the user's reach (PermissionDenied)."""
    expert = _acting_expert(user, expert)
    panel = panel_for(application.call)
    problems, values, total = sheet_problems(
        panel=panel, expert=expert, application=application, scores=scores
    )
    if problems:
        raise ValidationError(problems)
    assert panel is not None and expert is not None
    sheet = ScoreSheet.objects.filter(panel=panel, expert=expert, application=application).first()
    action = Action.CHANGE if sheet is not None else Action.ADD
    sheet = sheet or ScoreSheet(panel=panel, expert=expert, application=application)
    with policy.checked(user, action, sheet):
        sheet.scores = {name: str(value) for name, value in values.items()}
        sheet.total = total
        sheet.comment = (comment or "").strip()
        sheet.entered_by = user if getattr(user, "is_authenticated", False) else None
        sheet.full_clean()
        sheet.save()
        if at is not None:
            ScoreSheet.objects.filter(pk=sheet.pk).update(submitted_at=at)
    return sheet


@transaction.atomic
def panel_close(*, user: Any, panel: Panel, at: datetime | None = None) -> Panel:
    """Close the panel once every member has scored every application under expert review, and move those
    applications to 已排名 (`rank`). The others' scores become visible to the experts. Refused (field
    `panel`) with sheets missing, naming how many."""
    from rainforest.calls.services import application_transition

    with policy.checked(user, Action.CHANGE, panel):
        if panel.closed:
            raise ValidationError({"panel": _("评审专家组已结束评审")})
        if panel.drawn_at is None:
            raise ValidationError({"panel": _("评审专家组尚未抽取")})
        waiting = list(Application.objects.filter(call_id=panel.call_id, status=State.EXPERT_REVIEW))
        members = panel.members.count()
        sheets = ScoreSheet.objects.filter(panel=panel, application__in=waiting).count()
        missing = len(waiting) * members - sheets
        if missing:
            raise ValidationError({"panel": _("还有 {n} 份评分表未提交，不能结束评审").format(n=missing)})
        panel.closed_at = at or timezone.now()
        panel.save()
        for application in waiting:
            application_transition(
                user=user, application=application, transition="rank", comment=_("专家评审结束")
            )
    return panel
