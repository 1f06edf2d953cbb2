"""Incubator parks, their zones, incubated teams (the seed layer) and tenancies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.models import DevelopmentZone, Region
from rainforest.core.policy import RestrictedQuerySet
from rainforest.enterprises.models import Enterprise
from rainforest.incubator.choices import TenancyStatus, ZoneTier


class Park(models.Model):
    """An incubator or innovation park (孵化载体), e.g. 晋创谷·晋中."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    district = models.ForeignKey(
        Region, verbose_name=_("所在县区"), on_delete=models.PROTECT, related_name="parks"
    )
    development_zone = models.ForeignKey(
        DevelopmentZone,
        verbose_name=_("所在开发区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parks",
    )
    level = models.CharField(_("级别"), max_length=20, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Park"].as_manager()

    class Meta:
        verbose_name = _("孵化载体")
        verbose_name_plural = _("孵化载体")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Zone(models.Model):
    """A zone (片区) of a park, by tier."""

    park = models.ForeignKey(Park, verbose_name=_("孵化载体"), on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(_("名称"), max_length=100)
    tier = models.CharField(_("类型"), max_length=20, choices=ZoneTier.choices)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Zone"].as_manager()

    class Meta:
        verbose_name = _("片区")
        verbose_name_plural = _("片区")
        ordering = ["park", "tier", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="zone_unique_name_in_park")]

    def __str__(self) -> str:
        return f"{self.park} · {self.name}"


class Team(models.Model):
    """An incubated team or project with no credit code yet: the seed layer. When it incorporates, it links
    to the new enterprise (微成长)."""

    name = models.CharField(_("团队/项目名称"), max_length=120, unique=True)
    district = models.ForeignKey(
        Region, verbose_name=_("所在县区"), on_delete=models.PROTECT, related_name="teams"
    )
    leader = models.CharField(_("负责人"), max_length=40, blank=True)
    institution = models.CharField(_("依托单位"), max_length=100, blank=True)
    formed_on = models.DateField(_("组建日期"), null=True, blank=True)
    enterprise = models.OneToOneField(
        Enterprise,
        verbose_name=_("注册成立的企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seed_team",
    )
    incorporated_on = models.DateField(_("注册成立日期"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Team"].as_manager()

    class Meta:
        verbose_name = _("孵化团队")
        verbose_name_plural = _("孵化团队")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.enterprise_id and not self.incorporated_on:
            raise ValidationError({"incorporated_on": _("已关联企业的团队须填写注册成立日期")})


class Tenancy(models.Model):
    """An enterprise or a team in a park, from negotiation to leaving. Exactly one of the two is set."""

    park = models.ForeignKey(
        Park, verbose_name=_("孵化载体"), on_delete=models.PROTECT, related_name="tenancies"
    )
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("片区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tenancies",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("入驻企业"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tenancies",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("入驻团队"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tenancies",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=TenancyStatus.choices, default=TenancyStatus.RESIDENT
    )
    entered_on = models.DateField(_("入驻日期"), null=True, blank=True)
    left_on = models.DateField(_("迁出日期"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Tenancy"].as_manager()

    class Meta:
        verbose_name = _("入驻记录")
        verbose_name_plural = _("入驻记录")
        ordering = ["park", "-entered_on"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(enterprise__isnull=False) & models.Q(team__isnull=True))
                | (models.Q(enterprise__isnull=True) & models.Q(team__isnull=False)),
                name="tenancy_exactly_one_tenant",
                violation_error_message=_("入驻主体须为企业或团队之一"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise or self.team} @ {self.park}"

    def clean(self) -> None:
        if bool(self.enterprise_id) == bool(self.team_id):
            raise ValidationError(_("入驻主体须为企业或团队之一"))
        if self.status in (TenancyStatus.RESIDENT, TenancyStatus.LEFT) and not self.entered_on:
            raise ValidationError({"entered_on": _("已入驻或已迁出的须填写入驻日期")})
        if self.left_on and self.entered_on and self.left_on < self.entered_on:
            raise ValidationError({"left_on": _("迁出日期不能早于入驻日期")})
        if self.zone_id and self.park_id and self.zone is not None and self.zone.park_id != self.park_id:
            raise ValidationError({"zone": _("片区不属于该孵化载体")})
