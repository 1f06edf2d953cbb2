"""Incubator parks, their sites and zones, incubated teams (the seed layer), tenancies with their pipeline
stages, the zone each tenant occupied over time (ZoneStay) and the log of every stage change."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.models import DevelopmentZone, Region
from rainforest.core.policy import RestrictedQuerySet
from rainforest.enterprises.models import Enterprise
from rainforest.incubator.choices import ENTERED, TenancyStatus, ZoneTier


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


class Site(models.Model):
    """A site (园区) of a park: 晋创谷·晋中 has one in the 晋中开发区 and one in the 农高区. Zones belong to a
    site."""

    park = models.ForeignKey(Park, verbose_name=_("孵化载体"), on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("园区名称"), max_length=100)
    development_zone = models.ForeignKey(
        DevelopmentZone,
        verbose_name=_("所在开发区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="park_sites",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    space_m2 = models.PositiveIntegerField(_("总面积（平方米）"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Site"].as_manager()

    class Meta:
        verbose_name = _("孵化园区")
        verbose_name_plural = _("孵化园区")
        ordering = ["park", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="site_unique_name_in_park")]

    def __str__(self) -> str:
        return f"{self.park} · {self.name}"


class Zone(models.Model):
    """A zone (片区) of a park, by tier (孵化型 → 初创型 → 成长型), on one of its sites, with its space and the
    number of tenants it can hold."""

    park = models.ForeignKey(Park, verbose_name=_("孵化载体"), on_delete=models.CASCADE, related_name="zones")
    site = models.ForeignKey(
        Site,
        verbose_name=_("所在园区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zones",
    )
    name = models.CharField(_("名称"), max_length=100)
    tier = models.CharField(_("类型"), max_length=20, choices=ZoneTier.choices)
    space_m2 = models.PositiveIntegerField(_("面积（平方米）"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("可容纳主体数"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Zone"].as_manager()

    class Meta:
        verbose_name = _("片区")
        verbose_name_plural = _("片区")
        ordering = ["park", "tier", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="zone_unique_name_in_park")]

    def __str__(self) -> str:
        return f"{self.park} · {self.name}"

    def clean(self) -> None:
        if self.site_id and self.park_id and self.site is not None and self.site.park_id != self.park_id:
            raise ValidationError({"site": _("园区不属于该孵化载体")})


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


def _ordered(earlier: str, later: str) -> models.Q:
    """`earlier` ≤ `later` when both are set."""
    return (
        models.Q(**{f"{earlier}__isnull": True})
        | models.Q(**{f"{later}__isnull": True})
        | models.Q(**{f"{earlier}__lte": models.F(later)})
    )


# Stage dates in pipeline order: each, when set, is on or after the ones before it.
STAGE_DATES = ("intended_on", "negotiating_on", "approved_on", "entered_on", "left_on")
STAGE_ORDER_MESSAGE = _("{later}不能早于{earlier}")


class Tenancy(models.Model):
    """An enterprise or a team in a park, through the pipeline: intention → negotiating → approved to enter
    → entered → graduated or left (or withdrawn before entering), with the date of each stage. Exactly one
    of enterprise and team is set. `zone` is the zone the tenant occupies now; where it was before is in
    its zone stays."""

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
    intended_on = models.DateField(_("意向日期"), null=True, blank=True)
    negotiating_on = models.DateField(_("洽谈日期"), null=True, blank=True)
    approved_on = models.DateField(_("批准入驻日期"), null=True, blank=True)
    entered_on = models.DateField(_("入驻日期"), null=True, blank=True)
    left_on = models.DateField(_("迁出日期"), null=True, blank=True, help_text=_("毕业或迁出的日期"))
    withdrawn_on = models.DateField(_("终止日期"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Tenancy"].as_manager()

    class Meta:
        verbose_name = _("入驻记录")
        verbose_name_plural = _("入驻记录")
        ordering = ["park", "-entered_on"]
        indexes = [models.Index(fields=["park", "status"], name="tenancy_park_status")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(enterprise__isnull=False) & models.Q(team__isnull=True))
                | (models.Q(enterprise__isnull=True) & models.Q(team__isnull=False)),
                name="tenancy_exactly_one_tenant",
                violation_error_message=_("入驻主体须为企业或团队之一"),
            ),
            models.CheckConstraint(
                condition=_ordered("intended_on", "negotiating_on")
                & _ordered("negotiating_on", "approved_on")
                & _ordered("approved_on", "entered_on")
                & _ordered("entered_on", "left_on"),
                name="tenancy_stage_dates_in_order",
                violation_error_message=_("各阶段日期须按意向、洽谈、批准入驻、入驻、迁出的顺序"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=ENTERED) | models.Q(entered_on__isnull=False),
                name="tenancy_entered_has_entry_date",
                violation_error_message=_("已入驻、已毕业或已迁出的须填写入驻日期"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=TenancyStatus.GRADUATED) | models.Q(left_on__isnull=False),
                name="tenancy_graduated_has_exit_date",
                violation_error_message=_("已毕业的须填写迁出日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise or self.team} @ {self.park}"

    @property
    def tenant(self) -> Enterprise | Team | None:
        return self.enterprise or self.team

    def clean(self) -> None:
        if bool(self.enterprise_id) == bool(self.team_id):
            raise ValidationError(_("入驻主体须为企业或团队之一"))
        if self.status in ENTERED and not self.entered_on:
            raise ValidationError({"entered_on": _("已入驻、已毕业或已迁出的须填写入驻日期")})
        if self.status == TenancyStatus.GRADUATED and not self.left_on:
            raise ValidationError({"left_on": _("已毕业的须填写迁出日期")})
        if self.left_on and self.entered_on and self.left_on < self.entered_on:
            raise ValidationError({"left_on": _("迁出日期不能早于入驻日期")})
        for position, later in enumerate(STAGE_DATES[1:], start=1):
            for earlier in STAGE_DATES[:position]:
                first, second = getattr(self, earlier), getattr(self, later)
                if first and second and second < first:
                    names = {f.name: f.verbose_name for f in self._meta.concrete_fields}
                    raise ValidationError(
                        {later: STAGE_ORDER_MESSAGE.format(later=names[later], earlier=names[earlier])}
                    )
        if self.zone_id and self.park_id and self.zone is not None and self.zone.park_id != self.park_id:
            raise ValidationError({"zone": _("片区不属于该孵化载体")})


class ZoneStay(models.Model):
    """A tenant's time in one zone of its park, [started_on, ended_on): a promotion (孵化型 → 初创型 →
    成长型) ends one stay and starts the next, so the zones a tenant occupied are kept. A tenant is in one
    zone at a time: a tenancy has at most one open stay (a database constraint) and no two stays of the same
    tenant overlap (checked in clean())."""

    tenancy = models.ForeignKey(
        Tenancy, verbose_name=_("入驻记录"), on_delete=models.CASCADE, related_name="stays"
    )
    zone = models.ForeignKey(Zone, verbose_name=_("片区"), on_delete=models.PROTECT, related_name="stays")
    started_on = models.DateField(_("进入片区日期"))
    ended_on = models.DateField(_("离开片区日期"), null=True, blank=True)
    space_m2 = models.PositiveIntegerField(_("使用面积（平方米）"), null=True, blank=True)
    comment = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["ZoneStay"].as_manager()

    class Meta:
        verbose_name = _("片区入驻期间")
        verbose_name_plural = _("片区入驻期间")
        ordering = ["tenancy", "started_on"]
        indexes = [models.Index(fields=["zone", "started_on"], name="zonestay_zone_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"],
                condition=models.Q(ended_on__isnull=True),
                name="zonestay_one_open_stay_per_tenancy",
                violation_error_message=_("该入驻主体已在另一片区，请先结束其所在片区的入驻期间"),
            ),
            models.UniqueConstraint(fields=["tenancy", "started_on"], name="zonestay_unique_start"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=models.F("started_on")),
                name="zonestay_ends_after_start",
                violation_error_message=_("离开片区日期须晚于进入片区日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy} · {self.zone.name}"

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on <= self.started_on:
            raise ValidationError({"ended_on": _("离开片区日期须晚于进入片区日期")})
        if not (self.tenancy_id and self.zone_id and self.started_on):
            return
        tenancy, zone = self.tenancy, self.zone
        if zone.park_id != tenancy.park_id:
            raise ValidationError({"zone": _("片区不属于该入驻记录的孵化载体")})
        if tenancy.entered_on is None or self.started_on < tenancy.entered_on:
            raise ValidationError({"started_on": _("进入片区日期不能早于入驻日期")})
        if tenancy.left_on and (self.ended_on is None or self.ended_on > tenancy.left_on):
            raise ValidationError({"ended_on": _("离开片区日期不能晚于迁出日期")})
        # One zone at a time: no other stay of the same tenant (in any tenancy) overlaps this one.
        tenant: dict[str, int | None] = (
            {"tenancy__enterprise_id": tenancy.enterprise_id}
            if tenancy.enterprise_id
            else {"tenancy__team_id": tenancy.team_id}
        )
        others = ZoneStay.objects.filter(**tenant).exclude(pk=self.pk).select_related("zone")
        others = others.filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=self.started_on))
        if self.ended_on is not None:
            others = others.filter(started_on__lt=self.ended_on)
        clash = others.first()
        if clash is not None:
            raise ValidationError(
                {
                    "zone": _("该入驻主体{start}起已在片区“{zone}”，同一时间只能在一个片区").format(
                        start=clash.started_on.isoformat(), zone=clash.zone.name
                    )
                }
            )


class StageChange(models.Model):
    """One step of a tenancy's pipeline: from which stage to which, on which day, by whom, when, and why."""

    tenancy = models.ForeignKey(
        Tenancy, verbose_name=_("入驻记录"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_status = models.CharField(_("原阶段"), max_length=20, choices=TenancyStatus.choices, blank=True)
    to_status = models.CharField(_("新阶段"), max_length=20, choices=TenancyStatus.choices)
    on = models.DateField(_("日期"))
    comment = models.CharField(_("说明"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet["StageChange"].as_manager()

    class Meta:
        verbose_name = _("入驻阶段变更")
        verbose_name_plural = _("入驻阶段变更")
        ordering = ["tenancy", "on", "pk"]
        indexes = [models.Index(fields=["to_status", "on"], name="stagechange_status_on")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")),
                name="stagechange_moves",
                violation_error_message=_("新阶段须不同于原阶段"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy}: {self.get_from_status_display() or '—'} → {self.get_to_status_display()}"
