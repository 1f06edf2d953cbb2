"""The finance app's contributions to the permission matrix (FACTORIES: one record of a district's world)
and to the record walk (SAMPLES: form values of one record, with its parents and reaches)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rainforest.core.choices import OrganisationKind
from rainforest.finance import models as m
from rainforest.finance.tests import factories as f

# A bank other than the cast's (晋中银行): the cast's bank user reaches none of the matrix's records.
MATRIX_BANK = "矩阵测试银行"


def _firm(world: dict[str, Any]) -> Any:
    return world["enterprises.enterprise"]


def _district(world: dict[str, Any]) -> Any:
    return _firm(world).district


def _once(world: dict[str, Any], label: str, make: Callable[[], Any]) -> Any:
    """The world's record of `label`, made the first time it is asked for (the matrix keeps it there)."""
    if world.get(label) is None:
        world[label] = make()
    return world[label]


def _event(world: dict[str, Any]) -> m.MatchmakingEvent:
    return _once(
        world,
        "finance.matchmakingevent",
        lambda: f.event(district=_district(world), title=f"矩阵对接会 {_firm(world).credit_code}"),
    )


def _demand(world: dict[str, Any]) -> m.FinancingDemand:
    return _once(world, "finance.financingdemand", lambda: f.demand(_firm(world)))


def _loan(world: dict[str, Any]) -> m.Loan:
    return _once(world, "finance.loan", lambda: f.loan(_firm(world), bank=f.organisation(MATRIX_BANK)))


def _fund(world: dict[str, Any]) -> m.Fund:
    return _once(world, "finance.fund", f.fund)


FACTORIES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "finance.financialproduct": lambda w: f.product(institution=f.organisation(MATRIX_BANK)),
    "finance.serviceinstitution": lambda w: m.ServiceInstitution.objects.create(
        organisation=f.organisation(f"矩阵服务机构 {_firm(w).credit_code}", OrganisationKind.SERVICE),
        designated_on=date(2025, 2, 1),
    ),
    "finance.matchmakingevent": _event,
    "finance.eventbank": lambda w: m.EventBank.objects.create(
        event=_event(w), bank=f.organisation(MATRIX_BANK)
    ),
    "finance.eventattendance": lambda w: m.EventAttendance.objects.create(
        event=_event(w), enterprise=_firm(w)
    ),
    "finance.financevisit": lambda w: m.FinanceVisit.objects.create(
        enterprise=_firm(w), visited_on=date(2025, 3, 2), topics="融资需求摸底"
    ),
    "finance.financingdemand": _demand,
    "finance.demandshare": lambda w: m.DemandShare.objects.create(
        demand=_demand(w), bank=f.organisation(MATRIX_BANK)
    ),
    "finance.loan": _loan,
    "finance.interestsubsidyapplication": lambda w: f.subsidy(_loan(w)),
    "finance.techinsurance": lambda w: f.insurance(_firm(w)),
    "finance.fund": _fund,
    "finance.fundinvestment": lambda w: m.FundInvestment.objects.create(
        fund=_fund(w), enterprise=_firm(w), amount=1000000, invested_on=date(2025, 3, 3)
    ),
}


# --- the record walk (rainforest/core/tests/test_records.py) ---------------------------------------------

from rainforest.core.tests import test_records as walk  # noqa: E402

Sample = walk.Sample
REACHES = walk.REACHES

CAST_BANK = "晋中银行"  # the cast's bank (conftest): its user writes loans and products as this bank
EVERY_FIRM = {"yuci", "taigu"}
NONE: set[str] = set()


def _reaches(**changes: set[str]) -> dict[str, set[str]]:
    return {**REACHES, **changes}


# Rows kept by the bureau that every officer and butler reads (products, designations).
BUREAU_READS = _reaches(district_yuci=EVERY_FIRM, butler=EVERY_FIRM, owner=NONE)


def _regions(request: Any) -> dict[str, Any]:
    from rainforest.enterprises.tests.factories import district

    return {"yuci": district("140702"), "taigu": district("140703")}


def _events(request: Any) -> dict[str, Any]:
    regions = _regions(request)
    return {key: f.event(district=region, title=f"走查对接会 {key}") for key, region in regions.items()}


def _demands(request: Any) -> dict[str, Any]:
    firms = request.getfixturevalue("two_districts")
    return {key: f.demand(firm, purpose=f"走查需求 {key}") for key, firm in firms.items()}


def _walk_event(n: int) -> m.MatchmakingEvent:
    return m.MatchmakingEvent.objects.get_or_create(title=f"走查参会{n}", held_on=date(2025, 4, n + 1))[0]


def _pk(obj: Any) -> str:
    return str(obj.pk)


def _sample_loan(enterprise: Any, n: int) -> m.Loan:
    return m.Loan.objects.filter(contract_number=f"WALK-{enterprise.pk}-{n}").first() or f.loan(
        enterprise, bank=f.organisation("走查银行"), contract_number=f"WALK-{enterprise.pk}-{n}"
    )


