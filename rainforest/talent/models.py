"""Technology managers (技术经理人) with their training classes, trainees and certificates, and the census of
the city's universities and institutes: key disciplines, research teams and joint centres with firms.

Counts of the census (platforms, achievements) are never stored here: the census selectors count the
records of the platforms and matching apps (`rainforest.talent.selectors`)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.choices import OrganisationKind, TechField
from rainforest.core.models import Organisation, Region, today
from rainforest.core.policy import RestrictedQuerySet
from rainforest.enterprises.models import Enterprise
from rainforest.talent.choices import DisciplineLevel, EntryStatus, ManagerGrade, ManagerStatus

FIRST_YEAR = 1900  # no team, class or certificate of the census is older

validate_phone = RegexValidator(
    r"^[0-9+\-() ]{7,20}$", _("电话只能包含数字、空格、括号、加号和连字符（7 至 20 位）"), code="phone"
)
validate_discipline_code = RegexValidator(
    r"^[0-9]{4}([0-9]{2})?$", _("学科代码为 4 位（一级学科）或 6 位（二级学科）数字"), code="discipline_code"
)


def validate_not_future(value: date) -> None:
    if value > today():
        raise ValidationError(_("日期不能晚于今天"), code="future")


def _require_institution(organisation: Organisation | None, field: str) -> None:
    """Census records belong to a university or research institute (kind 高校院所)."""
    if organisation is not None and organisation.kind != OrganisationKind.UNIVERSITY:
        raise ValidationError({field: _("所属机构须为高校院所")}, code="not_institution")


class TechManager(models.Model):
    """A technology manager (技术经理人): a broker of technology transfer trained in the city's classes. The
    phone is personal data: pages show it masked unless the user may see personal data."""

    name = models.CharField(_("姓名"), max_length=40)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True, validators=[validate_phone])
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tech_managers",
        help_text=_("在平台登记的单位；未登记的单位写在“工作单位”中"),
    )
    employer = models.CharField(_("工作单位"), max_length=120, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区县"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grade = models.CharField(_("等级"), max_length=20, choices=ManagerGrade.choices)
    certificate_number = models.CharField(_("证书编号"), max_length=40, blank=True)
    certified_on = models.DateField(_("发证日期"), null=True, blank=True, validators=[validate_not_future])
    status = models.CharField(
        _("状态"), max_length=20, choices=ManagerStatus.choices, default=ManagerStatus.ACTIVE
    )

    history = HistoricalRecords()
    objects = RestrictedQuerySet["TechManager"].as_manager()

    class Meta:
        verbose_name = _("技术经理人")
        verbose_name_plural = _("技术经理人")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["grade", "status"], name="talent_manager_grade_status")]
        constraints = [
            models.UniqueConstraint(fields=["name", "phone"], name="talent_manager_one_per_name_phone"),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="talent_manager_one_per_certificate",
                violation_error_message=_("证书编号已登记给另一位技术经理人"),
            ),
            models.CheckConstraint(
                condition=models.Q(certified_on__isnull=True) | ~models.Q(certificate_number=""),
                name="talent_manager_date_needs_certificate",
                violation_error_message=_("有发证日期时须填写证书编号"),
            ),
            models.CheckConstraint(
                condition=models.Q(grade__in=ManagerGrade.values),
                name="talent_manager_grade_known",
                violation_error_message=_("等级须为初级、中级或高级"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = self.name.strip()
        self.certificate_number = self.certificate_number.strip()
        if self.certified_on is not None and not self.certificate_number:
            raise ValidationError({"certificate_number": _("有发证日期时须填写证书编号")}, code="required")
        if not self.employer and self.organisation is not None:
            self.employer = self.organisation.name


class TrainingClass(models.Model):
    """A training class for technology managers of one grade (e.g. the first 初级 class at 山西大学国家大学科技园,
    May 2025) with its trainees."""

    name = models.CharField(_("班次名称"), max_length=120)
    grade = models.CharField(_("等级"), max_length=20, choices=ManagerGrade.choices)
    host = models.CharField(_("承办单位"), max_length=120)
    starts_on = models.DateField(_("开班日期"))
    ends_on = models.DateField(_("结业日期"))
    place = models.CharField(_("地点"), max_length=120, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["TrainingClass"].as_manager()

    class Meta:
        verbose_name = _("技术经理人培训班")
        verbose_name_plural = _("技术经理人培训班")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "starts_on"], name="talent_class_one_per_name_start"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="talent_class_dates_in_order",
                violation_error_message=_("结业日期不能早于开班日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结业日期不能早于开班日期")}, code="order")


class Trainee(models.Model):
    """A technology manager in a training class: whether they passed, and the certificate the class issued."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="trainees"
    )
    manager = models.ForeignKey(
        TechManager, verbose_name=_("技术经理人"), on_delete=models.CASCADE, related_name="trainings"
    )
    passed = models.BooleanField(_("考核通过"), default=False)
    certificate_number = models.CharField(_("结业证书编号"), max_length=40, blank=True)
    remark = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Trainee"].as_manager()

    class Meta:
        verbose_name = _("培训学员")
        verbose_name_plural = _("培训学员")
        ordering = ["training_class", "manager__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "manager"], name="talent_trainee_once_per_class"
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="talent_trainee_one_per_certificate",
                violation_error_message=_("结业证书编号已被使用"),
            ),
            models.CheckConstraint(
                condition=models.Q(passed=True) | models.Q(certificate_number=""),
                name="talent_trainee_certificate_needs_pass",
                violation_error_message=_("未通过考核的学员不能有结业证书编号"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training_class} · {self.manager}"

    def clean(self) -> None:
        self.certificate_number = self.certificate_number.strip()
        if self.certificate_number and not self.passed:
            raise ValidationError(
                {"certificate_number": _("未通过考核的学员不能有结业证书编号")}, code="not_passed"
            )


class KeyDiscipline(models.Model):
    """A key discipline (重点学科) of a university or institute, at national, provincial or school level."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("高校院所"),
        on_delete=models.PROTECT,
        related_name="key_disciplines",
    )
    name = models.CharField(_("学科名称"), max_length=80)
    level = models.CharField(_("级别"), max_length=20, choices=DisciplineLevel.choices)
    code = models.CharField(
        _("学科代码"), max_length=6, blank=True, validators=[validate_discipline_code], help_text=_("如 0703")
    )

    history = HistoricalRecords()
    objects = RestrictedQuerySet["KeyDiscipline"].as_manager()

    class Meta:
        verbose_name = _("重点学科")
        verbose_name_plural = _("重点学科")
        ordering = ["organisation", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="talent_discipline_one_per_name"),
            models.CheckConstraint(
                condition=models.Q(level__in=DisciplineLevel.values),
                name="talent_discipline_level_known",
                violation_error_message=_("级别须为国家级、省级或校级重点学科"),
            ),
            models.CheckConstraint(
                condition=models.Q(code="") | models.Q(code__regex=r"^[0-9]{4}([0-9]{2})?$"),
                name="talent_discipline_code_digits",
                violation_error_message=_("学科代码为 4 位（一级学科）或 6 位（二级学科）数字"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.name}"

    def clean(self) -> None:
        self.name = self.name.strip()
        if self.organisation_id is not None:
            _require_institution(self.organisation, "organisation")


class ResearchTeam(models.Model):
    """A research team of a university or institute. Its achievements are the technology market's
    achievement records that name it (`matching.Achievement.team`); nothing is counted here."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("高校院所"),
        on_delete=models.PROTECT,
        related_name="research_teams",
    )
    name = models.CharField(_("团队名称"), max_length=120)
    leader = models.CharField(_("负责人"), max_length=40)
    size = models.PositiveIntegerField(_("人数"), validators=[MinValueValidator(1), MaxValueValidator(10000)])
    discipline = models.CharField(_("学科"), max_length=80, blank=True)
    field = models.CharField(_("技术领域"), max_length=30, choices=TechField.choices, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("组建年份"), null=True, blank=True, validators=[MinValueValidator(FIRST_YEAR)]
    )

    history = HistoricalRecords()
    objects = RestrictedQuerySet["ResearchTeam"].as_manager()

    class Meta:
        verbose_name = _("科研团队")
        verbose_name_plural = _("科研团队")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="talent_team_one_per_name"),
            models.CheckConstraint(
                condition=models.Q(size__gte=1),
                name="talent_team_size_positive",
                violation_error_message=_("人数至少为 1"),
            ),
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True) | models.Q(founded_year__gte=FIRST_YEAR),
                name="talent_team_founded_year_plausible",
                violation_error_message=_("组建年份不能早于 1900 年"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = self.name.strip()
        if self.organisation_id is not None:
            _require_institution(self.organisation, "organisation")
        if self.founded_year is not None and self.founded_year > today().year:
            raise ValidationError({"founded_year": _("组建年份不能晚于今年")}, code="future")


class JointCentre(models.Model):
    """A joint innovation centre of a university with firms (e.g. the TCM innovation centre with
    山西中医药大学): the university's teams that work in it and the firms that enter it."""

    name = models.CharField(_("中心名称"), max_length=120, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("依托高校院所"),
        on_delete=models.PROTECT,
        related_name="joint_centres",
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True, validators=[validate_not_future])
    address = models.CharField(_("地址"), max_length=200, blank=True)
    teams: models.ManyToManyField[ResearchTeam, CentreTeam] = models.ManyToManyField(
        ResearchTeam,
        verbose_name=_("科研团队"),
        through="CentreTeam",
        related_name="joint_centres",
        blank=True,
    )
    firms: models.ManyToManyField[Enterprise, CentreFirm] = models.ManyToManyField(
        Enterprise,
        verbose_name=_("企业"),
        through="CentreFirm",
        related_name="joint_centres",
        blank=True,
    )

    history = HistoricalRecords()
    objects = RestrictedQuerySet["JointCentre"].as_manager()

    class Meta:
        verbose_name = _("联合创新中心")
        verbose_name_plural = _("联合创新中心")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = self.name.strip()
        if self.organisation_id is not None:
            _require_institution(self.organisation, "organisation")


class CentreTeam(models.Model):
    """A research team working in a joint centre."""

    centre = models.ForeignKey(
        JointCentre, verbose_name=_("联合创新中心"), on_delete=models.CASCADE, related_name="team_links"
    )
    team = models.ForeignKey(
        ResearchTeam, verbose_name=_("科研团队"), on_delete=models.CASCADE, related_name="centre_links"
    )
    topic = models.CharField(_("合作方向"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["CentreTeam"].as_manager()

    class Meta:
        verbose_name = _("中心科研团队")
        verbose_name_plural = _("中心科研团队")
        ordering = ["centre", "team__name"]
        constraints = [models.UniqueConstraint(fields=["centre", "team"], name="talent_centre_team_once")]

    def __str__(self) -> str:
        return f"{self.centre} · {self.team}"


class CentreFirm(models.Model):
    """A firm with a joint centre: about to enter (拟入驻), entered or left, since a date."""

    centre = models.ForeignKey(
        JointCentre, verbose_name=_("联合创新中心"), on_delete=models.CASCADE, related_name="memberships"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="centre_memberships"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.INTENDED
    )
    since = models.DateField(_("起始日期"), null=True, blank=True, validators=[validate_not_future])
    plan = models.CharField(_("合作内容"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["CentreFirm"].as_manager()

    class Meta:
        verbose_name = _("中心入驻企业")
        verbose_name_plural = _("中心入驻企业")
        ordering = ["centre", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "enterprise"], name="talent_centre_firm_once"),
            models.CheckConstraint(
                condition=models.Q(status__in=EntryStatus.values),
                name="talent_centre_firm_status_known",
                violation_error_message=_("状态须为拟入驻、已入驻或已退出"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} · {self.enterprise}"
