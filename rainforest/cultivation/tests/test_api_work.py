"""/api/v1/cultivation trainings and follow-ups, per role: lists within the data scope (a butler sees the
follow-ups and attendance of the firms assigned to them), writes through the services (city officers for
trainings; whoever may log the visit for its follow-ups), 403/404/422 with nothing changed."""

from __future__ import annotations

from datetime import date

import pytest

from rainforest.cultivation.choices import AttendanceStatus, FollowUpStatus
from rainforest.cultivation.models import Attendance, FollowUp, Training, TrainingSession, Visit
from rainforest.enterprises.services import assignment_start

pytestmark = pytest.mark.django_db

TRAININGS = "/api/v1/cultivation/trainings"
FOLLOW_UPS = "/api/v1/cultivation/follow-ups"
TITLE = "2025年高企培育专题培训会"

# Who sees the firms of `firms` (榆次 own_firm; 太谷 served by the butler).
VISIBLE = {
    "city": {"yuci", "taigu"},
    "admin": {"yuci", "taigu"},
    "district_yuci": {"yuci"},
    "butler": {"taigu"},
}
REFUSED = ["owner", "university", "bank", "outsider"]


@pytest.fixture
def firms(two_districts, butler, city):
    assignment_start(enterprise=two_districts["taigu"], butler=butler, started_on=date(2024, 1, 1), user=city)
    return two_districts


@pytest.fixture
def follow_ups(firms, butler):
    """One visit per firm with two follow-ups: one overdue on 2025-06-01, one done."""
    rows = {}
    for name, firm in firms.items():
        visit = Visit.objects.create(
            enterprise=firm, butler=butler, visited_on=date(2025, 5, 6), topics=["ip"]
        )
        rows[name] = FollowUp.objects.create(
            visit=visit, action=f"{name}补齐辅助账", owner="财务部", due_on=date(2025, 5, 20)
        )
        FollowUp.objects.create(
            visit=visit,
            action=f"{name}申请专利",
            owner="技术部",
            due_on=date(2025, 9, 30),
            status=FollowUpStatus.DONE,
            done_on=date(2025, 5, 30),
        )
    return rows


@pytest.fixture
def session(firms):
    training = Training.objects.create(title=TITLE, organiser="晋中市科学技术局")
    session = TrainingSession.objects.create(training=training, held_on=date(2025, 4, 18), capacity=3)
    for firm in firms.values():
        Attendance.objects.create(session=session, enterprise=firm)
    return session


# --- follow-ups ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", list(VISIBLE))
def test_follow_ups_are_listed_within_the_users_scope(who, request, api, follow_ups, firms):
    body = api(request.getfixturevalue(who), "GET", FOLLOW_UPS, as_of="2025-06-01").json()
    assert body["count"] == 2 * len(VISIBLE[who])
    assert {row["credit_code"] for row in body["results"]} == {firms[n].credit_code for n in VISIBLE[who]}


def test_a_butler_lists_the_overdue_follow_ups_of_their_firms(api, butler, follow_ups, firms):
    body = api(butler, "GET", FOLLOW_UPS, overdue="true", as_of="2025-06-01").json()
    assert body["results"] == [
        {
            "id": follow_ups["taigu"].pk,
            "visit_id": follow_ups["taigu"].visit_id,
            "credit_code": firms["taigu"].credit_code,
            "enterprise": firms["taigu"].name,
            "butler": "butler",
            "visited_on": "2025-05-06",
            "action": "taigu补齐辅助账",
            "owner": "财务部",
            "due_on": "2025-05-20",
            "status": "open",
            "done_on": None,
            "overdue": True,
        }
    ]
    done = api(butler, "GET", FOLLOW_UPS, status="done").json()
    assert [row["action"] for row in done["results"]] == ["taigu申请专利"]


