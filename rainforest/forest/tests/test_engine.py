from datetime import date
from decimal import Decimal

from rainforest.forest.engine import (
    Layer,
    Move,
    OrgFacts,
    Period,
    layer_on,
    move_contradictions,
    moves,
    timeline,
)


def firm(**kwargs) -> OrgFacts:
    return OrgFacts(key=1, founded_on=kwargs.pop("founded_on", date(2015, 1, 1)), **kwargs)


def test_a_registered_firm_with_nothing_is_outside_the_forest():
    assert layer_on(firm(), date(2025, 6, 1)).layer is Layer.NONE


def test_a_tech_sme_registration_makes_a_herb_until_the_next_years_update_deadline():
    facts = firm(certificates=[Period("tech_sme", date(2025, 4, 1), date(2026, 1, 1))])
    assert layer_on(facts, date(2025, 3, 31)).layer is Layer.NONE
    assert layer_on(facts, date(2025, 4, 1)).layer is Layer.HERB
    assert layer_on(facts, date(2026, 3, 31)).layer is Layer.HERB
    assert layer_on(facts, date(2026, 4, 1)).layer is Layer.NONE


def test_a_revoked_registration_ends_the_herb_on_the_day_of_revocation():
    facts = firm(certificates=[Period("tech_sme", date(2025, 4, 1), date(2025, 9, 1), revoked=True)])
    assert layer_on(facts, date(2025, 8, 31)).layer is Layer.HERB
    assert layer_on(facts, date(2025, 9, 1)).layer is Layer.NONE


def test_re_registering_in_spring_keeps_a_herb_without_a_break():
    facts = firm(
        certificates=[
            Period("tech_sme", date(2024, 4, 1), date(2025, 1, 1)),
            Period("tech_sme", date(2025, 3, 15), date(2026, 1, 1)),
        ]
    )
    spans = timeline(facts, date(2026, 12, 31))
    assert [(s.layer, s.start, s.end) for s in spans] == [
        (Layer.NONE, date(2015, 1, 1), date(2024, 4, 1)),
        (Layer.HERB, date(2024, 4, 1), date(2026, 4, 1)),
        (Layer.NONE, date(2026, 4, 1), None),
    ]
    assert [(m.kind, m.on, m.reason) for m in moves(facts, spans, date(2026, 12, 31))] == [
        ("regress", date(2026, 4, 1), "科技型中小企业登记到期或撤销")
    ]


def test_a_startup_in_an_incubator_is_a_herb_until_its_fifth_birthday():
    facts = firm(founded_on=date(2021, 3, 1), tenancies=[Period("tenancy", date(2021, 6, 1), None)])
    assert layer_on(facts, date(2026, 2, 28)).layer is Layer.HERB
    assert layer_on(facts, date(2026, 3, 1)).layer is Layer.NONE


def test_a_shrub_without_last_years_revenue_stays_shrub_and_needs_data():
    facts = firm(certificates=[Period("hnte", date(2024, 1, 1), date(2027, 1, 1))])
    state = layer_on(facts, date(2025, 6, 1))
    assert (state.layer, state.needs_data) == (Layer.SHRUB, True)


def test_a_shrub_becomes_a_tree_at_exactly_five_hundred_million_yuan():
    cert = [Period("hnte", date(2024, 1, 1), date(2027, 1, 1))]
    below = firm(certificates=cert, revenue={2024: Decimal("499999999.99")})
    at = firm(certificates=cert, revenue={2024: Decimal("500000000")})
    assert layer_on(below, date(2025, 6, 1)).layer is Layer.SHRUB
    assert layer_on(at, date(2025, 6, 1)).layer is Layer.TREE


def test_a_jump_from_seed_to_shrub_records_both_steps_in_order():
    facts = firm(
        founded_on=date(2024, 5, 1),
        seed_from=date(2023, 1, 1),
        certificates=[Period("hnte", date(2024, 5, 1), date(2027, 5, 1))],
        revenue={2023: Decimal("1000000")},
    )
    spans = timeline(facts, date(2026, 12, 31))
    kinds = [(m.kind, m.on) for m in moves(facts, spans, date(2026, 12, 31))]
    assert kinds[:2] == [("sprout", date(2024, 5, 1)), ("rise", date(2024, 5, 1))]


