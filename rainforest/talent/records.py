"""Record types of the talent app, declared once (rainforest.core.records): technology managers, their
training classes and trainees, and the census of universities and institutes (key disciplines, research
teams, joint centres with their teams and firms). Pages under /records/<name>/, the API under
/api/v1/records/<name>, the Excel template, import and export, the menu entries and the policy rows follow.

Who may do what (the grants below):

- Technology managers, training classes and trainees are the city's roster: the bureau (city and district
  officers, administrators and tech butlers) reads them all; the city's officers keep them. A university's
  users read the managers of their own institution. Enterprise and bank users have no use for the roster
  and see none of it.
- The census (key disciplines, research teams, joint centres and their teams and firms) is kept per
  institution (`organisation_rule("organisation")`): the city reads and keeps all of it, a district reads
  its institutions', a university's users read their own (they see it on the census page; the city's
  officers keep the figures the bureau reports). Imports are the city's (the import framework lets
  district officers import rows of their own district only, and an institution is not a district's).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core import policy, records
from rainforest.core.choices import OrganisationKind, Role, TechField
from rainforest.core.models import Organisation
from rainforest.core.policy import Action, Rule, ScopeRule, organisation_rule
from rainforest.core.records.declaration import Grant
from rainforest.core.records.forms import DATE, RecordForm
from rainforest.core.scope import Reach, mask_phone, scope_for
from rainforest.enterprises.models import Enterprise
from rainforest.imports.base import Column, Kind, choice_column
from rainforest.talent.choices import DisciplineLevel, EntryStatus, ManagerGrade, ManagerStatus
from rainforest.talent.models import (
    CentreFirm,
    CentreTeam,
    JointCentre,
    KeyDiscipline,
    ResearchTeam,
    TechManager,
    Trainee,
    TrainingClass,
)

ALL = _("全部")

# --- grants -----------------------------------------------------------------------------------------------

BUREAU = policy.BUREAU  # city and district officers, administrators, tech butlers
UNIVERSITY = (Role.UNIVERSITY_USER,)
ROSTER_GRANTS: tuple[Grant, ...] = (
    (BUREAU, policy.READ, Rule.ALL),
    (policy.OFFICERS, (*policy.WRITE, Action.IMPORT), Rule.ALL),
)
MANAGER_GRANTS: tuple[Grant, ...] = (*ROSTER_GRANTS, (UNIVERSITY, policy.READ, Rule.SCOPE))
CENSUS_GRANTS: tuple[Grant, ...] = (
    ((*policy.WRITERS, *UNIVERSITY), policy.READ, Rule.SCOPE),
    (policy.OFFICERS, (*policy.WRITE, Action.IMPORT), Rule.SCOPE),
)
CENSUS_SCOPE = ScopeRule(organisation_rule("organisation"))


def _institutions_for(user: Any) -> QuerySet[Organisation]:
    """The universities and institutes a user may file census records for: every one for the city (and
    only their own for an institution's user, should the grants ever let them write)."""
    rows = Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY)
    scope = scope_for(user)
    if scope.reach is Reach.CITY:
        return rows
    if scope.reach is Reach.OWN and scope.organisation_id:
        return rows.filter(pk=scope.organisation_id)
    return rows.none()


