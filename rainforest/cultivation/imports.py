"""Excel record types of the cultivation work (registered in rainforest/imports/registry.py):

* `visit` — one visit a row, by (credit code, date, butler); topics are written in Chinese, joined with 、
  (follow-ups are entered on the visit's page or through the API);
* `target` — one yearly target a row, by (indicator, year, district; no district = the city);
* `follow_up` — one follow-up action a row, by (credit code, visit date, butler, action); the visit must
  already be logged. District officers import the follow-ups of their own district's firms;
* `training` (by title), `training_session` (by training title and date) and `attendance` (by training
  title, session date and credit code): city officers and admins only, as the training services allow.

Rows are checked by the models' clean(), the rules the services run for the pages and the API. A column of
a related row (`visit__visited_on`) names the row the record hangs on; `adjust` finds that row.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core.choices import Role
from rainforest.core.models import User
from rainforest.cultivation import selectors as cultivation_selectors
from rainforest.cultivation.choices import AttendanceStatus, FollowUpStatus, TargetIndicator, VisitTopic
from rainforest.cultivation.models import Attendance, FollowUp, Target, Training, TrainingSession, Visit
from rainforest.cultivation.selectors import sees_cultivation
from rainforest.cultivation.services import may_manage
from rainforest.imports import selectors
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
    # The export reads through the same scoped selectors as the pages and the API.
    return cultivation_selectors.visits_for(user).order_by("visited_on", "pk")


def _target_rows(user: Any, params: dict[str, Any]) -> QuerySet[Target]:
    return cultivation_selectors.targets_for(user).order_by("year", "indicator", "pk")


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


# --- follow-ups, trainings, sessions and attendance ---------------------------------------------------


def _in_visible_firms(rows: QuerySet[Any], user: Any, params: dict[str, Any], field: str) -> QuerySet[Any]:
    """Rows that hang on an enterprise, within the enterprises the user may see (None: the operator's
    command, city-wide) and the enterprise list's filters."""
    return rows.filter(**{f"{field}__in": selectors.filtered_enterprises(user, params).values("pk")})


def _follow_up_rows(user: Any, params: dict[str, Any]) -> QuerySet[FollowUp]:
    rows = FollowUp.objects.select_related("visit__enterprise", "visit__butler")
    return _in_visible_firms(rows, user, params, "visit__enterprise").order_by(
        "visit__visited_on", "visit_id", "due_on", "pk"
    )


def _adjust_follow_up(values: dict[str, Any]) -> None:
    """The visit a row names, by firm, date and butler (looked up per row, like the butler itself)."""
    try:
        butler = _butler(str(values.get("visit__butler__username", "")).strip())
    except ValidationError as error:  # reported on this type's column, whose attribute differs
        raise ValidationError({"visit__butler__username": error.message_dict["butler_username"]}) from None
    values["visit__butler__username"] = butler  # the key compares the butler's pk, as stored rows do
    visit = (
        Visit.objects.filter(
            enterprise=values["visit__enterprise"], visited_on=values["visit__visited_on"], butler=butler
        )
        .select_related("enterprise")
        .order_by("pk")
        .first()
    )
    if visit is None:
        raise ValidationError(
            {"visit__visited_on": _("未找到该企业在该日期由该科技管家登记的走访记录，请先登记走访")}
        )
    values["visit"] = visit


def _training_rows(user: Any, params: dict[str, Any]) -> QuerySet[Training]:
    visible = user is None or sees_cultivation(user)
    return (Training.objects.all() if visible else Training.objects.none()).order_by("title")


def _session_rows(user: Any, params: dict[str, Any]) -> QuerySet[TrainingSession]:
    visible = user is None or sees_cultivation(user)
    rows = TrainingSession.objects.all() if visible else TrainingSession.objects.none()
    return rows.select_related("training").order_by("training__title", "held_on")


def _attendance_rows(user: Any, params: dict[str, Any]) -> QuerySet[Attendance]:
    rows = Attendance.objects.select_related("session__training", "enterprise")
    if user is not None and not sees_cultivation(user):
        return rows.none()
    return _in_visible_firms(rows, user, params, "enterprise").order_by(
        "session__training__title", "session__held_on", "enterprise__credit_code"
    )


def _training_named(title: str, attribute: str) -> Training:
    found = Training.objects.filter(title=title.strip()).first()
    if found is None:
        raise ValidationError({attribute: _("培训“{title}”尚未登记，请先导入培训").format(title=title)})
    return found


def _adjust_session(values: dict[str, Any]) -> None:
    values["training"] = _training_named(str(values.get("training__title", "")), "training__title")


