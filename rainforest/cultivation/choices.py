from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已完成")
    DROPPED = "dropped", _("已取消")


class VisitTopic(models.TextChoices):
    HNTE_APPLICATION = "hnte_application", _("高企申报")
    TECH_SME_REGISTRATION = "tech_sme_registration", _("科技型中小企业评价")
    RD_ACCOUNTING = "rd_accounting", _("研发费用归集")
    IP = "ip", _("知识产权")
    CONVERSION = "conversion", _("成果转化")
    FINANCE = "finance", _("融资需求")
    TALENT = "talent", _("人才引进")
    POLICY = "policy", _("政策解读")
    OTHER = "other", _("其他")


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("已邀请")
    CONFIRMED = "confirmed", _("已确认")
    ATTENDED = "attended", _("已出席")
    ABSENT = "absent", _("未出席")


class TargetIndicator(models.TextChoices):
    """Indicators a yearly target can be set on; a user may add others as free text codes later."""

    NEW_HNTE = "new_hnte", _("新认定高新技术企业数")
    TECH_SME_TOTAL = "tech_sme_total", _("科技型中小企业总数")
