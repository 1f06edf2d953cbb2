"""The enterprise FilterSet behind the list page, the API and the export: the district choices hold the
current districts only (a former code still resolves), and the search box reads full-width input and any
run of at least four characters of a credit code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rainforest.enterprises.filters import EnterpriseFilter
from rainforest.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

OWN = "晋中自有科技有限公司"
TAIGU = "太谷测试有限公司"
LIST = reverse("enterprises:list")


def names(response) -> list[str]:
    """The enterprise names of a list page, in order."""
    return re.findall(r'<td class="enterprise-name"><a [^>]*>([^<]+)</a></td>', response.content.decode())


def full_width(text: str) -> str:
    """The text as a Chinese input method in full-width mode types it (A → Ａ, 1 → １)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_the_district_choices_hold_the_current_districts_only_not_their_former_codes(db):
    field = EnterpriseFilter().form.fields["district"]
    choices = [(str(value), label) for value, label in field.choices]
    assert choices == [
        ("", "全部"),
        ("140702", "榆次区"),
        ("140703", "太谷区"),
        ("140721", "榆社县"),
        ("140722", "左权县"),
        ("140723", "和顺县"),
        ("140724", "昔阳县"),
        ("140725", "寿阳县"),
        ("140727", "祁县"),
        ("140728", "平遥县"),
        ("140729", "灵石县"),
        ("140781", "介休市"),
    ]


def test_the_list_page_offers_taigu_once(client, city, two_districts):
    client.force_login(city)
    page = client.get(LIST).content.decode()
    assert page.count(">太谷区</option>") == 1
    assert "太谷县" not in page


def test_a_former_district_code_still_filters_on_its_current_district(client, city, two_districts):
    client.force_login(city)
    assert names(client.get(LIST, {"district": "140726"})) == [TAIGU]
    assert names(client.get(LIST, {"district": "140703"})) == [TAIGU]


def test_an_unknown_district_code_is_refused_by_the_filter(city, two_districts):
    filterset = EnterpriseFilter({"district": "140199"}, queryset=Enterprise.objects.all())
    assert filterset.is_valid() is False
    assert list(filterset.errors) == ["district"]


def test_the_search_matches_a_credit_code_typed_full_width(client, city, two_districts):
    client.force_login(city)
    code = two_districts["yuci"].credit_code
    assert names(client.get(LIST, {"q": full_width(code)})) == [OWN]


def test_the_search_matches_a_full_width_lower_case_partial_credit_code(client, city, two_districts):
    client.force_login(city)
    code = two_districts["yuci"].credit_code
    assert names(client.get(LIST, {"q": full_width(code[-5:].lower())})) == [OWN]


def test_the_search_matches_any_run_of_four_characters_of_a_credit_code(client, city, two_districts):
    client.force_login(city)
    taigu_code = two_districts["taigu"].credit_code
    assert names(client.get(LIST, {"q": taigu_code[-6:]})) == [TAIGU]
    assert names(client.get(LIST, {"q": taigu_code[-5:-1]})) == [TAIGU]
    assert names(client.get(LIST, {"q": f" {taigu_code[-4:]} "})) == [TAIGU]


def test_the_search_ignores_spaces_inside_a_typed_credit_code(client, city, two_districts):
    client.force_login(city)
    code = two_districts["yuci"].credit_code
    assert names(client.get(LIST, {"q": f"{code[:6]} {code[6:12]} {code[12:]}"})) == [OWN]


def test_fewer_than_four_characters_search_names_only(client, city, two_districts):
    client.force_login(city)
    assert names(client.get(LIST, {"q": "914"})) == []
    assert names(client.get(LIST, {"q": "太谷"})) == [TAIGU]


def test_the_search_matches_a_name_typed_with_full_width_characters(client, city, two_districts):
    Enterprise.objects.filter(pk=two_districts["taigu"].pk).update(name="太谷ABC测试有限公司")
    client.force_login(city)
    assert names(client.get(LIST, {"q": "ＡＢＣ测试"})) == ["太谷ABC测试有限公司"]
