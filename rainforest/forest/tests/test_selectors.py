import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from rainforest.forest import selectors
from rainforest.forest.engine import Layer

AS_OF = date(2025, 6, 1)
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
ZERO = {"seed": 0, "herb": 0, "shrub": 0, "tree": 0, "none": 0}


def district_row(summary: selectors.ForestSummary, code: str) -> dict:
    return next(row for row in summary.by_district if row["code"] == code)


def test_the_summary_counts_one_organisation_on_each_layer(small_forest, city):
    summary = selectors.forest_summary(city, AS_OF)
    assert summary.by_layer == {"seed": 1, "herb": 1, "shrub": 1, "tree": 1, "none": 1}
    assert summary.total == 5
    assert summary.rulebook_version == "1"


def test_the_summary_places_each_organisation_in_its_district(small_forest, city):
    summary = selectors.forest_summary(city, AS_OF)
    assert [row["code"] for row in summary.by_district] == [
        "140702", "140703", "140721", "140722", "140723", "140724", "140725", "140727", "140728", "140729", "140781",
    ]  # fmt: skip
    assert district_row(summary, "140702")["counts"] == {**ZERO, "seed": 1, "herb": 1, "shrub": 1}
    assert district_row(summary, "140703")["counts"] == {**ZERO, "tree": 1, "none": 1}
    assert district_row(summary, "140781")["counts"] == ZERO
    assert district_row(summary, "140702")["total"] == 3


def test_a_shrub_without_last_years_revenue_is_counted_as_needing_data(small_forest, city):
    # Only the tree and the shrub filed 2024 revenue: nobody on a shrub-or-tree layer lacks it.
    assert selectors.forest_summary(city, AS_OF).needs_data == 0
    assert selectors.forest_summary(city, date(2024, 6, 1)).needs_data == 2


def test_before_the_herbs_registration_it_was_outside_the_forest(small_forest, city):
    summary = selectors.forest_summary(city, date(2025, 2, 28))
    assert summary.by_layer == {"seed": 1, "herb": 0, "shrub": 1, "tree": 1, "none": 2}


def test_a_district_officer_counts_only_their_own_district(small_forest, district_yuci):
    summary = selectors.forest_summary(district_yuci, AS_OF)
    assert summary.by_layer == {"seed": 1, "herb": 1, "shrub": 1, "tree": 0, "none": 0}
    assert district_row(summary, "140703")["counts"] == ZERO


def test_a_user_outside_every_organisation_counts_nothing(small_forest, outsider):
    assert selectors.forest_summary(outsider, AS_OF).by_layer == ZERO


def test_the_flows_of_a_year_follow_a_herb_that_rises_and_a_shrub_that_lapses(year_of_moves, city):
    assert selectors.layer_flows(city, *YEAR_2025) == [
        {"source": "herb", "target": "shrub", "value": 1},
        {"source": "shrub", "target": "none", "value": 1},
    ]


def test_the_moves_of_the_year_are_one_rise_and_one_regression(year_of_moves, city):
    assert selectors.move_counts(city, *YEAR_2025) == {
        "sprout": 0,
        "rise": 1,
        "grow": 0,
        "strengthen": 0,
        "regress": 1,
    }
    moves = list(selectors.moves_in(city, *YEAR_2025).values_list("enterprise__name", "kind", "on", "reason"))
    assert moves == [
        ("太谷到期科技有限公司", "regress", date(2025, 3, 1), "高新技术企业证书到期或撤销"),
        ("榆次成长科技有限公司", "rise", date(2025, 7, 1), ""),
    ]


def test_a_district_officer_sees_only_the_flows_and_moves_of_their_district(year_of_moves, district_yuci):
    assert selectors.layer_flows(district_yuci, *YEAR_2025) == [
        {"source": "herb", "target": "shrub", "value": 1}
    ]
    assert selectors.move_counts(district_yuci, *YEAR_2025)["regress"] == 0


def test_an_organisation_founded_within_the_year_flows_in_as_new(small_forest, city):
    flows = selectors.layer_flows(city, date(2015, 1, 1), date(2015, 12, 31))
    assert flows == [{"source": "new", "target": "none", "value": 4}]


def test_layers_computed_from_records_agree_with_the_stored_spans(small_forest, year_of_moves):
    from rainforest.forest.models import LayerSpan

    for day in (date(2024, 12, 31), AS_OF, date(2025, 12, 31)):
        computed = selectors.layers_on(day)
        stored = dict(
            selectors.spans_on(day).filter(enterprise__isnull=False).values_list("enterprise_id", "layer")
        )
        assert {pk: int(layer) for pk, layer in computed.items()} == stored, day
    assert LayerSpan.objects.filter(team=small_forest["team"]).count() == 1
    assert selectors.layers_on(AS_OF)[small_forest["tree"].pk] is Layer.TREE


def test_the_layers_command_counts_from_records_beside_the_stored_spans(small_forest):
    out = io.StringIO()
    call_command("forest", "layers", "--as-of", "2025-06-01", "--json", "--check", stdout=out)
    report = json.loads(out.getvalue())
    assert report == {
        "as_of": "2025-06-01",
        "computed": {"none": 1, "seed": 0, "herb": 1, "shrub": 1, "tree": 1},
        "stored": {"none": 1, "seed": 0, "herb": 1, "shrub": 1, "tree": 1},
        "mismatched_enterprise_ids": [],
        "moves_contradicting_spans": {},
    }


def test_the_layers_command_finds_stale_spans_and_rebuild_repairs_them(small_forest):
    from rainforest.forest.models import LayerSpan

    LayerSpan.objects.filter(enterprise=small_forest["tree"]).update(layer=0)
    with pytest.raises(CommandError, match="1 enterprises differ"):
        call_command("forest", "layers", "--as-of", "2025-06-01", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("forest", "rebuild", stdout=out)
    assert out.getvalue().startswith("rebuilt the forest: ")
    out = io.StringIO()
    call_command("forest", "layers", "--as-of", "2025-06-01", "--check", stdout=out)
    assert "mismatched enterprises: 0" in out.getvalue()
    assert "  tree   乔木           1 |         1" in out.getvalue()


def test_the_layers_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        call_command("forest", "layers", "--as-of", "2025-02-30")


def test_a_year_under_way_ends_its_flows_on_the_as_of_date():
    assert selectors.year_window(2025, date(2025, 6, 1)) == (date(2024, 12, 31), date(2025, 6, 1))
    assert selectors.year_window(2024, date(2025, 6, 1)) == (date(2023, 12, 31), date(2024, 12, 31))
    assert selectors.year_window(2025) == (date(2024, 12, 31), date(2025, 12, 31))
