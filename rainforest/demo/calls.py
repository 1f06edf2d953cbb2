"""The demo city's calls (see rainforest.demo.areas and docs/calls.md), built after the finance area:

- `2025-loan-subsidy`: the provincial science-finance loan-interest subsidy (S31), one application for each
  of the 57 high-tech firms the finance area made an interest-subsidy application for, on the same loan;
  decided: recommended to the province, 3 not approved (the finance records' rejections), and the 20 the
  province approved funded (`project`, granted what the finance record approved);
- `2025-conversion-fund`: the provincial achievement-conversion special fund (S22), 2 projects funded for
  160万元 in all (山西普丽环境工程股份有限公司 with 中国科学院, 90万元; 山西中纲不锈钢制品有限公司 with 太原科技大学,
  70万元 — the split is the demo's, the seed gives only the total), 2 more applicants not approved;
- `2025-rd-institutions`: provincial new-type R&D institutions (S15), the 3 hosts the platforms area
  marks as recommended in 2025 recommended, 2 more applicants not approved;
- `demo-review`: a city call under expert review, dated from the day the demo is built (closed 30 days
  before, the expert review ends 15 days after): 12 applications waiting in `expert_review` (the reviews
  area draws their panel and scores), 2 rejected at formal review;
- `demo-open`: open from the day the demo is built for 30 days (the story's as-of date, 2025-06-01, is
  long past: a call open "today" must be dated from the build). The `enterprise` demo user's firm has not
  applied yet; it qualifies (tech-SME rulebook) with the declarations below. Other firms have drafts, 4
  榆次区 submissions wait for the district officer, 1 was returned for changes.

Declarations (signed on 2025-05-20 for a period from 2025-01-01 with no end): the `enterprise` user's firm
declares every fact the registry lacks (no incident, not listed, not restricted, owns its core IP…): the
demo-open call's precheck says it qualifies. That firm is already registered as a tech-SME for 2025, so
it is not a candidate of the tech-SME pool, and its HNTE pool entry fails on its figures (with nothing
left to verify). So that the pool shows the effect, 20 candidates of the tech-SME pool whose verdict the
declarations turn from "needs data" into eligible declare every fact too; 20 more high-tech or tech-SME
firms declare only some.

Eligibility of a call is judged on the registry's as-of date (never after the call closes), so the demo
calls dated from the build day are judged on 2025-06-01 too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm_log.models import StateLog

from rainforest.calls.choices import State
from rainforest.calls.decisions import (
    application_decide,
    objection_record,
    objection_resolve,
    project_create,
    publicity_close,
    publicity_publish,
)
from rainforest.calls.models import Application, ApplicationAttachment, Call, Declaration, Project, Publicity
from rainforest.calls.services import application_transition
from rainforest.core.models import User, today
from rainforest.core.policy import OPERATOR
from rainforest.eligibility.fast import fast_evaluate
from rainforest.eligibility.selectors import DECLARED, declared_value, facts_for_all
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise

ROOTS: tuple[type[models.Model], ...] = (Call,)
WAN = Decimal(10_000)
SIGNED = date(2025, 5, 20)
FAVOURABLE = {fact: "false" for fact in DECLARED} | {
    "is_sme": "true",
    "owns_core_ip": "true",
    "provincial_rd_institution": "false",
    "rd_institution_level": "city",
    "national_award_top3_5y": "false",
    "led_standard_5y": "false",
    "strategic_emerging_field": "true",
    "own_brand": "true",
    "information_system": "true",
    "management_certification": "true",
}
PDF = b"%PDF-1.4\n% demo attachment\n"

PROJECT_FIELDS = [
    {"name": "project", "label": "项目名称", "type": "text", "required": True, "max_length": 200},
    {"name": "summary", "label": "项目简介", "type": "text", "required": True, "max_length": 2000},
    {"name": "rd_staff", "label": "项目研发人员数", "type": "integer", "required": True},
    {"name": "budget", "label": "项目总投资", "type": "money", "required": True},
    {"name": "starts_on", "label": "计划开始日期", "type": "date", "required": False},
    {
        "name": "cooperation",
        "label": "研发方式",
        "type": "choice",
        "required": True,
        "choices": ["独立研发", "产学研合作", "委托研发"],
    },
]
LICENCE = {"name": "licence", "label": "营业执照（副本）", "required": True}
AUDIT = {"name": "audit", "label": "上年度研发费用专项审计报告", "required": False}


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _step(application: Application, name: str, day: date, comment: str = "") -> None:
    """One workflow step by the operator, dated `day` (the log row and the application's own times)."""
    application_transition(user=OPERATOR, application=application, transition=name, comment=comment, day=day)
    log = StateLog.objects.for_(application).order_by("-pk").first()
    if log is not None:
        StateLog.objects.filter(pk=log.pk).update(timestamp=_at(day))
    changes: dict[str, Any] = {"status_changed_at": _at(day)}
    if name in ("submit", "resubmit"):
        changes["submitted_at"] = _at(day)
    Application.objects.filter(pk=application.pk).update(**changes)


def _walk(application: Application, steps: Sequence[tuple[str, Any, str]]) -> None:
    for name, day, comment in steps:
        _step(application, name, day, comment)


def _forget_orphan_logs() -> None:
    """Workflow log rows of applications a previous build deleted (the wipe deletes rows by SQL and the
    log points at them by id only): dropped so that a new application never inherits one."""
    kind = ContentType.objects.get_for_model(Application)
    StateLog.objects.filter(content_type=kind).exclude(
        object_id__in=Application.objects.values("pk")
    ).delete()


def _own_firm() -> Enterprise | None:
    user = User.objects.filter(username="enterprise").select_related("organisation").first()
    code = user.organisation.credit_code if user and user.organisation else ""
    return Enterprise.objects.filter(credit_code=code).first() if code else None


def _declare(enterprise: Enterprise, facts: dict[str, str], signatory: str) -> list[Declaration]:
    return [
        Declaration(
            enterprise=enterprise,
            fact=fact,
            value=value,
            period_start=date(2025, 1, 1),
            declared_on=SIGNED,
            signatory=signatory,
            note="演示数据：企业承诺声明",
        )
        for fact, value in facts.items()
    ]


def _declarations(rng: Random, own: Enterprise | None, as_of: date) -> int:
    """The own firm's complete declarations; complete ones for 20 firms of the tech-SME pool whose verdict
    they turn from "needs data" into eligible; some of the facts for 20 more high-tech or tech-SME firms."""
    rows: list[Declaration] = []
    if own is not None:
        rows += _declare(own, FAVOURABLE, "企业法定代表人")
    taken = {own.pk} if own else set()
    registered = Certificate.objects.filter(
        kind=CertificateKind.TECH_SME, year=as_of.year, issued_on__lte=as_of
    ).values("enterprise_id")
    candidates = list(
        Enterprise.objects.filter(founded_on__lte=as_of)
        .exclude(pk__in=registered)
        .exclude(pk__in=taken)
        .order_by("credit_code")
        .values_list("pk", flat=True)[:2000]
    )
    declared = {fact: declared_value(fact, value) for fact, value in FAVOURABLE.items()}
    turned = []
    for pk, facts in facts_for_all(as_of, candidates).items():
        before = fast_evaluate(facts, "tech-sme-2017")[0]
        if (
            before == "undetermined"
            and fast_evaluate(replace(facts, **declared), "tech-sme-2017")[0] == "true"
        ):
            turned.append(pk)
    firms = {firm.pk: firm for firm in Enterprise.objects.filter(pk__in=turned)}
    for pk in rng.sample(sorted(turned), min(20, len(turned))):
        rows += _declare(firms[pk], FAVOURABLE, "企业法定代表人")
        taken.add(pk)
    valid = Certificate.objects.filter(
        kind__in=(CertificateKind.HNTE, CertificateKind.TECH_SME), issued_on__lte=as_of, expires_on__gt=as_of
    ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=as_of))
    pool = list(
        Enterprise.objects.filter(pk__in=valid.values("enterprise_id"))
        .exclude(pk__in=taken)
        .order_by("credit_code")[:400]
    )
    for firm in rng.sample(pool, min(20, len(pool))):
        facts_ = dict(rng.sample(sorted(FAVOURABLE.items()), rng.randint(3, len(FAVOURABLE) - 1)))
        rows += _declare(firm, facts_, rng.choice(["王", "李", "张", "刘", "陈"]) + "总经理")
    Declaration.objects.bulk_create(rows)
    return len(rows)