def test_an_expiring_certificate_records_a_regression_with_its_reason():
    facts = firm(
        certificates=[Period("hnte", date(2022, 1, 1), date(2025, 1, 1))],
        revenue={2021: Decimal(1), 2022: Decimal(1), 2023: Decimal(1)},
    )
    spans = timeline(facts, date(2025, 12, 31))
    assert [(s.layer, s.start, s.end) for s in spans] == [
        (Layer.NONE, date(2015, 1, 1), date(2022, 1, 1)),
        (Layer.SHRUB, date(2022, 1, 1), date(2025, 1, 1)),
        (Layer.NONE, date(2025, 1, 1), None),
    ]
    found = moves(facts, spans, date(2025, 12, 31))
    assert [(m.kind, m.on, m.reason) for m in found] == [
        ("rise", date(2022, 1, 1), ""),
        ("regress", date(2025, 1, 1), "高新技术企业证书到期或撤销"),
    ]


def test_revenue_growth_of_twenty_percent_is_high_growth_once_a_year():
    cert = [Period("hnte", date(2022, 1, 1), date(2028, 1, 1))]
    facts = firm(certificates=cert, revenue={2022: Decimal(100), 2023: Decimal(120), 2024: Decimal("143.99")})
    spans = timeline(facts, date(2025, 12, 31))
    grows = [(m.on, m.reason) for m in moves(facts, spans, date(2025, 12, 31)) if m.kind == "grow"]
    # Dated when the year's revenue is known and the tree rule reads it: 1 January of the next year.
    assert grows == [(date(2024, 1, 1), "2023年营业收入同比增长20.0%")]


def test_a_shrub_whose_growth_makes_it_a_tree_records_strengthen_not_grow():
    cert = [Period("hnte", date(2022, 1, 1), date(2028, 1, 1))]
    facts = firm(certificates=cert, revenue={2023: Decimal("400000000"), 2024: Decimal("600000000")})
    spans = timeline(facts, date(2025, 12, 31))
    found = [(m.kind, m.on, m.from_layer, m.to_layer) for m in moves(facts, spans, date(2025, 12, 31))]
    assert found == [
        ("rise", date(2022, 1, 1), Layer.NONE, Layer.SHRUB),
        ("strengthen", date(2025, 1, 1), Layer.SHRUB, Layer.TREE),
    ]
    assert move_contradictions(spans, moves(facts, spans, date(2025, 12, 31))) == []


def test_a_firm_outside_the_forest_that_wins_a_certificate_rises_from_outside_the_forest():
    """Issue 6 item 8: 未入林 → 灌木 on the day an HNTE certificate starts is one 小升高 from 未入林, not from
    草本: a move's layers are the spans' layers on either side of its date."""
    facts = firm(
        certificates=[Period("hnte", date(2022, 12, 11), date(2025, 12, 11))], revenue={2021: Decimal(1)}
    )
    spans = timeline(facts, date(2025, 12, 31))
    found = moves(facts, spans, date(2025, 12, 31))
    assert [(m.kind, m.on, m.from_layer, m.to_layer) for m in found] == [
        ("rise", date(2022, 12, 11), Layer.NONE, Layer.SHRUB),
        ("regress", date(2025, 12, 11), Layer.SHRUB, Layer.NONE),
    ]
    assert move_contradictions(spans, found) == []


def test_a_move_that_starts_from_another_layer_than_the_spans_is_a_contradiction():
    facts = firm(certificates=[Period("hnte", date(2022, 12, 11), date(2025, 12, 11))])
    spans = timeline(facts, date(2025, 12, 31))
    wrong = [Move("rise", date(2022, 12, 11), Layer.HERB, Layer.SHRUB, "")]
    problems = move_contradictions(spans, wrong)
    assert [str(p) for p in problems] == [
        "2022-12-11: rise herb->shrub; spans none->shrub",
        "2025-12-11: no move; spans shrub->none",
    ]


def test_a_team_is_a_seed_while_in_a_park_and_not_yet_incorporated():
    team = OrgFacts(
        key=7,
        is_team=True,
        tenancies=[Period("tenancy", date(2023, 1, 1), None)],
        seed_until=date(2024, 5, 1),
    )
    assert layer_on(team, date(2024, 4, 30)).layer is Layer.SEED
    assert layer_on(team, date(2024, 5, 1)).layer is Layer.NONE
    assert [(s.layer, s.start, s.end) for s in timeline(team, date(2025, 1, 1))] == [
        (Layer.SEED, date(2023, 1, 1), date(2024, 5, 1))
    ]