class CensusForm(RecordForm):
    """A census record's form: the institution is chosen among those the user may file for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = _institutions_for(self.user)  # type: ignore[attr-defined]


def _organisation_filter() -> django_filters.CharFilter:
    """The institution by its code (as the census page links) or a part of its name. (A choice filter would
    read the organisations when the API's schema is built, before any database exists.)"""
    return django_filters.CharFilter(label=_("高校院所"), method=_by_organisation)


def _by_organisation(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(Q(organisation__code=value) | Q(organisation__name__icontains=value))


def _unique_row(queryset: QuerySet[Any], field: str, message: Any) -> Any:
    found = list(queryset[:2])
    if len(found) != 1:
        raise ValidationError({field: message})
    return found[0]


# --- technology managers -----------------------------------------------------------------------------------


class TechManagerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名、单位或证书编号"), method="filter_q")
    grade = django_filters.ChoiceFilter(label=_("等级"), choices=ManagerGrade.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ManagerStatus.choices, empty_label=ALL)
    organisation = _organisation_filter()
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("grade", "grade"),
            ("certified_on", "certified_on"),
            ("employer", "employer"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = TechManager
        fields = ["q", "grade", "status", "organisation"]

    def filter_q(self, queryset: QuerySet[TechManager], name: str, value: str) -> QuerySet[TechManager]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(employer__icontains=value)
            | Q(organisation__name__icontains=value)
            | Q(certificate_number__icontains=value)
        )


class TechManagerForm(RecordForm):
    class Meta:
        model = TechManager
        fields = (
            "name",
            "phone",
            "organisation",
            "employer",
            "region",
            "grade",
            "certificate_number",
            "certified_on",
            "status",
        )
        widgets = {"certified_on": DATE}


TECH_MANAGER = records.register(
    records.Record(
        name="tech_manager",
        model=TechManager,
        filterset=TechManagerFilter,
        form=TechManagerForm,
        columns=("name", "grade", "employer", "region", "certificate_number", "certified_on", "status"),
        # the phone is personal data: the generic pages leave it out; the roster (/talent/managers/)
        # shows it masked unless the user may see personal data
        detail_fields=(
            "name",
            "organisation",
            "employer",
            "region",
            "grade",
            "certificate_number",
            "certified_on",
            "status",
        ),
        related=("organisation", "region"),
        personal={"phone": mask_phone},
        grants=MANAGER_GRANTS,
        scope=ScopeRule(organisation_rule("organisation")),
        # the menu's entry is the roster (talent:managers, rainforest/talent/navigation.py)
        description=_("按姓名和手机号码新增或更新技术经理人；所在机构须已登记，未登记的单位填在“工作单位”。"),
        import_columns=(
            Column("name", _("姓名"), required=True),
            Column("phone", _("手机号码")),
            Column("organisation", _("所在机构"), Kind.ORGANISATION, hint=_("已登记机构的名称或编码")),
            Column("employer", _("工作单位")),
            Column("region", _("所在区县"), Kind.DISTRICT),
            choice_column("grade", _("等级"), ManagerGrade, required=True),
            Column("certificate_number", _("证书编号")),
            Column("certified_on", _("发证日期"), Kind.DATE, hint=_("有发证日期时须填写证书编号")),
            choice_column("status", _("状态"), ManagerStatus, hint=_("默认“在册”")),
        ),
        natural_key=("name", "phone"),
    )
)


# --- training classes and trainees ---------------------------------------------------------------------


class TrainingClassFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("班次、承办单位或地点"), method="filter_q")
    grade = django_filters.ChoiceFilter(label=_("等级"), choices=ManagerGrade.choices, empty_label=ALL)
    starts_after = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte", label=_("开班日期起"))
    ordering = django_filters.OrderingFilter(
        fields=(("starts_on", "starts_on"), ("name", "name"), ("grade", "grade")), label=_("排序")
    )

    class Meta:
        model = TrainingClass
        fields = ["q", "grade", "starts_after"]

    def filter_q(self, queryset: QuerySet[TrainingClass], name: str, value: str) -> QuerySet[TrainingClass]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(host__icontains=value) | Q(place__icontains=value)
        )


class TrainingClassForm(RecordForm):
    class Meta:
        model = TrainingClass
        fields = ("name", "grade", "host", "starts_on", "ends_on", "place")
        widgets = {"starts_on": DATE, "ends_on": DATE}


TRAINING_CLASS = records.register(
    records.Record(
        name="training_class",
        model=TrainingClass,
        filterset=TrainingClassFilter,
        form=TrainingClassForm,
        columns=("name", "grade", "host", "starts_on", "ends_on", "place"),
        grants=ROSTER_GRANTS,
        scope=ScopeRule(),
        menu=records.Menu(group="techmarket", order=70),
        description=_("按班次名称和开班日期新增或更新技术经理人培训班。"),
        import_columns=(
            Column("name", _("班次名称"), required=True),
            choice_column("grade", _("等级"), ManagerGrade, required=True),
            Column("host", _("承办单位"), required=True),
            Column("starts_on", _("开班日期"), Kind.DATE, required=True),
            Column("ends_on", _("结业日期"), Kind.DATE, hint=_("不能早于开班日期"), required=True),
            Column("place", _("地点")),
        ),
        natural_key=("name", "starts_on"),
    )
)


