"""Choices of the reviews app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Aggregation(models.TextChoices):
    """How a panel's totals become an application's score (the call states it)."""

    MEAN = "mean", _("算术平均")
    TRIMMED = "trimmed", _("去掉一个最高分和一个最低分后平均")


class Exclusion(models.TextChoices):
    """Why an expert of the pool may not sit on a call's panel."""

    UNAVAILABLE = "unavailable", _("暂不可参加评审")
    OWN_ORGANISATION = "own_organisation", _("与申报单位为同一单位")
    CONFLICT = "conflict", _("已声明回避")
