"""Choices of the matching app: the city's industries, disciplines (学科), technology readiness levels,
transfer modes and the states of achievements, demands and deals. The high-tech field is
`rainforest.core.choices.TechField` (the 8 fields of the high-tech recognition rules)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CityIndustry(models.TextChoices):
    """The city's industries an achievement serves or a demand comes from (the bureau's own grouping,
    finer than the 8 high-tech fields)."""

    CARBON_MATERIALS = "carbon_materials", _("新材料/碳基材料")
    HYDRAULICS = "hydraulics", _("装备制造/液压")
    TCM = "tcm", _("生物医药/中医药")
    AGRI_PROCESSING = "agri_processing", _("现代农业/农产品加工")
    GREEN = "green", _("节能环保")
    IT = "it", _("信息技术")
    FUNCTIONAL_FOOD = "functional_food", _("功能食品")
    OTHER = "other", _("其他")


class Discipline(models.TextChoices):
    """The 67 disciplines (学科) of the CSL scientific-literature set: an achievement's discipline is
    one of them, stored as its Chinese name so that exports and the matching engine read it as is."""

    TCM = "中医学/中药学", _("中医学/中药学")
    FOOD = "食品科学与工程", _("食品科学与工程")
    MATERIALS = "材料科学与工程", _("材料科学与工程")
    HORTICULTURE = "园艺学", _("园艺学")
    CHEMICAL = "化学/化学工程与技术", _("化学/化学工程与技术")
    TRANSPORT = "交通运输工程", _("交通运输工程")
    PHARMACY = "药学", _("药学")
    MEDICINE = "基础医学/临床医学", _("基础医学/临床医学")
    SPORTS = "体育学", _("体育学")
    GEOGRAPHY = "地理学", _("地理学")
    COMMUNICATION = "信息与通信工程", _("信息与通信工程")
    ENVIRONMENT = "环境科学与工程", _("环境科学与工程")
    FISHERIES = "水产", _("水产")
    PHILOSOPHY = "哲学", _("哲学")
    AGRI_ENGINEERING = "农业工程", _("农业工程")
    JOURNALISM = "新闻传播学", _("新闻传播学")
    MECHANICS = "力学", _("力学")
    COMPUTER = "计算机科学与技术", _("计算机科学与技术")
    HISTORY = "历史学", _("历史学")
    ETHNOLOGY = "民族学", _("民族学")
    LAW = "法学", _("法学")
    POLITICS = "政治学", _("政治学")
    TEXTILES = "纺织科学与工程", _("纺织科学与工程")
    CIVIL = "土木工程", _("土木工程")
    LIBRARY = "图书馆、情报与档案管理", _("图书馆、情报与档案管理")
    MINING = "矿业工程", _("矿业工程")
    PETROLEUM = "石油与天然气工程", _("石油与天然气工程")
    MECHANICAL = "机械工程", _("机械工程")
    ELECTRICAL = "电气工程", _("电气工程")
    ART = "艺术学", _("艺术学")
    BUSINESS = "工商管理", _("工商管理")
    ARMAMENT = "兵器科学与技术", _("兵器科学与技术")
    ELECTRONICS = "电子科学与技术", _("电子科学与技术")
    ATMOSPHERE = "大气科学", _("大气科学")
    NAVAL = "船舶与海洋工程", _("船舶与海洋工程")
    THEORETICAL_ECONOMICS = "理论经济学", _("理论经济学")
    MATHEMATICS = "数学", _("数学")
    OPTICS = "光学工程", _("光学工程")
    BIOLOGY = "生物学/生物科学与工程", _("生物学/生物科学与工程")
    APPLIED_ECONOMICS = "应用经济学", _("应用经济学")
    METALLURGY = "冶金工程", _("冶金工程")
    MILITARY = "军事学", _("军事学")
    PUBLIC_ADMINISTRATION = "公共管理", _("公共管理")
    CROPS = "作物学", _("作物学")
    FORESTRY = "林学/林业工程", _("林学/林业工程")
    STOMATOLOGY = "口腔医学", _("口腔医学")
    POWER = "动力工程及工程热物理", _("动力工程及工程热物理")
    SURVEYING = "测绘科学与技术", _("测绘科学与技术")
    HYDRAULIC = "水利工程", _("水利工程")
    GEOLOGY = "地质学/地质资源与地质工程", _("地质学/地质资源与地质工程")
    AGRI_ECONOMICS = "农林经济管理", _("农林经济管理")
    ANIMAL = "畜牧学/兽医学", _("畜牧学/兽医学")
    ARCHITECTURE = "建筑学", _("建筑学")
    EDUCATION = "教育学", _("教育学")
    PUBLIC_HEALTH = "公共卫生与预防医学", _("公共卫生与预防医学")
    MARINE = "海洋科学", _("海洋科学")
    CONTROL = "控制科学与工程", _("控制科学与工程")
    AGRI_RESOURCES = "农业资源利用", _("农业资源利用")
    NUCLEAR = "核科学与技术", _("核科学与技术")
    PHYSICS = "物理学", _("物理学")
    SOCIOLOGY = "社会学", _("社会学")
    PSYCHOLOGY = "心理学", _("心理学")
    LITERATURE = "中国语言文学", _("中国语言文学")
    AEROSPACE = "航空宇航科学与技术", _("航空宇航科学与技术")
    ASTRONOMY = "天文学", _("天文学")
    GEOPHYSICS = "地球物理学", _("地球物理学")
    PLANT_PROTECTION = "植物保护", _("植物保护")


class Maturity(models.IntegerChoices):
    """Technology readiness level (技术成熟度, GB/T 22900): 1 to 9."""

    PRINCIPLE = 1, _("1级 基本原理清晰")
    CONCEPT = 2, _("2级 技术概念和应用设想明确")
    PROOF = 3, _("3级 关键功能和特性通过验证")
    LAB = 4, _("4级 实验室环境下部件或样品验证")
    RELEVANT = 5, _("5级 相关环境下部件或样品验证")
    PROTOTYPE = 6, _("6级 相关环境下原型样机验证")
    OPERATIONAL = 7, _("7级 使用环境下原型样机验证")
    QUALIFIED = 8, _("8级 定型产品通过试验验证")
    PROVEN = 9, _("9级 产品批量生产或稳定应用")


class TransferMode(models.TextChoices):
    """How an achievement may change hands (成果转化方式)."""

    ASSIGNMENT = "assignment", _("转让")
    LICENSE = "license", _("许可")
    EQUITY = "equity", _("作价入股")
    CODEVELOPMENT = "codevelopment", _("合作开发")
    SERVICE = "service", _("技术服务")
    CONSULTING = "consulting", _("技术咨询")


class AchievementStatus(models.TextChoices):
    ACTIVE = "active", _("可转化")
    WITHDRAWN = "withdrawn", _("已撤回")


class DemandStatus(models.TextChoices):
    OPEN = "open", _("征集中")
    MATCHED = "matched", _("已对接")
    CLOSED = "closed", _("已关闭")


class DealStatus(models.TextChoices):
    CONTACTED = "contacted", _("已接洽")
    NEGOTIATING = "negotiating", _("洽谈中")
    SIGNED = "signed", _("已签约")
    DROPPED = "dropped", _("已终止")


# The moves a deal may make: from a state to the states it may go to next.
DEAL_TRANSITIONS: dict[str, frozenset[str]] = {
    DealStatus.CONTACTED: frozenset({DealStatus.NEGOTIATING, DealStatus.DROPPED}),
    DealStatus.NEGOTIATING: frozenset({DealStatus.SIGNED, DealStatus.DROPPED}),
    DealStatus.SIGNED: frozenset(),
    DealStatus.DROPPED: frozenset(),
}
