"""Form fields and forms of the matching app: keywords typed in one box, transfer modes ticked (or given
as words through the API), the owning university chosen among those within the user's reach."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation
from rainforest.core.policy import Action, district_ids, scope_condition
from rainforest.core.records.forms import DATE, RecordForm
from rainforest.core.scope import Reach, Scope, scope_for
from rainforest.enterprises.models import Enterprise
from rainforest.matching.choices import AchievementStatus, TransferMode
from rainforest.matching.models import Achievement, Deal, Demand, split_words


class WordsField(forms.CharField):
    """Words in one box ("碳纤维，复合材料；轻量化"), or a list through the API: a list of str."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "、".join(str(word) for word in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return split_words(value)
        return split_words(super().to_python(value))


class TransferModesField(forms.Field):
    """Transfer modes ticked on the page, or given as values or Chinese words (list or text) by the API."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.choices = TransferMode.choices

    def to_python(self, value: Any) -> list[str]:
        words = split_words(value if isinstance(value, list | tuple) else (value or ""))
        by_label = {str(label): mode for mode, label in TransferMode.choices}
        modes: list[str] = []
        for word in words:
            mode = word if word in TransferMode.values else by_label.get(word)
            if mode is None:
                raise ValidationError(
                    _("“%(word)s”不是转化方式（可选：转让、许可、作价入股、合作开发、技术服务、技术咨询）"),
                    params={"word": word},
                )
            if mode not in modes:
                modes.append(mode)
        return modes


def owners_for(user: Any, action: Action) -> Any:
    """The universities and institutes whose achievements this user may keep this way: the city every one,
    a district those in its districts or zone, a university's user their own."""
    return universities_in_reach(scope_for(user))


def universities_in_reach(scope: Scope) -> Any:
    """The universities and institutes of a scope (the organisation rule of achievements, on the
    organisations themselves)."""
    universities = Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY).order_by("name")
    if scope.reach is Reach.CITY:
        return universities
    if scope.reach is Reach.DISTRICT:
        condition = Organisation.objects.none()
        if regions := district_ids(scope):
            condition = universities.filter(region_id__in=sorted(regions))
        if scope.zone_id:
            condition = condition | universities.filter(zone_id=scope.zone_id)
        return condition
    if scope.reach is Reach.OWN and scope.organisation_id:
        return universities.filter(pk=scope.organisation_id)
    return universities.none()


class AchievementForm(RecordForm):
    keywords = WordsField(
        label=_("关键词"), required=False, help_text=_("多个关键词用逗号、分号或顿号分开，最多 20 个")
    )
    transfer_modes = TransferModesField(label=_("转化方式"))

    class Meta:
        model = Achievement
        fields = (
            "owner",
            "number",
            "title",
            "abstract",
            "keywords",
            "discipline",
            "field",
            "industry",
            "maturity",
            "transfer_modes",
            "expected_price",
            "team_text",
            "patents",
            "published_on",
            "status",
        )
        widgets = {"published_on": DATE, "abstract": forms.Textarea(attrs={"rows": 5})}

    def _parent_field(self) -> None:
        """The owning university, among those the user may keep achievements of (by its code)."""
        action = Action.ADD if self.instance.pk is None else Action.CHANGE
        old = self.fields["owner"]
        field = forms.ModelChoiceField(
            owners_for(self.user, action), to_field_name="code", label=old.label, help_text=old.help_text
        )
        field.error_messages["invalid_choice"] = _("%(value)s 不存在或不在您的数据范围内")
        self.fields["owner"] = field
        if self.instance.owner_id:
            self.initial["owner"] = self.instance.owner.code


class DemandForm(RecordForm):
    class Meta:
        model = Demand
        fields = (
            "enterprise",
            "number",
            "title",
            "description",
            "field",
            "industry",
            "budget",
            "deadline",
            "published_on",
            "status",
        )
        widgets = {
            "published_on": DATE,
            "deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def _parent_field(self) -> None:
        """The enterprise by its credit code, among the firms within the user's scope: an enterprise's own
        user publishes its demands without being able to register firms."""
        action = Action.ADD if self.instance.pk is None else Action.CHANGE
        condition = scope_condition(Enterprise, scope_for(self.user), action)
        old = self.fields["enterprise"]
        field = forms.ModelChoiceField(
            Enterprise.objects.filter(condition),
            to_field_name="credit_code",
            label=old.label,
            widget=forms.TextInput,
            help_text=old.help_text,
        )
        field.error_messages["invalid_choice"] = _("%(value)s 不存在或不在您的数据范围内")
        self.fields["enterprise"] = field
        if self.instance.enterprise_id:
            self.initial["enterprise"] = self.instance.enterprise.credit_code


class DealForm(RecordForm):
    """A deal opened by hand: the demand and the achievement by their numbers."""

    achievement = forms.ModelChoiceField(
        Achievement.objects.all(),
        to_field_name="number",
        label=_("科技成果"),
        widget=forms.TextInput,
        help_text=_("成果编号"),
        error_messages={"invalid_choice": _("%(value)s 不存在或不在您的数据范围内")},
    )

    class Meta:
        model = Deal
        fields = ("number", "demand", "achievement", "tech_manager", "opened_on", "note")
        widgets = {"opened_on": DATE}

    def _parent_field(self) -> None:
        """The demand by its number, among the demands within the user's scope, and the achievement
        among those on offer or kept by the user."""
        old = self.fields["demand"]
        field = forms.ModelChoiceField(
            Demand.objects.filter(scope_condition(Demand, scope_for(self.user), Action.VIEW)),
            to_field_name="number",
            label=old.label,
            widget=forms.TextInput,
            help_text=_("需求编号"),
        )
        field.error_messages["invalid_choice"] = _("%(value)s 不存在或不在您的数据范围内")
        self.fields["demand"] = field
        # Any achievement on offer may be brokered, besides those the user keeps.
        self.fields["achievement"].queryset = Achievement.objects.filter(  # type: ignore[attr-defined]
            scope_condition(Achievement, scope_for(self.user), Action.VIEW)
            | Q(status=AchievementStatus.ACTIVE)
        )
        if self.instance.pk is not None:
            self.initial["demand"] = self.instance.demand.number
            self.initial["achievement"] = self.instance.achievement.number
