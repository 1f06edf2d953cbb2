"""The layout every page shares, the home page, the error pages and the language switch."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from rainforest.accounts.models import AuditEntry
from rainforest.core.models import today
from rainforest.enterprises.tests.factories import CertificateFactory
from rainforest.forest.services import forest_refresh

pytestmark = pytest.mark.django_db


# The registry section opens as a drop-down: its pages.
REGISTRY = ["企业", "知识产权", "变更记录"]


def nav_labels(response) -> list[str]:
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', response.content.decode(), re.S)
    return re.findall(r">([^<]+)</(?:a|summary)>", nav.group(1)) if nav else []


def test_the_login_page_speaks_chinese(client):
    content = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in content
    assert "登录雨林创新生态平台" in content


def test_a_user_signs_in_and_out_and_both_are_recorded(client, city):
    response = client.post(reverse("login"), {"username": "city", "password": "pass-1234-word"})
    assert response.url == reverse("home")
    assert client.get(reverse("logout")).status_code == 405  # signing out is a POST, never a link
    assert client.post(reverse("logout")).url == reverse("login")
    assert list(AuditEntry.objects.order_by("at", "pk").values_list("username", "kind")) == [
        ("city", "login"),
        ("city", "logout"),
    ]


def test_the_header_names_the_user_role_and_organisation(client, district_yuci):
    client.force_login(district_yuci)
    content = client.get(reverse("home")).content.decode()
    assert '<span class="signed-in__name">district-yuci</span>' in content
    assert '<span class="signed-in__role">县区工作人员 · 榆次区科技局</span>' in content


def nav_sections(response) -> list[str]:
    """The header's top-level sections: plain links and drop-downs' titles, without the drop-downs' pages."""
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', response.content.decode(), re.S)
    top = re.sub(r'<div class="nav-group__menu">.*?</div>', "", nav.group(1), flags=re.S) if nav else ""
    return re.findall(r">([^<]+)</(?:a|summary)>", top)


BUSINESS = ["技术市场", "平台载体", "科技金融", "项目申报"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("city", ["首页", "创新雨林", "企业库", "企业培育", "政策计算器", *BUSINESS, "数据导入"]),
        ("district_yuci", ["首页", "创新雨林", "企业库", "企业培育", "政策计算器", *BUSINESS, "数据导入"]),
        ("butler", ["首页", "创新雨林", "企业库", "企业培育", "政策计算器", *BUSINESS]),
        ("owner", ["首页", "创新雨林", "企业库", "资格自评", "政策计算器", *BUSINESS]),
        ("bank", ["首页", "创新雨林", "企业库", "政策计算器", *BUSINESS]),
        (
            "admin",
            [
                "首页",
                "创新雨林",
                "企业库",
                "企业培育",
                "政策计算器",
                *BUSINESS,
                "数据导入",
                "系统管理",
                "安全管理",
            ],
        ),
    ],
)
def test_the_navigation_lists_the_capabilities_a_role_uses(client, request, who, expected):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("home"))
    assert nav_sections(response) == expected
    # the drop-downs hold each area's pages: the registry's, the technology market's, the resources'
    labels = nav_labels(response)
    assert all(label in labels for label in REGISTRY)
    assert ("技术经理人" in labels) is (who in ("city", "district_yuci", "butler", "admin"))
    assert ("孵化载体" in labels) is (who in ("city", "district_yuci", "admin"))
    assert ("邀请企业用户" in labels) is (who in ("city", "admin"))


