from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rainforest.cultivation import services
from rainforest.cultivation.choices import AttendanceStatus, FollowUpStatus, TargetIndicator
from rainforest.cultivation.models import Attendance, FollowUp, Target, Training, Visit
from rainforest.enterprises.models import Assignment
from rainforest.enterprises.tests.factories import district

VISITED = date(2025, 5, 6)


@pytest.fixture
def assigned(butler, own_firm):
    Assignment.objects.create(enterprise=own_firm, butler=butler, started_on=date(2025, 1, 2))
    return own_firm


def _follow_up(**changes):
    values = {"action": "建立研发费用辅助账", "owner": "企业财务负责人", "due_on": date(2025, 6, 30)}
    values.update(changes)
    return values


def test_a_butler_logs_a_visit_with_its_follow_ups_and_is_named_in_the_change_log(butler, assigned):
    visit = services.visit_log(
        user=butler,
        enterprise=assigned,
        visited_on=VISITED,
        topics=["hnte_application", "rd_accounting"],
        findings="研发费用归集不规范",
        next_visit_on=date(2025, 7, 1),
        follow_ups=[_follow_up(), _follow_up(action="申请发明专利", due_on=date(2025, 9, 1))],
    )
    assert (visit.butler, visit.topics) == (butler, ["hnte_application", "rd_accounting"])
    assert list(visit.follow_ups.values_list("action", "status")) == [
        ("建立研发费用辅助账", FollowUpStatus.OPEN),
        ("申请发明专利", FollowUpStatus.OPEN),
    ]
    assert visit.history.get().history_user == butler


def test_a_follow_up_due_before_the_visit_refuses_the_whole_visit(butler, assigned):
    with pytest.raises(ValidationError) as refused:
        services.visit_log(
            user=butler,
            enterprise=assigned,
            visited_on=VISITED,
            topics=["ip"],
            follow_ups=[_follow_up(), _follow_up(due_on=date(2025, 5, 1))],
        )
    assert refused.value.message_dict == {"follow_ups[1].due_on": ["完成期限不能早于走访日期"]}
    assert (Visit.objects.count(), FollowUp.objects.count()) == (0, 0)


def test_a_visit_without_topics_is_refused(butler, assigned):
    with pytest.raises(ValidationError) as refused:
        services.visit_log(user=butler, enterprise=assigned, visited_on=VISITED, topics=[])
    assert refused.value.message_dict == {"topics": ["请至少选择一项走访事项"]}
    assert Visit.objects.count() == 0


def test_a_visit_in_the_future_is_refused(butler, assigned):
    with pytest.raises(ValidationError) as refused:
        services.visit_log(user=butler, enterprise=assigned, visited_on=date(2100, 1, 1), topics=["ip"])
    assert list(refused.value.message_dict) == ["visited_on"]
    assert Visit.objects.count() == 0


def test_a_butler_may_not_log_a_visit_to_a_firm_not_assigned_to_them(butler, own_firm):
    with pytest.raises(PermissionDenied):
        services.visit_log(user=butler, enterprise=own_firm, visited_on=VISITED, topics=["ip"])
    assert Visit.objects.count() == 0


def test_a_district_officer_logs_visits_in_their_district_only(district_yuci, two_districts):
    services.visit_log(
        user=district_yuci, enterprise=two_districts["yuci"], visited_on=VISITED, topics=["ip"]
    )
    with pytest.raises(PermissionDenied):
        services.visit_log(
            user=district_yuci, enterprise=two_districts["taigu"], visited_on=VISITED, topics=["ip"]
        )
    assert list(Visit.objects.values_list("enterprise__name", flat=True)) == ["晋中自有科技有限公司"]


def test_an_officer_may_log_a_visit_for_a_butler_but_a_butler_not_for_another(city, butler, assigned):
    visit = services.visit_log(
        user=city, enterprise=assigned, visited_on=VISITED, topics=["ip"], butler=butler
    )
    assert visit.butler == butler
    with pytest.raises(ValidationError):
        services.visit_log(user=city, enterprise=assigned, visited_on=VISITED, topics=["ip"], butler=city)
    assert Visit.objects.count() == 1


