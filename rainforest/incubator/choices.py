from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneTier(models.TextChoices):
    """晋创谷 zones are laid out 孵化型 → 初创型 → 成长型 (seed S35)."""

    INCUBATION = "incubation", _("孵化型")
    STARTUP = "startup", _("初创型")
    GROWTH = "growth", _("成长型")


class TenancyStatus(models.TextChoices):
    """The tenant pipeline of a park (seed S34: resident, about to enter, in negotiation)."""

    NEGOTIATING = "negotiating", _("在谈")
    ABOUT_TO_ENTER = "about_to_enter", _("拟入驻")
    RESIDENT = "resident", _("已入驻")
    LEFT = "left", _("已迁出")
