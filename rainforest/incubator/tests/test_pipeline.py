"""The tenant pipeline and the zones over time: every step through a service, logged with who, when and
why, checked by the policy; a tenant in one zone at a time (clean() and a database constraint); stage dates
in order; bad input refused with a message naming the field, and nothing stored changes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from rainforest.incubator import services
from rainforest.incubator.choices import TenancyStatus
from rainforest.incubator.models import Park, StageChange, Team, Tenancy, ZoneStay

pytestmark = pytest.mark.django_db


def _resident(park, firm, zone, on=date(2024, 3, 1)) -> Tenancy:
    tenancy = Tenancy.objects.create(park=park, enterprise=firm, entered_on=on, zone=zone)
    ZoneStay.objects.create(tenancy=tenancy, zone=zone, started_on=on)
    return tenancy


def test_a_firm_goes_through_the_pipeline_and_every_step_is_logged(city, park, zones, own_firm):
    tenancy = services.tenancy_start(
        user=city, park=park, enterprise=own_firm, on=date(2024, 1, 5), comment="来访"
    )
    for status, day in (
        (TenancyStatus.NEGOTIATING, date(2024, 2, 1)),
        (TenancyStatus.ABOUT_TO_ENTER, date(2024, 3, 1)),
    ):
        services.tenancy_advance(user=city, tenancy=tenancy, to_status=status, on=day, comment="推进")
    services.tenancy_advance(
        user=city,
        tenancy=tenancy,
        to_status=TenancyStatus.RESIDENT,
        on=date(2024, 4, 1),
        zone=zones["incubation"],
        space_m2=120,
    )
    services.tenancy_advance(
        user=city, tenancy=tenancy, to_status=TenancyStatus.GRADUATED, on=date(2025, 4, 1), comment="毕业"
    )

    tenancy.refresh_from_db()
    assert (tenancy.status, tenancy.intended_on, tenancy.negotiating_on, tenancy.approved_on) == (
        TenancyStatus.GRADUATED,
        date(2024, 1, 5),
        date(2024, 2, 1),
        date(2024, 3, 1),
    )
    assert (tenancy.entered_on, tenancy.left_on) == (date(2024, 4, 1), date(2025, 4, 1))
    steps = list(
        StageChange.objects.filter(tenancy=tenancy).values_list("from_status", "to_status", "on", "user")
    )
    assert steps == [
        ("", "intention", date(2024, 1, 5), city.pk),
        ("intention", "negotiating", date(2024, 2, 1), city.pk),
        ("negotiating", "about_to_enter", date(2024, 3, 1), city.pk),
        ("about_to_enter", "resident", date(2024, 4, 1), city.pk),
        ("resident", "graduated", date(2025, 4, 1), city.pk),
    ]
    # Entering opened the zone stay; graduating closed it on the graduation day.
    assert list(ZoneStay.objects.values_list("zone__tier", "started_on", "ended_on", "space_m2")) == [
        ("incubation", date(2024, 4, 1), date(2025, 4, 1), 120)
    ]


def test_a_step_the_pipeline_does_not_allow_is_refused_naming_the_field(city, park, own_firm):
    tenancy = services.tenancy_start(user=city, park=park, enterprise=own_firm, on=date(2024, 1, 5))

    with pytest.raises(ValidationError) as refused:
        services.tenancy_advance(
            user=city, tenancy=tenancy, to_status=TenancyStatus.GRADUATED, on=date(2024, 2, 1)
        )

    assert list(refused.value.message_dict) == ["to_status"]
    assert "在谈" in refused.value.message_dict["to_status"][0]
    tenancy.refresh_from_db()
    assert (tenancy.status, tenancy.left_on) == (TenancyStatus.INTENTION, None)
    assert StageChange.objects.filter(tenancy=tenancy).count() == 1


def test_a_step_dated_before_the_previous_stage_is_refused(city, park, own_firm):
    tenancy = services.tenancy_start(user=city, park=park, enterprise=own_firm, on=date(2024, 5, 1))

    with pytest.raises(ValidationError) as refused:
        services.tenancy_advance(
            user=city, tenancy=tenancy, to_status=TenancyStatus.NEGOTIATING, on=date(2024, 4, 1)
        )

    assert list(refused.value.message_dict) == ["on"]
    assert Tenancy.objects.get(pk=tenancy.pk).negotiating_on is None


def test_a_promotion_keeps_the_zone_history(city, park, zones, own_firm):
    tenancy = _resident(park, own_firm, zones["incubation"])

    services.zone_move(
        user=city, tenancy=tenancy, zone=zones["startup"], on=date(2024, 10, 1), comment="晋级"
    )
    services.zone_move(user=city, tenancy=tenancy, zone=zones["growth"], on=date(2025, 3, 1))

    assert list(tenancy.stays.order_by("started_on").values_list("zone__tier", "started_on", "ended_on")) == [
        ("incubation", date(2024, 3, 1), date(2024, 10, 1)),
        ("startup", date(2024, 10, 1), date(2025, 3, 1)),
        ("growth", date(2025, 3, 1), None),
    ]
    assert Tenancy.objects.get(pk=tenancy.pk).zone == zones["growth"]


def test_a_tenancy_cannot_hold_two_open_zone_stays(park, zones, own_firm):
    tenancy = _resident(park, own_firm, zones["incubation"])

    with pytest.raises(IntegrityError), transaction.atomic():
        ZoneStay.objects.create(tenancy=tenancy, zone=zones["startup"], started_on=date(2024, 6, 1))

    assert ZoneStay.objects.count() == 1


def test_a_tenant_in_two_zones_at_once_is_refused_naming_the_zone(park, zones, own_firm):
    _resident(park, own_firm, zones["incubation"])
    # A second tenancy of the same firm (in the same park) cannot place it in another zone meanwhile.
    second = Tenancy.objects.create(park=park, enterprise=own_firm, entered_on=date(2024, 5, 1))
    stay = ZoneStay(
        tenancy=second, zone=zones["startup"], started_on=date(2024, 5, 1), ended_on=date(2024, 9, 1)
    )

    with pytest.raises(ValidationError) as refused:
        stay.full_clean()

    assert list(refused.value.message_dict) == ["zone"]
    assert "孵化型片区" in refused.value.message_dict["zone"][0]
    assert ZoneStay.objects.count() == 1


def test_stays_that_follow_each_other_are_accepted(park, zones, own_firm):
    tenancy = Tenancy.objects.create(park=park, enterprise=own_firm, entered_on=date(2024, 1, 1))
    ZoneStay.objects.create(
        tenancy=tenancy, zone=zones["incubation"], started_on=date(2024, 1, 1), ended_on=date(2024, 6, 1)
    )
    after = ZoneStay(tenancy=tenancy, zone=zones["startup"], started_on=date(2024, 6, 1))

    after.full_clean()  # no exception: [2024-01-01, 2024-06-01) and [2024-06-01, …) do not overlap


def test_a_zone_of_another_park_is_refused(park, zones, own_firm):
    other = Park.objects.create(name="另一孵化器", district=park.district)
    tenancy = Tenancy.objects.create(park=other, enterprise=own_firm, entered_on=date(2024, 1, 1))

    with pytest.raises(ValidationError) as refused:
        ZoneStay(tenancy=tenancy, zone=zones["startup"], started_on=date(2024, 2, 1)).full_clean()

    assert list(refused.value.message_dict) == ["zone"]


def test_stage_dates_out_of_order_are_refused_by_clean_and_by_the_database(park, own_firm):
    tenancy = Tenancy(
        park=park,
        enterprise=own_firm,
        status=TenancyStatus.ABOUT_TO_ENTER,
        negotiating_on=date(2024, 5, 1),
        approved_on=date(2024, 4, 1),
    )

    with pytest.raises(ValidationError) as refused:
        tenancy.full_clean()
    assert refused.value.message_dict["approved_on"] == ["批准入驻日期不能早于洽谈日期"]

    with pytest.raises(IntegrityError), transaction.atomic():
        tenancy.save()
    assert Tenancy.objects.count() == 0


def test_a_graduate_needs_its_exit_date(park, own_firm):
    tenancy = Tenancy(
        park=park, enterprise=own_firm, status=TenancyStatus.GRADUATED, entered_on=date(2024, 1, 1)
    )

    with pytest.raises(ValidationError) as refused:
        tenancy.full_clean()

    assert list(refused.value.message_dict) == ["left_on"]


def test_a_move_for_a_tenant_not_entered_is_refused(city, park, zones, own_firm):
    tenancy = services.tenancy_start(user=city, park=park, enterprise=own_firm, on=date(2024, 1, 5))

    with pytest.raises(ValidationError) as refused:
        services.zone_move(user=city, tenancy=tenancy, zone=zones["startup"], on=date(2024, 2, 1))

    assert list(refused.value.message_dict) == ["zone"]
    assert ZoneStay.objects.count() == 0


def test_a_district_officer_cannot_advance_a_tenancy_of_another_districts_firm(
    district_yuci, park, two_districts
):
    tenancy = Tenancy.objects.create(
        park=park,
        enterprise=two_districts["taigu"],
        status=TenancyStatus.NEGOTIATING,
        negotiating_on=date(2024, 1, 1),
    )

    with pytest.raises(PermissionDenied):
        services.tenancy_advance(
            user=district_yuci, tenancy=tenancy, to_status=TenancyStatus.ABOUT_TO_ENTER, on=date(2024, 2, 1)
        )

    tenancy.refresh_from_db()
    assert tenancy.status == TenancyStatus.NEGOTIATING
    assert StageChange.objects.count() == 0


def test_a_team_withdraws_before_entering(city, park):
    team = Team.objects.create(name="测试团队", district=park.district)
    tenancy = services.tenancy_start(
        user=city, park=park, team=team, on=date(2024, 1, 5), status=TenancyStatus.NEGOTIATING
    )

    services.tenancy_advance(
        user=city, tenancy=tenancy, to_status=TenancyStatus.WITHDRAWN, on=date(2024, 3, 1)
    )

    tenancy.refresh_from_db()
    assert (tenancy.status, tenancy.withdrawn_on, tenancy.entered_on) == (
        TenancyStatus.WITHDRAWN,
        date(2024, 3, 1),
        None,
    )


def test_editing_the_stage_on_the_form_is_logged_and_opens_the_first_stay(city, park, zones, own_firm):
    tenancy = services.tenancy_save(
        user=city,
        park=park,
        enterprise=own_firm,
        zone=zones["startup"],
        status=TenancyStatus.RESIDENT,
        entered_on=date(2024, 2, 1),
    )

    assert list(StageChange.objects.values_list("from_status", "to_status", "on")) == [
        ("", "resident", date(2024, 2, 1))
    ]
    assert list(tenancy.stays.values_list("zone__tier", "started_on", "ended_on")) == [
        ("startup", date(2024, 2, 1), None)
    ]


def test_the_data_migration_gives_older_tenancies_their_stay_and_steps(park, zones, own_firm):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("rainforest.incubator.migrations.0003_map_existing_tenancies")
    tenancy = Tenancy.objects.create(
        park=park,
        enterprise=own_firm,
        zone=zones["growth"],
        status=TenancyStatus.LEFT,
        entered_on=date(2023, 1, 1),
        left_on=date(2024, 1, 1),
    )

    migration.forwards(apps, None)

    assert list(tenancy.stays.values_list("zone__tier", "started_on", "ended_on")) == [
        ("growth", date(2023, 1, 1), date(2024, 1, 1))
    ]
    assert list(tenancy.stage_changes.values_list("from_status", "to_status", "on")) == [
        ("", "resident", date(2023, 1, 1)),
        ("resident", "left", date(2024, 1, 1)),
    ]