SAMPLES: dict[str, Any] = {
    "financial_product": Sample(
        values=lambda parent, n: {
            "institution": _pk(f.organisation(CAST_BANK)),
            "name": f"走查科创贷{n}",
            "kind": "tech_loan",
            "rate_min": "3.2",
            "rate_max": "4.5",
            "max_amount": "1000",
            "term_months": "36",
            "note": "",
        },
        marker="name",
        edit="note",
        reaches=_reaches(district_yuci=EVERY_FIRM, butler=EVERY_FIRM, owner=NONE, bank=EVERY_FIRM),
    ),
    "finance_service_institution": Sample(
        values=lambda parent, n: {
            "organisation": _pk(f.organisation(f"走查服务机构{n}", OrganisationKind.SERVICE)),
            "designated_on": "2025-02-01",
            "partner": f"人保财险{n}号",
            "note": "",
        },
        marker="partner",
        edit="note",
        reaches=BUREAU_READS,
    ),
    "matchmaking_event": Sample(
        values=lambda region, n: {
            "title": f"走查对接会{n}",
            "held_on": f"2025-03-{n % 20 + 1:02d}",
            "organiser": "",
            "district": _pk(region),
            "venue": "",
            "note": "",
        },
        parents=_regions,
        marker="title",
        edit="title",
        reaches=_reaches(butler=EVERY_FIRM, owner=NONE),
    ),
    "event_bank": Sample(
        values=lambda event, n: {
            "event": _pk(event),
            "bank": _pk(f.organisation(f"走查参会银行{n}")),
            "note": f"参会备注{n}号",
        },
        parents=_events,
        marker="note",
        edit="note",
        reaches=_reaches(butler=EVERY_FIRM, owner=NONE),
    ),
    "event_attendance": Sample(
        values=lambda firm, n: {
            "enterprise": firm.credit_code,
            "event": _pk(_walk_event(n)),
            "outcome": f"达成意向{n}号",
        },
        marker="outcome",
        edit="outcome",
    ),
    "finance_visit": Sample(
        values=lambda firm, n: {
            "enterprise": firm.credit_code,
            "visited_on": "2025-03-02",
            "organisation": "",
            "topics": f"融资摸底{n}号",
            "outcome": "",
        },
        marker="topics",
        edit="outcome",
    ),
    "financing_demand": Sample(
        values=lambda firm, n: {
            "enterprise": firm.credit_code,
            "raised_on": "2025-03-01",
            "amount": "300",
            "purpose": f"研发投入{n}号",
            "term_months": "12",
            "status": "open",
        },
        marker="purpose",
        edit="purpose",
    ),
    "demand_share": Sample(
        values=lambda demand, n: {
            "demand": _pk(demand),
            "bank": _pk(f.organisation(f"走查推送银行{n}")),
            "shared_on": "2025-03-05",
            "note": f"推送备注{n}号",
        },
        parents=_demands,
        marker="note",
        edit="note",
    ),
    "loan": Sample(
        values=lambda firm, n: {
            "enterprise": firm.credit_code,
            "bank": _pk(f.organisation(CAST_BANK if n != 1 else "走查他行")),  # taigu's is another bank's
            "contract_number": f"JZYH-2025-{n:04d}",
            "amount": "500",
            "lent_on": "2025-04-01",
            "rate": "3.65",
            "term_months": "12",
            "guarantee": "credit",
            "product": "",
            "demand": "",
            "event": "",
        },
        marker="contract_number",
        edit="contract_number",
        reaches=_reaches(bank={"yuci"}),
    ),
    "interest_subsidy": Sample(
        values=lambda firm, n: {
            "enterprise": firm.credit_code,
            "loan": _pk(_sample_loan(firm, n)),
            "year": str(2020 + n),
            "interest_paid": "100000",
            "requested": "50000",
            "status": "applied",
            "note": f"贴息备注{n}号",
        },
        marker="note",
        edit="note",
    ),
    "tech_insurance": Sample(
        values=lambda firm, n: {
            "enterprise": firm.credit_code,
            "insurer": _pk(f.organisation(f"走查保险{n}", OrganisationKind.SERVICE)),
            "policy_number": f"PICC-WALK-{n:03d}",
            "kind": "rd_loss",
            "premium": "9500",
            "cover": "100",
            "starts_on": "2025-05-01",
            "ends_on": "2026-05-01",
        },
        marker="policy_number",
        edit="policy_number",
    ),
    "fund": Sample(
        values=lambda parent, n: {
            "name": f"走查科技基金{n}号",
            "manager": "",
            "partners": "省晋创投资、晋信资本",
            "status": "planned",
            "planned_on": "2025-05-01",
        },
        marker="name",
        edit="manager",
        # every role with a data scope; not the outsider, the expert (whose scope is their panels), nor the
        # security and audit administrators
        reaches={role: EVERY_FIRM for role in REACHES}
        | {"outsider": NONE, "expert": NONE, "security_admin": NONE, "audit_admin": NONE},
    ),
    "fund_investment": Sample(
        values=lambda firm, n: {
            "enterprise": firm.credit_code,
            "fund": _pk(m.Fund.objects.get_or_create(name=f"走查投资基金{n}号")[0]),
            "amount": "100",
            "invested_on": f"2025-03-0{n % 9 + 1}",
            "note": f"投资备注{n}号",
        },
        marker="note",
        edit="note",
    ),
}

# Whichever of the walk and this module is imported first, the walk ends up with these samples.
walk.SAMPLES.update(SAMPLES)
