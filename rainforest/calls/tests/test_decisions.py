"""After the ranking: the notice (公示) generated from the ranking, objections recorded and resolved (an open
one blocks the close), the decision on each application, and the Word notice and recommendation letter."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from typing import cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from docx.oxml.ns import qn

from rainforest.calls import decisions, documents
from rainforest.calls.choices import State
from rainforest.calls.models import Application, Call
from rainforest.calls.outcomes import Objection, Publicity, working_days_end
from rainforest.calls.tests.factories import ApplicationFactory, CallFactory
from rainforest.core.models import today
from rainforest.enterprises.tests.factories import EnterpriseFactory, district

pytestmark = pytest.mark.django_db

PUBLISHED = date(2025, 5, 19)  # a Monday


def _ranked(call: Call, names: list[str], amounts: list[int] | None = None) -> list[Application]:
    rows = []
    for n, name in enumerate(names):
        firm = EnterpriseFactory(name=name, district=district("140702" if n % 2 == 0 else "140703"))
        amount = Decimal(amounts[n]) if amounts else None
        application = cast(
            Application,
            ApplicationFactory(call=call, enterprise=firm, title=f"{name}项目", amount_requested=amount),
        )
        Application.objects.filter(pk=application.pk).update(status=State.RANKED)
        rows.append(Application.objects.get(pk=application.pk))
    return rows


@pytest.fixture
def call():
    return CallFactory(code="decide-city", level="city", publicity_days=5)


@pytest.fixture
def province_call():
    return CallFactory(
        code="decide-province", level="province", title="省级新型研发机构推荐", publicity_days=5
    )


def _publish(city, call, **kwargs):
    return decisions.publicity_publish(
        user=city, call=call, published_on=kwargs.pop("published_on", PUBLISHED), **kwargs
    )


def test_five_working_days_from_a_monday_end_on_the_friday_and_a_weekend_is_skipped():
    assert working_days_end(date(2025, 5, 19), 5) == date(2025, 5, 23)
    assert working_days_end(date(2025, 5, 22), 5) == date(2025, 5, 28)
    assert working_days_end(date(2025, 5, 24), 1) == date(2025, 5, 26)  # a Saturday start counts from Monday


def test_the_notice_lists_the_ranked_applications_in_ranking_order_with_the_chosen_columns(city, call):
    _ranked(call, ["甲科技", "乙科技", "丙科技"], [500_000, 300_000, 200_000])
    notice = _publish(city, call, columns=["rank", "enterprise", "amount"])
    assert notice.columns == ["rank", "enterprise", "amount"]
    assert [(r["rank"], r["enterprise"], r["amount"]) for r in notice.rows] == [
        (1, "甲科技", "500000.00"),
        (2, "乙科技", "300000.00"),
        (3, "丙科技", "200000.00"),
    ]
    assert (notice.published_on, notice.ends_on) == (PUBLISHED, date(2025, 5, 23))
    assert set(Application.objects.filter(call=call).values_list("status", flat=True)) == {State.PUBLICITY}


def test_the_notice_follows_the_reviews_ranking_when_there_is_one(city, call, monkeypatch):
    first, second = _ranked(call, ["甲科技", "乙科技"])
    from rainforest.reviews import selectors as reviews

    monkeypatch.setattr(
        reviews,
        "ranking",
        lambda c: [
            {
                "application": second.pk,
                "enterprise": "乙科技",
                "score": Decimal("91.50"),
                "rank": 1,
                "reviewers": 5,
            },
            {
                "application": first.pk,
                "enterprise": "甲科技",
                "score": Decimal("80.25"),
                "rank": 2,
                "reviewers": 5,
            },
        ],
    )
    notice = _publish(city, call, columns=["rank", "enterprise", "score"])
    assert [(r["enterprise"], r["score"], r["rank"]) for r in notice.rows] == [
        ("乙科技", "91.50", 1),
        ("甲科技", "80.25", 2),
    ]


def test_a_tie_in_the_reviews_ranking_shares_a_rank_and_an_unscored_application_follows(
    city, call, monkeypatch
):
    first, _second, third = _ranked(call, ["甲科技", "乙科技", "丙科技"])
    from rainforest.reviews import selectors as reviews

    monkeypatch.setattr(
        reviews,
        "ranking",
        lambda c: [
            {
                "application": third.pk,
                "enterprise": "丙科技",
                "score": Decimal("88.00"),
                "rank": 1,
                "reviewers": 5,
            },
            {
                "application": first.pk,
                "enterprise": "甲科技",
                "score": Decimal("88.00"),
                "rank": 1,
                "reviewers": 5,
            },
        ],
    )
    notice = _publish(city, call, columns=["rank", "enterprise", "score"])
    assert [(r["enterprise"], r["score"], r["rank"]) for r in notice.rows] == [
        ("丙科技", "88.00", 1),
        ("甲科技", "88.00", 1),
        ("乙科技", None, 3),
    ]


def test_listing_only_the_first_places_leaves_the_others_ranked(city, call):
    first, second = _ranked(call, ["甲科技", "乙科技"])
    notice = _publish(city, call, listed=1)
    assert [r["application"] for r in notice.rows] == [first.pk]
    second.refresh_from_db()
    assert second.status == State.RANKED


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"columns": ["rank", "phone"]}, "columns"), ({"listed": 0}, "listed")],
)
def test_a_notice_with_an_unknown_column_or_no_place_is_refused_and_nothing_moves(city, call, kwargs, field):
    _ranked(call, ["甲科技"])
    with pytest.raises(ValidationError) as error:
        _publish(city, call, **kwargs)
    assert field in error.value.message_dict
    assert Publicity.objects.count() == 0
    assert list(Application.objects.values_list("status", flat=True)) == [State.RANKED]


def test_a_call_without_ranked_applications_or_already_published_is_refused(city, call):
    with pytest.raises(ValidationError) as error:
        _publish(city, call)
    assert "status" in error.value.message_dict
    _ranked(call, ["甲科技"])
    _publish(city, call)
    with pytest.raises(ValidationError) as error:
        _publish(city, call)
    assert "call" in error.value.message_dict


def test_a_district_officer_may_not_publish(district_yuci, call):
    _ranked(call, ["甲科技"])
    with pytest.raises(PermissionDenied):
        _publish(district_yuci, call)
    assert Publicity.objects.count() == 0


def test_an_open_objection_blocks_the_close_and_its_resolution_lets_it_close(city, call):
    first, _second = _ranked(call, ["甲科技", "乙科技"])
    notice = _publish(city, call)
    objection = decisions.objection_record(
        user=city,
        publicity=notice,
        application=first,
        raised_by="李四",
        text="申报材料中的研发人员数与社保记录不符",
        raised_on=PUBLISHED + timedelta(days=1),
    )
    assert (objection.raised_by, objection.recorded_by, objection.is_open) == ("李四", city, True)
    with pytest.raises(ValidationError) as error:
        decisions.publicity_close(user=city, publicity=notice, closed_on=date(2025, 5, 26))
    assert "objections" in error.value.message_dict
    notice.refresh_from_db()
    assert notice.closed_on is None
    # nor can the one application close through the plain workflow step
    with pytest.raises(ValidationError) as error:
        decisions.application_transition(user=city, application=first, transition="close_publicity")
    assert "objections" in error.value.message_dict

    decisions.objection_resolve(user=city, objection=objection, resolution="经核查，人数与社保记录一致")
    objection.refresh_from_db()
    assert (objection.resolved_by, objection.resolved_on, objection.upheld) == (city, today(), False)
    decisions.publicity_close(user=city, publicity=notice, closed_on=date(2025, 5, 26))
    assert sorted(Application.objects.values_list("status", flat=True)) == [State.PUBLICITY_CLOSED] * 2


def test_an_upheld_objection_declines_the_application_with_the_resolution_as_reason(city, call):
    first, second = _ranked(call, ["甲科技", "乙科技"])
    notice = _publish(city, call)
    objection = decisions.objection_record(
        user=city,
        publicity=notice,
        application=second,
        raised_by="王五",
        text="存在失信记录",
        raised_on=PUBLISHED,
    )
    decisions.objection_resolve(user=city, objection=objection, resolution="经核实列入失信名单", upheld=True)
    second.refresh_from_db()
    assert (second.status, second.last_comment) == (State.NOT_APPROVED, "异议成立：经核实列入失信名单")
    decisions.publicity_close(user=city, publicity=notice, closed_on=date(2025, 5, 26))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (State.PUBLICITY_CLOSED, State.NOT_APPROVED)


@pytest.mark.parametrize(
    ("raised_on", "field"),
    [(PUBLISHED - timedelta(days=1), "raised_on"), (date(2025, 5, 24), "raised_on")],
)
def test_an_objection_outside_the_period_is_refused(city, call, raised_on, field):
    (first,) = _ranked(call, ["甲科技"])
    notice = _publish(city, call)
    with pytest.raises(ValidationError) as error:
        decisions.objection_record(
            user=city, publicity=notice, application=first, raised_by="李四", text="异议", raised_on=raised_on
        )
    assert field in error.value.message_dict
    assert Objection.objects.count() == 0


def test_an_objection_to_an_application_not_listed_or_without_text_is_refused(city, call):
    first, second = _ranked(call, ["甲科技", "乙科技"])
    notice = _publish(city, call, listed=1)
    with pytest.raises(ValidationError) as error:
        decisions.objection_record(
            user=city,
            publicity=notice,
            application=second,
            raised_by="李四",
            text="异议",
            raised_on=PUBLISHED,
        )
    assert "application" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        decisions.objection_record(
            user=city, publicity=notice, application=first, raised_by="李四", text="  ", raised_on=PUBLISHED
        )
    assert "text" in error.value.message_dict
    assert Objection.objects.count() == 0


def test_the_notice_cannot_close_before_its_period_ends_nor_twice(city, call):
    _ranked(call, ["甲科技"])
    notice = _publish(city, call)
    with pytest.raises(ValidationError) as error:
        decisions.publicity_close(user=city, publicity=notice, closed_on=date(2025, 5, 23))
    assert "closed_on" in error.value.message_dict
    decisions.publicity_close(user=city, publicity=notice, closed_on=date(2025, 5, 26))
    with pytest.raises(ValidationError) as error:
        decisions.publicity_close(user=city, publicity=notice, closed_on=date(2025, 5, 27))
    assert "publicity" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        decisions.objection_record(
            user=city, publicity=notice, application=Application.objects.get(), raised_by="李", text="晚了"
        )
    assert "publicity" in error.value.message_dict


def _closed(city, call, names):
    applications = _ranked(call, names, [100_000 * (n + 1) for n in range(len(names))])
    notice = _publish(city, call)
    decisions.publicity_close(user=city, publicity=notice, closed_on=date(2025, 5, 26))
    return [Application.objects.get(pk=a.pk) for a in applications]


def test_a_city_call_approves_with_the_amount_granted_and_declines_with_a_reason(city, call):
    first, second = _closed(city, call, ["甲科技", "乙科技"])
    decisions.application_decide(
        user=city, application=first, decision="approve", amount_granted=Decimal(80_000)
    )
    first.refresh_from_db()
    assert (first.status, first.amount_granted) == (State.APPROVED, Decimal("80000.00"))
    with pytest.raises(ValidationError) as error:
        decisions.application_decide(user=city, application=second, decision="decline")
    assert "comment" in error.value.message_dict
    decisions.application_decide(user=city, application=second, decision="decline", comment="名额已满")
    second.refresh_from_db()
    assert (second.status, second.amount_granted) == (State.NOT_APPROVED, None)


def test_a_provincial_call_recommends_and_may_not_approve(city, province_call):
    (first,) = _closed(city, province_call, ["甲科技"])
    with pytest.raises(ValidationError) as error:
        decisions.application_decide(user=city, application=first, decision="approve")
    assert "decision" in error.value.message_dict
    decisions.application_decide(user=city, application=first, decision="recommend")
    first.refresh_from_db()
    assert first.status == State.RECOMMENDED


def test_a_decision_before_the_notice_closes_or_by_a_district_officer_is_refused(city, district_yuci, call):
    (first,) = _ranked(call, ["甲科技"])
    with pytest.raises(ValidationError) as error:
        decisions.application_decide(user=city, application=first, decision="approve")
    assert "status" in error.value.message_dict
    decisions.publicity_close(user=city, publicity=_publish(city, call), closed_on=date(2025, 5, 26))
    with pytest.raises(PermissionDenied):
        decisions.application_decide(user=district_yuci, application=first, decision="approve")
    first.refresh_from_db()
    assert first.status == State.PUBLICITY_CLOSED


def _cell_texts(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_word_notice_holds_the_title_the_table_the_period_and_the_issuer_in_a_chinese_font(city, call):
    _ranked(call, ["甲科技", "乙科技"], [500_000, 350_000])
    notice = _publish(
        city, call, columns=["rank", "enterprise", "title", "amount"], contact="张科长 0354-1234567"
    )
    document = Document(BytesIO(documents.publicity_notice(notice)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == f"关于{call.title}拟支持名单的公示"
    assert "公示期：2025年5月19日至2025年5月23日（5个工作日）。" in texts
    assert "联系人及电话：张科长 0354-1234567" in texts
    assert texts[-2:] == ["市科学技术局", "2025年5月19日"]
    assert _cell_texts(document.tables[0]) == [
        ["排名", "企业名称", "项目名称", "金额（万元）"],
        ["1", "甲科技", "甲科技项目", "50"],
        ["2", "乙科技", "乙科技项目", "35"],
    ]
    run = document.paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    cell_run = document.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert cell_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_the_recommendation_letter_lists_the_recommended_applications(city, province_call):
    first, second, third = _closed(city, province_call, ["甲研究院", "乙研究院", "丙研究院"])
    decisions.application_decide(user=city, application=first, decision="recommend")
    decisions.application_decide(user=city, application=third, decision="recommend")
    decisions.application_decide(user=city, application=second, decision="decline", comment="不符合条件")
    document = Document(BytesIO(documents.recommendation_letter(province_call, day=date(2025, 5, 28))))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "关于推荐省级新型研发机构推荐的函"
    assert texts[1] == "省科学技术厅："
    assert "现推荐以下 2 个单位（项目）" in texts[2]
    assert texts[-1] == "2025年5月28日"
    rows = _cell_texts(document.tables[0])
    assert rows[0] == ["序号", "企业名称", "所在县区", "项目名称", "申请金额（万元）"]
    assert sorted(row[1:] for row in rows[1:]) == [
        ["丙研究院", "榆次区", "丙研究院项目", "30"],
        ["甲研究院", "榆次区", "甲研究院项目", "10"],
    ]
    assert [row[0] for row in rows[1:]] == ["1", "2"]


def test_a_call_may_not_take_a_code_the_pages_use():
    call = Call(
        code="projects",
        title="占用地址的通知",
        opens_on=date(2025, 3, 1),
        closes_on=date(2025, 4, 1),
        district_review_ends_on=date(2025, 4, 15),
        expert_review_ends_on=date(2025, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "code" in error.value.message_dict
