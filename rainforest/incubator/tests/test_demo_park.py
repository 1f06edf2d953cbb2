"""The demo city's 晋创谷·晋中 read through the incubator's own selectors: the pipeline replayed from the
stage dates gives seed S34 on 2025-06-01 (53 firms and 29 teams entered, 11 approved to enter, 15
negotiating), each site has a zone of each tier, promotions and graduates exist and some graduates rose a
layer since they left."""

from __future__ import annotations

from datetime import date

import pytest

from rainforest.core.models import User
from rainforest.demo.builder import build_demo
from rainforest.demo.incubator import PARK_NAME
from rainforest.demo.plan import AS_OF
from rainforest.incubator import selectors
from rainforest.incubator.models import Park, StageChange, Tenancy

pytestmark = pytest.mark.django_db


def test_the_demo_park_reproduces_s34_from_its_stage_dates():
    build_demo(seed=2025, scale="city")
    city = User.objects.get(username="city")
    park = Park.objects.get(name=PARK_NAME)

    stages = {s.status: (s.firms, s.teams) for s in selectors.pipeline_on(park, city, AS_OF)}

    assert stages["resident"] == (53, 29)
    assert stages["about_to_enter"] == (11, 0)
    assert stages["negotiating"] == (0, 15)
    assert stages["intention"] == (6, 0)
    assert sum(sum(stages[s]) for s in ("resident", "about_to_enter", "negotiating")) == 108
    assert sorted((s.name, z.tier) for s in park.sites.all() for z in s.zones.all()) == sorted(
        (site, tier)
        for site in ("晋创谷·晋中（开发区园区）", "晋创谷·晋中（农高区园区）")
        for tier in ("incubation", "startup", "growth")
    )
    # Every tenancy's log ends at its present stage, dated no later than the story's day.
    last = {}
    for step in StageChange.objects.filter(tenancy__park=park).order_by("tenancy_id", "on", "pk"):
        last[step.tenancy_id] = step
    assert all(last[t.pk].to_status == t.status for t in Tenancy.objects.filter(park=park))
    assert not StageChange.objects.filter(on__gt=AS_OF).exists()
    # Occupancy on the day counts the 82 entered tenants, each in one zone.
    assert sum(row.tenants for row in selectors.occupancy_on(park, city, AS_OF)) == 82
    assert all(row.tenants <= (row.zone.capacity or 0) for row in selectors.occupancy_on(park, city, AS_OF))
    assert selectors.promotions_in(park, city, date(2022, 1, 1), AS_OF)
    graduates = selectors.graduates(park, city, AS_OF)
    assert len(graduates) == 8
    assert any(g.grew for g in graduates)
