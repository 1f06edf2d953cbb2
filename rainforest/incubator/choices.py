from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneTier(models.TextChoices):
    """晋创谷 zones are laid out 孵化型 → 初创型 → 成长型 (seed S35)."""

    INCUBATION = "incubation", _("孵化型")
    STARTUP = "startup", _("初创型")
    GROWTH = "growth", _("成长型")


class TenancyStatus(models.TextChoices):
    """The tenant pipeline of a park: intention → negotiating → approved to enter (拟入驻) → entered (已入驻)
    → graduated or left; a tenant that never entered may withdraw. Seed S34 counts the entered firms and
    teams, those approved to enter ("about to enter") and those in negotiation. The stored values of the
    first pipeline (negotiating, about_to_enter, resident, left) are kept: callers and files that use them
    keep working."""

    INTENTION = "intention", _("意向")
    NEGOTIATING = "negotiating", _("在谈")
    ABOUT_TO_ENTER = "about_to_enter", _("拟入驻")
    RESIDENT = "resident", _("已入驻")
    GRADUATED = "graduated", _("已毕业")
    LEFT = "left", _("已迁出")
    WITHDRAWN = "withdrawn", _("未入驻终止")


# The pipeline's stages in order (the board's columns) and the moves each stage allows.
PIPELINE: tuple[str, ...] = (
    TenancyStatus.INTENTION,
    TenancyStatus.NEGOTIATING,
    TenancyStatus.ABOUT_TO_ENTER,
    TenancyStatus.RESIDENT,
    TenancyStatus.GRADUATED,
    TenancyStatus.LEFT,
    TenancyStatus.WITHDRAWN,
)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    TenancyStatus.INTENTION: (TenancyStatus.NEGOTIATING, TenancyStatus.WITHDRAWN),
    TenancyStatus.NEGOTIATING: (TenancyStatus.ABOUT_TO_ENTER, TenancyStatus.WITHDRAWN),
    TenancyStatus.ABOUT_TO_ENTER: (TenancyStatus.RESIDENT, TenancyStatus.WITHDRAWN),
    TenancyStatus.RESIDENT: (TenancyStatus.GRADUATED, TenancyStatus.LEFT),
    TenancyStatus.GRADUATED: (),
    TenancyStatus.LEFT: (),
    TenancyStatus.WITHDRAWN: (),
}
# The date field each stage stamps on the tenancy.
STAGE_DATE: dict[str, str] = {
    TenancyStatus.INTENTION: "intended_on",
    TenancyStatus.NEGOTIATING: "negotiating_on",
    TenancyStatus.ABOUT_TO_ENTER: "approved_on",
    TenancyStatus.RESIDENT: "entered_on",
    TenancyStatus.GRADUATED: "left_on",
    TenancyStatus.LEFT: "left_on",
    TenancyStatus.WITHDRAWN: "withdrawn_on",
}
# Stages after entering: the tenancy has an entry date.
ENTERED = (TenancyStatus.RESIDENT, TenancyStatus.GRADUATED, TenancyStatus.LEFT)
