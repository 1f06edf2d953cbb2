from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    """The verdict `eligible` of a result, as stored."""

    TRUE = "true", _("符合")
    FALSE = "false", _("不符合")
    UNDETERMINED = "undetermined", _("待定（需补数据或专家评分）")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
