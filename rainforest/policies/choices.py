from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("县区级")
    ZONE = "zone", _("园区级")


class SourceStatus(models.TextChoices):
    """How far the text behind a policy has been checked."""

    CONFIRMED = "CONFIRMED", _("已核实")
    SECONDARY = "SECONDARY", _("二手来源")
    UNCONFIRMED = "UNCONFIRMED", _("未核实")


class BenefitKind(models.TextChoices):
    FIXED = "fixed", _("固定金额")
    FORMULA = "formula", _("按公式计算")
    UP_TO = "up_to", _("最高限额")
    UNPUBLISHED = "unpublished", _("金额未公布")


class Beneficiary(models.TextChoices):
    """Who receives the money: the enterprise itself, or the incubator (park) it is a tenant of."""

    ENTERPRISE = "enterprise", _("企业")
    INCUBATOR = "incubator", _("孵化载体")


class ConditionStatus(models.TextChoices):
    MET = "met", _("满足")
    UNMET = "unmet", _("不满足")
    UNKNOWN = "unknown", _("待补数据")


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("符合")
    NOT_ELIGIBLE = "not_eligible", _("不符合")
    UNDETERMINED = "undetermined", _("待定")
