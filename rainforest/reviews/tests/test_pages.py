"""The expert's pages and scope: their sheets waiting (also in their to-do list), the score form, no
application of a panel they do not sit on, no others' scores before the panel closes; the city's panel
page with the ranking."""

from __future__ import annotations

import pytest

from rainforest.calls.models import Application
from rainforest.calls.pending import items_for
from rainforest.core.policy import OPERATOR, Action, restrict
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.reviews.models import ScoreSheet
from rainforest.reviews.services import sheet_submit
from rainforest.reviews.tests.factories import CallFactory, pool, seated, under_review

pytestmark = pytest.mark.django_db

GOOD = {"知识产权": "25", "科技成果转化能力": "24", "研究开发组织管理水平": "16", "企业成长性": "15"}


@pytest.fixture
def review(expert):
    call = CallFactory(code="page-test", title="页面测试通知")
    mine = [under_review(call, EnterpriseFactory(name=f"我的评审企业{n}")) for n in range(2)]
    others = pool(technical=3, financial=1)
    panel = seated(call, [expert.expert, *others])
    elsewhere = CallFactory(code="other-test")
    hidden = under_review(elsewhere, EnterpriseFactory(name="别组企业"))
    seated(elsewhere, pool(technical=4, financial=1))
    return {"call": call, "mine": mine, "others": others, "panel": panel, "hidden": hidden}


def test_an_expert_reaches_only_the_applications_of_their_panels(expert, review):
    reached = set(restrict(Application.objects.all(), expert, Action.VIEW).values_list("pk", flat=True))
    assert reached == {a.pk for a in review["mine"]}


def test_the_sheets_waiting_are_in_the_experts_list_and_to_do_list(client, expert, review):
    client.force_login(expert)
    page = client.get("/reviews/sheets/").content.decode()
    assert "我的评审企业0" in page and "我的评审企业1" in page and "别组企业" not in page
    items = [item for item in items_for(expert) if item.group == "待评分"]
    assert [item.url for item in items] == [f"/reviews/sheets/{a.pk}/" for a in review["mine"]]


def test_the_expert_scores_through_the_form_and_a_bad_score_names_its_criterion(client, expert, review):
    client.force_login(expert)
    url = f"/reviews/sheets/{review['mine'][0].pk}/"
    bad = client.post(url, {"score-0": "40", "score-1": "24", "score-2": "16", "score-3": "15"})
    assert bad.status_code == 200
    assert "“知识产权”须在 0 到 30 分之间：40" in bad.content.decode()
    assert ScoreSheet.objects.count() == 0
    good = client.post(
        url, {"score-0": "25", "score-1": "24", "score-2": "16", "score-3": "15", "comment": "好"}
    )
    assert good.status_code == 302
    assert ScoreSheet.objects.get().total == 80
    assert (
        next(i for i in items_for(expert) if i.group == "待评分").url
        == f"/reviews/sheets/{review['mine'][1].pk}/"
    )


def test_an_expert_does_not_reach_another_panels_application(client, expert, review):
    client.force_login(expert)
    assert client.get(f"/reviews/sheets/{review['hidden'].pk}/").status_code == 404
    assert client.get("/reviews/other-test/").status_code == 404


def test_an_expert_sees_no_others_scores_before_the_panel_closes(client, expert, review):
    sheet_submit(user=OPERATOR, application=review["mine"][0], scores=GOOD, expert=review["others"][0])
    assert not restrict(ScoreSheet.objects.all(), expert, Action.VIEW).exists()
    client.force_login(expert)
    page = client.get("/reviews/page-test/").content.decode()
    assert "评审结束后公布得分" in page and "80.00" not in page
    from django.utils import timezone

    review["panel"].closed_at = timezone.now()
    review["panel"].save()
    assert restrict(ScoreSheet.objects.all(), expert, Action.VIEW).count() == 1
    assert "80.00" in client.get("/reviews/page-test/").content.decode()


def test_the_city_sees_the_ranking_and_the_consistency(client, city, review):
    sheet_submit(user=OPERATOR, application=review["mine"][0], scores=GOOD, expert=review["others"][0])
    client.force_login(city)
    page = client.get("/reviews/page-test/").content.decode()
    assert "评审排名" in page and "80.00" in page and "专家评分一致性" in page


def test_the_city_draws_a_panel_from_the_panels_page(client, city):
    call = CallFactory(code="draw-page", title="抽取页面通知")
    under_review(call, EnterpriseFactory(name="抽取页面企业"))
    pool(technical=5, financial=1)
    client.force_login(city)
    page = client.get("/reviews/").content.decode()
    assert "抽取页面通知" in page and 'action="/reviews/draw-page/draw/"' in page
    response = client.post("/reviews/draw-page/draw/", {"seed": "3", "confirm": "1"})
    assert (response.status_code, response.url) == (302, "/reviews/draw-page/")
    assert call.panel.members.count() == 5
    assert "专家组成员（5）" in client.get("/reviews/draw-page/").content.decode()
