"""Fixtures of the incubator's tests: a park with two sites and a zone of each tier on its first site, and
the API and import fixtures of the apps that own them."""

from __future__ import annotations

from typing import Any

import pytest

from rainforest.api.tests.conftest import api  # noqa: F401  (its api_urls, autouse there, would unmount the pages)
from rainforest.enterprises.tests.factories import district
from rainforest.imports.tests.conftest import xlsx  # noqa: F401
from rainforest.incubator.models import Park, Site, Zone


@pytest.fixture
def park(db: Any) -> Park:
    return Park.objects.create(name="晋创谷·晋中", district=district("140702"))


@pytest.fixture
def zones(park: Park) -> dict[str, Zone]:
    site = Site.objects.create(park=park, name="开发区园区", space_m2=10000)
    return {
        tier: Zone.objects.create(
            park=park, site=site, name=f"{label}片区", tier=tier, space_m2=1000, capacity=4
        )
        for tier, label in (("incubation", "孵化型"), ("startup", "初创型"), ("growth", "成长型"))
    }
