"""The talent app's contributions to the permission matrix (FACTORIES: one record per district of the
matrix's world) and to the record walk (SAMPLES: form values, the two parents and who reaches which).

Census records belong to a university or institute placed in the district; the roster (managers, classes,
trainees) is read by the whole bureau whatever the district, and by a university's users for their own
institution's managers only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rainforest.core.models import Organisation, Region
from rainforest.core.tests import test_records as walk
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.enterprises.tests.factories import district as region
from rainforest.talent.models import (
    CentreFirm,
    CentreTeam,
    JointCentre,
    KeyDiscipline,
    ResearchTeam,
    TechManager,
    Trainee,
    TrainingClass,
)
from rainforest.talent.tests.factories import institution


def _code(world: dict[str, Any]) -> str:
    return str(world["enterprises.enterprise"].district.code)


def _institution(world: dict[str, Any]) -> Organisation:
    code = _code(world)
    return institution(f"矩阵{code}大学", code, code=f"matrix-{code}")


def _manager(world: dict[str, Any]) -> TechManager:
    code = _code(world)
    manager, _created = TechManager.objects.get_or_create(
        name=f"矩阵经理人{code}",
        phone=f"139{code}00",
        defaults={"organisation": _institution(world), "grade": "primary", "region": region(code)},
    )
    return manager


def _class(world: dict[str, Any]) -> TrainingClass:
    code = _code(world)
    found, _created = TrainingClass.objects.get_or_create(
        name=f"矩阵培训班{code}",
        starts_on=date(2025, 5, 19),
        defaults={"grade": "primary", "host": "山西大学国家大学科技园", "ends_on": date(2025, 5, 23)},
    )
    return found


def _trainee(world: dict[str, Any]) -> Trainee:
    found, _created = Trainee.objects.get_or_create(training_class=_class(world), manager=_manager(world))
    return found


def _discipline(world: dict[str, Any]) -> KeyDiscipline:
    found, _created = KeyDiscipline.objects.get_or_create(
        organisation=_institution(world), name="矩阵学科", defaults={"level": "provincial", "code": "0703"}
    )
    return found


def _team(world: dict[str, Any]) -> ResearchTeam:
    found, _created = ResearchTeam.objects.get_or_create(
        organisation=_institution(world), name="矩阵科研团队", defaults={"leader": "李矩阵", "size": 6}
    )
    return found


def _centre(world: dict[str, Any]) -> JointCentre:
    found, _created = JointCentre.objects.get_or_create(
        name=f"矩阵联合创新中心{_code(world)}", defaults={"organisation": _institution(world)}
    )
    return found


def _centre_team(world: dict[str, Any]) -> CentreTeam:
    found, _created = CentreTeam.objects.get_or_create(centre=_centre(world), team=_team(world))
    return found


def _centre_firm(world: dict[str, Any]) -> CentreFirm:
    found, _created = CentreFirm.objects.get_or_create(
        centre=_centre(world), enterprise=world["enterprises.enterprise"]
    )
    return found


FACTORIES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "talent.techmanager": _manager,
    "talent.trainingclass": _class,
    "talent.trainee": _trainee,
    "talent.keydiscipline": _discipline,
    "talent.researchteam": _team,
    "talent.jointcentre": _centre,
    "talent.centreteam": _centre_team,
    "talent.centrefirm": _centre_firm,
}


# --- the record walk -------------------------------------------------------------------------------------

ROSTER = {
    "city": {"yuci", "taigu"},
    "admin": {"yuci", "taigu"},
    "district_yuci": {"yuci", "taigu"},  # the roster is the city's: every district reads it
    "butler": {"yuci", "taigu"},
    "owner": set(),
    "university": set(),
    "bank": set(),
    "outsider": set(),
}
CENSUS = {
    "city": {"yuci", "taigu"},
    "admin": {"yuci", "taigu"},
    "district_yuci": {"yuci"},  # the institutions in its district
    "butler": set(),
    "owner": set(),
    "university": {"yuci"},  # its own
    "bank": set(),
    "outsider": set(),
}


def _institutions(request: Any) -> dict[str, Organisation]:
    """榆次区: the `university` user's own institution (placed in 榆次区); 太谷区: another one."""
    own = request.getfixturevalue("organisations")["university"]
    own.region = Region.objects.get(code="140702")
    own.code = "univ-own"
    own.save()
    return {"yuci": own, "taigu": institution("太谷矩阵学院", "140703", code="univ-taigu")}


