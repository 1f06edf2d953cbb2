"""Scoring: what is refused (each leaving nothing changed), the weighted total, mean and trimmed mean,
the reviewers' consistency, closing the panel, and the ranking through the calls API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rainforest.core.policy import OPERATOR
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.reviews import selectors
from rainforest.reviews.models import Conflict, ScoreSheet
from rainforest.reviews.services import panel_close, sheet_submit
from rainforest.reviews.tests.factories import CallFactory, organisation, pool, seated, under_review

pytestmark = pytest.mark.django_db

GOOD = {"知识产权": "25", "科技成果转化能力": "24", "研究开发组织管理水平": "16", "企业成长性": "15"}


def scores(total: int) -> dict[str, str]:
    """Scores adding up to `total` (at most 100) within each criterion's range."""
    parts = [min(30, total * 30 // 100), min(30, total * 30 // 100), min(20, total * 20 // 100)]
    return dict(zip(GOOD, [*map(str, parts), str(total - sum(parts))], strict=True))


@pytest.fixture
def review(expert):
    call = CallFactory(code="score-test")
    firms = [EnterpriseFactory(name=f"评分企业{n}") for n in range(3)]
    applications = [under_review(call, firm) for firm in firms]
    others = pool(technical=3, financial=1)
    panel = seated(call, [expert.expert, *others])
    return {"call": call, "applications": applications, "panel": panel, "others": others}


def test_an_expert_scores_an_application_of_their_panel(expert, review):
    sheet = sheet_submit(user=expert, application=review["applications"][0], scores=GOOD, comment="良好")
    assert sheet.total == Decimal("80.00")
    assert sheet.scores == GOOD
    assert sheet.expert == expert.expert


def test_the_total_weighs_each_criterion(review):
    review["panel"].criteria = [
        {"name": "技术", "weight": 2, "min": 0, "max": 10},
        {"name": "财务", "weight": 0.5, "min": 0, "max": 10},
    ]
    review["panel"].save()
    sheet = sheet_submit(
        user=OPERATOR,
        application=review["applications"][0],
        scores={"技术": "7.5", "财务": 9},
        expert=review["others"][0],
    )
    assert sheet.total == Decimal("19.50")


@pytest.mark.parametrize(
    ("changed", "field", "message"),
    [
        ({"知识产权": "31"}, "知识产权", "“知识产权”须在 0 到 30 分之间：31"),
        ({"企业成长性": "-1"}, "企业成长性", "“企业成长性”须在 0 到 20 分之间：-1"),
        ({"企业成长性": "好"}, "企业成长性", "“企业成长性”须为数字：好"),
        ({"企业成长性": ""}, "企业成长性", "“企业成长性”未评分"),
        ({"额外": "3"}, "额外", "评分表没有“额外”一项"),
    ],
)
def test_a_score_out_of_range_or_missing_is_refused_naming_the_criterion(
    expert, review, changed, field, message
):
    with pytest.raises(ValidationError) as refused:
        sheet_submit(user=expert, application=review["applications"][0], scores={**GOOD, **changed})
    assert refused.value.message_dict[field] == [message]
    assert ScoreSheet.objects.count() == 0


def test_an_expert_may_not_score_an_application_of_their_own_organisation(expert, review):
    university = expert.organisation
    university.credit_code = review["applications"][1].enterprise.credit_code
    university.save()
    with pytest.raises(ValidationError) as refused:
        sheet_submit(user=expert, application=review["applications"][1], scores=GOOD)
    assert "不能评审本单位的申报" in refused.value.message_dict["application"][0]
    assert ScoreSheet.objects.count() == 0


def test_an_expert_may_not_score_an_applicant_they_declared_a_conflict_with(expert, review):
    Conflict.objects.create(
        expert=expert.expert, enterprise=review["applications"][2].enterprise, grounds="亲属"
    )
    with pytest.raises(ValidationError) as refused:
        sheet_submit(user=expert, application=review["applications"][2], scores=GOOD)
    assert refused.value.message_dict["application"] == ["已声明回避该企业，不能评分"]
    assert ScoreSheet.objects.count() == 0


def test_an_expert_not_on_the_panel_may_not_score(review, organisations):
    from rainforest.core.choices import Role
    from rainforest.core.models import User
    from rainforest.reviews.tests.factories import ExpertFactory

    stranger = User.objects.create_user(username="stranger", password="x-1234-word", role=Role.EXPERT)
    stranger.organisation = organisation("别的大学")
    stranger.save()
    ExpertFactory(user=stranger, name="局外专家")
    for user, expert in ((stranger, None), (OPERATOR, stranger.expert)):
        with pytest.raises(ValidationError) as refused:
            sheet_submit(user=user, application=review["applications"][0], scores=GOOD, expert=expert)
        assert refused.value.message_dict["expert"] == ["该专家不在本通知的评审专家组中"]
    assert ScoreSheet.objects.count() == 0


def test_no_score_after_the_panel_closed(expert, review):
    sheet = sheet_submit(user=expert, application=review["applications"][0], scores=GOOD)
    review["panel"].closed_at = timezone.now()
    review["panel"].save()
    with pytest.raises(ValidationError) as refused:
        sheet_submit(user=expert, application=review["applications"][0], scores=scores(50))
    assert "评审已结束" in refused.value.message_dict["panel"][0]
    sheet.refresh_from_db()
    assert sheet.total == Decimal("80.00")


def test_an_expert_may_not_enter_another_experts_sheet(expert, review):
    with pytest.raises(PermissionDenied):
        sheet_submit(
            user=expert, application=review["applications"][0], scores=GOOD, expert=review["others"][0]
        )
    assert ScoreSheet.objects.count() == 0


def _score_all(review, totals):
    """totals: per application, the totals of the panel's five experts in seat order."""
    members = [m.expert for m in review["panel"].members.order_by("position")]
    for application, row in zip(review["applications"], totals, strict=True):
        for member, total in zip(members, row, strict=True):
            sheet_submit(user=OPERATOR, application=application, scores=scores(total), expert=member)


def test_the_mean_and_the_trimmed_mean_rank_differently(review):
    _score_all(review, [[90, 60, 60, 60, 60], [70, 68, 66, 64, 62], [40, 50, 50, 50, 90]])
    mean = selectors.ranking(review["call"])
    assert [(r["score"], r["rank"], r["reviewers"], r["trimmed"]) for r in mean] == [
        (Decimal("66.00"), 1, 5, False),
        (Decimal("66.00"), 1, 5, False),
        (Decimal("56.00"), 3, 5, False),
    ]
    review["panel"].aggregation = "trimmed"
    review["panel"].save()
    trimmed = selectors.ranking(review["call"])
    assert [(r["application"], r["score"], r["rank"], r["reviewers"], r["trimmed"]) for r in trimmed] == [
        (review["applications"][1].pk, Decimal("66.00"), 1, 3, True),
        (review["applications"][0].pk, Decimal("60.00"), 2, 3, True),
        (review["applications"][2].pk, Decimal("50.00"), 3, 3, True),
    ]


def test_an_expert_far_from_the_panel_is_flagged(review):
    _score_all(review, [[90, 70, 70, 70, 70], [88, 66, 66, 66, 66], [85, 60, 62, 60, 61]])
    members = [m.expert for m in review["panel"].members.order_by("position")]
    rows = {row.expert.pk: row for row in selectors.consistency(review["call"])}
    assert rows[members[0].pk].flagged is True
    assert rows[members[0].pk].mean_deviation == Decimal("17.67")
    assert [rows[m.pk].flagged for m in members[1:]] == [False, False, False, False]
    assert [r["flags"] for r in selectors.ranking(review["call"])] == [[members[0].pk]] * 3


def test_closing_needs_every_sheet_then_ranks_the_applications(review, city):
    _score_all(review, [[80, 80, 80, 80, 80], [70, 70, 70, 70, 70], [60, 60, 60, 60, 60]])
    members = [m.expert for m in review["panel"].members.order_by("position")]
    ScoreSheet.objects.filter(application=review["applications"][2], expert=members[0]).delete()
    with pytest.raises(ValidationError) as refused:
        panel_close(user=city, panel=review["panel"])
    assert refused.value.message_dict["panel"] == ["还有 1 份评分表未提交，不能结束评审"]
    review["panel"].refresh_from_db()
    assert review["panel"].closed_at is None
    sheet_submit(user=OPERATOR, application=review["applications"][2], scores=scores(60), expert=members[0])
    panel_close(user=city, panel=review["panel"])
    statuses = {a.status for a in type(review["applications"][0]).objects.filter(call=review["call"])}
    assert statuses == {"ranked"}


def test_the_ranking_api_hides_the_scores_from_an_expert_until_the_panel_closes(api, expert, city, review):
    _score_all(review, [[80, 80, 80, 80, 80], [70, 70, 70, 70, 70], [60, 60, 60, 60, 60]])
    path = "/api/v1/calls/score-test/ranking"
    assert api(expert, "GET", path).json() == []
    assert [row["score"] for row in api(city, "GET", path).json()] == ["80.00", "70.00", "60.00"]
    panel_close(user=city, panel=review["panel"])
    body = api(expert, "GET", path).json()
    assert [(row["enterprise"], row["rank"], row["reviewers"]) for row in body] == [
        ("评分企业0", 1, 5),
        ("评分企业1", 2, 5),
        ("评分企业2", 3, 5),
    ]


def test_a_district_officer_sees_the_results_of_their_districts_applicants_only(
    api, city, district_yuci, review
):
    from rainforest.enterprises.tests.factories import district

    taigu = EnterpriseFactory(name="太谷评分企业", district=district("140703"))
    review["applications"].append(under_review(review["call"], taigu))
    _score_all(review, [[80] * 5, [70] * 5, [60] * 5, [90] * 5])
    panel_close(user=city, panel=review["panel"])
    names = [
        row["enterprise"] for row in api(district_yuci, "GET", "/api/v1/calls/score-test/ranking").json()
    ]
    assert "太谷评分企业" not in names
    assert names == ["评分企业0", "评分企业1", "评分企业2"]
