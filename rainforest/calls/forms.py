"""A call's form as data: the registry facts it pre-fills, its typed fields and its attachments.

`form_problems(call)` checks the declaration (used by `Call.clean`); `clean_answers(call, raw)` turns the
submitted values into typed answers or raises a ValidationError naming each bad field by its label;
`prefill_for(call, enterprise)` is what the registry says (shown read-only on the form, kept on the
application when it is started); `missing_attachments(call, names)` names required attachments not given.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rainforest.calls.choices import FieldType

NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
WAN = Decimal(10_000)

# The registry facts a call may pre-fill: name → (label, how to read it from an Enterprise).
PREFILL: dict[str, tuple[Any, Any]] = {
    "name": (gettext_lazy("企业名称"), lambda e: e.name),
    "credit_code": (gettext_lazy("统一社会信用代码"), lambda e: e.credit_code),
    "district": (gettext_lazy("所在县区"), lambda e: str(e.district) if e.district_id else ""),
    "founded_on": (gettext_lazy("成立日期"), lambda e: e.founded_on.isoformat() if e.founded_on else ""),
    "tech_field": (gettext_lazy("技术领域"), lambda e: e.get_tech_field_display()),
    "address": (gettext_lazy("地址"), lambda e: e.address),
    "contact_name": (gettext_lazy("联系人"), lambda e: e.contact_name),
}


def form_problems(call: Any) -> dict[str, str]:
    """Problems of the call's form declaration, by model field."""
    problems: dict[str, str] = {}
    fields = call.form_fields if isinstance(call.form_fields, list) else None
    if fields is None:
        problems["form_fields"] = _("申报表字段须为列表")
    else:
        seen: set[str] = set()
        for index, item in enumerate(fields, start=1):
            if not isinstance(item, dict) or not NAME.match(str(item.get("name", ""))):
                problems["form_fields"] = _(
                    "第 {n} 个字段须有名称（小写字母开头的英文、数字或下划线）"
                ).format(n=index)
                break
            if item.get("type") not in FieldType.values:
                problems["form_fields"] = _("字段“{name}”的类型无效：可选 {types}").format(
                    name=item["name"], types="、".join(FieldType.values)
                )
                break
            if item["type"] == FieldType.CHOICE and not item.get("choices"):
                problems["form_fields"] = _("选项字段“{name}”须列出选项").format(name=item["name"])
                break
            if item["name"] in seen:
                problems["form_fields"] = _("字段名“{name}”重复").format(name=item["name"])
                break
            seen.add(item["name"])
    attachments = call.attachments if isinstance(call.attachments, list) else None
    if attachments is None or any(
        not isinstance(item, dict) or not NAME.match(str(item.get("name", ""))) for item in attachments
    ):
        problems["attachments"] = _("所需附件须为列表，每项有名称（英文）和标题")
    prefill = call.prefill if isinstance(call.prefill, list) else None
    if prefill is None or any(name not in PREFILL for name in prefill):
        problems["prefill"] = _("预填登记信息只能取 {names}").format(names="、".join(PREFILL))
    return problems


def _label(item: dict[str, Any]) -> str:
    return str(item.get("label") or item["name"])


def _typed(item: dict[str, Any], raw: Any) -> Any:
    """The typed value of one field; ValueError with the reason when it does not fit the type."""
    kind = item["type"]
    text = "" if raw is None else str(raw).strip()
    if kind == FieldType.TEXT:
        if len(text) > int(item.get("max_length", 2000)):
            raise ValueError(_("不能超过 {n} 个字").format(n=item.get("max_length", 2000)))
        return text
    if kind == FieldType.INTEGER:
        if isinstance(raw, bool) or not re.fullmatch(r"-?\d+", text):
            raise ValueError(_("须为整数"))
        return int(text)
    if kind in (FieldType.DECIMAL, FieldType.MONEY):
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(_("须为数值")) from None
        if not value.is_finite():
            raise ValueError(_("须为数值"))
        if kind == FieldType.MONEY and value < 0:
            raise ValueError(_("金额不能为负数"))
        return str(value)
    if kind == FieldType.DATE:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(_("须为日期（YYYY-MM-DD）")) from None
    if kind == FieldType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        if text.lower() in ("true", "1", "on", "yes", "是"):
            return True
        if text.lower() in ("false", "0", "no", "否"):
            return False
        raise ValueError(_("须为“是”或“否”"))
    if kind == FieldType.CHOICE:
        if text not in [str(choice) for choice in item.get("choices", [])]:
            raise ValueError(
                _("须为以下之一：{choices}").format(choices="、".join(map(str, item["choices"])))
            )
        return text
    raise ValueError(_("未知的字段类型"))


def clean_answers(call: Any, raw: dict[str, Any], *, complete: bool) -> dict[str, Any]:
    """Typed answers of the call's fields. `complete` (on submission): required fields must be given.
    Unknown keys are refused. Raises ValidationError({field name: message naming the field's label})."""
    errors: dict[str, str] = {}
    known = {item["name"]: item for item in call.form_fields}
    for name in raw:
        if name not in known:
            errors[name] = _("申报表没有字段“{name}”").format(name=name)
    answers: dict[str, Any] = {}
    for name, item in known.items():
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if complete and item.get("required"):
                errors[name] = _("“{label}”为必填项").format(label=_label(item))
            continue
        try:
            answers[name] = _typed(item, value)
        except ValueError as error:
            errors[name] = _("“{label}”{reason}").format(label=_label(item), reason=error)
    if errors:
        raise ValidationError(errors)
    return answers


def missing_attachments(call: Any, given: set[str]) -> list[str]:
    """Labels of the call's required attachments not among `given` (attachment names)."""
    return [
        str(item.get("label") or item["name"])
        for item in call.attachments
        if item.get("required") and item["name"] not in given
    ]


def prefill_for(call: Any, enterprise: Any) -> dict[str, str]:
    return {name: str(PREFILL[name][1](enterprise) or "") for name in call.prefill if name in PREFILL}


# --- Django forms for the pages -----------------------------------------------------------------------


def answers_form(call: Any, data: Any = None, initial: dict[str, Any] | None = None) -> forms.Form:
    """A plain Django form of the call's fields (rendering only: `clean_answers` validates)."""
    form = forms.Form(data=data, initial=initial or {})
    for item in call.form_fields:
        kind = item["type"]
        label = _label(item)
        required = False  # checked by clean_answers on submission, so a draft can be saved half-filled
        if kind == FieldType.CHOICE:
            field: forms.Field = forms.ChoiceField(
                label=label, required=required, choices=[("", "—"), *[(c, c) for c in item["choices"]]]
            )
        elif kind == FieldType.BOOLEAN:
            field = forms.ChoiceField(
                label=label, required=required, choices=[("", "—"), ("true", _("是")), ("false", _("否"))]
            )
        elif kind == FieldType.DATE:
            field = forms.CharField(
                label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
            )
        elif kind == FieldType.TEXT and int(item.get("max_length", 2000)) > 200:
            field = forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}))
        else:
            field = forms.CharField(label=label, required=required)
        if item.get("help"):
            field.help_text = str(item["help"])
        form.fields[item["name"]] = field
    return form


class TransitionForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=gettext_lazy("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=gettext_lazy("文件"))