def _call(**values: Any) -> Call:
    call = Call(**values)
    call.full_clean()
    call.save()
    return call


def _apply(
    call: Call, enterprise: Enterprise, title: str, answers: dict[str, Any], **extra: Any
) -> Application:
    from rainforest.calls.forms import prefill_for

    application = Application.objects.create(
        call=call,
        enterprise=enterprise,
        title=title,
        answers=answers,
        prefilled=prefill_for(call, enterprise),
        **extra,
    )
    return application


def _loan_subsidy(rng: Random) -> int:
    call = _call(
        code="2025-loan-subsidy",
        title="2025年度省级科技金融贷款贴息",
        level="province",
        description="对高新技术企业上年度获得的科技贷款给予贴息，贴息额不超过实际支付利息的50%。由市科技局汇总推荐至省科技厅。",
        condition="hnte_valid",
        prefill=["name", "credit_code", "district", "contact_name"],
        form_fields=[
            {"name": "contract", "label": "贷款合同编号", "type": "text", "required": True},
            {"name": "loan", "label": "贷款金额", "type": "money", "required": True},
            {"name": "interest", "label": "已付利息", "type": "money", "required": True},
            {"name": "bank", "label": "贷款银行", "type": "text", "required": True},
        ],
        attachments=[],
        opens_on=date(2025, 3, 1),
        closes_on=date(2025, 4, 15),
        district_review_ends_on=date(2025, 4, 30),
        expert_review_ends_on=date(2025, 5, 16),
        publicity_days=5,
        decided_on=date(2025, 5, 31),
    )
    from rainforest.finance.models import InterestSubsidyApplication

    subsidies = InterestSubsidyApplication.objects.filter(year=2025).select_related(
        "loan", "loan__bank", "enterprise"
    )
    count = 0
    outcomes: dict[int, Any] = {}
    for subsidy in subsidies.order_by("enterprise__credit_code"):
        loan = subsidy.loan
        application = _apply(
            call,
            subsidy.enterprise,
            f"{loan.contract_number} 贷款贴息",
            {
                "contract": loan.contract_number,
                "loan": str(loan.amount / WAN),
                "interest": str(subsidy.interest_paid / WAN),
                "bank": loan.bank.name,
            },
            amount_requested=subsidy.requested,
        )
        submitted = date(2025, 3, 1) + timedelta(days=rng.randint(0, 44))
        steps = [
            ("submit", submitted, ""),
            (
                "district_pass",
                min(submitted + timedelta(days=rng.randint(3, 12)), date(2025, 4, 30)),
                "材料齐全",
            ),
            ("formal_pass", date(2025, 5, 6), ""),
            ("rank", date(2025, 5, 16), ""),
        ]
        _walk(application, steps)
        outcomes[application.pk] = subsidy
        count += 1
    if not outcomes:
        return count
    _notice(call, date(2025, 5, 19), date(2025, 5, 26), ["rank", "enterprise", "title", "amount"])
    for application in _listed(call):
        subsidy = outcomes[application.pk]
        if subsidy.status == "rejected":
            _decide(application, "decline", date(2025, 5, 28), "贷款用途与科技研发无关，不符合贴息条件")
            continue
        _decide(application, "recommend", date(2025, 5, 28), "推荐至省科技厅", subsidy.approved)
        if subsidy.status == "approved":
            # tied to the finance record of the same loan (`Project.subsidy`): the ledger keeps the money
            _fund(application, date(2025, 5, 31), date(2025, 12, 31), subsidy.approved)
    return count


