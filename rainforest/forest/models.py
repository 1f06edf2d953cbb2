"""Materialised layer history. Each row is derived from the registry by `forest.services.forest_refresh`
and can be recomputed at any time from the records; nothing here is typed by hand."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rainforest.core.models import Region
from rainforest.core.policy import RestrictedQuerySet
from rainforest.enterprises.models import Enterprise
from rainforest.forest.choices import LayerChoice, MoveKind
from rainforest.incubator.models import Team


class LayerSpan(models.Model):
    """An organisation on one layer over [starts_on, ends_on) (ends_on empty: still so)."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="layer_spans",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("团队"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="layer_spans",
    )
    district = models.ForeignKey(Region, verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+")
    layer = models.PositiveSmallIntegerField(_("层级"), choices=LayerChoice.choices)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期（不含）"), null=True, blank=True)
    needs_data = models.BooleanField(_("待补数据"), default=False)
    rulebook_version = models.CharField(_("规则版本"), max_length=10)

    objects = RestrictedQuerySet["LayerSpan"].as_manager()

    class Meta:
        verbose_name = _("层级区间")
        verbose_name_plural = _("层级区间")
        ordering = ["starts_on"]
        indexes = [
            models.Index(fields=["starts_on", "ends_on", "layer"]),
            models.Index(fields=["enterprise", "starts_on"]),
            # Covering (PostgreSQL): "which enterprises are on layer L on day d" is answered from the index
            # alone, which keeps the filtered enterprise list's count fast at national scale.
            models.Index(
                fields=["layer", "starts_on"],
                include=["ends_on", "enterprise_id"],
                name="layerspan_layer_on_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise or self.team} {self.get_layer_display()} {self.starts_on}"


class Move(models.Model):
    """A move along the cultivation path (微成长, 小升高, 高壮大, 大变强) or a regression, with its reason."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moves",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("团队"), null=True, blank=True, on_delete=models.CASCADE, related_name="moves"
    )
    district = models.ForeignKey(Region, verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=12, choices=MoveKind.choices)
    on = models.DateField(_("日期"))
    from_layer = models.PositiveSmallIntegerField(_("原层级"), choices=LayerChoice.choices)
    to_layer = models.PositiveSmallIntegerField(_("新层级"), choices=LayerChoice.choices)
    reason = models.CharField(_("原因"), max_length=300, blank=True)

    objects = RestrictedQuerySet["Move"].as_manager()

    class Meta:
        verbose_name = _("成长路径")
        verbose_name_plural = _("成长路径")
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["on", "kind"]), models.Index(fields=["enterprise", "on"])]

    def __str__(self) -> str:
        return f"{self.enterprise or self.team} {self.get_kind_display()} {self.on}"
