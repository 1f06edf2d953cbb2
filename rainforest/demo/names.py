"""Plausible, made-up Chinese names for the demo city: companies, people, phone numbers, addresses, teams.
No name or number belongs to a real person; the few firms named in the seed report keep their short names."""

from __future__ import annotations

from random import Random

from rainforest.core import credit_code
from rainforest.demo.plan import DISTRICT_SHORT

BRAND_CHARACTERS = (
    "瑞丰华鑫泰恒宏达博创源汇德联金隆盛安远凯捷晟禾嘉景锦俊康力龙明诺鹏启睿润森尚升拓天通维伟祥星兴旭亚耀"
    "益英宇裕元悦云泽正致中卓智众海和辉佳坤立麟迈美宁朋强荣融胜实思腾万威文希翔信轩扬怡银永优越臻志宸昊晖骏"
    "琨澜铭钧灏煜晨航晶峰巨"
)

# Tech field → (name endings, GB/T 4754 doors with weights).
FIELD_PROFILE: dict[str, tuple[tuple[str, ...], dict[str, int]]] = {
    "advanced_manufacturing": (
        ("智能装备", "机械制造", "精密机械", "液压科技", "自动化科技", "重工科技"),
        {"C": 100},
    ),
    "new_materials": (("新材料科技", "新材料", "复合材料", "化工科技", "陶瓷科技"), {"C": 100}),
    "electronic_info": (("信息技术", "电子科技", "软件科技", "数据科技", "网络科技"), {"I": 65, "C": 35}),
    "bio_medicine": (("生物科技", "药业", "医药科技", "生物工程", "医疗器械"), {"C": 70, "M": 20, "A": 10}),
    "resources_environment": (
        ("环保科技", "环境工程", "节水科技", "资源再生科技"),
        {"N": 40, "C": 40, "M": 20},
    ),
    "new_energy": (("新能源科技", "节能科技", "能源科技", "光伏科技"), {"C": 60, "D": 40}),
    "hitech_services": (("检测技术", "科技服务", "技术咨询", "工程设计"), {"M": 70, "I": 20, "L": 10}),
    "aerospace": (("航空科技", "通用航空科技", "航天材料"), {"C": 100}),
}
FIELD_WEIGHTS = {
    "advanced_manufacturing": 24,
    "new_materials": 18,
    "electronic_info": 14,
    "bio_medicine": 13,
    "resources_environment": 10,
    "hitech_services": 10,
    "new_energy": 9,
    "aerospace": 2,
}
AGRICULTURE_ENDINGS = ("农业科技", "种业科技", "生物科技", "食品科技")
LEGAL_FORMS = (("有限公司", 90), ("股份有限公司", 7), ("有限责任公司", 3))

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰晓东海波宁鹏飞凤琴斌文亮浩宇欣怡子涵雪梅晋"
)
ROADS = (
    "迎宾街",
    "顺城街",
    "汇通路",
    "锦纶路",
    "蕴华街",
    "新建路",
    "龙湖大街",
    "大学街",
    "创业路",
    "科技街",
    "工业园路",
    "农谷大道",
)

TEAM_TOPICS = (
    "谷子分子育种", "设施农业智能控制", "高炉冷固含碳球团", "煤矸石基新材料", "中药材种苗繁育", "功能食品开发",
    "农业废弃物资源化", "动物疫苗研制", "智能农机装备", "土壤修复", "氢能储运材料", "碳纤维复合材料",
    "工业视觉检测", "液压元件数字孪生", "光伏组件回收", "锂电正极材料", "生物有机肥", "杂粮精深加工",
    "中医药大数据", "医用可降解材料", "矿山智能巡检", "精密铸造工艺", "低碳水泥", "污水生物处理",
    "植物工厂", "无人机植保", "农产品冷链追溯", "纳米涂层", "特种陶瓷", "智慧畜牧", "微生物发酵",
    "传感器芯片", "工业软件", "储能热管理", "黄芪有效成分提取", "连翘深加工", "农机北斗导航",
    "秸秆基板材", "食用菌工厂化", "生物降解地膜",
)  # fmt: skip
INSTITUTIONS = (
    "山西农业大学", "山西大学", "太原理工大学", "中北大学", "山西医科大学", "山西中医药大学", "晋中学院",
    "山西师范大学", "太原科技大学", "晋中信息学院", "山西工商学院", "山西传媒学院",
)  # fmt: skip


def weighted(rng: Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def person(rng: Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def mobile(rng: Random) -> str:
    prefix = rng.choice(("13", "15", "18"))
    return f"{prefix}{rng.randrange(10)}{rng.randrange(10**8):08d}"


def address(rng: Random, district_name: str) -> str:
    return f"山西省晋中市{district_name}{rng.choice(ROADS)}{rng.randrange(1, 400)}号"


class CompanyNames:
    """Unique company names such as 晋中瑞丰新材料科技有限公司."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def reserve(self, name: str) -> str:
        self.used.add(name)
        return name

    def make(self, rng: Random, district_code: str, field: str, agriculture: bool = False) -> str:
        endings = AGRICULTURE_ENDINGS if agriculture else FIELD_PROFILE[field][0]
        forms = [form for form, _ in LEGAL_FORMS]
        form_weights = [weight for _, weight in LEGAL_FORMS]
        for attempt in range(40):
            roll = rng.random()
            place = "晋中" if roll < 0.35 else ("山西" if roll < 0.6 else DISTRICT_SHORT[district_code])
            length = 2 if attempt < 10 else 3
            brand = "".join(rng.sample(BRAND_CHARACTERS, length))
            name = f"{place}{brand}{rng.choice(endings)}{rng.choices(forms, weights=form_weights)[0]}"
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("no unused company name found")  # pragma: no cover - 7 million combinations


ORG_ALPHABET = credit_code.ALPHABET


class CreditCodes:
    """Unique, valid unified social credit codes (GB 32100). Firms founded before 2015 carry an old
    all-digit organisation code; later ones the `MA…` bodies issued since the reform."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, rng: Random, region_code: str, founded_year: int) -> str:
        while True:
            if founded_year < 2015:
                body = f"{rng.choice('567')}{rng.randrange(10**7):07d}"
            else:
                body = "MA" + "".join(rng.choice(ORG_ALPHABET) for _ in range(6))
            code = credit_code.build("91", region_code, body)
            if code not in self.used:
                self.used.add(code)
                return code


def team_name(rng: Random, used: set[str]) -> tuple[str, str]:
    """A team's name and its host institution."""
    while True:
        institution = rng.choice(INSTITUTIONS)
        name = f"{institution}{rng.choice(TEAM_TOPICS)}{rng.choice(('团队', '项目'))}"
        if name not in used:
            used.add(name)
            return name, institution
