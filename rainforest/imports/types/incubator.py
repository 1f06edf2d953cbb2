"""Record types of the incubator: parks, incubated teams (the seed layer) and tenancies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core.policy import Action
from rainforest.imports import selectors
from rainforest.imports.base import Column, Kind, RecordType, choice_column
from rainforest.incubator.choices import TenancyStatus
from rainforest.incubator.models import Park, Team, Tenancy

DISTRICT_HINT = _("县区名称或6位区划代码，如 榆次区 或 140702")


def _park_rows(user: Any, params: dict[str, Any]) -> QuerySet[Park]:
    rows = Park.objects.select_related("district", "development_zone").order_by("name")
    return selectors.scoped(rows, user, "district_id", "development_zone_id")


def _team_rows(user: Any, params: dict[str, Any]) -> QuerySet[Team]:
    rows = Team.objects.select_related("district", "enterprise").order_by("name")
    return rows if user is None else rows.restrict(user, Action.EXPORT)  # None: the operator's command


def _tenancy_rows(user: Any, params: dict[str, Any]) -> QuerySet[Tenancy]:
    rows = Tenancy.objects.select_related("park", "zone", "enterprise", "team").order_by(
        "park__name", "entered_on", "pk"
    )
    # Only tenancies whose park, enterprise and team are all in the user's scope (None: the operator).
    return rows if user is None else rows.restrict(user, Action.EXPORT)


def _pick_zone_of_park(values: dict[str, Any]) -> None:
    """Zone names repeat across parks: keep the zone of this row's park."""
    zones = values.get("zone")
    if zones is None or "park" not in values:
        return
    for zone in zones:
        if zone.park_id == values["park"].pk:
            values["zone"] = zone
            return
    raise ValidationError(
        {"zone": _("片区“{zone}”不属于孵化载体“{park}”").format(zone=zones[0].name, park=values["park"].name)}
    )


PARK = RecordType(
    name="park",
    label=_("孵化载体"),
    description=_("按名称新增或更新孵化载体。"),
    model=Park,
    columns=(
        Column("name", _("名称"), required=True),
        Column("district", _("所在县区"), Kind.DISTRICT, DISTRICT_HINT, required=True),
        Column("development_zone", _("所在开发区"), Kind.DEVELOPMENT_ZONE, _("开发区全称或简称")),
        Column("level", _("级别"), hint=_("如 国家级、省级")),
    ),
    key=("name",),
    key_attributes=("name",),
    scope_ids=lambda obj: (obj.district_id, obj.development_zone_id),
    export_queryset=_park_rows,
)

TEAM = RecordType(
    name="team",
    label=_("孵化团队"),
    description=_("按团队/项目名称新增或更新尚未注册企业的孵化团队（种子层）。"),
    model=Team,
    columns=(
        Column("name", _("团队/项目名称"), required=True),
        Column("district", _("所在县区"), Kind.DISTRICT, DISTRICT_HINT, required=True),
        Column("leader", _("负责人")),
        Column("institution", _("依托单位")),
        Column("formed_on", _("组建日期"), Kind.DATE),
        Column(
            "credit_code",
            _("注册成立企业统一社会信用代码"),
            Kind.ENTERPRISE,
            _("团队注册成立企业后填写，企业须已登记"),
            attribute="enterprise",
        ),
        Column("incorporated_on", _("注册成立日期"), Kind.DATE, _("填写了企业时必填")),
    ),
    key=("name",),
    key_attributes=("name",),
    scope_ids=lambda obj: (obj.district_id, None),
    export_queryset=_team_rows,
    touches=lambda obj: ((), [obj.pk]),
)

TENANCY = RecordType(
    name="tenancy",
    label=_("入驻记录"),
    description=_("按孵化载体、入驻主体（企业信用代码或团队名称，二选一）和入驻日期新增或更新。"),
    model=Tenancy,
    columns=(
        Column("park", _("孵化载体"), Kind.PARK, _("孵化载体名称，须已登记"), required=True),
        Column("zone", _("片区"), Kind.PARK_ZONE, _("该孵化载体的片区名称")),
        Column(
            "credit_code",
            _("入驻企业统一社会信用代码"),
            Kind.ENTERPRISE,
            _("与入驻团队二选一"),
            attribute="enterprise",
        ),
        Column("team", _("入驻团队"), Kind.TEAM, _("与入驻企业二选一")),
        choice_column("status", _("状态"), TenancyStatus, hint=_("默认“已入驻”")),
        Column("entered_on", _("入驻日期"), Kind.DATE, _("已入驻或已迁出的必填")),
        Column("left_on", _("迁出日期"), Kind.DATE),
    ),
    key=("park", "credit_code", "team", "entered_on"),
    key_attributes=("park_id", "enterprise_id", "team_id", "entered_on"),
    scope_ids=lambda obj: (obj.park.district_id, obj.park.development_zone_id),
    export_queryset=_tenancy_rows,
    touches=lambda obj: (
        [obj.enterprise_id] if obj.enterprise_id else [],
        [obj.team_id] if obj.team_id else [],
    ),
    adjust=_pick_zone_of_park,
    related=("zone",),
)