def _adjust_trainee(values: dict[str, Any]) -> None:
    """The class a row names (by name, the latest of that name) and the manager (by name, and by phone when
    two managers share a name)."""
    class_name = str(values.get("training_class__name", "")).strip()
    training_class = TrainingClass.objects.filter(name=class_name).order_by("-starts_on").first()
    if training_class is None:
        raise ValidationError(
            {"training_class__name": _("未找到培训班“{name}”，请先登记").format(name=class_name)}
        )
    values["training_class"] = training_class
    manager_name = str(values.get("manager__name", "")).strip()
    managers = TechManager.objects.filter(name=manager_name)
    phone = str(values.get("manager__phone") or "").strip()
    if phone:
        managers = managers.filter(phone=phone)
    manager = _unique_row(
        managers,
        "manager__name",
        _("未找到技术经理人“{name}”，或有同名者（请填写手机号码区分）").format(name=manager_name),
    )
    values["manager"] = manager
    values["manager__phone"] = manager.phone  # the key compares the stored manager's phone


class TraineeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名或证书编号"), method="filter_q")
    training_class = django_filters.CharFilter(
        label=_("培训班"), field_name="training_class__name", lookup_expr="icontains"
    )
    passed = django_filters.BooleanFilter(label=_("考核通过"))
    ordering = django_filters.OrderingFilter(
        fields=(("manager__name", "manager"), ("certificate_number", "certificate_number")), label=_("排序")
    )

    class Meta:
        model = Trainee
        fields = ["q", "training_class", "passed"]

    def filter_q(self, queryset: QuerySet[Trainee], name: str, value: str) -> QuerySet[Trainee]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(manager__name__icontains=value) | Q(certificate_number__icontains=value))


class TraineeForm(RecordForm):
    class Meta:
        model = Trainee
        fields = ("training_class", "manager", "passed", "certificate_number", "remark")


TRAINEE = records.register(
    records.Record(
        name="trainee",
        model=Trainee,
        filterset=TraineeFilter,
        form=TraineeForm,
        columns=("manager__name", "training_class", "passed", "certificate_number"),
        related=("training_class", "manager"),
        grants=ROSTER_GRANTS,
        scope=ScopeRule(parents=("training_class", "manager")),
        menu=records.Menu(group="techmarket", order=75),
        description=_("每位学员一行，按培训班和技术经理人新增或更新；培训班和技术经理人须已登记。"),
        import_columns=(
            Column(
                "training_class",
                _("培训班"),
                hint=_("须已登记"),
                required=True,
                attribute="training_class__name",
            ),
            Column("manager", _("技术经理人"), hint=_("须已登记"), required=True, attribute="manager__name"),
            Column(
                "manager_phone", _("手机号码"), hint=_("有同名技术经理人时填写"), attribute="manager__phone"
            ),
            Column("passed", _("考核通过"), Kind.BOOL),
            Column("certificate_number", _("结业证书编号"), hint=_("考核通过的才有")),
            Column("remark", _("备注")),
        ),
        natural_key=("manager", "training_class", "manager_phone"),
        adjust=_adjust_trainee,
    )
)


# --- the census: key disciplines, research teams, joint centres ---------------------------------------------


class KeyDisciplineFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("学科名称或代码"), method="filter_q")
    organisation = _organisation_filter()
    level = django_filters.ChoiceFilter(label=_("级别"), choices=DisciplineLevel.choices, empty_label=ALL)
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("level", "level"),
            ("code", "code"),
            ("organisation__name", "organisation"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = KeyDiscipline
        fields = ["q", "organisation", "level"]

    def filter_q(self, queryset: QuerySet[KeyDiscipline], name: str, value: str) -> QuerySet[KeyDiscipline]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))


class KeyDisciplineForm(CensusForm):
    class Meta:
        model = KeyDiscipline
        fields = ("organisation", "name", "level", "code")


KEY_DISCIPLINE = records.register(
    records.Record(
        name="key_discipline",
        model=KeyDiscipline,
        filterset=KeyDisciplineFilter,
        form=KeyDisciplineForm,
        columns=("name", "level", "code", "organisation"),
        related=("organisation",),
        grants=CENSUS_GRANTS,
        scope=CENSUS_SCOPE,
        menu=records.Menu(group="talent", order=50),
        description=_("按高校院所和学科名称新增或更新重点学科；高校院所须已登记。"),
        import_columns=(
            Column(
                "organisation",
                _("高校院所"),
                Kind.ORGANISATION,
                hint=_("已登记机构的名称或编码"),
                required=True,
            ),
            Column("name", _("学科名称"), required=True),
            choice_column("level", _("级别"), DisciplineLevel, required=True),
            Column("code", _("学科代码"), hint=_("4 位或 6 位数字，如 0703")),
        ),
        natural_key=("name", "organisation"),
    )
)


class ResearchTeamFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("团队、负责人或学科"), method="filter_q")
    organisation = _organisation_filter()
    field = django_filters.ChoiceFilter(label=_("技术领域"), choices=TechField.choices, empty_label=ALL)
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("size", "size"),
            ("founded_year", "founded_year"),
            ("organisation__name", "organisation"),
        ),
        label=_("排序"),
    )

    class Meta:
        model = ResearchTeam
        fields = ["q", "organisation", "field"]

    def filter_q(self, queryset: QuerySet[ResearchTeam], name: str, value: str) -> QuerySet[ResearchTeam]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(leader__icontains=value) | Q(discipline__icontains=value)
        )


class ResearchTeamForm(CensusForm):
    class Meta:
        model = ResearchTeam
        fields = ("organisation", "name", "leader", "size", "discipline", "field", "founded_year")


RESEARCH_TEAM = records.register(
    records.Record(
        name="research_team",
        model=ResearchTeam,
        filterset=ResearchTeamFilter,
        form=ResearchTeamForm,
        columns=("name", "leader", "size", "discipline", "field", "organisation"),
        related=("organisation",),
        grants=CENSUS_GRANTS,
        scope=CENSUS_SCOPE,
        menu=records.Menu(group="talent", order=60),
        description=_("按高校院所和团队名称新增或更新科研团队；成果数由技术市场登记的成果计算，不在此填写。"),
        import_columns=(
            Column(
                "organisation",
                _("高校院所"),
                Kind.ORGANISATION,
                hint=_("已登记机构的名称或编码"),
                required=True,
            ),
            Column("name", _("团队名称"), required=True),
            Column("leader", _("负责人"), required=True),
            Column("size", _("人数"), Kind.INT, hint=_("至少 1 人"), required=True),
            Column("discipline", _("学科")),
            choice_column("field", _("技术领域"), TechField),
            Column("founded_year", _("组建年份"), Kind.INT, hint=_("不能晚于今年")),
        ),
        natural_key=("name", "organisation"),
    )
)


class JointCentreFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("中心名称"), field_name="name", lookup_expr="icontains")
    organisation = _organisation_filter()
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("founded_on", "founded_on")), label=_("排序")
    )

    class Meta:
        model = JointCentre
        fields = ["q", "organisation"]


class JointCentreForm(CensusForm):
    class Meta:
        model = JointCentre
        fields = ("organisation", "name", "founded_on", "address")
        widgets = {"founded_on": DATE}


JOINT_CENTRE = records.register(
    records.Record(
        name="joint_centre",
        model=JointCentre,
        filterset=JointCentreFilter,
        form=JointCentreForm,
        columns=("name", "organisation", "founded_on"),
        related=("organisation",),
        grants=CENSUS_GRANTS,
        scope=CENSUS_SCOPE,
        menu=records.Menu(group="talent", order=70),
        description=_("按中心名称新增或更新联合创新中心；其科研团队和入驻企业另行登记。"),
        import_columns=(
            Column("name", _("中心名称"), required=True),
            Column(
                "organisation",
                _("依托高校院所"),
                Kind.ORGANISATION,
                hint=_("已登记机构的名称或编码"),
                required=True,
            ),
            Column("founded_on", _("成立日期"), Kind.DATE),
            Column("address", _("地址")),
        ),
        natural_key=("name",),
    )
)


def _centre_named(values: dict[str, Any]) -> JointCentre:
    name = str(values.get("centre__name", "")).strip()
    centre = JointCentre.objects.filter(name=name).select_related("organisation").first()
    if centre is None:
        raise ValidationError({"centre__name": _("未找到联合创新中心“{name}”，请先登记").format(name=name)})
    values["centre"] = centre
    return centre


def _adjust_centre_team(values: dict[str, Any]) -> None:
    centre = _centre_named(values)
    name = str(values.get("team__name", "")).strip()
    teams = ResearchTeam.objects.filter(name=name)
    institution = str(values.get("team__organisation__name") or "").strip()
    teams = teams.filter(organisation__name=institution) if institution else teams
    # a team of the centre's own institution wins over a namesake elsewhere
    own = teams.filter(organisation=centre.organisation)
    team = _unique_row(
        (own if own.exists() else teams).select_related("organisation"),
        "team__name",
        _("未找到科研团队“{name}”，或有同名者（请填写所属高校院所区分）").format(name=name),
    )
    values["team"] = team
    values["team__organisation__name"] = team.organisation.name  # the key compares the stored team's


