import json

import pytest
from django.urls import reverse

from rainforest.forest.views import GEOJSON_FILE

ZERO = {"seed": 0, "herb": 0, "shrub": 0, "tree": 0, "none": 0}


def chart_data(response) -> dict:
    return response.context["chart_data"]


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, small_forest):
    response = client.get(reverse("forest:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_shows_the_counts_by_layer_and_district_on_the_as_of_date(client, city, small_forest):
    client.force_login(city)
    response = client.get(reverse("forest:index"), {"as_of": "2025-06-01", "year": "2025"})
    assert response.status_code == 200
    assert [(layer["code"], layer["count"]) for layer in response.context["layers"]] == [
        ("seed", 1), ("herb", 1), ("shrub", 1), ("tree", 1), ("none", 1),
    ]  # fmt: skip
    rows = {row["name"]: row["counts"] for row in response.context["districts"]}
    assert len(rows) == 11
    assert rows["榆次区"] == {**ZERO, "seed": 1, "herb": 1, "shrub": 1, "forest": 3}
    assert rows["太谷区"] == {**ZERO, "tree": 1, "none": 1, "forest": 1}
    html = response.content.decode()
    assert "种子" in html and "未入林" in html and "介休市" in html


def test_the_as_of_date_defaults_to_today_and_the_year_to_this_year(client, city, small_forest):
    from rainforest.core.models import today

    client.force_login(city)
    response = client.get(reverse("forest:index"))
    assert response.status_code == 200
    assert (response.context["as_of"], response.context["year"]) == (today(), today().year)


def test_a_bad_date_gets_a_clear_message_and_the_page_still_renders(client, city, small_forest):
    client.force_login(city)
    response = client.get(reverse("forest:index"), {"as_of": "2025-13-45", "year": "20x5"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "日期格式应为 YYYY-MM-DD" in html
    assert "年度应为四位数字" in html
    assert response.context["summary"].total == 5


def test_a_year_out_of_range_is_refused_with_its_bounds(client, city, small_forest):
    client.force_login(city)
    response = client.get(reverse("forest:index"), {"year": "1850"})
    assert response.status_code == 400
    assert "年度须在 2000 至" in response.content.decode()


def test_the_sankey_links_the_layers_of_the_eve_of_the_year_to_those_of_its_last_day(
    client, city, year_of_moves
):
    client.force_login(city)
    # Seen after the year's end, the Sankey covers the whole year.
    response = client.get(reverse("forest:index"), {"as_of": "2026-01-10", "year": "2025"})
    sankey = chart_data(response)["sankey"]
    assert sankey["links"] == [
        # The riser registered as a tech-SME on 1 January 2025: on 31 December 2024 it was in no layer.
        {"source": "start:none", "target": "end:shrub", "value": 1},
        {"source": "start:shrub", "target": "end:none", "value": 1},
    ]
    assert [(node["name"], node["label"]) for node in sankey["nodes"]] == [
        ("start:shrub", "灌木"), ("start:none", "未入林"), ("end:shrub", "灌木"), ("end:none", "未入林"),
    ]  # fmt: skip
    assert '<script id="forest-data" type="application/json">' in response.content.decode()


def test_the_flows_caption_names_the_days_the_sankey_compares(client, city, small_forest):
    """Issue 6 item 9: a year still under way ends on the as-of date, and the caption says so."""
    client.force_login(city)
    under_way = client.get(reverse("forest:index"), {"as_of": "2025-06-01", "year": "2025"}).content.decode()
    closed = client.get(reverse("forest:index"), {"as_of": "2026-01-10", "year": "2025"}).content.decode()

    assert "左：2024-12-31（上年末）的层级；右：2025-06-01 的层级。" in under_way
    assert "左：2024-12-31（上年末）的层级；右：2025-12-31 的层级。" in closed
    assert "12 月 31 日的层级" not in under_way


def test_new_and_gone_organisations_are_labelled_in_chinese(client, city, small_forest):
    client.force_login(city)
    response = client.get(reverse("forest:index"), {"year": "2015"})
    labels = {node["name"]: node["label"] for node in chart_data(response)["sankey"]["nodes"]}
    assert labels == {"start:new": "新进入", "end:none": "未入林"}


def test_the_move_counts_and_the_list_of_the_years_moves(client, city, year_of_moves):
    client.force_login(city)
    response = client.get(reverse("forest:index"), {"year": "2025"})
    assert [(m["label"], m["count"]) for m in response.context["move_counts"]] == [
        ("微成长", 0), ("小升高", 1), ("高壮大", 0), ("大变强", 0), ("回落", 1),
    ]  # fmt: skip
    moves = [(move.enterprise.name, move.kind) for move in response.context["page"].object_list]
    assert moves == [("太谷到期科技有限公司", "regress"), ("榆次成长科技有限公司", "rise")]
    assert "高新技术企业证书到期或撤销" in response.content.decode()


def test_the_move_list_narrows_to_one_kind(client, city, year_of_moves):
    client.force_login(city)
    response = client.get(reverse("forest:index"), {"year": "2025", "kind": "rise"})
    assert [move.kind for move in response.context["page"].object_list] == ["rise"]


def test_the_move_list_is_paginated(client, city, year_of_moves, settings):
    settings.RAINFOREST = {**settings.RAINFOREST, "PAGE_SIZE": 1}
    client.force_login(city)
    response = client.get(reverse("forest:index"), {"year": "2025", "page": "2"})
    page = response.context["page"]
    assert (page.number, page.paginator.num_pages, page.object_list[0].kind) == (2, 2, "rise")
    assert "page=1" in response.content.decode()


def test_a_district_officer_sees_only_their_district(client, district_yuci, small_forest, year_of_moves):
    client.force_login(district_yuci)
    response = client.get(reverse("forest:index"), {"as_of": "2025-06-01", "year": "2025"})
    assert [(layer["code"], layer["count"]) for layer in response.context["layers"]] == [
        ("seed", 1), ("herb", 2), ("shrub", 1), ("tree", 0), ("none", 0),
    ]  # fmt: skip
    rows = {row["name"]: row["counts"] for row in response.context["districts"]}
    assert rows["太谷区"] == {**ZERO, "forest": 0}
    assert list(response.context["page"].object_list) == []  # the riser rises on 1 July, after the day shown
    whole_year = client.get(reverse("forest:index"), {"as_of": "2026-01-10", "year": "2025"})
    assert [move.enterprise.name for move in whole_year.context["page"].object_list] == [
        "榆次成长科技有限公司"
    ]
    assert "太谷乔木集团有限公司" not in response.content.decode()


def test_the_map_data_counts_the_forest_of_each_county(client, city, small_forest):
    client.force_login(city)
    response = client.get(reverse("forest:map_counts"), {"as_of": "2025-06-01"})
    assert response.status_code == 200
    body = response.json()
    assert (body["as_of"], body["layer"]) == ("2025-06-01", "forest")
    values = {row["name"]: row["value"] for row in body["districts"]}
    assert (values["榆次区"], values["太谷区"], values["祁县"]) == (3, 1, 0)


def test_the_map_data_counts_one_chosen_layer(client, city, small_forest):
    client.force_login(city)
    body = client.get(reverse("forest:map_counts"), {"as_of": "2025-06-01", "layer": "tree"}).json()
    values = {row["code"]: row["value"] for row in body["districts"]}
    assert (values["140702"], values["140703"]) == (0, 1)


def test_the_map_data_refuses_a_bad_date_naming_the_field(client, city, small_forest):
    client.force_login(city)
    response = client.get(reverse("forest:map_counts"), {"as_of": "yesterday"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "as_of"


@pytest.mark.django_db
def test_the_county_geojson_calls_taigu_a_district_with_its_2019_code(client, city):
    client.force_login(city)
    response = client.get(reverse("forest:geojson"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    features = {
        feature["properties"]["name"]: feature["id"] for feature in json.loads(response.content)["features"]
    }
    assert len(features) == 11
    assert features["太谷区"] == "140703"
    assert "太谷县" not in features
    assert features["榆次区"] == "140702"


def test_the_shipped_geojson_stays_as_published():
    assert '"name":"太谷县"' in GEOJSON_FILE.read_text(encoding="utf-8")
    assert (GEOJSON_FILE.parent / "LICENSE-jinzhong-counties").read_text().startswith("MIT License")


@pytest.mark.parametrize("who", ["university", "bank"])
def test_a_user_whose_scope_holds_no_organisation_is_told_so_instead_of_a_table_of_zeros(
    client, request, who, small_forest
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("forest:index"), {"as_of": "2025-06-01", "year": "2025"})
    html = response.content.decode()
    assert response.context["summary"].total == 0
    assert "<strong>您的数据范围内暂无企业</strong>" in html
    assert f'<a class="button" href="{reverse("policies:list")}">政策计算器</a>' in html
    assert 'class="forest-table"' not in html and 'id="forest-sankey"' not in html
    assert "forest.js" not in html


def test_a_city_officer_still_gets_the_forest(client, city, small_forest):
    client.force_login(city)
    html = client.get(reverse("forest:index"), {"as_of": "2025-06-01", "year": "2025"}).content.decode()
    assert "您的数据范围内暂无企业" not in html and 'class="forest-table"' in html
