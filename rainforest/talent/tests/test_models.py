"""The talent models' invariants: clean() and the database constraints say the same."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation, today
from rainforest.talent.models import KeyDiscipline, ResearchTeam, TechManager, Trainee, TrainingClass
from rainforest.talent.tests.factories import (
    KeyDisciplineFactory,
    ResearchTeamFactory,
    TechManagerFactory,
    TraineeFactory,
    TrainingClassFactory,
    institution,
)

pytestmark = pytest.mark.django_db


def _refused_by_the_database(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_a_certificate_date_needs_a_certificate_number():
    manager = TechManager(name="王五", grade="primary", certified_on=date(2025, 5, 16))
    with pytest.raises(ValidationError) as error:
        manager.full_clean()
    assert error.value.message_dict["certificate_number"] == ["有发证日期时须填写证书编号"]
    _refused_by_the_database(
        lambda: TechManager.objects.create(name="王五", grade="primary", certified_on=date(2025, 5, 16))
    )
    assert TechManager.objects.count() == 0


def test_a_certificate_number_belongs_to_one_manager():
    TechManagerFactory(certificate_number="JSJL-1")
    other = TechManagerFactory.build(certificate_number="JSJL-1")
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert error.value.message_dict["__all__"] == ["证书编号已登记给另一位技术经理人"]
    # managers without a certificate are many
    TechManagerFactory(certificate_number="")
    TechManagerFactory(certificate_number="")
    assert TechManager.objects.filter(certificate_number="").count() == 2


def test_an_unknown_grade_is_refused_by_the_database_too():
    _refused_by_the_database(lambda: TechManager.objects.create(name="赵六", grade="expert"))


def test_a_manager_takes_the_employer_from_the_organisation_when_left_blank():
    manager = TechManagerFactory.build(organisation=institution("山西农业大学"), employer="")
    manager.full_clean()
    assert manager.employer == "山西农业大学"


def test_a_phone_with_letters_is_refused_naming_the_field():
    manager = TechManagerFactory.build(phone="1391234abcd")
    with pytest.raises(ValidationError) as error:
        manager.full_clean()
    assert list(error.value.message_dict) == ["phone"]


def test_a_class_ends_after_it_starts():
    bad = TrainingClassFactory.build(starts_on=date(2025, 5, 16), ends_on=date(2025, 5, 12))
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert error.value.message_dict["ends_on"] == ["结业日期不能早于开班日期"]
    _refused_by_the_database(
        lambda: TrainingClassFactory(starts_on=date(2025, 5, 16), ends_on=date(2025, 5, 12))
    )
    assert TrainingClass.objects.count() == 0


def test_only_a_trainee_who_passed_has_a_certificate():
    trainee = TraineeFactory.build(
        training_class=TrainingClassFactory(),
        manager=TechManagerFactory(),
        passed=False,
        certificate_number="C-1",
    )
    with pytest.raises(ValidationError) as error:
        trainee.full_clean()
    assert error.value.message_dict["certificate_number"] == ["未通过考核的学员不能有结业证书编号"]
    _refused_by_the_database(lambda: trainee.save())
    assert Trainee.objects.count() == 0


def test_a_manager_is_in_a_class_once():
    trainee = TraineeFactory()
    _refused_by_the_database(
        lambda: Trainee.objects.create(training_class=trainee.training_class, manager=trainee.manager)
    )


def test_census_records_belong_to_a_university_or_institute():
    bank = Organisation.objects.create(name="晋中测试银行", kind=OrganisationKind.BANK)
    for record in (
        KeyDisciplineFactory.build(organisation=bank),
        ResearchTeamFactory.build(organisation=bank),
    ):
        with pytest.raises(ValidationError) as error:
            record.full_clean()
        assert error.value.message_dict["organisation"] == ["所属机构须为高校院所"]


def test_a_discipline_code_has_four_or_six_digits():
    for code, good in (("0703", True), ("070301", True), ("07031", False), ("化学", False)):
        discipline = KeyDisciplineFactory.build(code=code)
        if good:
            discipline.full_clean()
        else:
            with pytest.raises(ValidationError) as error:
                discipline.full_clean()
            assert list(error.value.message_dict) == ["code"]
    _refused_by_the_database(lambda: KeyDisciplineFactory(code="07031"))
    assert KeyDiscipline.objects.count() == 0


def test_a_discipline_name_is_unique_within_its_institution():
    KeyDisciplineFactory(name="化学")
    _refused_by_the_database(lambda: KeyDisciplineFactory(name="化学"))
    KeyDisciplineFactory(name="化学", organisation=institution("另一所学院", "140703"))
    assert KeyDiscipline.objects.filter(name="化学").count() == 2


def test_a_team_has_at_least_one_member_and_was_not_founded_in_the_future():
    team = ResearchTeamFactory.build(size=0, founded_year=today().year + 1)
    with pytest.raises(ValidationError) as error:
        team.full_clean()
    assert sorted(error.value.message_dict) == ["founded_year", "size"]
    _refused_by_the_database(lambda: ResearchTeamFactory(size=0))
    _refused_by_the_database(lambda: ResearchTeamFactory(founded_year=1850))
    assert ResearchTeam.objects.count() == 0


def test_a_future_certificate_date_is_refused():
    manager = TechManagerFactory.build(certificate_number="X", certified_on=today() + timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        manager.full_clean()
    assert error.value.message_dict["certified_on"] == ["日期不能晚于今天"]
