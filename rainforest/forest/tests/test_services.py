from datetime import date
from decimal import Decimal

import pytest

from rainforest.enterprises import services
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.forest.models import LayerSpan, Move
from rainforest.forest.selectors import forest_summary, layers_on
from rainforest.forest.services import forest_refresh
from rainforest.incubator.models import Park, Team, Tenancy

pytestmark = pytest.mark.django_db


def test_recording_a_certificate_moves_the_enterprise_to_its_layer(city):
    firm = EnterpriseFactory(founded_on=date(2018, 1, 1))
    services.certificate_record(enterprise=firm, kind="tech_sme", issued_on=date(2024, 4, 1), user=city)
    assert list(firm.layer_spans.values_list("layer", "starts_on", "ends_on")) == [
        (0, date(2018, 1, 1), date(2024, 4, 1)),
        (2, date(2024, 4, 1), date(2025, 4, 1)),  # counts until the next update deadline, 31 March
        (0, date(2025, 4, 1), None),
    ]


def test_deleting_the_certificate_takes_the_layer_back(city):
    firm = EnterpriseFactory(founded_on=date(2018, 1, 1))
    certificate = services.certificate_record(
        enterprise=firm, kind="hnte", issued_on=date(2023, 1, 1), user=city
    )
    services.certificate_delete(certificate=certificate, user=city)
    assert list(firm.layer_spans.values_list("layer", flat=True)) == [0]
    assert Move.objects.filter(enterprise=firm).count() == 0


def test_a_tree_needs_last_years_revenue(city):
    firm = EnterpriseFactory(founded_on=date(2010, 1, 1))
    services.certificate_record(enterprise=firm, kind="hnte", issued_on=date(2023, 6, 1), user=city)
    services.figures_record(enterprise=firm, year=2024, user=city, operating_revenue=Decimal("600000000"))
    span = (
        LayerSpan.objects.filter(enterprise=firm, starts_on__lte=date(2025, 6, 1))
        .order_by("-starts_on")
        .first()
    )
    assert (span.layer, span.starts_on) == (4, date(2025, 1, 1))
    assert list(Move.objects.filter(enterprise=firm).values_list("kind", "on")) == [
        ("rise", date(2023, 6, 1)),
        ("strengthen", date(2025, 1, 1)),
        ("regress", date(2026, 1, 1)),
        ("regress", date(2026, 6, 1)),
    ]


def test_stored_spans_agree_with_layers_computed_from_records(city, as_of):
    firms = [EnterpriseFactory(founded_on=date(2016, 1, 1)) for _ in range(4)]
    services.certificate_record(enterprise=firms[0], kind="tech_sme", issued_on=date(2025, 3, 1), user=city)
    services.certificate_record(enterprise=firms[1], kind="hnte", issued_on=date(2022, 12, 1), user=city)
    services.certificate_record(
        enterprise=firms[2],
        kind="longtou",
        issued_on=date(2024, 1, 1),
        expires_on=date(2027, 1, 1),
        user=city,
    )
    forest_refresh()  # the fourth firm was made by a factory, outside the services
    computed = layers_on(as_of)
    stored = dict(
        LayerSpan.objects.filter(starts_on__lte=as_of, enterprise__isnull=False)
        .exclude(ends_on__lte=as_of)
        .values_list("enterprise_id", "layer")
    )
    assert {pk: int(layer) for pk, layer in computed.items()} == stored
    assert stored == {firms[0].pk: 2, firms[1].pk: 3, firms[2].pk: 4, firms[3].pk: 0}


def test_a_team_in_a_park_is_a_seed_and_its_incorporation_is_a_sprout(city):
    yuci = EnterpriseFactory().district
    park = Park.objects.create(name="晋创谷·晋中", district=yuci)
    team = Team.objects.create(name="碳图团队", district=yuci)
    Tenancy.objects.create(park=park, team=team, entered_on=date(2023, 3, 1))
    forest_refresh()
    assert forest_summary(city, date(2024, 1, 1)).by_layer["seed"] == 1

    firm = EnterpriseFactory(founded_on=date(2024, 5, 1))
    Tenancy.objects.create(park=park, enterprise=firm, entered_on=date(2024, 5, 1))
    team.enterprise, team.incorporated_on = firm, date(2024, 5, 1)
    team.save()
    forest_refresh()
    summary = forest_summary(city, date(2024, 6, 1))
    assert (summary.by_layer["seed"], summary.by_layer["herb"]) == (0, 1)
    assert list(Move.objects.filter(enterprise=firm).values_list("kind", "on", "from_layer", "to_layer")) == [
        ("sprout", date(2024, 5, 1), 1, 2),
        ("regress", date(2029, 5, 1), 2, 0),
    ]


def test_a_district_officer_counts_only_their_district(city, district_yuci, two_districts):
    for firm in two_districts.values():
        services.certificate_record(enterprise=firm, kind="hnte", issued_on=date(2024, 1, 1), user=city)
    assert forest_summary(city, date(2024, 6, 1)).by_layer["shrub"] == 2
    assert forest_summary(district_yuci, date(2024, 6, 1)).by_layer["shrub"] == 1
