"""A record of each demo build: the one change-log entry of data written in bulk."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DemoBuild(models.Model):
    """The demo city was built with this seed and scale. Generated rows are written with `bulk_create`,
    which keeps no per-row change history: this row says where they came from. Its presence also tells
    the next build that the registry holds demo data it may wipe."""

    seed = models.IntegerField(_("随机种子"))
    scale = models.CharField(_("规模"), max_length=20)
    enterprises = models.PositiveIntegerField(_("企业数"))
    teams = models.PositiveIntegerField(_("团队数"))
    as_of = models.DateField(_("基准日期"))
    built_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    seconds = models.DecimalField(_("耗时（秒）"), max_digits=10, decimal_places=1)

    class Meta:
        verbose_name = _("演示数据生成记录")
        verbose_name_plural = _("演示数据生成记录")
        ordering = ["-built_at"]

    def __str__(self) -> str:
        return f"{self.scale} seed={self.seed} {self.built_at:%Y-%m-%d %H:%M}"
