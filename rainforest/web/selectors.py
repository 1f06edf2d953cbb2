"""The home page's to-do list: what each role should act on today, each item linking to the page that acts
on it. Everything is read through the owning apps' scoped selectors, so an item never counts a record the
user may not see.

City and district officers: targets at risk, planned visits due, overdue follow-ups, HNTE certificates
expiring this year, tech-SMEs to re-register, import jobs still running, layers that need data.
Tech butlers: their assigned firms with open follow-ups, visits due, overdue follow-ups, expiring HNTEs.
Enterprise users: the gaps of their firm to the HNTE and tech-SME rules, the policies it fits, and its
certificates that expire soon. University and bank users get a desk of their own records (`institution_desk`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rainforest.core.choices import Role
from rainforest.core.policy import Action, may, restrict
from rainforest.core.scope import Reach, scope_for
from rainforest.cultivation import selectors as cultivation
from rainforest.cultivation.choices import FollowUpStatus
from rainforest.cultivation.models import Visit
from rainforest.eligibility.engine import evaluate
from rainforest.eligibility.selectors import facts_for
from rainforest.enterprises.models import Certificate, Enterprise
from rainforest.forest.selectors import forest_summary
from rainforest.imports.choices import FINISHED
from rainforest.imports.models import ImportJob
from rainforest.policies.selectors import enterprise_policies

# A planned visit is "due" from this many days before its date (and stays due until someone visits).
VISIT_DUE_DAYS = 14
# A certificate of the user's own firm is listed this many days before it expires.
CERTIFICATE_NOTICE_DAYS = 180
# A target whose probability of being reached by year end is below this is "at risk".
AT_RISK_BELOW = 0.5
# The rulebooks an enterprise user sees its gaps to on the home page (the two the bureau cultivates).
OWN_RULEBOOKS = {"tech-sme": gettext_lazy("科技型中小企业评价"), "hnte": gettext_lazy("高新技术企业认定")}


@dataclass(frozen=True)
class TodoItem:
    """One line of the to-do list: what to do, how many, and the page that does it."""

    code: str
    text: str
    url: str
    count: int = 1
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Shortcut:
    """One line of an institution's desk: its records of one kind, how many, and the page listing them."""

    label: str
    url: str
    count: int | None = None  # None: a page, not a list of records


@dataclass(frozen=True)
class InstitutionDesk:
    """What a university or bank user finds on the home page: their own records, counted within their scope."""

    kind: str  # "university" or "bank"
    shortcuts: list[Shortcut]


# (model label, URL name, label): the lists a university or bank user comes for, each counted within the
# user's scope (policy.restrict); a model label of None is a page.
DESK: dict[str, tuple[tuple[str | None, str, Any], ...]] = {
    Role.UNIVERSITY_USER: (
        ("matching.achievement", "records:achievement_list", gettext_lazy("本单位的科技成果")),
        ("techmarket.contract", "records:contract_list", gettext_lazy("本单位参与的技术合同")),
        ("talent.researchteam", "records:research_team_list", gettext_lazy("本单位的科研团队")),
        ("talent.keydiscipline", "records:key_discipline_list", gettext_lazy("本单位的重点学科")),
        ("platforms.platform", "records:platform_list", gettext_lazy("本单位的创新平台")),
        (None, "talent:census", gettext_lazy("高校院所摸底")),
        (None, "matching:search", gettext_lazy("成果与需求匹配检索")),
    ),
    Role.BANK_USER: (
        ("finance.loan", "records:loan_list", gettext_lazy("本行发放的科技贷款")),
        ("finance.financingdemand", "records:financing_demand_list", gettext_lazy("推送给本行的融资需求")),
        ("finance.matchmakingevent", "records:matchmaking_event_list", gettext_lazy("本行参加的银企对接会")),
        ("finance.financialproduct", "records:financial_product_list", gettext_lazy("本行的金融产品")),
        (None, "finance:summary", gettext_lazy("科技金融概况")),
    ),
}


