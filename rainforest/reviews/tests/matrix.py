"""The reviews app's contributions to the permission matrix (FACTORIES: for each district of the matrix's
world, an expert with a conflict with that district's firm, a panel on the calls matrix's call of that firm
with its application under review, a member and a sheet; KWARGS for routes naming a panel by its call's code
or a sheet by its application) and to the record walk (SAMPLES: experts and their conflicts, kept by the
city)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rainforest.calls.models import Application
from rainforest.calls.tests import matrix as calls_matrix
from rainforest.core.tests import test_records as walk
from rainforest.core.tests.cast import CAST
from rainforest.reviews.models import Conflict, Expert, Panel, PanelMember, ScoreSheet
from rainforest.reviews.tests.factories import ExpertFactory, organisation, seated


def _expert(world: dict[str, Any]) -> Expert:
    firm = world["enterprises.enterprise"]
    name = f"矩阵专家{firm.credit_code[-6:]}"
    return Expert.objects.filter(name=name).first() or ExpertFactory(  # type: ignore[return-value]
        name=name, organisation=organisation("矩阵大学")
    )


def _conflict(world: dict[str, Any]) -> Conflict:
    expert = _expert(world)
    found = Conflict.objects.filter(expert=expert).first()
    return found or Conflict.objects.create(
        expert=expert, enterprise=world["enterprises.enterprise"], grounds="矩阵回避"
    )


def _panel(world: dict[str, Any]) -> Panel:
    application = calls_matrix._application(world)
    Application.objects.filter(pk=application.pk).update(status="expert_review")
    found = Panel.objects.filter(call=application.call).first()
    return found or seated(application.call, [_expert(world)])


def _member(world: dict[str, Any]) -> PanelMember:
    return _panel(world).members.first()  # type: ignore[return-value]


def _sheet(world: dict[str, Any]) -> ScoreSheet:
    panel = _panel(world)
    application = calls_matrix._application(world)
    found = ScoreSheet.objects.filter(panel=panel).first()
    return found or ScoreSheet.objects.create(
        panel=panel, expert=_expert(world), application=application, scores={}, total=80
    )


FACTORIES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "reviews.expert": _expert,
    "reviews.conflict": _conflict,
    "reviews.panel": _panel,
    "reviews.panelmember": _member,
    "reviews.scoresheet": _sheet,
}


def _code(obj: Any) -> dict[str, Any]:
    panel = obj if isinstance(obj, Panel) else obj.panel
    return {"code": panel.call.code}


KWARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "reviews:panel": _code,
    "reviews:draw": _code,
    "reviews:close": _code,
    "reviews:template": _code,
    "reviews:import": _code,
    "api:panel_detail": _code,
    "reviews:sheet": lambda sheet: {"pk": sheet.application_id},
    "api:sheet_submit": lambda sheet: {"application_id": sheet.application_id},
}

OFFICERS = {"city", "admin"}


def _expert_values(parent: Any, n: int) -> dict[str, Any]:
    return {
        "name": f"走查专家{n}",
        "field": "材料科学",
        "title": "教授",
        "organisation": str(organisation(f"走查大学{n}").pk),
        "technical": "true",
        "phone": "13800000000",
        "available": "true",
        "note": f"走查备注{n}",
    }


def _conflict_parents(request: Any) -> dict[str, Any]:
    return {"yuci": ExpertFactory(name="走查回避专家甲"), "taigu": ExpertFactory(name="走查回避专家乙")}


def _conflict_values(expert: Any, n: int) -> dict[str, Any]:
    firm = walk.Enterprise.objects.order_by("pk").first()
    return {
        "expert": str(expert.pk),
        "enterprise": str(firm.pk) if firm else "",
        "grounds": f"走查回避理由{n}",
    }


SAMPLES: dict[str, Any] = {
    "expert": walk.Sample(
        values=_expert_values,
        parents=lambda request: {"yuci": None, "taigu": None},
        marker="name",
        edit="note",
        reaches={role: ({"yuci", "taigu"} if role in OFFICERS else set()) for role in CAST},
    ),
    "expert_conflict": walk.Sample(
        values=_conflict_values,
        parents=_conflict_parents,
        marker="grounds",
        edit="grounds",
        reaches={role: ({"yuci", "taigu"} if role in OFFICERS else set()) for role in CAST},
    ),
}

walk.SAMPLES.update(SAMPLES)
