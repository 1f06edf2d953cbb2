"""The platforms app's contributions to the permission matrix (FACTORIES: one record per district of the
matrix's world) and to the record walk (SAMPLES: form values, the two parents and who reaches which)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rainforest.core.tests import test_records as walk
from rainforest.core.tests.cast import BUSINESS
from rainforest.platforms.choices import PlatformLevel, PlatformStatus
from rainforest.platforms.models import (
    Platform,
    PlatformPartner,
    PlatformPerformance,
    PlatformPlan,
    PlatformType,
)
from rainforest.platforms.tests.factories import make_platform


def _platform(world: dict[str, Any]) -> Platform:
    """The district's platform (the matrix asks a factory once per route: the same record each time)."""
    firm = world["enterprises.enterprise"]
    name = f"矩阵平台{firm.credit_code}"
    return Platform.objects.filter(name=name).first() or make_platform(name, host=firm)


def _partner(world: dict[str, Any]) -> PlatformPartner:
    return PlatformPartner.objects.get_or_create(
        platform=_platform(world), outside_name="矩阵市外大学", defaults={"role": "co_builder"}
    )[0]


def _performance(world: dict[str, Any]) -> PlatformPerformance:
    return PlatformPerformance.objects.get_or_create(
        platform=_platform(world), year=2024, defaults={"rd_input": 100}
    )[0]


def _type(world: dict[str, Any]) -> PlatformType:
    firm = world["enterprises.enterprise"]
    return PlatformType.objects.get_or_create(name=f"矩阵类型{firm.district.code}")[0]


def _plan(world: dict[str, Any]) -> PlatformPlan:
    firm = world["enterprises.enterprise"]
    return PlatformPlan.objects.get_or_create(
        year=2025,
        type=PlatformType.objects.get(name="中试基地"),
        level=PlatformLevel.MUNICIPAL,
        defaults={"planned": 10, "source": f"矩阵{firm.district.code}"},
    )[0]


FACTORIES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "platforms.platform": _platform,
    "platforms.platformpartner": _partner,
    "platforms.platformperformance": _performance,
    "platforms.platformtype": _type,
    "platforms.platformplan": _plan,
}


# --- the record walk ------------------------------------------------------------------------------------


# The walk's values: optional fields are left out (the API reads JSON, where "" is no date or number).


def _platform_values(host: Any, n: int) -> dict[str, Any]:
    return {
        "name": f"走查平台-{n}-号",
        "type": "技术创新中心",
        "level": PlatformLevel.PROVINCIAL,
        "host_enterprise": host.credit_code,
        "status": PlatformStatus.BUILDING,
        "approved_on": "2023-04-01",
        "source": "市科技局",
    }


def _platforms_of(request: Any) -> dict[str, Any]:
    """A platform hosted by 榆次区's own firm and one hosted by the 太谷区 firm."""
    firms = request.getfixturevalue("two_districts")
    return {
        key: make_platform(
            f"走查母平台{key}", host=firm, approved_on=date(2010, 1, 4), recognised_on=date(2010, 6, 1)
        )
        for key, firm in firms.items()
    }


def _partner_values(platform: Any, n: int) -> dict[str, Any]:
    return {
        "platform": platform.name,
        "outside_name": f"市外走查大学-{n}-号",
        "role": "co_builder",
    }


def _performance_values(platform: Any, n: int) -> dict[str, Any]:
    return {
        "platform": platform.name,
        "year": str(2011 + n),
        "rd_input": "100",
        "economic_benefit": "300",
        "conversion_income": "0",
        "contracts": str(7300 + n),
        "firms_incubated": "0",
    }


def _no_seeded_types(request: Any) -> dict[str, Any]:
    """The walk counts the rows it made: the six seeded types are deleted for it (the test's transaction
    brings them back)."""
    PlatformType.objects.filter(seeded=True).delete()
    return {"yuci": None, "taigu": None}


def _type_values(_parent: Any, n: int) -> dict[str, Any]:
    return {"name": f"走查类型-{n}-号", "sort_order": "200"}


def _plan_values(_parent: Any, n: int) -> dict[str, Any]:
    return {"year": str(2091 + n), "type": "中试基地", "level": "municipal", "planned": "3"}


# Types and plans are the city's: every role reads them (an outsider without an organisation too).
CITY_WIDE = {role: {"yuci", "taigu"} for role in BUSINESS}

SAMPLES: dict[str, Any] = {
    "platform": walk.Sample(values=_platform_values, marker="name", edit="source"),
    "platform_partner": walk.Sample(
        values=_partner_values, parents=_platforms_of, marker="outside_name", edit="note"
    ),
    "platform_performance": walk.Sample(
        values=_performance_values, parents=_platforms_of, marker="contracts", edit="note"
    ),
    "platform_type": walk.Sample(
        values=_type_values,
        parents=_no_seeded_types,
        marker="name",
        edit="note",
        reaches=CITY_WIDE,
    ),
    "platform_plan": walk.Sample(
        values=_plan_values,
        parents=lambda request: {"yuci": None, "taigu": None},
        marker="year",
        edit="source",
        reaches=CITY_WIDE,
    ),
}

# Whichever of the walk and this module is imported first, the walk ends up with these samples.
walk.SAMPLES.update(SAMPLES)