def test_the_current_page_is_marked_in_the_navigation(client, city):
    client.force_login(city)
    content = client.get(reverse("enterprises:list")).content.decode()
    assert (
        f'<a href="{reverse("enterprises:list")}" class="is-active" aria-current="page">企业</a>' in content
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("city", ["创新雨林", "企业库", "企业培育", "政策计算器", *BUSINESS, "数据导入", "登记企业"]),
        ("butler", ["创新雨林", "企业库", "企业培育", "政策计算器", *BUSINESS]),
        ("owner", ["创新雨林", "企业库", "资格自评", "政策计算器", *BUSINESS]),
    ],
)
def test_the_home_page_links_to_what_each_role_comes_for(client, request, who, expected):
    """An enterprise came for its self-assessment and its policies, a butler for the cultivation pool: the
    home page's entries follow the role's navigation instead of a fixed forest / registry pair."""
    client.force_login(request.getfixturevalue(who))
    html = client.get(reverse("home")).content.decode()
    links = html[html.index('<div class="links">') :]
    assert re.findall(r'<a class="button" href="[^"]+">([^<]+)</a>', links) == expected


@pytest.mark.parametrize(
    "who", ["city", "admin", "district_yuci", "butler", "owner", "university", "bank", "outsider"]
)
def test_every_role_gets_a_home_page(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("home")).status_code == 200


def test_the_home_page_counts_the_forest_by_layer_within_the_users_scope(
    client, city, district_yuci, two_districts
):
    CertificateFactory(enterprise=two_districts["yuci"], kind="hnte", issued_on=today() - timedelta(days=30))
    CertificateFactory(
        enterprise=two_districts["taigu"], kind="tech_sme", issued_on=today() - timedelta(days=1)
    )
    forest_refresh(enterprise_ids=[e.pk for e in two_districts.values()])
    client.force_login(city)
    counts = {layer.code: layer.count for layer in client.get(reverse("home")).context["layers"]}
    assert counts == {"seed": 0, "herb": 1, "shrub": 1, "tree": 0}
    client.force_login(district_yuci)
    counts = {layer.code: layer.count for layer in client.get(reverse("home")).context["layers"]}
    assert counts == {"seed": 0, "herb": 0, "shrub": 1, "tree": 0}


def test_an_anonymous_visitor_is_asked_to_sign_in(client):
    assert client.get(reverse("home")).url == reverse("login") + "?next=/"


def test_a_missing_page_shows_the_chinese_404_page(client, city):
    client.force_login(city)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404 · 页面不存在" in response.content.decode()


def test_a_refused_page_shows_the_chinese_403_page(client, owner):
    client.force_login(owner)
    response = client.get(reverse("enterprises:create"))
    assert response.status_code == 403
    assert "403 · 无权访问" in response.content.decode()


def test_switching_to_english_shows_english_labels(client, city):
    client.force_login(city)
    response = client.post("/i18n/setlang/", {"language": "en", "next": reverse("enterprises:list")})
    assert response.url == reverse("enterprises:list")
    content = client.get(reverse("enterprises:list")).content.decode()
    assert '<html lang="en">' in content
    assert "<h1>Enterprises</h1>" in content
    assert ">Name or credit code</label>" in content
    assert nav_labels(client.get(reverse("home")))[:1] == ["Home"]
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "<h1>企业库</h1>" in client.get(reverse("enterprises:list")).content.decode()


def test_the_language_switch_is_in_the_header(client, city):
    client.force_login(city)
    content = client.get(reverse("home")).content.decode()
    assert 'action="/i18n/setlang/"' in content
    assert '<button type="submit" name="language" value="en">English</button>' in content


@pytest.mark.parametrize("who", ["university", "bank"])
def test_the_home_page_says_plainly_when_the_scope_holds_no_organisation(client, request, who, two_districts):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.context["scope_empty"] is True
    assert "企业库、创新雨林等页面只列出本单位数据范围内的企业" in html  # web/tests/test_home.py: the desk
    assert 'data-layer="total"' not in html  # no line of zero counts


def test_the_home_page_of_a_city_officer_keeps_its_cards(client, city, two_districts):
    forest_refresh(enterprise_ids=[e.pk for e in two_districts.values()])
    client.force_login(city)
    response = client.get(reverse("home"))
    assert response.context["scope_empty"] is False
    assert "您的数据范围内暂无企业" not in response.content.decode()
