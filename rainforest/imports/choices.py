from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    VALIDATING = "validating", _("校验中")
    STORING = "storing", _("保存中")
    STORED = "stored", _("已保存")
    CHECKED = "checked", _("校验通过（试运行，未保存）")
    REFUSED = "refused", _("有错误，未保存")
    FAILED = "failed", _("处理失败")


FINISHED = frozenset({JobStatus.STORED, JobStatus.CHECKED, JobStatus.REFUSED, JobStatus.FAILED})