def _adjust_centre_firm(values: dict[str, Any]) -> None:
    _centre_named(values)


class CentreTeamFilter(django_filters.FilterSet):
    centre = django_filters.CharFilter(
        label=_("联合创新中心"), field_name="centre__name", lookup_expr="icontains"
    )
    ordering = django_filters.OrderingFilter(fields=(("team__name", "team"),), label=_("排序"))

    class Meta:
        model = CentreTeam
        fields = ["centre"]


class CentreTeamForm(RecordForm):
    class Meta:
        model = CentreTeam
        fields = ("centre", "team", "topic")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = policy.restrict(ResearchTeam.objects.select_related("organisation"), self.user, Action.VIEW)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


CENTRE_TEAM = records.register(
    records.Record(
        name="centre_team",
        model=CentreTeam,
        filterset=CentreTeamFilter,
        form=CentreTeamForm,
        columns=("team", "centre", "team__organisation"),
        parent="centre",
        parent_key="name",
        related=("centre", "team__organisation"),
        grants=CENSUS_GRANTS,
        scope=ScopeRule(parents=("centre",)),
        description=_("联合创新中心的科研团队，每个团队一行；中心和团队须已登记。"),
        import_columns=(
            Column("centre", _("联合创新中心"), hint=_("须已登记"), required=True, attribute="centre__name"),
            Column("team", _("科研团队"), hint=_("须已登记"), required=True, attribute="team__name"),
            Column(
                "team_organisation",
                _("团队所属高校院所"),
                hint=_("有同名团队时填写"),
                attribute="team__organisation__name",
            ),
            Column("topic", _("合作方向")),
        ),
        natural_key=("team", "centre", "team_organisation"),
        adjust=_adjust_centre_team,
    )
)


class CentreFirmFilter(django_filters.FilterSet):
    centre = django_filters.CharFilter(
        label=_("联合创新中心"), field_name="centre__name", lookup_expr="icontains"
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=EntryStatus.choices, empty_label=ALL)
    ordering = django_filters.OrderingFilter(
        fields=(("enterprise__name", "enterprise"), ("since", "since")), label=_("排序")
    )

    class Meta:
        model = CentreFirm
        fields = ["centre", "status"]


class CentreFirmForm(RecordForm):
    class Meta:
        model = CentreFirm
        fields = ("centre", "enterprise", "status", "since", "plan")
        widgets = {"since": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the firm by its credit code, as everywhere else (a list of every firm would be thousands long)
        old = self.fields["enterprise"]
        field = forms.ModelChoiceField(
            Enterprise.objects.all(),
            to_field_name="credit_code",
            label=_("统一社会信用代码"),
            widget=forms.TextInput,
            help_text=old.help_text,
        )
        field.error_messages["invalid_choice"] = _("统一社会信用代码 %(value)s 对应的企业尚未登记")
        self.fields["enterprise"] = field
        if self.instance.enterprise_id:
            self.initial["enterprise"] = self.instance.enterprise.credit_code


CENTRE_FIRM = records.register(
    records.Record(
        name="centre_firm",
        model=CentreFirm,
        filterset=CentreFirmFilter,
        form=CentreFirmForm,
        columns=("enterprise", "centre", "status", "since"),
        parent="centre",
        parent_key="name",
        related=("centre", "enterprise"),
        grants=CENSUS_GRANTS,
        scope=ScopeRule(parents=("centre",)),
        description=_("联合创新中心的企业（拟入驻、已入驻或已退出），每家企业一行；中心和企业须已登记。"),
        import_columns=(
            Column("centre", _("联合创新中心"), hint=_("须已登记"), required=True, attribute="centre__name"),
            Column(
                "credit_code", _("统一社会信用代码"), Kind.ENTERPRISE, required=True, attribute="enterprise"
            ),
            choice_column("status", _("状态"), EntryStatus, hint=_("默认“拟入驻”")),
            Column("since", _("起始日期"), Kind.DATE),
            Column("plan", _("合作内容")),
        ),
        natural_key=("credit_code", "centre"),
        adjust=_adjust_centre_firm,
    )
)
