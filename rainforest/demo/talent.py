"""The demo city's talent records (see rainforest.demo.areas), built first among the later areas: the census
of the city's 12 universities and institutes (79 key disciplines, 124 research teams, the TCM innovation
centre with 6 teams of 山西中医药大学 and 10 firms about to enter) and the technology managers (the first
primary class at 山西大学国家大学科技园 in May 2025 with its 49 trainees, plus intermediate and senior
managers certified earlier).

Three institutions exist already (rainforest.demo.organisations: 山西农业大学, 晋中学院, 山西中医药大学); the
other nine are upserted here by name, with a region, and kept across rebuilds like every organisation.
Platforms (51) and achievements (1,460) of the census are the platforms' and matching areas' records."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from django.db import models

from rainforest.core.choices import OrganisationKind, TechField
from rainforest.core.models import Organisation, Region
from rainforest.demo import names
from rainforest.demo.organisations import upsert
from rainforest.enterprises.models import Enterprise
from rainforest.talent.choices import DisciplineLevel, EntryStatus, ManagerGrade
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

ROOTS: tuple[type[models.Model], ...] = (TechManager, TrainingClass, KeyDiscipline, ResearchTeam, JointCentre)

N, P, S = DisciplineLevel.NATIONAL, DisciplineLevel.PROVINCIAL, DisciplineLevel.SCHOOL
F = TechField

# (code, name, region, research teams, [(discipline, code, level)]). The first three exist already.
CENSUS: tuple[tuple[str, str, str, int, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "sxau",
        "山西农业大学",
        "140703",
        30,
        (
            ("作物学", "0901", N),
            ("园艺学", "0902", N),
            ("农业资源与环境", "0903", P),
            ("植物保护", "0904", P),
            ("畜牧学", "0905", P),
            ("兽医学", "0906", P),
            ("林学", "0907", P),
            ("草学", "0909", P),
            ("食品科学与工程", "0832", P),
            ("农业工程", "0828", P),
            ("生物学", "0710", P),
            ("生态学", "0713", P),
            ("农林经济管理", "1203", P),
            ("风景园林学", "0834", S),
            ("环境科学与工程", "0830", S),
            ("化学", "0703", S),
            ("计算机科学与技术", "0812", S),
            ("机械工程", "0802", S),
            ("水利工程", "0815", S),
            ("统计学", "0714", S),
            ("应用经济学", "0202", S),
            ("公共管理", "1204", S),
            ("马克思主义理论", "0305", S),
            ("体育学", "0403", S),
        ),
    ),
    (
        "jzu",
        "晋中学院",
        "140702",
        12,
        (
            ("化学", "0703", P),
            ("材料科学与工程", "0805", P),
            ("计算机科学与技术", "0812", P),
            ("数学", "0701", S),
            ("中国语言文学", "0501", S),
            ("教育学", "0401", S),
            ("美术学", "1304", S),
            ("生物学", "0710", S),
        ),
    ),
    (
        "sxtcm",
        "山西中医药大学",
        "140702",
        14,
        (
            ("中医学", "1005", P),
            ("中药学", "1008", P),
            ("中西医结合", "1006", P),
            ("针灸推拿学", "100512", P),
            ("药学", "1007", P),
            ("中医诊断学", "100505", S),
            ("方剂学", "100504", S),
            ("护理学", "1011", S),
            ("公共卫生与预防医学", "1004", S),
            ("基础医学", "1001", S),
        ),
    ),
    (
        "tyut-mx",
        "太原理工大学明向校区",
        "140702",
        14,
        (
            ("化学工程与技术", "0817", N),
            ("矿业工程", "0819", P),
            ("材料科学与工程", "0805", P),
            ("动力工程及工程热物理", "0807", P),
            ("电气工程", "0808", P),
            ("控制科学与工程", "0811", S),
            ("软件工程", "0835", S),
        ),
    ),
    (
        "sxmu-jz",
        "山西医科大学晋中校区",
        "140702",
        10,
        (
            ("临床医学", "1002", P),
            ("基础医学", "1001", P),
            ("药学", "1007", P),
            ("公共卫生与预防医学", "1004", S),
            ("医学技术", "1010", S),
            ("护理学", "1011", S),
        ),
    ),
    (
        "tynu",
        "太原师范学院",
        "140702",
        9,
        (
            ("地理学", "0705", P),
            ("化学", "0703", P),
            ("物理学", "0702", S),
            ("数学", "0701", S),
            ("心理学", "0402", S),
            ("中国语言文学", "0501", S),
        ),
    ),
    (
        "cuc-sx",
        "山西传媒学院",
        "140702",
        5,
        (
            ("新闻传播学", "0503", P),
            ("戏剧与影视学", "1303", S),
            ("设计学", "1305", S),
        ),
    ),
    (
        "sxie",
        "山西能源学院",
        "140702",
        9,
        (
            ("矿业工程", "0819", P),
            ("地质资源与地质工程", "0818", P),
            ("电气工程", "0808", S),
            ("安全科学与工程", "0837", S),
            ("动力工程及工程热物理", "0807", S),
        ),
    ),
    (
        "sxpuet",
        "山西工程科技职业大学",
        "140702",
        6,
        (
            ("机械工程", "0802", S),
            ("土木工程", "0814", S),
            ("信息与通信工程", "0810", S),
        ),
    ),
    (
        "jzit",
        "晋中信息学院",
        "140703",
        4,
        (
            ("计算机科学与技术", "0812", S),
            ("工商管理", "1202", S),
        ),
    ),
    (
        "jzvtc",
        "晋中职业技术学院",
        "140702",
        4,
        (
            ("机械工程", "0802", S),
            ("食品科学与工程", "0832", S),
        ),
    ),
    (
        "sxau-pomology",
        "山西农业大学果树研究所",
        "140703",
        7,
        (
            ("园艺学", "0902", P),
            ("植物保护", "0904", S),
            ("生物学", "0710", S),
        ),
    ),
)

# What a team of a discipline works on, and its high-tech field.
TOPICS: dict[str, tuple[tuple[str, ...], str]] = {
    "09": (
        ("杂粮育种", "设施蔬菜", "果树栽培", "病虫害绿色防控", "畜禽健康养殖", "土壤改良", "旱作节水"),
        F.BIO_MEDICINE,
    ),
    "10": (
        ("中药材规范化种植", "经典名方开发", "中药炮制", "针灸临床", "慢病防治", "药物制剂"),
        F.BIO_MEDICINE,
    ),
    "08": (
        ("煤基新材料", "碳纤维复合材料", "智能装备", "新能源发电", "节能减排", "工业软件"),
        F.NEW_MATERIALS,
    ),
    "07": (("功能材料合成", "催化化学", "生物信息", "环境监测", "数学建模"), F.NEW_MATERIALS),
    "": (("数字媒体", "乡村振兴", "晋商文化", "区域经济", "教育信息化"), F.HITECH_SERVICES),
}
FIELD_OF_ENGINEERING = {
    "0808": F.NEW_ENERGY,
    "0807": F.NEW_ENERGY,
    "0819": F.RESOURCES_ENVIRONMENT,
    "0818": F.RESOURCES_ENVIRONMENT,
    "0830": F.RESOURCES_ENVIRONMENT,
    "0812": F.ELECTRONIC_INFO,
    "0835": F.ELECTRONIC_INFO,
    "0810": F.ELECTRONIC_INFO,
    "0811": F.ADVANCED_MANUFACTURING,
    "0802": F.ADVANCED_MANUFACTURING,
}

TCM_CENTRE = "山西中医药大学中医药创新中心"
TCM_TEAMS = 6
TCM_FIRMS = 10
FIRST_CLASS = "初级技术经理人培训班（第一期）"
FIRST_CLASS_HOST = "山西大学国家大学科技园"
FIRST_CLASS_TRAINEES = 49
INTERMEDIATE = 12
SENIOR = 4
EMPLOYERS = ("晋中市生产力促进中心", "晋中国家农业科技园区服务中心", "山西综改示范区晋中开发区创新服务中心")


def institutions() -> dict[str, Organisation]:
    """The 12 institutions of the census, by code: the three the demo's organisations hold are kept as
    they are, the nine others upserted with their region."""
    regions = {r.code: r for r in Region.objects.filter(code__in={row[2] for row in CENSUS})}
    found: dict[str, Organisation] = {}
    for order, (code, name, region, _teams, _disciplines) in enumerate(CENSUS, start=110):
        existing = Organisation.objects.filter(name=name).first()
        if existing is not None and existing.kind == OrganisationKind.UNIVERSITY:
            found[code] = existing
            continue
        found[code] = upsert(
            name,
            code=code,
            kind=OrganisationKind.UNIVERSITY,
            region=regions[region],
            parent=None,
            sort_order=order,
        )
    return found


def _field(code: str) -> str:
    if code in FIELD_OF_ENGINEERING:
        return FIELD_OF_ENGINEERING[code]
    return TOPICS.get(code[:2], TOPICS[""])[1]


def _teams(
    rng: Random, organisation: Organisation, count: int, disciplines: tuple[tuple[str, str, str], ...]
) -> list[ResearchTeam]:
    teams: list[ResearchTeam] = []
    used: set[str] = set()
    for n in range(count):
        discipline, code, _level = disciplines[n % len(disciplines)]
        topics = TOPICS.get(code[:2], TOPICS[""])[0]
        topic = rng.choice(topics)
        name = f"{topic}创新团队"
        while name in used:
            name = f"{rng.choice(topics)}{rng.choice(('研究', '技术', '应用'))}团队{len(used) + 1}"
        used.add(name)
        teams.append(
            ResearchTeam(
                organisation=organisation,
                name=name,
                leader=names.person(rng),
                size=rng.randint(5, 30),
                discipline=discipline,
                field=_field(code),
                founded_year=rng.randint(2008, 2024),
            )
        )
    return teams


def _manager(
    rng: Random, grade: str, region: Region, organisation: Organisation | None, number: str, on: date
) -> TechManager:
    employer = organisation.name if organisation is not None else rng.choice(EMPLOYERS)
    return TechManager(
        name=names.person(rng),
        phone=names.mobile(rng),
        organisation=organisation,
        employer=employer,
        region=region,
        grade=grade,
        certificate_number=number,
        certified_on=on,
    )


def _unique_people(managers: list[TechManager], rng: Random) -> None:
    """Names and phones are drawn: make (name, phone) unique as the roster's key requires."""
    seen: set[tuple[str, str]] = set()
    for manager in managers:
        while (manager.name, manager.phone) in seen:
            manager.phone = names.mobile(rng)
        seen.add((manager.name, manager.phone))


