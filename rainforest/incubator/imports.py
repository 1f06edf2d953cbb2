"""Excel record types of the incubator beyond parks, teams and tenancies (rainforest/imports/types/
incubator.py), registered in rainforest/imports/registry.py:

* `zone` — one zone a row, by (park, zone name): its tier, its site (by name, within the park), its space
  and capacity;
* `zone_stay` — one stay of a tenant in a zone a row, by (park, tenant, start): the tenancy is the tenant's
  latest in that park entered on or before the start; the model's clean() refuses a tenant in two zones
  at once, naming the zone;
* `stage_change` — the pipeline's log, exported only: steps are recorded through the pages, the API or
  the services, which move the tenancy with them.

Sites are a declared record type (`site`, rainforest/incubator/records.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core.policy import Action, restrict
from rainforest.imports.base import Column, Kind, RecordType, choice_column
from rainforest.incubator.choices import TenancyStatus, ZoneTier
from rainforest.incubator.models import Site, StageChange, Tenancy, Zone, ZoneStay

PARK_HINT = _("孵化载体名称，须已登记")


def _scoped(rows: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return rows if user is None else restrict(rows, user, Action.EXPORT)  # None: the operator's command


def _zone_rows(user: Any, params: dict[str, Any]) -> QuerySet[Zone]:
    return _scoped(Zone.objects.select_related("park", "site"), user).order_by("park__name", "name")


def _stay_rows(user: Any, params: dict[str, Any]) -> QuerySet[ZoneStay]:
    rows = ZoneStay.objects.select_related("tenancy__park", "tenancy__enterprise", "tenancy__team", "zone")
    return _scoped(rows, user).order_by("tenancy__park__name", "tenancy_id", "started_on")


def _step_rows(user: Any, params: dict[str, Any]) -> QuerySet[StageChange]:
    rows = StageChange.objects.select_related("tenancy__park", "tenancy__enterprise", "tenancy__team", "user")
    return _scoped(rows, user).order_by("tenancy__park__name", "tenancy_id", "on", "pk")


def _adjust_zone(values: dict[str, Any]) -> None:
    """The site a row names, by name within the row's park (empty: no site)."""
    name = str(values.get("site__name") or "").strip()
    park = values.get("park")
    if not name or park is None:
        values["site"] = None
        return
    site = Site.objects.filter(park=park, name=name).first()
    if site is None:
        raise ValidationError(
            {"site__name": _("孵化载体“{park}”没有名为“{name}”的园区").format(park=park.name, name=name)}
        )
    values["site"] = site


def _adjust_stay(values: dict[str, Any]) -> None:
    """The tenancy a row names (its park, its firm or team, entered on or before the start) and the zone of
    that park among the zones of the row's name."""
    park = values.get("tenancy__park")
    enterprise, team = values.get("tenancy__enterprise"), values.get("tenancy__team")
    if park is None:
        return
    if bool(enterprise) == bool(team):
        raise ValidationError({"tenancy__enterprise": _("入驻主体须为企业或团队之一")})
    zones = values.get("zone")
    if isinstance(zones, list):
        chosen = next((zone for zone in zones if zone.park_id == park.pk), None)
        if chosen is None:
            values["zone"] = None
            raise ValidationError(
                {"zone": _("片区“{zone}”不属于孵化载体“{park}”").format(zone=zones[0].name, park=park.name)}
            )
        values["zone"] = chosen
    started = values.get("started_on")
    tenancies = Tenancy.objects.filter(park=park, enterprise=enterprise, team=team, entered_on__isnull=False)
    if started is not None:
        tenancies = tenancies.filter(entered_on__lte=started)
    tenancy = tenancies.order_by("-entered_on", "-pk").first()
    if tenancy is None:
        raise ValidationError(
            {
                "started_on": _("未找到该主体在此日期前入驻“{park}”的入驻记录，请先登记入驻").format(
                    park=park.name
                )
            }
        )
    values["tenancy"] = tenancy