def _manager_values(organisation: Organisation, n: int) -> dict[str, Any]:
    return {
        "name": f"技术经理人{n}",
        "phone": f"1390000{n:04d}",
        "organisation": str(organisation.pk),
        "employer": "",
        "region": "",
        "grade": "primary",
        "certificate_number": f"JZJL-2099-{n:04d}",
        "certified_on": "2025-05-23",
        "status": "active",
    }


def _class_values(parent: Any, n: int) -> dict[str, Any]:
    return {
        "name": f"技术经理人培训班第{n}期",
        "grade": "primary",
        "host": "山西大学国家大学科技园",
        "starts_on": "2025-05-19",
        "ends_on": "2025-05-23",
        "place": "山西大学城",
    }


def _classes(request: Any) -> dict[str, TrainingClass]:
    return {
        key: TrainingClass.objects.create(
            name=f"走查培训班{key}",
            grade="primary",
            host="山西大学国家大学科技园",
            starts_on=date(2025, 5, 19),
            ends_on=date(2025, 5, 23),
        )
        for key in ("yuci", "taigu")
    }


def _trainee_values(training_class: TrainingClass, n: int) -> dict[str, Any]:
    manager, _created = TechManager.objects.get_or_create(
        name=f"走查学员{n}", phone=f"1380000{n:04d}", defaults={"grade": "primary"}
    )
    return {
        "training_class": str(training_class.pk),
        "manager": str(manager.pk),
        "passed": True,
        "certificate_number": f"JSJL-2099-{n:04d}",
        "remark": "",
    }


def _discipline_values(organisation: Organisation, n: int) -> dict[str, Any]:
    return {
        "organisation": str(organisation.pk),
        "name": f"重点学科{n}号",
        "level": "provincial",
        "code": "0703",
    }


def _team_values(organisation: Organisation, n: int) -> dict[str, Any]:
    return {
        "organisation": str(organisation.pk),
        "name": f"走查团队{n}号",
        "leader": "王教授",
        "size": 9,
        "discipline": "化学",
        "field": "new_materials",
        "founded_year": 2019,
    }


def _centre_values(organisation: Organisation, n: int) -> dict[str, Any]:
    return {
        "organisation": str(organisation.pk),
        "name": f"联合创新中心{n}号",
        "founded_on": "2024-09-01",
        "address": "山西大学城",
    }


def _centres(request: Any) -> dict[str, JointCentre]:
    institutions = _institutions(request)
    return {
        key: JointCentre.objects.create(name=f"走查中心{key}", organisation=organisation)
        for key, organisation in institutions.items()
    }


def _centre_team_values(centre: JointCentre, n: int) -> dict[str, Any]:
    team, _created = ResearchTeam.objects.get_or_create(
        organisation=centre.organisation, name=f"走查中心团队{n}", defaults={"leader": "赵教授", "size": 5}
    )
    return {"centre": centre.name, "team": str(team.pk), "topic": "中药材"}


def _centre_firm_values(centre: JointCentre, n: int) -> dict[str, Any]:
    firm = EnterpriseFactory(name=f"走查中心企业{n}有限公司")
    return {
        "centre": centre.name,
        "enterprise": firm.credit_code,
        "status": "intended",
        "since": "2025-05-01",
        "plan": "联合研发",
    }


SAMPLES: dict[str, Any] = {
    "tech_manager": walk.Sample(
        values=_manager_values,
        parents=_institutions,
        marker="certificate_number",
        edit="name",
        reaches={**ROSTER, "university": {"yuci"}},  # a university reads its own managers
    ),
    "training_class": walk.Sample(values=_class_values, marker="name", edit="host", reaches=ROSTER),
    "trainee": walk.Sample(
        values=_trainee_values, parents=_classes, marker="certificate_number", edit="remark", reaches=ROSTER
    ),
    "key_discipline": walk.Sample(
        values=_discipline_values, parents=_institutions, marker="name", edit="name", reaches=CENSUS
    ),
    "research_team": walk.Sample(
        values=_team_values, parents=_institutions, marker="name", edit="leader", reaches=CENSUS
    ),
    "joint_centre": walk.Sample(
        values=_centre_values, parents=_institutions, marker="name", edit="address", reaches=CENSUS
    ),
    "centre_team": walk.Sample(
        values=_centre_team_values, parents=_centres, marker="centre", edit="topic", reaches=CENSUS
    ),
    "centre_firm": walk.Sample(
        values=_centre_firm_values, parents=_centres, marker="centre", edit="plan", reaches=CENSUS
    ),
}

# Whichever of the walk and this module is imported first, the walk ends up with these samples.
walk.SAMPLES.update(SAMPLES)
