"""Excel record types of the policy catalogue (registered in rainforest/imports/registry.py):

* `policy` — one policy a row, by code;
* `policy_condition` — one condition a row, by (policy code, order). The policy must already be in the
  catalogue (import `policy` first).

Rows are checked by the models' clean(), the same rules `policies.services.policy_save` runs for the form
and the API: a CEL expression that does not parse is a row error naming the column, with the parser's own
message. Only the catalogue's editors (city officers and system administrators) import; everyone who may
read the catalogue may export it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.imports.base import Column, Kind, RecordType, choice_column
from rainforest.policies.choices import BenefitKind, PolicyLevel, SourceStatus
from rainforest.policies.models import GAP_FACT_CHOICES, Policy, PolicyCondition
from rainforest.policies.services import may_edit_policies


def _catalogue_wide(obj: Any) -> tuple[int | None, int | None]:
    """Policies belong to no district: only city-wide editors import them (may_edit_policies)."""
    return None, None


def _policy_rows(user: Any, params: dict[str, Any]) -> QuerySet[Policy]:
    return Policy.objects.order_by("code")


def _condition_rows(user: Any, params: dict[str, Any]) -> QuerySet[PolicyCondition]:
    return PolicyCondition.objects.select_related("policy").order_by("policy__code", "order", "pk")


def _adjust_condition(values: dict[str, Any]) -> None:
    """The policy a row names, looked up per row: condition files are a few dozen rows."""
    code = str(values.get("policy__code", "")).strip().upper()
    policy = Policy.objects.filter(code=code).first()
    if policy is None:
        raise ValidationError({"policy__code": _("政策编号 {code} 尚未登记，请先导入政策").format(code=code)})
    values["policy__code"] = code
    values["policy"] = policy


POLICY = RecordType(
    name="policy",
    label=_("政策"),
    description=_("按政策编号新增或更新政策；条件用“政策条件”另行导入。仅市局工作人员和系统管理员可导入。"),
    model=Policy,
    columns=(
        Column("code", _("政策编号"), hint=_("大写字母、数字和连字符，如 P-ZG-1"), required=True),
        Column("name", _("政策名称"), required=True),
        choice_column("level", _("政策层级"), PolicyLevel, required=True),
        Column("issuer", _("发布机关")),
        Column("document_number", _("文号")),
        Column("source_url", _("来源网址")),
        choice_column("status", _("资料状态"), SourceStatus, hint=_("默认“未核实”")),
        Column("valid_from", _("生效日期"), Kind.DATE),
        Column("valid_to", _("失效日期（含）"), Kind.DATE),
        choice_column("benefit_kind", _("奖补方式"), BenefitKind, required=True),
        Column(
            "amount_yuan",
            _("金额或上限（元）"),
            Kind.MONEY,
            _("固定金额或最高限额时必填；可写 20万元"),
        ),
        Column("benefit_expression", _("金额公式（CEL，结果为元）"), hint=_("仅“按公式计算”时填写")),
        Column("benefit_note", _("金额说明")),
        Column("notes", _("备注")),
    ),
    key=("code",),
    key_attributes=("code",),
    scope_ids=_catalogue_wide,
    export_queryset=_policy_rows,
    may_import=may_edit_policies,
)

POLICY_CONDITION = RecordType(
    name="policy_condition",
    label=_("政策条件"),
    description=_(
        "每个条件一行，按政策编号和序号新增或更新；条件表达式用 CEL 书写，无法解析的表达式整行拒绝。"
        "仅市局工作人员和系统管理员可导入。"
    ),
    model=PolicyCondition,
    columns=(
        Column(
            "policy_code",
            _("政策编号"),
            hint=_("须已登记"),
            required=True,
            attribute="policy__code",
        ),
        Column("order", _("序号"), Kind.INT, _("同一政策内不重复，从1开始"), required=True),
        Column("label", _("条件说明"), required=True),
        Column(
            "expression",
            _("条件表达式（CEL）"),
            hint=_("如 hnte_valid && registered_in_shanxi"),
            required=True,
        ),
        Column(
            "gap_fact",
            _("差距指标"),
            Kind.CHOICE,
            _("可选；与差距门槛同时填写"),
            choices=tuple(GAP_FACT_CHOICES),
        ),
        Column("gap_threshold", _("差距门槛"), Kind.MONEY, _("须达到的数值（元、人等）")),
    ),
    key=("policy_code", "order"),
    key_attributes=("policy__code", "order"),
    scope_ids=_catalogue_wide,
    export_queryset=_condition_rows,
    adjust=_adjust_condition,
    related=("policy",),
    may_import=may_edit_policies,
)