def test_the_follow_up_list_pages_with_a_query_ceiling(api, city, follow_ups, django_assert_max_num_queries):
    api(city, "GET", FOLLOW_UPS)  # the token is created outside the counted block
    with django_assert_max_num_queries(8):
        body = api(city, "GET", FOLLOW_UPS, page=2, page_size=3).json()
    assert (body["count"], body["page"], len(body["results"])) == (4, 2, 1)


@pytest.mark.parametrize("who", REFUSED)
def test_users_outside_cultivation_are_refused_follow_ups(who, request, api, follow_ups):
    user = request.getfixturevalue(who)
    assert api(user, "GET", FOLLOW_UPS).status_code == 403
    patch = {"status": "done", "done_on": "2025-06-01"}
    assert api(user, "PATCH", f"{FOLLOW_UPS}/{follow_ups['yuci'].pk}", patch).status_code == 403
    assert FollowUp.objects.get(pk=follow_ups["yuci"].pk).status == FollowUpStatus.OPEN


def test_a_butler_marks_a_follow_up_of_their_firm_done(api, butler, follow_ups):
    target = follow_ups["taigu"]
    response = api(butler, "PATCH", f"{FOLLOW_UPS}/{target.pk}", {"status": "done", "done_on": "2025-06-01"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["done_on"]) == ("done", "2025-06-01")
    target.refresh_from_db()
    assert (target.status, target.done_on) == (FollowUpStatus.DONE, date(2025, 6, 1))
    assert target.history.first().history_user.username == "butler"


def test_a_follow_up_outside_the_scope_is_404_and_unchanged(api, butler, district_yuci, follow_ups):
    for user, name in ((butler, "yuci"), (district_yuci, "taigu")):
        response = api(user, "PATCH", f"{FOLLOW_UPS}/{follow_ups[name].pk}", {"status": "dropped"})
        assert response.status_code == 404
    assert set(FollowUp.objects.filter(action__endswith="补齐辅助账").values_list("status", flat=True)) == {
        "open"
    }


def test_a_done_follow_up_without_its_date_answers_422_naming_the_field(api, district_yuci, follow_ups):
    target = follow_ups["yuci"]
    response = api(district_yuci, "PATCH", f"{FOLLOW_UPS}/{target.pk}", {"status": "done"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "done_on"], "msg": "已完成的事项须填写完成日期", "type": "value_error"}
    ]
    early = api(
        district_yuci, "PATCH", f"{FOLLOW_UPS}/{target.pk}", {"status": "open", "due_on": "2025-05-01"}
    )
    assert early.json()["detail"][0]["loc"] == ["body", "due_on"]
    target.refresh_from_db()
    assert (target.status, target.due_on) == (FollowUpStatus.OPEN, date(2025, 5, 20))


# --- trainings -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", list(VISIBLE))
def test_trainings_are_listed_and_attendance_shown_within_the_users_scope(who, request, api, session, firms):
    user = request.getfixturevalue(who)
    listed = api(user, "GET", TRAININGS).json()
    assert listed == {
        "count": 1,
        "page": 1,
        "page_size": 20,
        "results": [
            {
                "id": session.training_id,
                "title": TITLE,
                "organiser": "晋中市科学技术局",
                "topic": "",
                "sessions": 1,
            }
        ],
    }
    detail = api(user, "GET", f"{TRAININGS}/{session.training_id}").json()
    [shown] = detail["sessions"]
    assert (shown["held_on"], shown["capacity"], shown["invited"], shown["attended"]) == (
        "2025-04-18",
        3,
        2,
        0,
    )
    assert {row["credit_code"] for row in shown["attendance"]} == {firms[n].credit_code for n in VISIBLE[who]}


@pytest.mark.parametrize("who", REFUSED)
def test_users_outside_cultivation_are_refused_trainings(who, request, api, session):
    user = request.getfixturevalue(who)
    assert api(user, "GET", TRAININGS).status_code == 403
    assert api(user, "GET", f"{TRAININGS}/{session.training_id}").status_code == 403
    assert api(user, "POST", TRAININGS, {"title": "新培训"}).status_code == 403
    assert Training.objects.count() == 1