def build(rng: Random, *, as_of: date) -> dict[str, int]:
    """Store the area's demo records; returns what was stored, by kind."""
    found = institutions()
    disciplines: list[KeyDiscipline] = []
    teams_by_code: dict[str, list[ResearchTeam]] = {}
    for code, _name, _region, team_count, rows in CENSUS:
        organisation = found[code]
        disciplines.extend(
            KeyDiscipline(organisation=organisation, name=name, code=number, level=level)
            for name, number, level in rows
        )
        teams_by_code[code] = _teams(rng, organisation, team_count, rows)
    KeyDiscipline.objects.bulk_create(disciplines)
    teams = [team for group in teams_by_code.values() for team in group]
    ResearchTeam.objects.bulk_create(teams)

    # The TCM innovation centre: 6 teams of 山西中医药大学, 10 firms about to enter (拟入驻).
    centre = JointCentre.objects.create(
        name=TCM_CENTRE,
        organisation=found["sxtcm"],
        founded_on=date(2025, 3, 28),
        address="山西省晋中市榆次区大学街121号",
    )
    CentreTeam.objects.bulk_create(
        CentreTeam(centre=centre, team=team, topic="中医药成果转化")
        for team in teams_by_code["sxtcm"][:TCM_TEAMS]
    )
    candidates = list(
        Enterprise.objects.filter(tech_field=TechField.BIO_MEDICINE)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    if len(candidates) < TCM_FIRMS:
        candidates += list(
            Enterprise.objects.exclude(pk__in=candidates)
            .order_by("pk")
            .values_list("pk", flat=True)[: TCM_FIRMS * 2]
        )
    firms = rng.sample(candidates, min(TCM_FIRMS, len(candidates)))
    CentreFirm.objects.bulk_create(
        CentreFirm(
            centre=centre,
            enterprise_id=pk,
            status=EntryStatus.INTENDED,
            since=as_of - timedelta(days=rng.randint(5, 60)),
            plan="中药大健康产品联合研发",
        )
        for pk in sorted(firms)
    )

    # Technology managers: the first primary class's 49, then intermediate and senior managers.
    districts = list(Region.objects.districts().order_by("sort_order", "code"))
    yuci = next(region for region in districts if region.code == "140702")
    institution_list = list(found.values())
    first_class = TrainingClass.objects.create(
        name=FIRST_CLASS,
        grade=ManagerGrade.PRIMARY,
        host=FIRST_CLASS_HOST,
        starts_on=date(2025, 5, 19),
        ends_on=date(2025, 5, 23),
        place="山西大学城",
    )
    certified = first_class.ends_on
    primary = [
        _manager(
            rng,
            ManagerGrade.PRIMARY,
            rng.choice((yuci, yuci, *districts)),
            rng.choice(institution_list) if rng.random() < 0.5 else None,
            f"JZJL-2025-C{n:03d}",
            certified,
        )
        for n in range(1, FIRST_CLASS_TRAINEES + 1)
    ]
    earlier = [
        _manager(
            rng,
            grade,
            rng.choice(districts),
            rng.choice(institution_list) if rng.random() < 0.6 else None,
            f"JZJL-{year}-{letter}{n:03d}",
            date(year, rng.randint(3, 11), rng.randint(1, 28)),
        )
        for grade, letter, count in (
            (ManagerGrade.INTERMEDIATE, "Z", INTERMEDIATE),
            (ManagerGrade.SENIOR, "G", SENIOR),
        )
        for n, year in ((n, rng.choice((2022, 2023, 2024))) for n in range(1, count + 1))
    ]
    managers = primary + earlier
    _unique_people(managers, rng)
    TechManager.objects.bulk_create(managers)
    Trainee.objects.bulk_create(
        Trainee(
            training_class=first_class,
            manager=manager,
            passed=True,
            certificate_number=manager.certificate_number,
        )
        for manager in primary
    )
    return {
        "高校院所": len(found),
        "重点学科": len(disciplines),
        "科研团队": len(teams),
        "联合创新中心": 1,
        "技术经理人": len(managers),
        "培训学员": len(primary),
    }
