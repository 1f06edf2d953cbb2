"""The incubator's contributions to the permission matrix and the record walk (rainforest/core/tests):
a factory per model the matrix world does not hold (one record of the world's district, "yuci" or
"taigu"), and the record walk's sample of the declared record type `site`."""

from __future__ import annotations

from datetime import date
from typing import Any

from rainforest.core.tests.test_records import Sample


def _site(world: dict[str, Any]) -> Any:
    from rainforest.incubator.models import Site

    park = world["incubator.park"]
    return Site.objects.get_or_create(park=park, name=f"{park.name}一号园区")[0]


def _stay(world: dict[str, Any]) -> Any:
    from rainforest.incubator.models import ZoneStay

    tenancy = world["incubator.tenancy"]
    return ZoneStay.objects.get_or_create(
        tenancy=tenancy, zone=world["incubator.zone"], started_on=tenancy.entered_on or date(2024, 1, 1)
    )[0]


def _step(world: dict[str, Any]) -> Any:
    from rainforest.incubator.models import StageChange

    return StageChange.objects.get_or_create(
        tenancy=world["incubator.tenancy"], from_status="", to_status="resident", on=date(2024, 1, 1)
    )[0]


FACTORIES = {"incubator.site": _site, "incubator.zonestay": _stay, "incubator.stagechange": _step}


def _parks(request: Any) -> dict[str, Any]:
    from rainforest.enterprises.tests.factories import district
    from rainforest.incubator.models import Park

    return {
        key: Park.objects.get_or_create(name=f"走查{key}孵化器", district=district(code))[0]
        for key, code in (("yuci", "140702"), ("taigu", "140703"))
    }


# The city and the administrators reach both parks' sites; a district officer those of their district's
# park; nobody else manages incubators.
SAMPLES = {
    "site": Sample(
        values=lambda park, n: {
            "park": park.name,
            "name": f"走查园区{n}号",
            "address": f"创新路{n}号",
            "space_m2": str(1000 + n),
        },
        parents=_parks,
        marker="name",
        edit="address",
        reaches={
            "city": {"yuci", "taigu"},
            "admin": {"yuci", "taigu"},
            "district_yuci": {"yuci"},
            "butler": set(),
            "owner": set(),
            "university": set(),
            "bank": set(),
            "outsider": set(),
        },
    )
}
