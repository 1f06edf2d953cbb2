"""The calls app's contributions to the permission matrix (FACTORIES: a call, an application and a
declaration for each district of the matrix's world, the application and declaration of that district's
firm; KWARGS for routes naming an application's call by its code) and to the record walk (SAMPLES: calls,
read by everyone and kept by the city; declarations, which follow their firm)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from rainforest.calls.models import (
    Application,
    Call,
    Declaration,
    Milestone,
    Objection,
    Project,
    Publicity,
    Report,
)
from rainforest.calls.tests.factories import ApplicationFactory, CallFactory, DeclarationFactory
from rainforest.core.models import today
from rainforest.core.tests import test_records as walk
from rainforest.core.tests.cast import BUSINESS


def _call(world: dict[str, Any]) -> Call:
    firm = world["enterprises.enterprise"]
    # provincial, so that the recommendation letter to the province is asked too
    return CallFactory(code=f"matrix-{firm.credit_code.lower()}", level="province")  # type: ignore[return-value]


def _application(world: dict[str, Any]) -> Application:
    """The district firm's application to the district's call (the same one each time it is asked for)."""
    firm = world["enterprises.enterprise"]
    found = Application.objects.filter(call=_call(world), enterprise=firm).first()
    return found or ApplicationFactory(call=_call(world), enterprise=firm)  # type: ignore[return-value]


def _declaration(world: dict[str, Any]) -> Declaration:
    firm = world["enterprises.enterprise"]
    found = Declaration.objects.filter(enterprise=firm).order_by("pk").first()
    return found or DeclarationFactory(enterprise=firm)  # type: ignore[return-value]


def _publicity(world: dict[str, Any]) -> Publicity:
    """The district call's notice, listing the district firm's application."""
    application = _application(world)
    found = Publicity.objects.filter(call=application.call).first()
    return found or Publicity.objects.create(
        call=application.call,
        title="矩阵公示",
        columns=["rank", "enterprise"],
        rows=[{"application": application.pk, "enterprise": application.enterprise.name, "rank": 1}],
        published_on=today(),
        ends_on=today() + timedelta(days=6),
        issuer="市科学技术局",
    )


def _objection(world: dict[str, Any]) -> Objection:
    application = _application(world)
    found = Objection.objects.filter(application=application).first()
    return found or Objection.objects.create(
        publicity=_publicity(world),
        application=application,
        raised_by="张三",
        raised_on=today(),
        text="矩阵异议",
    )


def _project(world: dict[str, Any]) -> Project:
    application = _application(world)
    found = Project.objects.filter(application=application).first()
    return found or Project.objects.create(
        application=application,
        title="矩阵项目",
        amount_granted=Decimal(500_000),
        starts_on=date(2025, 6, 1),
        ends_on=date(2026, 12, 31),
    )


def _milestone(world: dict[str, Any]) -> Milestone:
    project = _project(world)
    found = Milestone.objects.filter(project=project).first()
    return found or Milestone.objects.create(project=project, title="样机", due_on=date(2025, 12, 31))


def _report(world: dict[str, Any]) -> Report:
    project = _project(world)
    found = Report.objects.filter(project=project).first()
    return found or Report.objects.create(project=project, title="中期报告", due_on=date(2025, 12, 31))


FACTORIES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "calls.call": _call,
    "calls.application": _application,
    "calls.declaration": _declaration,
    "calls.publicity": _publicity,
    "calls.objection": _objection,
    "calls.project": _project,
    "calls.milestone": _milestone,
    "calls.report": _report,
}

KWARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "calls:publicity_docx": lambda publicity: {"code": publicity.call.code},
}


def _call_values(parent: Any, n: int) -> dict[str, Any]:
    return {
        "code": f"walk-call-{n}",
        "title": f"测试申报通知{n}",
        "level": "city",
        "prefill": '["name"]',
        "form_fields": '[{"name": "project", "label": "项目名称", "type": "text", "required": true}]',
        "attachments": "[]",
        "opens_on": "2025-03-01",
        "closes_on": "2025-04-01",
        "district_review_ends_on": "2025-04-15",
        "expert_review_ends_on": "2025-05-01",
        "publicity_days": "5",
        "quota": "3",
        "budget": "100",
    }


def _declaration_values(enterprise: Any, n: int) -> dict[str, Any]:
    return {
        "enterprise": enterprise.credit_code,
        "fact": "owns_core_ip",
        "value": "true",
        "period_start": "2025-01-01",
        "declared_on": (date(2025, 1, 1) + timedelta(days=n % 300)).isoformat(),
        "signatory": f"王法人{n}",
        "note": f"承诺声明{n}",
    }


SAMPLES: dict[str, Any] = {
    "call": walk.Sample(
        values=_call_values,
        parents=lambda request: {"yuci": None, "taigu": None},
        marker="code",
        edit="title",
        reaches={role: {"yuci", "taigu"} for role in BUSINESS},
    ),
    "declaration": walk.Sample(values=_declaration_values, marker="signatory", edit="note"),
}

# Whichever of the walk and this module is imported first, the walk ends up with these samples.
walk.SAMPLES.update(SAMPLES)
