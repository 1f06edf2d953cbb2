"""Excel record type of stored evaluations (registered in rainforest/imports/registry.py): `evaluation`,
export only. Evaluations are made by the rulebooks from an enterprise's records, never typed in, so no
template is offered and imports are refused; the export lists the stored rows the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.eligibility.choices import Verdict
from rainforest.eligibility.models import Evaluation
from rainforest.imports import selectors
from rainforest.imports.base import Column, Kind, RecordType, choice_column


def _evaluation_rows(user: Any, params: dict[str, Any]) -> QuerySet[Evaluation]:
    visible = selectors.filtered_enterprises(user, params).values("pk")
    return (
        Evaluation.objects.filter(enterprise__in=visible)
        .select_related("enterprise", "created_by")
        .order_by("enterprise__credit_code", "rulebook", "evaluated_on", "pk")
    )


EVALUATION = RecordType(
    name="evaluation",
    label=_("评价记录"),
    description=_("已保存的评价记录（每次评价一行），只能导出。"),
    model=Evaluation,
    columns=(
        Column("credit_code", _("统一社会信用代码"), Kind.ENTERPRISE, attribute="enterprise"),
        Column("name", _("企业名称"), attribute="enterprise__name"),
        Column("rulebook", _("评价规则")),
        Column("version", _("版本")),
        Column("evaluated_on", _("评价日期"), Kind.DATE),
        choice_column("eligible", _("结论"), Verdict),
        Column("score_low", _("得分下限"), Kind.INT),
        Column("score_high", _("得分上限"), Kind.INT),
        Column("created_by", _("评价人"), attribute="created_by__username"),
        Column("created_at", _("保存时间")),
    ),
    key=("credit_code", "rulebook", "evaluated_on"),
    key_attributes=("enterprise_id", "rulebook", "evaluated_on"),
    scope_ids=lambda obj: (obj.enterprise.district_id, obj.enterprise.development_zone_id),
    export_queryset=_evaluation_rows,
    importable=False,
)
