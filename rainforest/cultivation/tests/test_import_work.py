"""The `follow_up`, `training`, `training_session` and `attendance` record types of the Excel framework, with
real .xlsx files: good rows store, bad rows are named exactly (row, field, message) and nothing is stored,
a second import changes nothing, an export imports back unchanged, and each role imports only what the
services let it write."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from rainforest.cultivation.choices import AttendanceStatus, FollowUpStatus
from rainforest.cultivation.models import Attendance, FollowUp, Training, TrainingSession, Visit
from rainforest.imports.registry import record_type
from rainforest.imports.services import import_file
from rainforest.imports.tests.conftest import write_xlsx
from rainforest.imports.writer import export_write

pytestmark = pytest.mark.django_db

FOLLOW_UP_HEADER = [
    "统一社会信用代码",
    "走访日期",
    "科技管家用户名",
    "待办事项",
    "责任人",
    "完成期限",
    "状态",
    "完成日期",
]
SESSION_HEADER = ["培训名称", "举办日期", "地点", "名额"]
ATTENDANCE_HEADER = ["培训名称", "场次日期", "统一社会信用代码", "状态", "出席人数"]
TITLE = "2025年高企培育专题培训会"


def run(name, path, user):
    return import_file(record_type=record_type(name), path=path, user=user)


def round_trip(name, tmp_path, user, count):
    """Export what `user` may see, import it back as `user`: nothing changes."""
    kind = record_type(name)
    path = tmp_path / f"{name}-export.xlsx"
    assert export_write(kind, kind.export_queryset(user, {}), path) == count
    result = run(name, path, user)
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, count)


@pytest.fixture
def visits(two_districts, butler):
    return {
        name: Visit.objects.create(
            enterprise=firm, butler=butler, visited_on=date(2025, 5, 6), topics=["hnte_application"]
        )
        for name, firm in two_districts.items()
    }


@pytest.fixture
def session(db):
    training = Training.objects.create(title=TITLE, organiser="晋中市科学技术局")
    return TrainingSession.objects.create(training=training, held_on=date(2025, 4, 18), capacity=60)


# --- follow-ups ----------------------------------------------------------------------------------------


def test_a_follow_up_file_stores_its_rows_on_their_visits_and_a_second_import_changes_nothing(
    tmp_path, city, visits, two_districts
):
    code = two_districts["yuci"].credit_code
    path = write_xlsx(
        tmp_path / "follow-ups.xlsx",
        FOLLOW_UP_HEADER,
        [
            [code, "2025-05-06", "butler", "补齐研发辅助账", "财务部", "2025-06-30", "待办", ""],
            [code, date(2025, 5, 6), "butler", "申请发明专利", "技术部", "2025-09-30", "已完成", "2025-08-01"],
        ],
    )  # fmt: skip
    result = run("follow_up", path, city)
    assert (result.stored, result.errors, result.created) == (True, [], 2)
    assert sorted(visits["yuci"].follow_ups.values_list("action", "owner", "status", "done_on")) == [
        ("申请发明专利", "技术部", FollowUpStatus.DONE, date(2025, 8, 1)),
        ("补齐研发辅助账", "财务部", FollowUpStatus.OPEN, None),
    ]
    assert FollowUp.objects.get(action="补齐研发辅助账").history.get().history_user == city
    again = run("follow_up", path, city)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_bad_follow_up_file_names_every_bad_row_and_stores_nothing(tmp_path, city, visits, two_districts):
    code = two_districts["yuci"].credit_code
    path = write_xlsx(
        tmp_path / "follow-ups.xlsx",
        FOLLOW_UP_HEADER,
        [
            [code, "2025-05-06", "butler", "补齐研发辅助账", "财务部", "2025-06-30", "待办", ""],
            [code, "2025-05-07", "butler", "没有这次走访", "财务部", "2025-06-30", "", ""],
            [code, "2025-05-06", "nobody", "管家不存在", "财务部", "2025-06-30", "", ""],
            [code, "2025-05-06", "butler", "期限太早", "财务部", "2025-05-01", "", ""],
            [code, "2025-05-06", "butler", "完成未填日期", "财务部", "2025-06-30", "已完成", ""],
        ],
    )
    result = run("follow_up", path, city)
    assert result.stored is False
    assert result.errors == [
        {
            "row": 3,
            "field": "visited_on",
            "message": "走访日期：未找到该企业在该日期由该科技管家登记的走访记录，请先登记走访",
        },
        {"row": 4, "field": "butler_username", "message": "未知的科技管家用户名：nobody"},
        {"row": 5, "field": "due_on", "message": "完成期限不能早于走访日期"},
        {"row": 6, "field": "done_on", "message": "已完成的事项须填写完成日期"},
    ]
    assert FollowUp.objects.count() == 0


def test_exported_follow_ups_import_back_unchanged(tmp_path, city, visits):
    for visit in visits.values():
        FollowUp.objects.create(visit=visit, action="整理知识产权", owner="技术部", due_on=date(2025, 7, 1))
    round_trip("follow_up", tmp_path, city, 2)


def test_a_district_officer_imports_only_follow_ups_of_their_own_district(
    tmp_path, district_yuci, visits, two_districts
):
    row = ["2025-05-06", "butler", "补齐研发辅助账", "财务部", "2025-06-30", "", ""]
    own = write_xlsx(tmp_path / "own.xlsx", FOLLOW_UP_HEADER, [[two_districts["yuci"].credit_code, *row]])
    assert run("follow_up", own, district_yuci).stored is True
    other = write_xlsx(
        tmp_path / "other.xlsx", FOLLOW_UP_HEADER, [[two_districts["taigu"].credit_code, *row]]
    )
    result = run("follow_up", other, district_yuci)
    assert result.errors == [
        {
            "row": 2,
            "field": "credit_code",
            "message": f"统一社会信用代码 {two_districts['taigu'].credit_code} 对应的企业尚未登记，或不在本辖区内",
        }
    ]
    assert list(FollowUp.objects.values_list("visit__enterprise", flat=True)) == [two_districts["yuci"].pk]
    round_trip("follow_up", tmp_path, district_yuci, 1)  # the 太谷 visit's follow-ups are not exported


@pytest.mark.parametrize("who", ["butler", "owner", "bank", "outsider"])
def test_users_who_do_not_write_records_cannot_import_follow_ups(
    who, request, tmp_path, visits, two_districts
):
    row = [two_districts["yuci"].credit_code, "2025-05-06", "butler", "x", "y", "2025-06-30", "", ""]
    with pytest.raises(PermissionDenied):
        run(
            "follow_up",
            write_xlsx(tmp_path / "f.xlsx", FOLLOW_UP_HEADER, [row]),
            request.getfixturevalue(who),
        )
    assert FollowUp.objects.count() == 0


# --- trainings and sessions ----------------------------------------------------------------------------


def test_a_training_and_session_file_store_and_reimport_unchanged(tmp_path, city):
    trainings = write_xlsx(
        tmp_path / "trainings.xlsx",
        ["培训名称", "主办单位", "主题"],
        [[TITLE, "晋中市科学技术局", "高企认定政策解读"], ["研发费用归集实务", "", ""]],
    )
    assert run("training", trainings, city).created == 2
    sessions = write_xlsx(
        tmp_path / "sessions.xlsx",
        SESSION_HEADER,
        [[TITLE, "2025-04-18", "市科技局三楼会议室", 60], [TITLE, "2025-05-22", "介休市科技局", ""]],
    )
    result = run("training_session", sessions, city)
    assert (result.stored, result.errors, result.created) == (True, [], 2)
    assert list(Training.objects.get(title=TITLE).sessions.values_list("held_on", "capacity")) == [
        (date(2025, 4, 18), 60),
        (date(2025, 5, 22), None),
    ]
    assert run("training", trainings, city).unchanged == 2
    assert run("training_session", sessions, city).unchanged == 2
    round_trip("training", tmp_path, city, 2)
    round_trip("training_session", tmp_path, city, 2)


def test_a_bad_session_file_names_every_bad_row_and_stores_nothing(tmp_path, city, session):
    path = write_xlsx(
        tmp_path / "sessions.xlsx",
        SESSION_HEADER,
        [
            [TITLE, "2025-06-18", "", 30],
            ["没有这个培训", "2025-06-18", "", ""],
            [TITLE, "2025-06-18", "重复", ""],
            [TITLE, "2025-07-01", "", "很多"],
        ],
    )
    result = run("training_session", path, city)
    assert result.errors == [
        {"row": 3, "field": "training", "message": "培训名称：培训“没有这个培训”尚未登记，请先导入培训"},
        {"row": 4, "field": "training", "message": "培训名称、举办日期与第 2 行重复"},
        {"row": 5, "field": "capacity", "message": "名额：应为整数，实为“很多”"},
    ]
    assert TrainingSession.objects.count() == 1


@pytest.mark.parametrize("who", ["district_yuci", "butler", "owner", "outsider"])
def test_only_city_officers_import_trainings_sessions_and_attendance(who, request, tmp_path, session):
    user = request.getfixturevalue(who)
    path = write_xlsx(tmp_path / "t.xlsx", ["培训名称"], [["另一个培训"]])
    for name in ("training", "training_session", "attendance"):
        with pytest.raises(PermissionDenied):
            run(name, path, user)
    assert Training.objects.count() == 1


def test_an_admin_imports_trainings(tmp_path, admin):
    assert run("training", write_xlsx(tmp_path / "t.xlsx", ["培训名称"], [[TITLE]]), admin).created == 1


# --- attendance ----------------------------------------------------------------------------------------


def test_an_attendance_file_stores_invitations_and_attendance(tmp_path, city, session, two_districts):
    yuci, taigu = two_districts["yuci"].credit_code, two_districts["taigu"].credit_code
    path = write_xlsx(
        tmp_path / "attendance.xlsx",
        ATTENDANCE_HEADER,
        [[TITLE, "2025-04-18", yuci, "已出席", 2], [TITLE, "2025-04-18", taigu, "", ""]],
    )
    result = run("attendance", path, city)
    assert (result.stored, result.errors, result.created) == (True, [], 2)
    assert sorted(Attendance.objects.values_list("enterprise__credit_code", "status", "attendees")) == sorted(
        [(yuci, AttendanceStatus.ATTENDED, 2), (taigu, AttendanceStatus.INVITED, 0)]
    )
    assert run("attendance", path, city).unchanged == 2
    round_trip("attendance", tmp_path, city, 2)


def test_a_bad_attendance_file_names_every_bad_row_and_stores_nothing(tmp_path, city, session, two_districts):
    yuci = two_districts["yuci"].credit_code
    path = write_xlsx(
        tmp_path / "attendance.xlsx",
        ATTENDANCE_HEADER,
        [
            [TITLE, "2025-04-18", yuci, "已出席", 0],
            [TITLE, "2025-04-19", yuci, "", ""],
            [TITLE, "2025-04-18", "91140702MA0000000X", "", ""],
            [TITLE, "2025-04-18", two_districts["taigu"].credit_code, "未出席", 1],
        ],
    )
    result = run("attendance", path, city)
    assert [(error["row"], error["field"]) for error in result.errors] == [
        (2, "attendees"),
        (3, "held_on"),
        (4, "credit_code"),
        (5, "attendees"),
    ]
    assert [error["message"] for error in result.errors if error["field"] != "credit_code"] == [
        "已出席的企业须填写出席人数",
        "场次日期：培训“2025年高企培育专题培训会”没有 2025-04-19 的场次，请先导入培训场次",
        "未出席的企业出席人数应为0",
    ]
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "firms"), [("district_yuci", {"yuci"}), ("butler", {"taigu"}), ("owner", set())]
)
def test_attendance_is_exported_within_the_users_data_scope(
    who, firms, request, tmp_path, city, session, two_districts
):
    from rainforest.enterprises.services import assignment_start

    butler = request.getfixturevalue("butler")
    assignment_start(enterprise=two_districts["taigu"], butler=butler, started_on=date(2024, 1, 1), user=city)
    for firm in two_districts.values():
        Attendance.objects.create(session=session, enterprise=firm)
    kind = record_type("attendance")
    rows = kind.export_queryset(request.getfixturevalue(who), {})
    assert {row.enterprise_id for row in rows} == {two_districts[name].pk for name in firms}