# --- 公示, decisions and projects (rainforest.calls.decisions), dated in the story ----------------------


def _redate(application: Application, transition: str, day: date) -> None:
    """Date the workflow step the services just made (their log row and the application's own time)."""
    log = StateLog.objects.for_(application).filter(transition=transition).order_by("-pk").first()
    if log is not None:
        StateLog.objects.filter(pk=log.pk).update(timestamp=_at(day))
    Application.objects.filter(pk=application.pk).update(status_changed_at=_at(day))


def _listed(call: Call) -> list[Application]:
    notice = Publicity.objects.get(call=call)
    ids = [row["application"] for row in notice.rows]
    by_id = Application.objects.select_related("call", "enterprise").in_bulk(ids)
    return (
        [by_id[pk] for pk in ids if by_id[pk].status == State.PUBLICITY_CLOSED]
        if notice.closed_on
        else [by_id[pk] for pk in ids]
    )


def _notice(call: Call, published: date, closed: date | None, columns: list[str]) -> Publicity:
    """The call's notice from its ranking, published on `published` (and closed on `closed`)."""
    notice = publicity_publish(
        user=OPERATOR,
        call=call,
        columns=columns,
        published_on=published,
        contact="市科技局 0354-3031234",
        issuer="晋中市科学技术局",
    )
    for application in _listed(call):
        _redate(application, "publish", published)
    if closed is not None:
        _close(notice, closed)
    return notice