@pytest.mark.parametrize("who", ["city", "admin"])
def test_a_city_officer_creates_a_training_with_a_session_invites_and_records_attendance(
    who, request, api, firms
):
    user = request.getfixturevalue(who)
    created = api(user, "POST", TRAININGS, {"title": TITLE, "topic": "高企认定政策解读"})
    assert created.status_code == 201
    training_id = created.json()["id"]
    session = api(
        user, "POST", f"{TRAININGS}/{training_id}/sessions", {"held_on": "2025-04-18", "capacity": 2}
    )
    assert session.status_code == 201
    session_id = session.json()["id"]
    codes = [firms["yuci"].credit_code, firms["taigu"].credit_code.lower()]
    invited = api(
        user, "POST", f"{TRAININGS}/{training_id}/sessions/{session_id}/invitations", {"credit_codes": codes}
    )
    assert invited.status_code == 201
    assert [(row["credit_code"], row["status"]) for row in invited.json()] == [
        (firms["yuci"].credit_code, "invited"),
        (firms["taigu"].credit_code, "invited"),
    ]
    attendance_id = invited.json()[0]["id"]
    attended = api(
        user,
        "PATCH",
        f"{TRAININGS}/{training_id}/attendance/{attendance_id}",
        {"status": "attended", "attendees": 2},
    )
    assert attended.json()["status"] == "attended"
    row = Attendance.objects.get(pk=attendance_id)
    assert (row.status, row.attendees, row.history.first().history_user) == (
        AttendanceStatus.ATTENDED,
        2,
        user,
    )


@pytest.mark.parametrize("who", ["district_yuci", "butler"])
def test_district_officers_and_butlers_read_trainings_but_do_not_write_them(
    who, request, api, session, firms
):
    user = request.getfixturevalue(who)
    training_id = session.training_id
    assert api(user, "POST", TRAININGS, {"title": "新培训"}).status_code == 403
    assert (
        api(user, "POST", f"{TRAININGS}/{training_id}/sessions", {"held_on": "2025-05-01"}).status_code == 403
    )
    name = next(iter(VISIBLE[who]))
    attendance = Attendance.objects.get(enterprise=firms[name])
    patch = {"status": "attended", "attendees": 1}
    assert (
        api(user, "PATCH", f"{TRAININGS}/{training_id}/attendance/{attendance.pk}", patch).status_code == 403
    )
    assert (Training.objects.count(), TrainingSession.objects.count()) == (1, 1)
    assert set(Attendance.objects.values_list("status", flat=True)) == {AttendanceStatus.INVITED}


def test_training_writes_answer_422_naming_the_field(api, city, session, firms):
    duplicate = api(city, "POST", TRAININGS, {"title": TITLE})
    assert (duplicate.status_code, duplicate.json()["detail"][0]["loc"]) == (422, ["body", "title"])
    url = f"{TRAININGS}/{session.training_id}/sessions/{session.pk}/invitations"
    unknown = api(city, "POST", url, {"credit_codes": [firms["yuci"].credit_code, "91140702MA0000000X"]})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "credit_codes[1]"]
    attendance = Attendance.objects.get(enterprise=firms["yuci"])
    bad = api(
        city, "PATCH", f"{TRAININGS}/{session.training_id}/attendance/{attendance.pk}", {"status": "attended"}
    )
    assert bad.json()["detail"] == [
        {"loc": ["body", "attendees"], "msg": "已出席的企业须填写出席人数", "type": "value_error"}
    ]
    assert (Training.objects.count(), Attendance.objects.get(pk=attendance.pk).status) == (1, "invited")


def test_the_training_list_has_a_query_ceiling(api, city, session, django_assert_max_num_queries):
    for n in range(5):
        Training.objects.create(title=f"培训{n}")
    api(city, "GET", TRAININGS)
    with django_assert_max_num_queries(6):
        assert api(city, "GET", TRAININGS).json()["count"] == 6
