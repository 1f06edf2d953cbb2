"""Choices of the talent app, with Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ManagerGrade(models.TextChoices):
    """The three grades of a technology manager's training and certificate."""

    PRIMARY = "primary", _("初级")
    INTERMEDIATE = "intermediate", _("中级")
    SENIOR = "senior", _("高级")


class ManagerStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    SUSPENDED = "suspended", _("暂停")
    LEFT = "left", _("已退出")


class DisciplineLevel(models.TextChoices):
    """The level of a key discipline (重点学科)."""

    NATIONAL = "national", _("国家级重点学科")
    PROVINCIAL = "provincial", _("省级重点学科")
    SCHOOL = "school", _("校级重点学科")


class EntryStatus(models.TextChoices):
    """Where a firm stands with a joint centre."""

    INTENDED = "intended", _("拟入驻")
    ENTERED = "entered", _("已入驻")
    LEFT = "left", _("已退出")