ZONE = RecordType(
    name="zone",
    label=_("片区"),
    description=_("按孵化载体和片区名称新增或更新片区：类型、所在园区、面积和可容纳主体数。"),
    model=Zone,
    columns=(
        Column("park", _("孵化载体"), Kind.PARK, PARK_HINT, required=True),
        Column("name", _("名称"), required=True),
        choice_column("tier", _("类型"), ZoneTier, required=True),
        Column("site", _("所在园区"), hint=_("该孵化载体的园区名称"), attribute="site__name"),
        Column("space_m2", _("面积（平方米）"), Kind.INT),
        Column("capacity", _("可容纳主体数"), Kind.INT),
    ),
    key=("park", "name"),
    key_attributes=("park_id", "name"),
    scope_ids=lambda obj: (obj.park.district_id, obj.park.development_zone_id),
    export_queryset=_zone_rows,
    adjust=_adjust_zone,
    related=("park", "site"),
)

ZONE_STAY = RecordType(
    name="zone_stay",
    label=_("片区入驻期间"),
    description=_(
        "每个主体在一个片区的一段入驻期间一行，按孵化载体、入驻主体和进入片区日期新增或更新；"
        "入驻记录须已登记；同一主体同一时间只能在一个片区。"
    ),
    model=ZoneStay,
    columns=(
        Column("park", _("孵化载体"), Kind.PARK, PARK_HINT, required=True, attribute="tenancy__park"),
        Column(
            "credit_code",
            _("入驻企业统一社会信用代码"),
            Kind.ENTERPRISE,
            _("与入驻团队二选一"),
            attribute="tenancy__enterprise",
        ),
        Column("team", _("入驻团队"), Kind.TEAM, _("与入驻企业二选一"), attribute="tenancy__team"),
        Column("zone", _("片区"), Kind.PARK_ZONE, _("该孵化载体的片区名称"), required=True),
        Column("started_on", _("进入片区日期"), Kind.DATE, required=True),
        Column("ended_on", _("离开片区日期"), Kind.DATE, _("仍在该片区的留空")),
        Column("space_m2", _("使用面积（平方米）"), Kind.INT),
        Column("comment", _("说明")),
    ),
    key=("park", "credit_code", "team", "started_on"),
    key_attributes=("tenancy__park_id", "tenancy__enterprise_id", "tenancy__team_id", "started_on"),
    scope_ids=lambda obj: (obj.tenancy.park.district_id, obj.tenancy.park.development_zone_id),
    export_queryset=_stay_rows,
    adjust=_adjust_stay,
    related=("tenancy__park", "zone"),
)

STAGE_CHANGE = RecordType(
    name="stage_change",
    label=_("入驻阶段变更"),
    description=_("入驻阶段变更记录（只导出）：阶段变更请在入驻记录页面或通过接口登记。"),
    model=StageChange,
    columns=(
        Column("park", _("孵化载体"), Kind.PARK, attribute="tenancy__park"),
        Column(
            "credit_code", _("入驻企业统一社会信用代码"), Kind.ENTERPRISE, attribute="tenancy__enterprise"
        ),
        Column("team", _("入驻团队"), Kind.TEAM, attribute="tenancy__team"),
        choice_column("from_status", _("原阶段"), TenancyStatus),
        choice_column("to_status", _("新阶段"), TenancyStatus),
        Column("on", _("日期"), Kind.DATE),
        Column("user", _("经办人"), attribute="user__username"),
        Column("comment", _("说明")),
    ),
    key=("park", "credit_code", "team", "on", "to_status"),
    key_attributes=("tenancy__park_id", "tenancy__enterprise_id", "tenancy__team_id", "on", "to_status"),
    scope_ids=lambda obj: (obj.tenancy.park.district_id, obj.tenancy.park.development_zone_id),
    export_queryset=_step_rows,
    related=("tenancy__park", "user"),
    importable=False,
)
