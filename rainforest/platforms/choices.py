"""Choices of the platforms app, with Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")


class PlatformStatus(models.TextChoices):
    PLANNED = "planned", _("计划建设")
    BUILDING = "building", _("建设中")
    RECOGNISED = "recognised", _("已认定")
    REVOKED = "revoked", _("已撤销")


class PartnerRole(models.TextChoices):
    CO_BUILDER = "co_builder", _("共建单位")
    PARTICIPANT = "participant", _("参与单位")
    MEMBER = "member", _("联盟成员")


# The types seeded by the data migration (reference data: the demo never wipes them), in the order the
# bureau lists them; True marks the types whose provincial platforms count as 省级重点创新平台.
SEEDED_TYPES: tuple[tuple[str, bool], ...] = (
    ("技术创新中心", True),
    ("重点实验室", True),
    ("工程技术研究中心", True),
    ("新型研发机构", False),
    ("中试基地", False),
    ("产业技术创新战略联盟", False),
)
