"""Excel record types of the cultivation work (registered in rainforest/imports/registry.py):

* `visit` — one visit a row, by (credit code, date, butler); topics are written in Chinese, joined with 、
  (follow-ups are entered on the visit's page or through the API);
* `target` — one yearly target a row, by (indicator, year, district; no district = the city).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core.choices import Role
from rainforest.core.models import User
from rainforest.core.scope import Reach, scope_for
from rainforest.cultivation.choices import TargetIndicator, VisitTopic
from rainforest.cultivation.models import Target, Visit
from rainforest.enterprises.models import Enterprise
from rainforest.imports.base import Column, Kind, RecordType, choice_column

TOPIC_CODES = {str(label): code for code, label in VisitTopic.choices} | {
    code: code for code in VisitTopic.values
}


def _butler(username: str) -> User:
    """The butler a row names. Looked up for every row: visit files are small, and a cache kept between
    imports handed out users that had since been deleted or changed role."""
    found = User.objects.filter(username=username, role=Role.BUTLER).first()
    if found is None:
        raise ValidationError({"butler_username": _("未知的科技管家用户名：{name}").format(name=username)})
    return found


def _adjust_visit(values: dict[str, Any]) -> None:
    # The natural key reads the butler from this column: the user (its pk), as stored rows hold butler_id.
    values["butler"] = values["butler_username"] = _butler(str(values.get("butler_username", "")).strip())
    words = [w for w in re.split(r"[、，,;；\s]+", str(values.get("topics_text", ""))) if w]
    unknown = [w for w in words if w not in TOPIC_CODES]
    if unknown or not words:
        message = (
            _("未知的走访事项：{words}").format(words="、".join(unknown)) if unknown else _("请填写走访事项")
        )
        raise ValidationError({"topics_text": message})
    values["topics"] = list(dict.fromkeys(TOPIC_CODES[w] for w in words))
    labels = dict(VisitTopic.choices)
    values["topics_text"] = "、".join(str(labels[code]) for code in values["topics"])


def _visit_rows(user: Any, params: dict[str, Any]) -> QuerySet[Visit]:
    visible = Enterprise.objects.visible_to(user).values("pk")
    return (
        Visit.objects.filter(enterprise__in=visible)
        .select_related("enterprise", "butler")
        .order_by("visited_on", "pk")
    )


def _target_rows(user: Any, params: dict[str, Any]) -> QuerySet[Target]:
    scope = scope_for(user)
    rows = Target.objects.select_related("district").order_by("year", "indicator", "pk")
    if scope.reach is Reach.CITY:
        return rows
    if scope.reach is Reach.DISTRICT:
        return rows.filter(Q(district__isnull=True) | Q(district_id=scope.region_id))
    return rows.none()


VISIT = RecordType(
    name="visit",
    label=_("走访记录"),
    description=_("科技管家走访企业，每次走访一行，按企业、走访日期和科技管家新增或更新。"),
    model=Visit,
    columns=(
        Column("credit_code", _("统一社会信用代码"), Kind.ENTERPRISE, required=True, attribute="enterprise"),
        Column("visited_on", _("走访日期"), Kind.DATE, required=True),
        Column("butler_username", _("科技管家用户名"), required=True),
        Column(
            "topics_text",
            _("走访事项"),
            hint=_("用顿号分隔，可选：{labels}").format(
                labels="、".join(str(label) for _c, label in VisitTopic.choices)
            ),
            required=True,
        ),
        Column("findings", _("发现的问题")),
        Column("next_visit_on", _("计划下次走访"), Kind.DATE),
    ),
    key=("credit_code", "visited_on", "butler_username"),
    key_attributes=("enterprise_id", "visited_on", "butler_id"),
    scope_ids=lambda obj: (obj.enterprise.district_id, obj.enterprise.development_zone_id),
    export_queryset=_visit_rows,
    adjust=_adjust_visit,
    related=("enterprise", "butler"),
)

TARGET = RecordType(
    name="target",
    label=_("年度目标"),
    description=_("每个指标每年一行；县区留空为全市目标。"),
    model=Target,
    columns=(
        choice_column("indicator", _("指标"), TargetIndicator, required=True),
        Column("year", _("年度"), Kind.INT, required=True),
        Column("district", _("县区"), Kind.DISTRICT, _("留空为全市目标")),
        Column("value", _("目标值"), Kind.INT, required=True),
        Column("source", _("来源")),
    ),
    key=("indicator", "year", "district"),
    key_attributes=("indicator", "year", "district_id"),
    scope_ids=lambda obj: (obj.district_id, None),
    export_queryset=_target_rows,
    related=("district",),
)
