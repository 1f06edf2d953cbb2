"""The park's figures from its records: occupancy of each zone on a day, the pipeline replayed on any day,
promotions in a period, and what became of the graduates (their forest layer since they left)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.forest.models import LayerSpan
from rainforest.incubator import selectors
from rainforest.incubator.choices import TenancyStatus
from rainforest.incubator.models import Team, Tenancy, ZoneStay

pytestmark = pytest.mark.django_db


def _stay(tenancy, zone, start, end=None, space=None):
    return ZoneStay.objects.create(tenancy=tenancy, zone=zone, started_on=start, ended_on=end, space_m2=space)


def test_occupancy_counts_the_tenants_and_space_of_each_zone_on_the_day(city, park, zones, own_firm):
    other = EnterpriseFactory(name="第二家企业")
    first = Tenancy.objects.create(park=park, enterprise=own_firm, entered_on=date(2024, 1, 1))
    _stay(first, zones["incubation"], date(2024, 1, 1), date(2024, 7, 1), 100)
    _stay(first, zones["startup"], date(2024, 7, 1), None, 300)
    second = Tenancy.objects.create(park=park, enterprise=other, entered_on=date(2024, 3, 1))
    _stay(second, zones["incubation"], date(2024, 3, 1), None, 50)
    # An older tenancy stored without stays counts in its zone while it is entered.
    team = Team.objects.create(name="老团队", district=park.district)
    Tenancy.objects.create(park=park, team=team, zone=zones["growth"], entered_on=date(2023, 1, 1))

    before = {
        o.zone.tier: (o.tenants, o.space_used_m2)
        for o in selectors.occupancy_on(park, city, date(2024, 6, 30))
    }
    after = {o.zone.tier: o for o in selectors.occupancy_on(park, city, date(2024, 7, 1))}

    assert before == {"incubation": (2, 150), "startup": (0, 0), "growth": (1, 0)}
    assert {tier: (o.tenants, o.space_used_m2) for tier, o in after.items()} == {
        "incubation": (1, 50),
        "startup": (1, 300),
        "growth": (1, 0),
    }
    assert after["startup"].tenant_ratio == Fraction(1, 4)
    assert after["startup"].space_ratio == Fraction(300, 1000)


def test_the_pipeline_is_replayed_from_the_stage_dates(city, park, own_firm):
    firms = [own_firm, *(EnterpriseFactory(name=f"管线企业{i}") for i in range(3))]
    Tenancy.objects.create(
        park=park,
        enterprise=firms[0],
        status=TenancyStatus.RESIDENT,
        intended_on=date(2024, 1, 1),
        negotiating_on=date(2024, 2, 1),
        approved_on=date(2024, 3, 1),
        entered_on=date(2024, 4, 1),
    )
    Tenancy.objects.create(
        park=park,
        enterprise=firms[1],
        status=TenancyStatus.ABOUT_TO_ENTER,
        negotiating_on=date(2024, 2, 15),
        approved_on=date(2024, 5, 1),
    )
    Tenancy.objects.create(
        park=park,
        enterprise=firms[2],
        status=TenancyStatus.GRADUATED,
        entered_on=date(2022, 1, 1),
        left_on=date(2024, 3, 15),
    )
    Tenancy.objects.create(
        park=park,
        enterprise=firms[3],
        status=TenancyStatus.WITHDRAWN,
        intended_on=date(2024, 1, 10),
        withdrawn_on=date(2024, 2, 20),
    )
    team = Team.objects.create(name="在谈团队", district=park.district)
    Tenancy.objects.create(
        park=park, team=team, status=TenancyStatus.NEGOTIATING, negotiating_on=date(2024, 2, 10)
    )

    def counts(day):
        return {s.status: (s.firms, s.teams) for s in selectors.pipeline_on(park, city, day) if s.total}

    assert counts(date(2024, 2, 12)) == {
        "intention": (1, 0),  # firms[3], until it withdrew
        "negotiating": (1, 1),  # own_firm and the team
        "resident": (1, 0),  # firms[2], which graduates on 2024-03-15
    }
    assert counts(date(2024, 6, 1)) == {
        "negotiating": (0, 1),
        "about_to_enter": (1, 0),
        "resident": (1, 0),
        "graduated": (1, 0),
        "withdrawn": (1, 0),
    }


def test_promotions_are_moves_to_a_higher_tier_within_the_period(city, park, zones, own_firm):
    tenancy = Tenancy.objects.create(park=park, enterprise=own_firm, entered_on=date(2023, 1, 1))
    _stay(tenancy, zones["incubation"], date(2023, 1, 1), date(2023, 9, 1))
    _stay(tenancy, zones["startup"], date(2023, 9, 1), date(2024, 5, 1))
    _stay(tenancy, zones["growth"], date(2024, 5, 1))
    back = Tenancy.objects.create(
        park=park, enterprise=EnterpriseFactory(name="降级企业"), entered_on=date(2024, 1, 1)
    )
    _stay(back, zones["startup"], date(2024, 1, 1), date(2024, 6, 1))
    _stay(back, zones["incubation"], date(2024, 6, 1))  # a move down is not a promotion

    found = selectors.promotions_in(park, city, date(2024, 1, 1), date(2024, 12, 31))

    assert [(p.tenancy, p.on, p.from_zone.tier, p.to_zone.tier) for p in found] == [
        (tenancy, date(2024, 5, 1), "startup", "growth")
    ]
    assert len(selectors.promotions_in(park, city, date(2023, 1, 1), date(2024, 12, 31))) == 2


def test_graduates_show_their_layer_when_they_left_and_now(city, park, own_firm):
    grown = own_firm
    steady = EnterpriseFactory(name="原地企业")
    for firm, left in ((grown, date(2023, 6, 1)), (steady, date(2024, 6, 1))):
        Tenancy.objects.create(
            park=park,
            enterprise=firm,
            status=TenancyStatus.GRADUATED,
            entered_on=date(2021, 1, 1),
            left_on=left,
        )
    spans = [
        (grown, 2, date(2021, 1, 1), date(2024, 2, 1)),
        (grown, 3, date(2024, 2, 1), None),
        (steady, 2, date(2021, 1, 1), None),
    ]
    for firm, layer, start, end in spans:
        LayerSpan.objects.create(
            enterprise=firm,
            district=firm.district,
            layer=layer,
            starts_on=start,
            ends_on=end,
            rulebook_version="1",
        )

    found = selectors.graduates(park, city, date(2025, 6, 1))

    assert [(g.tenancy.enterprise, g.layer_then, g.layer_now, g.path, g.grew) for g in found] == [
        (steady, 2, 2, (2,), False),
        (grown, 2, 3, (2, 3), True),
    ]
    # On a day before the second graduation only the first counts.
    assert [g.tenancy.enterprise for g in selectors.graduates(park, city, date(2024, 1, 1))] == [grown]


def test_a_district_officer_counts_only_the_tenancies_in_scope(district_yuci, park, two_districts):
    for firm in two_districts.values():
        Tenancy.objects.create(park=park, enterprise=firm, entered_on=date(2024, 1, 1))

    stages = {s.status: s.firms for s in selectors.pipeline_on(park, district_yuci, date(2024, 6, 1))}

    assert stages["resident"] == 1