def _adjust_attendance(values: dict[str, Any]) -> None:
    training = _training_named(str(values.get("session__training__title", "")), "session__training__title")
    session = TrainingSession.objects.filter(training=training, held_on=values["session__held_on"]).first()
    if session is None:
        raise ValidationError(
            {
                "session__held_on": _("培训“{title}”没有 {day} 的场次，请先导入培训场次").format(
                    title=training.title, day=values["session__held_on"].isoformat()
                )
            }
        )
    values["session"] = session


def _city_wide(obj: Any) -> tuple[int | None, int | None]:
    """Trainings belong to no district: only city-wide managers import them (may_manage)."""
    return None, None


def _may_manage_trainings(user: Any) -> bool:
    return may_manage(user)


CREDIT_CODE = _("统一社会信用代码")

FOLLOW_UP = RecordType(
    name="follow_up",
    label=_("跟进事项"),
    description=_(
        "走访中商定的待办事项，每项一行，按企业、走访日期、科技管家和待办事项新增或更新；走访须已登记。"
    ),
    model=FollowUp,
    columns=(
        Column("credit_code", CREDIT_CODE, Kind.ENTERPRISE, required=True, attribute="visit__enterprise"),
        Column("visited_on", _("走访日期"), Kind.DATE, required=True, attribute="visit__visited_on"),
        Column("butler_username", _("科技管家用户名"), required=True, attribute="visit__butler__username"),
        Column("action", _("待办事项"), required=True),
        Column("owner", _("责任人"), required=True),
        Column("due_on", _("完成期限"), Kind.DATE, _("不能早于走访日期"), required=True),
        choice_column("status", _("状态"), FollowUpStatus, hint=_("默认“待办”")),
        Column("done_on", _("完成日期"), Kind.DATE, _("已完成的必填，其他状态留空")),
    ),
    key=("credit_code", "visited_on", "butler_username", "action"),
    key_attributes=("visit__enterprise_id", "visit__visited_on", "visit__butler_id", "action"),
    scope_ids=lambda obj: (obj.visit.enterprise.district_id, obj.visit.enterprise.development_zone_id),
    export_queryset=_follow_up_rows,
    adjust=_adjust_follow_up,
    related=("visit__enterprise",),
)

TRAINING = RecordType(
    name="training",
    label=_("培训"),
    description=_("按培训名称新增或更新培训（如 高企培育专题培训会）；仅市局工作人员和系统管理员可导入。"),
    model=Training,
    columns=(
        Column("title", _("培训名称"), required=True),
        Column("organiser", _("主办单位")),
        Column("topic", _("主题")),
    ),
    key=("title",),
    key_attributes=("title",),
    scope_ids=_city_wide,
    export_queryset=_training_rows,
    may_import=_may_manage_trainings,
)

TRAINING_SESSION = RecordType(
    name="training_session",
    label=_("培训场次"),
    description=_("每个场次一行，按培训名称和举办日期新增或更新；培训须已登记。"),
    model=TrainingSession,
    columns=(
        Column("training", _("培训名称"), hint=_("须已登记"), required=True, attribute="training__title"),
        Column("held_on", _("举办日期"), Kind.DATE, required=True),
        Column("venue", _("地点")),
        Column("capacity", _("名额"), Kind.INT, _("可邀请的企业数，留空为不限")),
    ),
    key=("training", "held_on"),
    key_attributes=("training__title", "held_on"),
    scope_ids=_city_wide,
    export_queryset=_session_rows,
    adjust=_adjust_session,
    related=("training",),
    may_import=_may_manage_trainings,
)

ATTENDANCE = RecordType(
    name="attendance",
    label=_("参训记录"),
    description=_("受邀企业每场一行，按培训名称、场次日期和统一社会信用代码新增或更新；场次须已登记。"),
    model=Attendance,
    columns=(
        Column(
            "training", _("培训名称"), hint=_("须已登记"), required=True, attribute="session__training__title"
        ),
        Column("held_on", _("场次日期"), Kind.DATE, required=True, attribute="session__held_on"),
        Column("credit_code", CREDIT_CODE, Kind.ENTERPRISE, required=True, attribute="enterprise"),
        choice_column("status", _("状态"), AttendanceStatus, hint=_("默认“已邀请”")),
        Column("attendees", _("出席人数"), Kind.INT, _("已出席的至少1人，其他状态为0")),
    ),
    key=("credit_code", "training", "held_on"),
    key_attributes=("enterprise_id", "session__training__title", "session__held_on"),
    scope_ids=lambda obj: (obj.enterprise.district_id, obj.enterprise.development_zone_id),
    export_queryset=_attendance_rows,
    adjust=_adjust_attendance,
    related=("session__training", "enterprise"),
    may_import=_may_manage_trainings,
)