def institution_desk(user: Any) -> InstitutionDesk | None:
    """For a university or bank user: the lists of their own records with their counts; else None. A list
    the user's role may not read is left out."""
    role = getattr(user, "role", None)
    lines = DESK.get(role) if role else None
    if not lines:
        return None
    shortcuts: list[Shortcut] = []
    for label, url_name, text in lines:
        if label is None:
            shortcuts.append(Shortcut(label=str(text), url=reverse(url_name)))
            continue
        model = apps.get_model(label)
        if not may(user, Action.VIEW, model):
            continue
        count = restrict(model._default_manager.all(), user, Action.VIEW).count()
        shortcuts.append(Shortcut(label=str(text), url=reverse(url_name), count=count))
    return InstitutionDesk(kind="university" if role == Role.UNIVERSITY_USER else "bank", shortcuts=shortcuts)


def todo_for(user: Any, day: date, *, needs_data: int | None = None) -> list[TodoItem]:
    """The user's to-do list on `day`, most pressing first; empty when nothing waits. `needs_data` is the
    forest summary's count when the caller has it already (it is read otherwise)."""
    scope = scope_for(user)
    if scope.reach in (Reach.CITY, Reach.DISTRICT):
        if needs_data is None:
            needs_data = forest_summary(user, day).needs_data
        return _bureau_todo(user, day, needs_data)
    if scope.reach is Reach.ASSIGNED:
        return _butler_todo(user, day)
    if scope.reach is Reach.OWN and getattr(user, "role", None) == Role.ENTERPRISE_USER:
        return _enterprise_todo(user, day)
    return []


# --- the bureau ----------------------------------------------------------------------------------------


def _bureau_todo(user: Any, day: date, needs_data: int) -> list[TodoItem]:
    items = _targets_at_risk(user, day)
    items += _counted(
        "visits_due",
        _visits_due(cultivation.visits_for(user), day).count(),
        _("计划走访已到期或 {days} 天内到期：{n} 家企业"),
        reverse("cultivation:visits"),
    )
    items += _counted(
        "follow_ups_overdue",
        cultivation.overdue_follow_ups(user, day).count(),
        _("已过完成期限的走访待办事项：{n} 项"),
        reverse("cultivation:visits"),
    )
    items += _expiring_and_due(user, day)
    items += _counted(
        "imports_running",
        _imports_running(user).count(),
        _("尚未完成的数据导入：{n} 个"),
        reverse("imports:index"),
    )
    items += _counted(
        "needs_data",
        needs_data,
        _("层级待补数据的主体：{n} 个"),
        reverse("forest:index"),
    )
    return items


def _targets_at_risk(user: Any, day: date) -> list[TodoItem]:
    items = []
    for target in cultivation.targets_for(user).filter(year=day.year):
        forecast = cultivation.target_outlook(target, day=day)
        probability = forecast.attainment.probability
        if forecast.final or probability >= AT_RISK_BELOW:
            continue
        items.append(
            TodoItem(
                code="target_at_risk",
                text=_(
                    "{year} 年目标“{indicator}”{district}：完成概率 {percent}%（已完成 {done} / 目标 {value}）"
                ).format(
                    year=target.year,
                    indicator=target.get_indicator_display(),
                    district=_("（{name}）").format(name=target.district) if target.district_id else "",
                    percent=round(probability * 100, 1),
                    done=forecast.achieved,
                    value=target.value,
                ),
                url=reverse("cultivation:target", args=[target.pk]),
            )
        )
    return items


def _visits_due(visits: QuerySet[Visit], day: date) -> QuerySet[Visit]:
    """Each firm's latest visit whose planned next visit is due (within VISIT_DUE_DAYS, or past)."""
    later = Visit.objects.filter(
        enterprise_id=OuterRef("enterprise_id"), visited_on__gt=OuterRef("visited_on")
    )
    return visits.filter(next_visit_on__lte=day + timedelta(days=VISIT_DUE_DAYS)).exclude(Exists(later))


