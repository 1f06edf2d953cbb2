"""The demo city's expert review (see rainforest.demo.areas and docs/reviews.md), built after the calls:

- an expert pool of 26 from the demo's universities, banks and the productivity centre: 19 technical, 5
  financial, 2 both; one unavailable; the `expert` demo user (王评审 of 山西农业大学) among them;
- for each decided call that went through expert review (`2025-loan-subsidy`, `2025-conversion-fund`,
  `2025-rd-institutions`) a panel drawn by the high-tech rule (the loan subsidy's of 7, trimmed mean) with
  complete score sheets, closed on the call's expert-review deadline: the applications recommended or
  funded score above those not approved, so `ranking()` agrees with the outcome (57 ranked for the loan
  subsidy); one expert of the loan-subsidy panel scores generously and is flagged;
- `demo-review` (under expert review): a panel of 5 with the `expert` demo user on it (the seed is the first
  that draws them), two conflicts declared with applicants; the other four members have scored, the
  `expert` user's 12 sheets wait.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from random import Random

from django.db import models
from django.utils import timezone

from rainforest.calls.choices import SUCCESS_STATES
from rainforest.calls.models import Application, Call
from rainforest.core.models import Organisation, User
from rainforest.core.policy import OPERATOR
from rainforest.demo import names, people
from rainforest.reviews.choices import Aggregation
from rainforest.reviews.models import Conflict, Expert, Panel, PanelMember, ScoreSheet
from rainforest.reviews.selectors import REVIEWED, exclusions
from rainforest.reviews.services import choose, panel_set_up, sheet_submit

ROOTS: tuple[type[models.Model], ...] = (Expert,)

# (organisation, technical, financial, count, fields)
POOL: tuple[tuple[str, bool, bool, int, tuple[str, ...]], ...] = (
    (people.UNIVERSITY, True, False, 6, ("农业生物技术", "食品科学", "农业机械", "生态环境")),
    ("晋中学院", True, False, 5, ("材料科学", "电子信息", "化学工程", "机械制造")),
    ("山西中医药大学", True, False, 4, ("中药学", "生物医药", "医疗器械")),
    ("晋中市生产力促进中心", True, False, 3, ("技术转移", "知识产权", "智能制造")),
    ("晋中市生产力促进中心", True, True, 2, ("科技金融", "项目管理")),
    (people.BANK, False, True, 2, ("财务审计", "信贷风险")),
    ("中国银行晋中分行", False, True, 2, ("财务审计", "企业财务")),
    ("山西银行晋中分行", False, True, 1, ("信贷风险",)),
)
TITLES = ("教授", "研究员", "高级工程师", "副教授", "高级会计师", "高级经济师")
CRITERIA_MAX = (30, 30, 20, 20)  # the default criteria's maxima (reviews.models.DEFAULT_CRITERIA)


def _pool(rng: Random) -> list[Expert]:
    experts: list[Expert] = []
    organisations = {o.name: o for o in Organisation.objects.filter(name__in={row[0] for row in POOL})}
    used: set[tuple[str, int]] = set()
    demo_user = User.objects.filter(username="expert").first()
    for name, technical, financial, count, fields in POOL:
        organisation = organisations.get(name)
        if organisation is None:
            continue
        for n in range(count):
            person = names.person(rng)
            while (person, organisation.pk) in used:
                person = names.person(rng)
            used.add((person, organisation.pk))
            experts.append(
                Expert(
                    name=person,
                    field=fields[n % len(fields)],
                    title=TITLES[rng.randrange(len(TITLES))] if technical else "高级会计师",
                    organisation=organisation,
                    technical=technical,
                    financial=financial,
                    phone=names.mobile(rng),
                    available=True,
                )
            )
    if demo_user is not None and demo_user.organisation_id is not None:
        experts.append(
            Expert(
                user=demo_user,
                name=demo_user.display_name or people.EXPERT_NAME,
                field="农业生物技术",
                title="教授",
                organisation_id=demo_user.organisation_id,
                technical=True,
                financial=False,
                phone=names.mobile(rng),
                available=True,
            )
        )
    experts[7].available = False  # on leave: shown as excluded when a panel is drawn
    experts[7].note = "2025年下半年外出访学"
    for expert in experts:
        expert.full_clean(validate_unique=False)
    Expert.objects.bulk_create(experts)
    return list(Expert.objects.filter(pk__in=[e.pk for e in experts]).select_related("organisation"))


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


def _split(total: int, rng: Random) -> dict[str, str]:
    """A total out of 100 spread over the default criteria (proportional, within each one's range)."""
    from rainforest.reviews.models import DEFAULT_CRITERIA

    scores: dict[str, str] = {}
    left = total
    for n, (item, top) in enumerate(zip(DEFAULT_CRITERIA, CRITERIA_MAX, strict=True)):
        if n == len(CRITERIA_MAX) - 1:
            value = left
        else:
            value = min(top, max(0, round(total * top / 100) + rng.choice((-1, 0, 1))))
        value = min(top, max(0, value))
        scores[str(item["name"])] = str(value)
        left -= value
    return scores


def _draw(call: Call, size: int, aggregation: str, seed: int) -> Panel:
    panel = panel_set_up(user=OPERATOR, call=call, size=size, aggregation=aggregation)
    pool, _excluded = exclusions(call)
    chosen = choose(pool, panel, seed)
    panel.seed = seed
    panel.drawn_at = _at(call.district_review_ends_on)
    panel.save()
    PanelMember.objects.bulk_create(
        PanelMember(panel=panel, expert=expert, position=n) for n, expert in enumerate(chosen, start=1)
    )
    return panel


def _decided(rng: Random, code: str, size: int, aggregation: str, generous: bool) -> int:
    call = Call.objects.filter(code=code).first()
    if call is None:
        return 0
    panel = _draw(call, size, aggregation, seed=call.pk)
    members = [m.expert for m in panel.members.select_related("expert").order_by("position")]
    sheets = []
    for application in Application.objects.filter(call=call, status__in=REVIEWED).order_by("pk"):
        base = rng.randint(76, 92) if application.status in SUCCESS_STATES else rng.randint(50, 64)
        for n, expert in enumerate(members):
            total = base + rng.randint(-4, 4) + (16 if generous and n == len(members) - 1 else 0)
            total = min(100, max(0, total))
            scores = _split(total, rng)
            sheets.append(
                ScoreSheet(
                    panel=panel,
                    expert=expert,
                    application=application,
                    scores=scores,
                    total=sum((Decimal(v) for v in scores.values()), Decimal(0)),
                    comment="",
                )
            )
    ScoreSheet.objects.bulk_create(sheets)
    ScoreSheet.objects.filter(panel=panel).update(submitted_at=_at(call.expert_review_ends_on))
    panel.closed_at = _at(call.expert_review_ends_on)
    panel.save()
    return len(sheets)


def _under_review(rng: Random, experts: list[Expert]) -> int:
    call = Call.objects.filter(code="demo-review").first()
    mine = next((e for e in experts if e.user_id is not None), None)
    if call is None or mine is None:
        return 0
    applications = list(
        Application.objects.filter(call=call, status="expert_review")
        .select_related("enterprise", "call")
        .order_by("pk")
    )
    # two experts declared a conflict with an applicant: they are not drawn
    others = [e for e in experts if e.user_id is None and e.available and e.technical]
    for expert, application in zip(others[-2:], applications[:2], strict=False):
        Conflict.objects.create(
            expert=expert, enterprise=application.enterprise, grounds="近三年曾为该企业提供技术咨询"
        )
    panel = panel_set_up(user=OPERATOR, call=call, size=5)
    pool, _excluded = exclusions(call)
    seed = next(s for s in range(1, 1000) if mine in choose(pool, panel, s))
    chosen = choose(pool, panel, seed)
    panel.seed = seed
    panel.drawn_at = _at(call.district_review_ends_on)
    panel.save()
    PanelMember.objects.bulk_create(
        PanelMember(panel=panel, expert=expert, position=n) for n, expert in enumerate(chosen, start=1)
    )
    count = 0
    for application in applications:
        base = rng.randint(60, 90)
        for expert in chosen:
            if expert.pk == mine.pk:
                continue  # the demo expert's sheets wait for them
            sheet_submit(
                user=OPERATOR,
                application=application,
                scores=_split(min(100, base + rng.randint(-4, 4)), rng),
                expert=expert,
            )
            count += 1
    return count


def build(rng: Random, *, as_of: date) -> dict[str, int]:
    """Store the area's demo records; returns what was stored, by kind."""
    experts = _pool(rng)
    counts = {"experts": len(experts)}
    counts["loan_subsidy_sheets"] = _decided(rng, "2025-loan-subsidy", 7, Aggregation.TRIMMED, True)
    counts["conversion_fund_sheets"] = _decided(rng, "2025-conversion-fund", 5, Aggregation.MEAN, False)
    counts["rd_institution_sheets"] = _decided(rng, "2025-rd-institutions", 5, Aggregation.MEAN, False)
    counts["under_review_sheets"] = _under_review(rng, experts)
    counts["panels"] = Panel.objects.count()
    return counts