def test_a_follow_up_marked_done_needs_the_day_it_was_done(butler, assigned):
    visit = services.visit_log(
        user=butler, enterprise=assigned, visited_on=VISITED, topics=["ip"], follow_ups=[_follow_up()]
    )
    follow_up = visit.follow_ups.get()
    with pytest.raises(ValidationError) as refused:
        services.follow_up_update(follow_up=follow_up, user=butler, status=FollowUpStatus.DONE)
    assert list(refused.value.message_dict) == ["done_on"]
    assert FollowUp.objects.get().status == FollowUpStatus.OPEN
    services.follow_up_update(
        follow_up=follow_up, user=butler, status=FollowUpStatus.DONE, done_on=date(2025, 5, 20)
    )
    assert FollowUp.objects.get().done_on == date(2025, 5, 20)


def test_deleting_a_visit_deletes_its_follow_ups(butler, assigned):
    visit = services.visit_log(
        user=butler, enterprise=assigned, visited_on=VISITED, topics=["ip"], follow_ups=[_follow_up()]
    )
    services.visit_delete(visit=visit, user=butler)
    assert (Visit.objects.count(), FollowUp.objects.count()) == (0, 0)


def test_a_training_invites_firms_within_its_capacity(city, two_districts):
    training = services.training_create(user=city, title="2025年高企培育专题培训会")
    session = services.session_add(training=training, user=city, held_on=date(2025, 4, 18), capacity=1)
    services.invite(session=session, user=city, enterprises=[two_districts["yuci"]])
    with pytest.raises(ValidationError) as refused:
        services.invite(session=session, user=city, enterprises=[two_districts["taigu"]])
    assert list(refused.value.message_dict) == ["enterprises"]
    assert Attendance.objects.count() == 1


def test_attendance_needs_attendees_when_the_firm_came(city, own_firm):
    training = services.training_create(user=city, title="培训")
    session = services.session_add(training=training, user=city, held_on=date(2025, 4, 18))
    (attendance,) = services.invite(session=session, user=city, enterprises=[own_firm])
    with pytest.raises(ValidationError):
        services.attendance_record(
            attendance=attendance, user=city, status=AttendanceStatus.ATTENDED, attendees=0
        )
    assert Attendance.objects.get().status == AttendanceStatus.INVITED
    services.attendance_record(
        attendance=attendance, user=city, status=AttendanceStatus.ATTENDED, attendees=2
    )
    assert Attendance.objects.get().attendees == 2


def test_only_city_officers_create_trainings(district_yuci, butler):
    for user in (district_yuci, butler):
        with pytest.raises(PermissionDenied):
            services.training_create(user=user, title="培训")
    assert Training.objects.count() == 0


def test_a_target_is_set_once_per_indicator_year_and_scope(city):
    services.target_save(user=city, indicator=TargetIndicator.NEW_HNTE, year=2025, value=109, source="seed")
    with pytest.raises(ValidationError):
        services.target_save(user=city, indicator=TargetIndicator.NEW_HNTE, year=2025, value=120)
    assert list(Target.objects.values_list("value", flat=True)) == [109]


def test_a_district_officer_sets_targets_for_their_own_district_only(district_yuci, db):
    target = services.target_save(
        user=district_yuci,
        indicator=TargetIndicator.NEW_HNTE,
        year=2025,
        value=30,
        district=district("140702"),
    )
    assert target.district.code == "140702"
    with pytest.raises(PermissionDenied):
        services.target_save(user=district_yuci, indicator=TargetIndicator.NEW_HNTE, year=2025, value=10)
    with pytest.raises(PermissionDenied):
        services.target_save(
            user=district_yuci,
            indicator=TargetIndicator.NEW_HNTE,
            year=2025,
            value=9,
            district=district("140703"),
        )
    assert Target.objects.count() == 1