def _expiring_and_due(user: Any, day: date) -> list[TodoItem]:
    alerts = reverse("cultivation:alerts")
    return _counted(
        "hnte_expiring",
        len(cultivation.hnte_expiring(user, day)),
        _("高企证书今年到期、尚未重新认定：{n} 家"),
        alerts,
    ) + _counted(
        "tech_sme_due",
        len(cultivation.tech_sme_due(user, day)),
        _("去年入库、今年尚未重新评价入库的科技型中小企业：{n} 家"),
        alerts,
    )


def _imports_running(user: Any) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(user=user).exclude(status__in=FINISHED)


# --- the tech butler -----------------------------------------------------------------------------------


def _butler_todo(user: Any, day: date) -> list[TodoItem]:
    mine = reverse("cultivation:mine")
    open_follow_ups = cultivation.follow_ups_for(user).filter(status=FollowUpStatus.OPEN)
    items = _counted(
        "firms_with_open_follow_ups",
        open_follow_ups.values("visit__enterprise_id").distinct().count(),
        _("有未完成待办事项的分管企业：{n} 家"),
        mine,
    )
    items += _counted(
        "visits_due",
        _visits_due(cultivation.visits_for(user).filter(butler=user), day).count(),
        _("计划走访已到期或 {days} 天内到期：{n} 家企业"),
        mine,
    )
    items += _counted(
        "follow_ups_overdue",
        cultivation.overdue_follow_ups(user, day).count(),
        _("已过完成期限的走访待办事项：{n} 项"),
        mine,
    )
    return items + _expiring_and_due(user, day)


# --- the enterprise user -------------------------------------------------------------------------------


def _enterprise_todo(user: Any, day: date) -> list[TodoItem]:
    firm = Enterprise.objects.visible_to(user).first()
    if firm is None:
        return []
    items = []
    facts = facts_for(firm, day)
    for rulebook, title in OWN_RULEBOOKS.items():
        result = evaluate(facts, rulebook)
        if result.eligible == "true":
            continue
        code = rulebook.replace("-", "_")
        link = reverse("eligibility:self") + f"?rulebook={rulebook}"
        gaps = result.gaps
        unknown = [c for c in result.criteria if c.role == "condition" and c.passed is None]
        if gaps:
            items.append(
                TodoItem(
                    code=f"gaps_{code}",
                    text=_("对照{rulebook}的条件，尚有 {n} 项差距").format(rulebook=title, n=len(gaps)),
                    url=link,
                    count=len(gaps),
                    details=[gap.text for gap in gaps],
                )
            )
        elif unknown:
            items.append(
                TodoItem(
                    code=f"data_{code}",
                    text=_("{rulebook}：{n} 项条件缺少数据，补齐后才能判断").format(
                        rulebook=title, n=len(unknown)
                    ),
                    url=link,
                    count=len(unknown),
                )
            )
    fitting = enterprise_policies(enterprise=firm, as_of=day).eligible
    items += _counted(
        "policies",
        len(fitting),
        _("可能符合条件的政策：{n} 项"),
        reverse("policies:mine"),
        details=[policy.name for policy, _result in fitting],
    )
    expiring = (
        Certificate.objects.filter(
            enterprise=firm,
            revoked_on__isnull=True,
            expires_on__gt=day,
            expires_on__lte=day + timedelta(days=CERTIFICATE_NOTICE_DAYS),
        )
        .order_by("expires_on", "kind")
        .values_list("kind", "expires_on")
    )
    detail = reverse("enterprises:detail", args=[firm.credit_code])
    for kind, expires_on in expiring:
        label = Certificate(kind=kind).get_kind_display()
        last_day = expires_on - timedelta(days=1)
        items.append(
            TodoItem(
                code="certificate_expiring",
                text=_("{certificate}有效期至 {day}，请及时办理").format(
                    certificate=label, day=last_day.isoformat()
                ),
                url=detail,
            )
        )
    return items


def _counted(
    code: str, count: int, text: str, url: str, *, details: list[str] | None = None
) -> list[TodoItem]:
    """An item for `count` records, or nothing when there is none."""
    if count == 0:
        return []
    return [
        TodoItem(
            code=code,
            text=text.format(n=count, days=VISIT_DUE_DAYS),
            url=url,
            count=count,
            details=details or [],
        )
    ]
