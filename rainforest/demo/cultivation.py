"""The demo city's cultivation work (issue 3): the seed's 2025 targets, the butlers' visits with their
follow-ups, and a 高企培育专题培训会 with sessions and attendance.

* targets (seed S09, S10): 109 newly recognised high-tech enterprises and more than 400 tech-SMEs in 2025;
* visits: every butler visits firms of their caseload between January and the as-of date, more than 100
  firms in all (S29: "走访企业100余家"), each visit with 1–3 topics and 0–2 follow-ups; follow-ups due
  before the as-of date are mostly done, some still open (overdue);
* one training with two sessions; invited firms come from the butlers' caseloads.

Rows are written with `bulk_create` (no per-row change history, like the registry). Visits and attendance
hang off enterprises, so the wipe removes them; the training and the targets do not, so they are replaced
here by name and by (indicator, year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Any

from rainforest.core.models import User
from rainforest.cultivation.choices import AttendanceStatus, FollowUpStatus, TargetIndicator, VisitTopic
from rainforest.cultivation.models import Attendance, FollowUp, Target, Training, TrainingSession, Visit
from rainforest.demo.plan import AS_OF
from rainforest.demo.registry import day_between
from rainforest.enterprises.models import Assignment

SOURCE = "晋中市科技局《“草本灌木”育新机 “乔木成林”筑高地》（2025-06-06）"
TRAINING_TITLE = "2025年高企培育专题培训会"
VISITS_FROM = date(2025, 1, 6)

FINDINGS = {
    VisitTopic.HNTE_APPLICATION: "企业有意申报今年高企认定，近三年研发费用占比接近标准，需补齐研发费用辅助账。",
    VisitTopic.TECH_SME_REGISTRATION: "企业尚未完成今年科技型中小企业评价信息填报，已讲解填报流程和时间节点。",
    VisitTopic.RD_ACCOUNTING: "研发费用归集不规范，部分人员人工费未计入研发支出。",
    VisitTopic.IP: "核心产品仅有实用新型专利，建议尽快布局发明专利。",
    VisitTopic.CONVERSION: "近三年科技成果转化记录不完整，需整理转化证明材料。",
    VisitTopic.FINANCE: "企业有扩产融资需求，拟对接科技贷款和贴息政策。",
    VisitTopic.TALENT: "研发人员偏少，计划与本地高校共建实习基地。",
    VisitTopic.POLICY: "对研发费用加计扣除政策了解不足，已现场解读。",
    VisitTopic.OTHER: "企业反映用地和厂房问题，已转相关部门。",
}
ACTIONS = {
    VisitTopic.HNTE_APPLICATION: "协助整理高企申报材料",
    VisitTopic.TECH_SME_REGISTRATION: "督促完成科技型中小企业评价填报",
    VisitTopic.RD_ACCOUNTING: "建立研发费用辅助账",
    VisitTopic.IP: "对接知识产权代理机构申请发明专利",
    VisitTopic.CONVERSION: "整理科技成果转化证明材料",
    VisitTopic.FINANCE: "推荐参加银企对接会",
    VisitTopic.TALENT: "联系高校对接实习与人才引进",
    VisitTopic.POLICY: "发送研发费用加计扣除政策汇编",
    VisitTopic.OTHER: "转交县区相关部门协调",
}
OWNERS = ("企业财务负责人", "企业研发负责人", "企业总经理")


@dataclass
class CultivationSummary:
    targets: int
    visits: int
    visited_firms: int
    follow_ups: int
    overdue: int
    invited: int
    attended: int


def _targets() -> int:
    rows = [(TargetIndicator.NEW_HNTE, 109), (TargetIndicator.TECH_SME_TOTAL, 400)]
    for indicator, value in rows:
        Target.objects.update_or_create(
            indicator=indicator, year=2025, district=None, defaults={"value": value, "source": SOURCE}
        )
    return len(rows)


def _visits(
    rng: Random, assignments: list[Assignment], butler_names: dict[int, str]
) -> tuple[int, int, int, int]:
    visits: list[Visit] = []
    plans: list[list[tuple[str, str, date, FollowUpStatus, date | None]]] = []
    for assignment in assignments:
        if rng.random() >= 0.6:  # about 60% of each caseload visited so far this year
            continue
        first = max(VISITS_FROM, assignment.started_on)
        if first >= AS_OF - timedelta(days=7):
            continue
        count = 1 if rng.random() < 0.7 else 2
        days = sorted(day_between(rng, first, AS_OF - timedelta(days=3)) for _ in range(count))
        for index, visited_on in enumerate(days):
            topics = rng.sample(list(VisitTopic.values), rng.choice((1, 1, 2, 3)))
            if VisitTopic.OTHER in topics and len(topics) > 1:
                topics.remove(VisitTopic.OTHER)
            last = index == len(days) - 1
            next_visit = (
                visited_on + timedelta(days=rng.randint(30, 90)) if last and rng.random() < 0.8 else None
            )
            visits.append(
                Visit(
                    enterprise_id=assignment.enterprise_id,
                    butler_id=assignment.butler_id,
                    visited_on=visited_on,
                    topics=topics,
                    findings="".join(FINDINGS[VisitTopic(topic)] for topic in topics),
                    next_visit_on=next_visit,
                )
            )
            plan = []
            for topic in topics[: rng.choice((0, 1, 1, 2))]:
                due = visited_on + timedelta(days=rng.randint(14, 60))
                if due < AS_OF and rng.random() < 0.7:
                    status, done = FollowUpStatus.DONE, min(AS_OF, due - timedelta(days=rng.randint(0, 10)))
                    done = max(done, visited_on)
                else:
                    status, done = FollowUpStatus.OPEN, None
                owner = rng.choice((*OWNERS, butler_names.get(assignment.butler_id, "科技管家")))
                plan.append((ACTIONS[VisitTopic(topic)], owner, due, status, done))
            plans.append(plan)
    Visit.objects.bulk_create(visits, batch_size=2000)
    follow_ups = [
        FollowUp(visit_id=visit.pk, action=action, owner=owner, due_on=due, status=status, done_on=done)
        for visit, plan in zip(visits, plans, strict=True)
        for action, owner, due, status, done in plan
    ]
    FollowUp.objects.bulk_create(follow_ups, batch_size=2000)
    overdue = sum(1 for f in follow_ups if f.status == FollowUpStatus.OPEN and f.due_on < AS_OF)
    return len(visits), len({v.enterprise_id for v in visits}), len(follow_ups), overdue


def _training(rng: Random, assignments: list[Assignment]) -> tuple[int, int]:
    Training.objects.filter(title=TRAINING_TITLE).delete()
    training = Training.objects.create(
        title=TRAINING_TITLE,
        organiser="晋中市科学技术局",
        topic="高新技术企业认定政策解读、研发费用归集与申报材料准备",
    )
    firms = list(dict.fromkeys(a.enterprise_id for a in assignments))
    rng.shuffle(firms)
    sessions = [
        (date(2025, 4, 18), "晋中市科技局三楼会议室（榆次区）", 60, firms[:55]),
        (date(2025, 5, 22), "介休市科技局会议室", 40, firms[55:90]),
    ]
    invited = attended = 0
    for held_on, venue, capacity, invitees in sessions:
        session = TrainingSession.objects.create(
            training=training, held_on=held_on, venue=venue, capacity=capacity
        )
        rows = []
        for enterprise_id in invitees:
            came = rng.random() < 0.78
            rows.append(
                Attendance(
                    session=session,
                    enterprise_id=enterprise_id,
                    status=AttendanceStatus.ATTENDED if came else AttendanceStatus.ABSENT,
                    attendees=rng.randint(1, 3) if came else 0,
                )
            )
        Attendance.objects.bulk_create(rows)
        invited += len(rows)
        attended += sum(1 for row in rows if row.status == AttendanceStatus.ATTENDED)
    return invited, attended


def build_cultivation(rng: Random, butlers: list[Any] | None = None) -> CultivationSummary:
    """Targets, visits with follow-ups and the training, drawn from the builder's generator."""
    assignments = list(
        Assignment.objects.filter(ended_on__isnull=True).order_by("butler_id", "enterprise_id", "pk")
    )
    names = {user.pk: user.display_name or user.username for user in (butlers or User.objects.none())}
    targets = _targets()
    visits, visited, follow_ups, overdue = _visits(rng, assignments, names)
    invited, attended = _training(rng, assignments)
    return CultivationSummary(targets, visits, visited, follow_ups, overdue, invited, attended)
