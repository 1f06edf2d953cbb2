"""The matching app's contributions to the permission matrix (FACTORIES: one record per district of the
matrix's world) and to the record walk (SAMPLES: form values, the two parents and who reaches which)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation, Region
from rainforest.core.tests import test_records as walk
from rainforest.matching.models import Achievement, Deal, Demand


def university_in(code: str, name: str) -> Organisation:
    """A university of this district (the matrix's and the walk's keeper of achievements)."""
    organisation, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": OrganisationKind.UNIVERSITY, "code": f"univ-{code}"}
    )
    organisation.region = Region.objects.get(code=code)
    organisation.save()
    return organisation


def _achievement(world: dict[str, Any]) -> Achievement:
    firm = world["enterprises.enterprise"]
    code = firm.district.code
    achievement, _created = Achievement.objects.get_or_create(
        number=f"CG-MATRIX-{code}",
        defaults={
            "owner": university_in(code, f"矩阵{code}学院"),
            "title": "矩阵成果",
            "abstract": "一种用于测试的技术。",
            "keywords": ["测试"],
            "field": "new_materials",
            "maturity": 5,
            "published_on": date(2025, 1, 1),
        },
    )
    return achievement


def _demand(world: dict[str, Any]) -> Demand:
    firm = world["enterprises.enterprise"]
    demand, _created = Demand.objects.get_or_create(
        number=f"XQ-MATRIX-{firm.credit_code}",
        defaults={
            "enterprise": firm,
            "title": "矩阵需求",
            "description": "企业想解决的问题。",
            "published_on": date(2025, 1, 1),
        },
    )
    return demand


def _deal(world: dict[str, Any]) -> Deal:
    demand = _demand(world)
    deal, _created = Deal.objects.get_or_create(
        number=f"DJ-MATRIX-{demand.pk}",
        defaults={"demand": demand, "achievement": _achievement(world), "opened_on": date(2025, 2, 1)},
    )
    return deal


FACTORIES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "matching.achievement": _achievement,
    "matching.demand": _demand,
    "matching.deal": _deal,
}


def _achievement_values(owner: Organisation, n: int) -> dict[str, Any]:
    return {
        "owner": owner.code,
        "number": f"CG-2099-{n:04d}",
        "title": f"碳纤维复合材料成型技术{n}",
        "abstract": "热塑性碳纤维复合材料快速模压成型。",
        "keywords": "碳纤维，复合材料；轻量化",
        "discipline": "材料科学与工程",
        "field": "new_materials",
        "industry": "carbon_materials",
        "maturity": "6",
        "transfer_modes": "许可、合作开发",
        "published_on": "2025-01-01",
        "status": "active",
    }


def _achievement_parents(request: Any) -> dict[str, Any]:
    """榆次区: the `university` user's own institution (placed in 榆次区); 太谷区: another university."""
    own = request.getfixturevalue("organisations")["university"]
    own.region = Region.objects.get(code="140702")
    own.code = "univ-own"
    own.save()
    return {"yuci": own, "taigu": university_in("140703", "太谷测试学院")}


def _demand_values(enterprise: Any, n: int) -> dict[str, Any]:
    return {
        "enterprise": enterprise.credit_code,
        "number": f"XQ-2099-{n:04d}",
        "title": f"车厢板减重{n}",
        "description": "货车车厢板太重，想找又轻又结实的材料。",
        "field": "new_materials",
        "published_on": "2025-01-01",
        "status": "open",
    }


def _deal_parents(request: Any) -> dict[str, Any]:
    """The demands of 榆次区's own_firm and of 太谷区's firm."""
    firms = request.getfixturevalue("two_districts")
    return {
        key: Demand.objects.create(
            enterprise=firm,
            number=f"XQ-DEAL-{key}",
            title="对接用需求",
            description="企业想解决的问题。",
            published_on=date(2025, 1, 1),
        )
        for key, firm in firms.items()
    }


def _deal_values(demand: Demand, n: int) -> dict[str, Any]:
    """A deal of `demand` with an achievement of its own (a pair is one deal) kept by 山西农业大学, the
    `university` user's institution (in no district)."""
    owner = Organisation.objects.get(name="山西农业大学")
    achievement, _created = Achievement.objects.get_or_create(
        number=f"CG-DEAL-{n:04d}",
        defaults={
            "owner": owner,
            "title": "对接用成果",
            "abstract": "一种用于测试的技术。",
            "field": "new_materials",
            "maturity": 5,
            "published_on": date(2025, 1, 1),
        },
    )
    return {
        "number": f"DJ-2099-{n:04d}",
        "demand": demand.number,
        "achievement": achievement.number,
        "opened_on": "2025-02-01",
        "note": f"对接备注{n}",
    }


SAMPLES: dict[str, Any] = {
    "achievement": walk.Sample(
        values=_achievement_values,
        parents=_achievement_parents,
        reaches={
            "city": {"yuci", "taigu"},
            "admin": {"yuci", "taigu"},
            "district_yuci": {"yuci"},  # the universities in its district
            "butler": {"yuci", "taigu"},  # achievements on offer
            "owner": {"yuci", "taigu"},  # achievements on offer
            "university": {"yuci"},  # its own
            "bank": set(),
            "outsider": set(),
        },
    ),
    "demand": walk.Sample(values=_demand_values),
    "deal": walk.Sample(
        values=_deal_values,
        parents=_deal_parents,
        edit="note",
        reaches={
            "city": {"yuci", "taigu"},
            "admin": {"yuci", "taigu"},
            "district_yuci": {"yuci"},  # its firm's demand
            "butler": {"yuci"},  # the firm it serves
            "owner": {"yuci"},  # its own demand
            "university": {"yuci", "taigu"},  # its achievements
            "bank": set(),
            "outsider": set(),
        },
    ),
}

# Whichever of the walk and this module is imported first, the walk ends up with these samples.
walk.SAMPLES.update(SAMPLES)
