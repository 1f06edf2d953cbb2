"""The application workflow: every allowed transition from every source state, every refused one (a jump
the workflow does not allow, a role that may not, a missing reason, a late or incomplete submission), each
refusal leaving the application as it was; every step logged with who, when and the comment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm_log.models import StateLog

from rainforest.calls.choices import State
from rainforest.calls.models import Application
from rainforest.calls.services import TRANSITIONS, application_transition
from rainforest.calls.tests.factories import ApplicationFactory, CallFactory, attach
from rainforest.core.models import today
from rainforest.core.policy import OPERATOR

# transition → (sources, target, side)
GRAPH: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": ((State.DRAFT,), State.SUBMITTED),
    "resubmit": ((State.RETURNED,), State.SUBMITTED),
    "withdraw": ((State.DRAFT, State.SUBMITTED, State.RETURNED), State.WITHDRAWN),
    "district_pass": ((State.SUBMITTED,), State.DISTRICT_PASSED),
    "return_for_changes": ((State.SUBMITTED, State.DISTRICT_PASSED), State.RETURNED),
    "district_reject": ((State.SUBMITTED,), State.DISTRICT_REJECTED),
    "formal_pass": ((State.DISTRICT_PASSED,), State.EXPERT_REVIEW),
    "formal_reject": ((State.DISTRICT_PASSED,), State.FORMAL_REJECTED),
    "rank": ((State.EXPERT_REVIEW,), State.RANKED),
    "publish": ((State.RANKED,), State.PUBLICITY),
    "close_publicity": ((State.PUBLICITY,), State.PUBLICITY_CLOSED),
    "approve": ((State.PUBLICITY_CLOSED,), State.APPROVED),
    "recommend": ((State.PUBLICITY_CLOSED,), State.RECOMMENDED),
    "decline": ((State.RANKED, State.PUBLICITY, State.PUBLICITY_CLOSED), State.NOT_APPROVED),
    "fund": ((State.APPROVED, State.RECOMMENDED), State.PROJECT),
}
ALLOWED = [(name, source, target) for name, (sources, target) in GRAPH.items() for source in sources]
REFUSED = [
    (name, state) for name, (sources, _) in GRAPH.items() for state in State.values if state not in sources
]


def _set(application: Application, status: str) -> Application:
    Application.objects.filter(pk=application.pk).update(status=status)
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def application(own_firm):
    application = ApplicationFactory(enterprise=own_firm)
    attach(application)
    return application


def _actor(name: str, owner, district_yuci, city):
    side = TRANSITIONS[name].side
    return {"enterprise": owner, "district": district_yuci, "city": city}[side]


def test_graph_covers_every_transition():
    assert set(GRAPH) == set(TRANSITIONS)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "source", "target"), ALLOWED)
def test_allowed_transition(name, source, target, application, owner, district_yuci, city):
    application = _set(application, source)
    user = _actor(name, owner, district_yuci, city)
    comment = "理由：测试" if TRANSITIONS[name].needs_comment else "意见"
    application_transition(user=user, application=application, transition=name, comment=comment)
    application = Application.objects.get(pk=application.pk)
    assert application.status == target
    log = StateLog.objects.for_(application).latest()
    assert (log.source_state, log.state, log.transition) == (source, target, name)
    assert log.by == user
    assert log.description == comment
    assert application.last_comment == comment


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "state"), REFUSED)
def test_refused_jump_names_the_status(name, state, application, owner, district_yuci, city):
    application = _set(application, state)
    user = _actor(name, owner, district_yuci, city)
    with pytest.raises(ValidationError) as error:
        application_transition(user=user, application=application, transition=name, comment="理由")
    message = error.value.message_dict["status"][0]
    assert str(State(state).label) in message
    assert Application.objects.get(pk=application.pk).status == state
    assert not StateLog.objects.for_(application).exists()


@pytest.mark.django_db
def test_unknown_transition_is_refused(application, city):
    with pytest.raises(ValidationError) as error:
        application_transition(user=city, application=application, transition="teleport")
    assert "transition" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["district_pass", "formal_pass", "approve"])
def test_enterprise_may_not_review(name, application, owner):
    source = GRAPH[name][0][0]
    application = _set(application, source)
    with pytest.raises(PermissionDenied):
        application_transition(user=owner, application=application, transition=name)
    assert Application.objects.get(pk=application.pk).status == source


@pytest.mark.django_db
def test_district_may_not_do_formal_review(application, district_yuci):
    application = _set(application, State.DISTRICT_PASSED)
    with pytest.raises(PermissionDenied):
        application_transition(user=district_yuci, application=application, transition="formal_pass")
    assert Application.objects.get(pk=application.pk).status == State.DISTRICT_PASSED


@pytest.mark.django_db
def test_officer_may_not_submit_for_the_firm(application, city):
    with pytest.raises(PermissionDenied):
        application_transition(user=city, application=application, transition="submit")
    assert Application.objects.get(pk=application.pk).status == State.DRAFT


@pytest.mark.django_db
def test_district_of_another_district_may_not_review(district_yuci, two_districts):
    other = ApplicationFactory(enterprise=two_districts["taigu"])
    other = _set(other, State.SUBMITTED)
    with pytest.raises(PermissionDenied):
        application_transition(user=district_yuci, application=other, transition="district_pass")
    assert Application.objects.get(pk=other.pk).status == State.SUBMITTED


@pytest.mark.django_db
def test_other_firm_may_not_submit(owner, two_districts):
    other = ApplicationFactory(enterprise=two_districts["taigu"])
    attach(other)
    with pytest.raises(PermissionDenied):
        application_transition(user=owner, application=other, transition="submit")
    assert Application.objects.get(pk=other.pk).status == State.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, spec in TRANSITIONS.items() if spec.needs_comment])
def test_reason_required(name, application, owner, district_yuci, city):
    source = GRAPH[name][0][0]
    application = _set(application, source)
    with pytest.raises(ValidationError) as error:
        application_transition(
            user=_actor(name, owner, district_yuci, city),
            application=application,
            transition=name,
            comment=" ",
        )
    assert "comment" in error.value.message_dict
    assert Application.objects.get(pk=application.pk).status == source


@pytest.mark.django_db
def test_late_submission_refused_naming_the_deadline(own_firm, owner):
    call = CallFactory(
        opens_on=today() - timedelta(days=30),
        closes_on=today() - timedelta(days=1),
        district_review_ends_on=today() + timedelta(days=5),
        expert_review_ends_on=today() + timedelta(days=10),
    )
    application = ApplicationFactory(call=call, enterprise=own_firm)
    attach(application)
    with pytest.raises(ValidationError) as error:
        application_transition(user=owner, application=application, transition="submit")
    assert call.closes_on.isoformat() in error.value.message_dict["closes_on"][0]
    assert Application.objects.get(pk=application.pk).status == State.DRAFT
    assert Application.objects.get(pk=application.pk).submitted_at is None


@pytest.mark.django_db
def test_submission_on_the_closing_day_is_accepted(own_firm, owner):
    call = CallFactory(opens_on=today() - timedelta(days=30), closes_on=today())
    application = ApplicationFactory(call=call, enterprise=own_firm)
    attach(application)
    application_transition(user=owner, application=application, transition="submit")
    assert Application.objects.get(pk=application.pk).status == State.SUBMITTED


@pytest.mark.django_db
def test_resubmission_after_the_district_review_refused(own_firm, owner):
    call = CallFactory(
        opens_on=today() - timedelta(days=30),
        closes_on=today() - timedelta(days=20),
        district_review_ends_on=today() - timedelta(days=1),
        expert_review_ends_on=today() + timedelta(days=10),
    )
    application = _set(ApplicationFactory(call=call, enterprise=own_firm), State.RETURNED)
    attach(application)
    with pytest.raises(ValidationError) as error:
        application_transition(user=owner, application=application, transition="resubmit")
    assert "district_review_ends_on" in error.value.message_dict
    assert Application.objects.get(pk=application.pk).status == State.RETURNED


@pytest.mark.django_db
def test_missing_attachment_refused(own_firm, owner):
    application = ApplicationFactory(enterprise=own_firm)
    with pytest.raises(ValidationError) as error:
        application_transition(user=owner, application=application, transition="submit")
    assert "营业执照" in error.value.message_dict["attachments"][0]
    assert Application.objects.get(pk=application.pk).status == State.DRAFT


@pytest.mark.django_db
def test_wrong_field_type_refused_naming_the_field(own_firm, owner):
    application = ApplicationFactory(enterprise=own_firm, answers={"project": "X", "staff": "十二"})
    attach(application)
    with pytest.raises(ValidationError) as error:
        application_transition(user=owner, application=application, transition="submit")
    assert "研发人员数" in error.value.message_dict["staff"][0]
    assert Application.objects.get(pk=application.pk).status == State.DRAFT


@pytest.mark.django_db
def test_missing_required_field_refused(own_firm, owner):
    application = ApplicationFactory(enterprise=own_firm, answers={"staff": "3"})
    attach(application)
    with pytest.raises(ValidationError) as error:
        application_transition(user=owner, application=application, transition="submit")
    assert "项目名称" in error.value.message_dict["project"][0]


@pytest.mark.django_db
def test_only_the_operator_may_backdate(application, owner):
    with pytest.raises(PermissionDenied):
        application_transition(user=owner, application=application, transition="submit", day=date(2025, 1, 1))
    application_transition(
        user=OPERATOR, application=application, transition="submit", day=application.call.opens_on
    )
    assert Application.objects.get(pk=application.pk).status == State.SUBMITTED


@pytest.mark.django_db
def test_a_whole_chain(application, owner, district_yuci, city):
    steps = [
        (owner, "submit", ""),
        (district_yuci, "return_for_changes", "请补充财务报表"),
        (owner, "resubmit", ""),
        (district_yuci, "district_pass", ""),
        (city, "formal_pass", ""),
        (city, "rank", ""),
        (city, "publish", ""),
        (city, "close_publicity", "无异议"),
        (city, "approve", ""),
        (city, "fund", ""),
    ]
    for user, name, comment in steps:
        application_transition(user=user, application=application, transition=name, comment=comment)
    assert application.status == State.PROJECT
    logs = list(StateLog.objects.for_(application).order_by("timestamp", "pk"))
    assert [log.transition for log in logs] == [name for _, name, _ in steps]
    assert logs[1].description == "请补充财务报表"