def _close(notice: Publicity, closed: date) -> None:
    publicity_close(user=OPERATOR, publicity=notice, closed_on=closed)
    for application in _listed(notice.call):
        _redate(application, "close_publicity", closed)


def _decide(
    application: Application, decision: str, day: date, comment: str, amount: Decimal | None = None
) -> None:
    application_decide(
        user=OPERATOR,
        application=application,
        decision=decision,
        amount_granted=amount,
        comment=comment,
        day=day,
    )
    _redate(application, decision, day)


def _fund(application: Application, starts_on: date, ends_on: date, amount: Decimal) -> Project:
    project = project_create(
        user=OPERATOR,
        application=Application.objects.get(pk=application.pk),
        starts_on=starts_on,
        ends_on=ends_on,
        amount_granted=amount,
        day=starts_on,
    )
    _redate(application, "fund", starts_on)
    return project


def _follow(rng: Random, project: Project) -> None:
    """A conversion project's milestones and reports: the mid-term report of the first came in on time, of
    the second three weeks late; the final reports are due at the end of 2026."""
    late = project.application.enterprise.name.startswith("山西中纲")
    budget = project.amount_granted * 3
    Project.objects.filter(pk=project.pk).update(budget=budget)
    for title, due, done in (
        ("完成中试及工艺定型", date(2025, 10, 31), date(2025, 10, 20)),
        ("实现成果产业化应用", date(2026, 10, 31), None),
    ):
        project.milestones.create(title=title, due_on=due, done_on=done)
    project.reports.create(
        title="中期进展报告",
        due_on=date(2025, 12, 31),
        submitted_on=date(2026, 1, 21) if late else date(2025, 12, 26),
        summary="完成中试，形成工艺规程，转化合同约定的阶段指标已完成。",
    )
    project.reports.create(title="结题报告", due_on=date(2026, 12, 31))


def _by_name(name: str) -> Enterprise | None:
    return Enterprise.objects.filter(name=name).order_by("pk").first()


def _others(rng: Random, exclude: set[int], count: int) -> list[Enterprise]:
    pool = list(
        Enterprise.objects.exclude(tech_field="").exclude(pk__in=exclude).order_by("credit_code")[:300]
    )
    return rng.sample(pool, min(count, len(pool)))


def _project_answers(
    rng: Random, title: str, cooperation: str = "产学研合作", **extra: Any
) -> dict[str, Any]:
    return extra | {
        "project": title,
        "summary": f"{title}：围绕企业主导产品开展关键技术攻关与成果转化。",
        "rd_staff": rng.randint(6, 40),
        "budget": str(Decimal(rng.randint(80, 900))),
        "starts_on": date(2025, rng.randint(1, 6), 1).isoformat(),
        "cooperation": cooperation,
    }


def _provincial_decided(
    rng: Random,
    call: Call,
    winners: Sequence[tuple[Enterprise, str, Decimal | None, dict[str, Any]]],
    losers: list[Enterprise],
    *,
    fund: bool,
    extra: dict[str, Any] | None = None,
    objection: tuple[str, str, str] | None = None,
) -> int:
    count = 0
    amounts: dict[int, Decimal | None] = {}
    for enterprise, title, amount, own_extra in winners:
        answers = _project_answers(rng, title, **own_extra)
        application = _apply(call, enterprise, title, answers, amount_requested=amount)
        steps = [
            ("submit", call.opens_on + timedelta(days=rng.randint(1, 20)), ""),
            ("district_pass", call.closes_on + timedelta(days=3), "同意推荐"),
            ("formal_pass", call.district_review_ends_on + timedelta(days=1), ""),
            ("rank", call.expert_review_ends_on, ""),
        ]
        _walk(application, steps)
        amounts[application.pk] = amount
        count += 1
    for enterprise in losers:
        title = f"{enterprise.name[:8]}技术提升项目"
        application = _apply(
            call, enterprise, title, _project_answers(rng, title, "独立研发", **(extra or {}))
        )
        _walk(
            application,
            [
                ("submit", call.opens_on + timedelta(days=rng.randint(1, 20)), ""),
                ("district_pass", call.closes_on + timedelta(days=3), ""),
                ("formal_pass", call.district_review_ends_on + timedelta(days=1), ""),
                ("rank", call.expert_review_ends_on, ""),
                ("decline", call.expert_review_ends_on + timedelta(days=1), "专家评审排名未进入推荐名额"),
            ],
        )
        count += 1
    if not amounts:  # a demo too small to hold the seed's firms
        return count
    published = call.expert_review_ends_on + timedelta(days=1)
    columns = ["rank", "enterprise", "title", "amount"] if fund else ["rank", "enterprise", "title"]
    notice = _notice(call, published, None, columns)
    if objection is not None:
        listed = _listed(call)
        if listed:
            raised_by, text, resolution = objection
            record = objection_record(
                user=OPERATOR,
                publicity=notice,
                application=listed[-1],
                raised_by=raised_by,
                text=text,
                raised_on=notice.published_on + timedelta(days=1),
            )
            objection_resolve(
                user=OPERATOR,
                objection=record,
                resolution=resolution,
                resolved_on=notice.ends_on,
            )
    _close(notice, notice.ends_on + timedelta(days=1))
    assert call.decided_on is not None
    for application in _listed(call):
        amount = amounts[application.pk]
        _decide(application, "recommend", call.decided_on, "推荐至省科技厅", amount)
        if fund and amount is not None:
            project = _fund(application, call.decided_on, date(2026, 12, 31), amount)
            _follow(rng, project)
    return count


def _conversion_fund(rng: Random) -> int:
    call = _call(
        code="2025-conversion-fund",
        title="2025年度省级科技成果转化引导专项",
        level="province",
        description="支持企业与高校院所合作转化科技成果，由市科技局组织推荐。",
        condition='tech_field != ""',
        prefill=["name", "credit_code", "district", "tech_field"],
        form_fields=[
            *PROJECT_FIELDS,
            {"name": "partner", "label": "合作高校院所", "type": "text", "required": True},
        ],
        attachments=[],
        opens_on=date(2025, 2, 10),
        closes_on=date(2025, 3, 10),
        district_review_ends_on=date(2025, 3, 20),
        expert_review_ends_on=date(2025, 4, 10),
        publicity_days=5,
        quota=2,
        budget=Decimal(160) * WAN,
        decided_on=date(2025, 5, 10),
    )
    winners = []
    for name, partner, title, amount in (
        ("山西普丽环境工程股份有限公司", "中国科学院", "工业废水深度处理技术成果转化", Decimal(90)),
        ("山西中纲不锈钢制品有限公司", "太原科技大学", "高性能不锈钢制品成形技术成果转化", Decimal(70)),
    ):
        firm = _by_name(name)
        if firm is not None:
            winners.append((firm, title, amount * WAN, {"partner": partner}))
    used = {firm.pk for firm, _title, _amount, _extra in winners}
    losers = _others(rng, used, 2)
    return _provincial_decided(
        rng,
        call,
        winners,
        losers,
        fund=True,
        extra={"partner": "山西农业大学"},
        objection=(
            "匿名来信（实名核实：张某）",
            "反映合作高校院所的技术转让合同尚未备案。",
            "经核查，技术转让合同已于2025年3月在技术合同登记机构备案，异议不成立。",
        ),
    )


def _rd_institutions(rng: Random) -> int:
    call = _call(
        code="2025-rd-institutions",
        title="2025年度省级新型研发机构推荐",
        level="province",
        description="推荐具备独立法人资格、研发投入稳定的新型研发机构申报省级认定。",
        prefill=["name", "credit_code", "district", "founded_on"],
        form_fields=PROJECT_FIELDS,
        attachments=[],
        opens_on=date(2025, 3, 15),
        closes_on=date(2025, 4, 10),
        district_review_ends_on=date(2025, 4, 20),
        expert_review_ends_on=date(2025, 5, 10),
        publicity_days=5,
        quota=3,
        decided_on=date(2025, 5, 25),
    )
    hosts: list[Enterprise] = []
    try:
        from rainforest.platforms.models import Platform

        ids = Platform.objects.filter(recommended_year=2025, host_enterprise__isnull=False).values_list(
            "host_enterprise_id", flat=True
        )
        hosts = list(Enterprise.objects.filter(pk__in=list(ids)).order_by("credit_code"))[:3]
    except (ImportError, LookupError):
        hosts = []
    if len(hosts) < 3:
        hosts += _others(rng, {h.pk for h in hosts}, 3 - len(hosts))
    winners: list[tuple[Enterprise, str, Decimal | None, dict[str, Any]]] = [
        (host, f"{host.name[:10]}新型研发机构建设", None, {}) for host in hosts
    ]
    return _provincial_decided(rng, call, winners, _others(rng, {h.pk for h in hosts}, 2), fund=False)


DEMO_LICENCE = "applications/demo/licence.pdf"


def _attach(application: Application) -> None:
    """The demo's one licence file, stored once and shared (a rebuild writes no new file)."""
    if not default_storage.exists(DEMO_LICENCE):
        default_storage.save(DEMO_LICENCE, ContentFile(PDF))
    ApplicationAttachment.objects.create(application=application, name="licence", file=DEMO_LICENCE)


def _under_review(rng: Random, built_on: date) -> int:
    call = _call(
        code="demo-review",
        title="市级重点研发计划项目（演示：专家评审中）",
        level="city",
        description="支持高新技术企业和科技型中小企业开展关键核心技术攻关。",
        condition="hnte_valid || tech_sme_valid",
        prefill=["name", "credit_code", "district", "tech_field"],
        form_fields=PROJECT_FIELDS,
        attachments=[],
        opens_on=built_on - timedelta(days=60),
        closes_on=built_on - timedelta(days=30),
        district_review_ends_on=built_on - timedelta(days=15),
        expert_review_ends_on=built_on + timedelta(days=15),
        publicity_days=5,
        quota=5,
        budget=Decimal(300) * WAN,
    )
    firms = _others(rng, set(), 14)
    for n, firm in enumerate(firms):
        title = f"{firm.name[:8]}关键技术攻关"
        application = _apply(
            call, firm, title, _project_answers(rng, title), amount_requested=Decimal(50) * WAN
        )
        steps = [
            ("submit", call.opens_on + timedelta(days=rng.randint(1, 29)), ""),
            ("district_pass", call.closes_on + timedelta(days=rng.randint(1, 14)), "同意推荐"),
        ]
        if n < 12:
            steps.append(("formal_pass", call.district_review_ends_on + timedelta(days=1), "形式审查合格"))
        else:
            steps.append(
                ("formal_reject", call.district_review_ends_on + timedelta(days=1), "未提供项目预算明细")
            )
        _walk(application, steps)
    return len(firms)


def _open(rng: Random, built_on: date, own: Enterprise | None) -> int:
    call = _call(
        code="demo-open",
        title="科技型中小企业研发项目补助（演示：申报中）",
        level="city",
        description="支持科技型中小企业开展研发活动。申报企业须符合科技型中小企业评价条件；请先完成承诺声明。",
        rulebook="tech-sme",
        prefill=["name", "credit_code", "district", "founded_on", "tech_field", "contact_name"],
        form_fields=PROJECT_FIELDS,
        attachments=[LICENCE, AUDIT],
        opens_on=built_on,
        closes_on=built_on + timedelta(days=30),
        district_review_ends_on=built_on + timedelta(days=45),
        expert_review_ends_on=built_on + timedelta(days=75),
        publicity_days=5,
        quota=20,
        budget=Decimal(200) * WAN,
    )
    exclude = {own.pk} if own else set()
    yuci = list(
        Enterprise.objects.filter(district__code="140702")
        .exclude(tech_field="")
        .exclude(pk__in=exclude)
        .order_by("credit_code")[:200]
    )
    submitted = rng.sample(yuci, min(5, len(yuci)))
    drafts = _others(rng, exclude | {f.pk for f in submitted}, 3)
    for n, firm in enumerate(submitted):
        title = f"{firm.name[:8]}研发项目"
        application = _apply(call, firm, title, _project_answers(rng, title))
        _attach(application)
        _step(application, "submit", built_on)
        if n == 4:
            _step(application, "return_for_changes", built_on, "请补充上年度研发费用专项审计报告")
    for firm in drafts:
        _apply(call, firm, "", {"project": f"{firm.name[:8]}研发项目"})
    return len(submitted) + len(drafts)


def build(rng: Random, *, as_of: date) -> dict[str, int]:
    """Store the area's demo records; returns what was stored, by kind."""
    _forget_orphan_logs()
    built_on = today()
    own = _own_firm()
    counts = {"declarations": _declarations(rng, own, as_of)}
    counts["loan_subsidy_applications"] = _loan_subsidy(rng)
    counts["conversion_fund_applications"] = _conversion_fund(rng)
    counts["rd_institution_applications"] = _rd_institutions(rng)
    counts["under_review_applications"] = _under_review(rng, built_on)
    counts["open_call_applications"] = _open(rng, built_on, own)
    counts["calls"] = Call.objects.count()
    return counts
