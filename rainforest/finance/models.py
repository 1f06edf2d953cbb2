"""Sci-tech finance: what the banks offer (products), the institutions the province selected to serve firms,
the bank–enterprise matchmaking events with the banks and firms attending, finance staff's visits to firms,
the firms' financing demands and the banks they were shared with, the loans, the provincial loan-interest
subsidy applications, tech insurance policies, and the funds with their investments.

Banks, insurers and service institutions are `core.Organisation` rows (kind 金融机构 or 服务机构). Money is in
yuan; rates are annual percentages (3.85 means 3.85 % a year).

A loan's interest, the ceiling of any subsidy on it, is `amount × rate ÷ 100 × term_months ÷ 12` (simple
interest over the whole term, `Loan.interest`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.models import Organisation, Region
from rainforest.core.policy import RestrictedQuerySet
from rainforest.enterprises.models import Enterprise, validate_not_future
from rainforest.finance.choices import (
    DemandStatus,
    FundStatus,
    GuaranteeKind,
    InsuranceKind,
    ProductKind,
    SubsidyStatus,
)

NOT_NEGATIVE = [MinValueValidator(Decimal(0))]
RATE_BOUNDS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(36))]
CENT = Decimal("0.01")


class ByPath:
    """A settable ORM path (`event__title`, `loan__contract_number`) naming a related row by its text, for
    spreadsheets: the import sets the text, `finder(text, instance)` finds the row and the foreign key
    (the first part of the path) is set; reading gives the related row's value along the path, which is
    also what exports write and what stored rows are matched on. Text that finds nothing is kept and
    refused by `clean()` naming its column. Without a finder the text is only kept (for another column's
    finder to read, as `pending(instance, name)`)."""

    def __init__(self, finder: Any = None) -> None:
        self.finder = finder

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.field, *self.path = name.split("__")

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        related = getattr(instance, self.field) if getattr(instance, f"{self.field}_id") else None
        if related is None:
            return pending(instance, self.name)
        value = related
        for part in self.path:
            value = getattr(value, part)
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        text = "" if value is None else str(value).strip()
        instance.__dict__.setdefault("_pending", {})[self.name] = text
        if self.finder is None:
            return
        problems: dict[str, Any] = instance.__dict__.setdefault("_cell_problems", {})
        problems.pop(self.name, None)
        found = self.finder(text, instance) if text else None
        if found is None and text:
            problems[self.name] = _("未找到“{value}”（请填写已登记的名称或编号）").format(value=text)
        setattr(instance, self.field, found)


def pending(instance: Any, name: str) -> str:
    return str(instance.__dict__.get("_pending", {}).get(name, ""))


class PercentText:
    """A settable text form of a rate field (`3.85` or `3.85%`), for spreadsheets: the import reads text,
    the model stores a Decimal; text that is not a number is refused by `clean()` naming its column."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = getattr(instance, self.field)
        return "" if value is None else format(value.normalize(), "f")

    def __set__(self, instance: Any, value: Any) -> None:
        problems: dict[str, Any] = instance.__dict__.setdefault("_cell_problems", {})
        problems.pop(self.name, None)
        text = str(value if value is not None else "").strip().rstrip("%％").strip()
        if not text:
            setattr(instance, self.field, None)
            return
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            problems[self.name] = _("应为年利率百分数（如 3.85），实为“{value}”").format(value=value)
            setattr(instance, self.field, None)
        else:
            setattr(instance, self.field, number.quantize(CENT))


def _refuse_unknown_names(instance: Any, errors: dict[str, list[Any]]) -> None:
    for name, message in getattr(instance, "_cell_problems", {}).items():
        errors.setdefault(name, []).append(message)


def _raise(errors: dict[str, list[Any]]) -> None:
    if errors:
        raise ValidationError(errors)


class FinancialProduct(models.Model):
    """A financing product a bank offers to technology firms (科技贷, 知识产权质押贷…)."""

    institution = models.ForeignKey(
        Organisation, verbose_name=_("金融机构"), on_delete=models.PROTECT, related_name="finance_products"
    )
    name = models.CharField(_("产品名称"), max_length=80)
    kind = models.CharField(_("产品类别"), max_length=20, choices=ProductKind.choices)
    rate_min = models.DecimalField(
        _("最低年利率（%）"), max_digits=5, decimal_places=2, validators=RATE_BOUNDS
    )
    rate_max = models.DecimalField(
        _("最高年利率（%）"), max_digits=5, decimal_places=2, validators=RATE_BOUNDS
    )
    max_amount = models.DecimalField(
        _("最高额度"), max_digits=16, decimal_places=2, validators=NOT_NEGATIVE, null=True, blank=True
    )
    term_months = models.PositiveSmallIntegerField(
        _("最长期限（月）"), validators=[MinValueValidator(1), MaxValueValidator(360)]
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    rate_min_text = PercentText("rate_min")
    rate_max_text = PercentText("rate_max")

    history = HistoricalRecords()
    objects = RestrictedQuerySet["FinancialProduct"].as_manager()

    class Meta:
        verbose_name = _("金融产品")
        verbose_name_plural = _("金融产品")
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="finance_product_unique_name"),
            models.CheckConstraint(
                condition=Q(rate_min__lte=models.F("rate_max")),
                name="finance_product_rate_range",
                violation_error_message=_("最低年利率不能高于最高年利率"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        if self.rate_min is not None and self.rate_max is not None and self.rate_min > self.rate_max:
            errors.setdefault("rate_max", []).append(_("最高年利率不能低于最低年利率"))
        _raise(errors)


class ServiceInstitution(models.Model):
    """A sci-tech finance service institution the province selected (designated), with the insurer or
    other partner it signed an agreement with (人保财险)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("服务机构"),
        on_delete=models.PROTECT,
        related_name="finance_designations",
    )
    designated_on = models.DateField(_("入选日期"), validators=[validate_not_future])
    partner = models.CharField(_("签约合作方"), max_length=80, blank=True, help_text=_("如 人保财险"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["ServiceInstitution"].as_manager()

    class Meta:
        verbose_name = _("科技金融服务机构")
        verbose_name_plural = _("科技金融服务机构")
        ordering = ["-designated_on", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "designated_on"], name="finance_service_institution_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        _raise(errors)


class MatchmakingEvent(models.Model):
    """A bank–enterprise matchmaking event (银企对接会): who organised it, where, and (through its attendance
    rows) the banks and firms that came."""

    title = models.CharField(_("活动名称"), max_length=120)
    held_on = models.DateField(_("举办日期"))
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("主办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finance_events_organised",
    )
    district = models.ForeignKey(
        Region,
        verbose_name=_("举办县区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("不填表示全市活动"),
    )
    venue = models.CharField(_("地点"), max_length=120, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    banks: models.ManyToManyField[Organisation, EventBank] = models.ManyToManyField(
        Organisation, through="EventBank", related_name="finance_events_attended", verbose_name=_("参会银行")
    )
    firms: models.ManyToManyField[Enterprise, EventAttendance] = models.ManyToManyField(
        Enterprise, through="EventAttendance", related_name="finance_events", verbose_name=_("参会企业")
    )

    history = HistoricalRecords()
    objects = RestrictedQuerySet["MatchmakingEvent"].as_manager()

    class Meta:
        verbose_name = _("银企对接活动")
        verbose_name_plural = _("银企对接活动")
        ordering = ["-held_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "held_on"], name="finance_event_unique_title_date")
        ]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.held_on:%Y-%m-%d}）" if self.held_on else self.title

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        _raise(errors)


def find_event(value: str, instance: Any = None) -> MatchmakingEvent | None:
    """An event by its title (the latest event of that title)."""
    return MatchmakingEvent.objects.filter(title=value.strip()).order_by("-held_on", "-pk").first()


class EventBank(models.Model):
    """A bank attending a matchmaking event."""

    event = models.ForeignKey(
        MatchmakingEvent, verbose_name=_("对接活动"), on_delete=models.CASCADE, related_name="bank_rows"
    )
    bank = models.ForeignKey(
        Organisation, verbose_name=_("参会银行"), on_delete=models.PROTECT, related_name="finance_event_rows"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    event__title = ByPath(find_event)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["EventBank"].as_manager()

    class Meta:
        verbose_name = _("参会银行")
        verbose_name_plural = _("参会银行")
        ordering = ["event", "bank__name"]
        constraints = [models.UniqueConstraint(fields=["event", "bank"], name="finance_event_bank_unique")]

    def __str__(self) -> str:
        return f"{self.bank} @ {self.event}" if self.bank_id and self.event_id else ""

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        _raise(errors)


class EventAttendance(models.Model):
    """A firm attending a matchmaking event, with what came of it."""

    event = models.ForeignKey(
        MatchmakingEvent, verbose_name=_("对接活动"), on_delete=models.CASCADE, related_name="attendance"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="finance_attendance"
    )
    outcome = models.CharField(_("对接结果"), max_length=200, blank=True)

    event__title = ByPath(find_event)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["EventAttendance"].as_manager()

    class Meta:
        verbose_name = _("参会企业")
        verbose_name_plural = _("参会企业")
        ordering = ["event", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "enterprise"], name="finance_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.event}" if self.enterprise_id and self.event_id else ""

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        _raise(errors)


class FinanceVisit(models.Model):
    """A visit to a firm by finance staff (the bureau's, a bank's or a service institution's)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="finance_visits"
    )
    visited_on = models.DateField(_("走访日期"), validators=[validate_not_future])
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("走访机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finance_visits",
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("走访人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="finance_visits",
    )
    topics = models.CharField(_("走访内容"), max_length=200)
    outcome = models.CharField(_("走访结果"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["FinanceVisit"].as_manager()

    class Meta:
        verbose_name = _("金融走访")
        verbose_name_plural = _("金融走访")
        ordering = ["-visited_on", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "visited_on", "topics"], name="finance_visit_unique"
            )
        ]
        indexes = [models.Index(fields=["visited_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.visited_on}" if self.enterprise_id else str(self.visited_on)

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        _raise(errors)


class FinancingDemand(models.Model):
    """A firm's financing demand, and (through its share rows) the banks it was passed to."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="financing_demands"
    )
    raised_on = models.DateField(_("提出日期"), validators=[validate_not_future])
    amount = models.DecimalField(
        _("需求金额"), max_digits=16, decimal_places=2, validators=[MinValueValidator(CENT)]
    )
    purpose = models.CharField(_("资金用途"), max_length=120)
    term_months = models.PositiveSmallIntegerField(
        _("期限（月）"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(360)]
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=DemandStatus.choices, default=DemandStatus.OPEN
    )
    shared_with: models.ManyToManyField[Organisation, DemandShare] = models.ManyToManyField(
        Organisation, through="DemandShare", related_name="finance_demands_shared", verbose_name=_("推送银行")
    )

    history = HistoricalRecords()
    objects = RestrictedQuerySet["FinancingDemand"].as_manager()

    class Meta:
        verbose_name = _("融资需求")
        verbose_name_plural = _("融资需求")
        ordering = ["-raised_on", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "raised_on", "purpose"], name="finance_demand_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="finance_demand_amount_positive",
                violation_error_message=_("需求金额须大于零"),
            ),
        ]
        indexes = [models.Index(fields=["raised_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.purpose}" if self.enterprise_id else self.purpose


def find_demand(purpose: str, instance: Any) -> FinancingDemand | None:
    """A demand by its firm's credit code (the row's other column) and its use of funds (the latest)."""
    code = pending(instance, "demand__enterprise__credit_code").upper()
    return (
        FinancingDemand.objects.filter(enterprise__credit_code=code, purpose=purpose)
        .order_by("-raised_on", "-pk")
        .first()
    )


class DemandShare(models.Model):
    """A financing demand passed to a bank."""

    demand = models.ForeignKey(
        FinancingDemand, verbose_name=_("融资需求"), on_delete=models.CASCADE, related_name="shares"
    )
    bank = models.ForeignKey(
        Organisation,
        verbose_name=_("推送银行"),
        on_delete=models.PROTECT,
        related_name="finance_demand_shares",
    )
    shared_on = models.DateField(_("推送日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    demand__enterprise__credit_code = ByPath()
    demand__purpose = ByPath(find_demand)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["DemandShare"].as_manager()

    class Meta:
        verbose_name = _("需求推送")
        verbose_name_plural = _("需求推送")
        ordering = ["demand", "bank__name"]
        constraints = [models.UniqueConstraint(fields=["demand", "bank"], name="finance_demand_share_unique")]

    def __str__(self) -> str:
        return f"{self.demand} → {self.bank}" if self.demand_id and self.bank_id else ""

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        _raise(errors)


NO_LENDER = _("贷款须有放款银行：请填写放款银行")


# 促成贷款: a loan the bureau's work brought about, made through a bank–enterprise matchmaking event or
# answering a financing demand raised on the platform. Other loans (those behind a year's interest-subsidy
# applications, say) are loans, not ones the bureau arranged.
ARRANGED_LOAN = Q(event__isnull=False) | Q(demand__isnull=False)


class Loan(models.Model):
    """A loan a bank made to a firm. The lender is required. Its interest over the whole term
    (`interest`: amount × annual rate × term in years, simple interest) caps any subsidy on it."""

    bank = models.ForeignKey(
        Organisation,
        verbose_name=_("放款银行"),
        on_delete=models.PROTECT,
        related_name="finance_loans",
        error_messages={"null": NO_LENDER, "blank": NO_LENDER, "required": NO_LENDER},
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="loans"
    )
    contract_number = models.CharField(_("合同编号"), max_length=60)
    amount = models.DecimalField(
        _("贷款金额"), max_digits=16, decimal_places=2, validators=[MinValueValidator(CENT)]
    )
    lent_on = models.DateField(_("放款日期"), validators=[validate_not_future])
    rate = models.DecimalField(_("年利率（%）"), max_digits=5, decimal_places=2, validators=RATE_BOUNDS)
    term_months = models.PositiveSmallIntegerField(
        _("期限（月）"), validators=[MinValueValidator(1), MaxValueValidator(360)]
    )
    guarantee = models.CharField(_("担保方式"), max_length=20, choices=GuaranteeKind.choices)
    product = models.ForeignKey(
        FinancialProduct,
        verbose_name=_("金融产品"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="loans",
    )
    demand = models.ForeignKey(
        FinancingDemand,
        verbose_name=_("对应融资需求"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="loans",
    )
    event = models.ForeignKey(
        MatchmakingEvent,
        verbose_name=_("促成活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="loans",
    )

    rate_text = PercentText("rate")

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Loan"].as_manager()

    class Meta:
        verbose_name = _("贷款")
        verbose_name_plural = _("贷款")
        ordering = ["-lent_on", "contract_number"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "contract_number"], name="finance_loan_unique_contract"),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="finance_loan_amount_positive",
                violation_error_message=_("贷款金额须大于零"),
            ),
        ]
        indexes = [models.Index(fields=["lent_on"])]

    def __str__(self) -> str:
        return self.contract_number

    @property
    def interest(self) -> Decimal:
        """Interest over the whole term: amount × rate ÷ 100 × term_months ÷ 12, to the cent."""
        if self.amount is None or self.rate is None or self.term_months is None:
            return Decimal(0)
        return (self.amount * self.rate / 100 * self.term_months / 12).quantize(CENT)

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        if self.bank_id is None:
            errors.setdefault("bank", []).append(NO_LENDER)
        if self.demand is not None and self.enterprise_id and self.demand.enterprise_id != self.enterprise_id:
            errors.setdefault("demand", []).append(_("融资需求须是同一企业的"))
        if self.product is not None and self.bank_id and self.product.institution_id != self.bank_id:
            errors.setdefault("product", []).append(_("金融产品须是放款银行的产品"))
        _raise(errors)


def find_loan(value: str, instance: Any = None) -> Loan | None:
    """A loan by its contract number, among the loans of the row's firm when it is known."""
    loans = Loan.objects.filter(contract_number=value.strip())
    if instance is not None and getattr(instance, "enterprise_id", None):
        loans = loans.filter(enterprise_id=instance.enterprise_id)
    return loans.order_by("pk").first()


class InterestSubsidyApplication(models.Model):
    """A firm's application for the provincial sci-tech loan-interest subsidy on one loan. The subsidy
    requested (and the one approved) may not exceed the loan's interest (`Loan.interest`)."""

    loan = models.ForeignKey(
        Loan, verbose_name=_("贷款"), on_delete=models.CASCADE, related_name="subsidy_applications"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="interest_subsidies"
    )
    year = models.PositiveSmallIntegerField(
        _("申请年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    interest_paid = models.DecimalField(
        _("已付利息"), max_digits=16, decimal_places=2, validators=NOT_NEGATIVE
    )
    requested = models.DecimalField(_("申请贴息"), max_digits=16, decimal_places=2, validators=NOT_NEGATIVE)
    approved = models.DecimalField(
        _("核定贴息"), max_digits=16, decimal_places=2, validators=NOT_NEGATIVE, null=True, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=SubsidyStatus.choices, default=SubsidyStatus.APPLIED
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    loan__contract_number = ByPath(find_loan)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["InterestSubsidyApplication"].as_manager()

    class Meta:
        verbose_name = _("贷款贴息申请")
        verbose_name_plural = _("贷款贴息申请")
        ordering = ["-year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "year"], name="finance_subsidy_one_per_loan_year"),
            models.CheckConstraint(
                condition=Q(approved__isnull=True) | Q(approved__lte=models.F("requested")),
                name="finance_subsidy_approved_within_requested",
                violation_error_message=_("核定贴息不能高于申请贴息"),
            ),
            models.CheckConstraint(
                condition=~Q(status=SubsidyStatus.APPROVED) | Q(approved__isnull=False),
                name="finance_subsidy_approved_has_amount",
                violation_error_message=_("批准的申请须填写核定贴息"),
            ),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}" if self.enterprise_id else str(self.year)

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        loan = self.loan if self.loan_id else None
        if loan is not None:
            if self.enterprise_id and loan.enterprise_id != self.enterprise_id:
                errors.setdefault("enterprise", []).append(_("企业须是该笔贷款的借款企业"))
            interest = loan.interest
            if self.requested is not None and self.requested > interest:
                errors.setdefault("requested", []).append(
                    _("申请贴息 {requested} 元高于该笔贷款的利息 {interest} 元（金额×年利率×期限）").format(
                        requested=self.requested, interest=interest
                    )
                )
            if self.approved is not None and self.approved > interest:
                errors.setdefault("approved", []).append(
                    _("核定贴息 {approved} 元高于该笔贷款的利息 {interest} 元").format(
                        approved=self.approved, interest=interest
                    )
                )
        if self.approved is not None and self.requested is not None and self.approved > self.requested:
            errors.setdefault("approved", []).append(_("核定贴息不能高于申请贴息"))
        if self.status == SubsidyStatus.APPROVED and self.approved is None:
            errors.setdefault("approved", []).append(_("批准的申请须填写核定贴息"))
        _raise(errors)


class TechInsurance(models.Model):
    """A technology insurance policy (科技保险) a firm holds: insurer, kind, premium, cover and period."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="tech_insurance"
    )
    insurer = models.ForeignKey(
        Organisation, verbose_name=_("保险机构"), on_delete=models.PROTECT, related_name="finance_policies"
    )
    policy_number = models.CharField(_("保单号"), max_length=60)
    kind = models.CharField(_("险种"), max_length=20, choices=InsuranceKind.choices)
    premium = models.DecimalField(_("保费"), max_digits=16, decimal_places=2, validators=NOT_NEGATIVE)
    cover = models.DecimalField(_("保额"), max_digits=16, decimal_places=2, validators=NOT_NEGATIVE)
    starts_on = models.DateField(_("起保日期"))
    ends_on = models.DateField(_("终止日期"))

    history = HistoricalRecords()
    objects = RestrictedQuerySet["TechInsurance"].as_manager()

    class Meta:
        verbose_name = _("科技保险")
        verbose_name_plural = _("科技保险")
        ordering = ["-starts_on", "policy_number"]
        constraints = [
            models.UniqueConstraint(fields=["insurer", "policy_number"], name="finance_insurance_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="finance_insurance_period",
                violation_error_message=_("终止日期须晚于起保日期"),
            ),
        ]
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self) -> str:
        return self.policy_number

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors.setdefault("ends_on", []).append(_("终止日期须晚于起保日期"))
        _raise(errors)


class Fund(models.Model):
    """A sci-tech investment fund: planned or established, its manager and partners, its size when known."""

    name = models.CharField(_("基金名称"), max_length=120, unique=True)
    manager = models.CharField(_("管理机构"), max_length=120, blank=True)
    partners = models.CharField(
        _("合作方"), max_length=200, blank=True, help_text=_("多个用顿号分隔，如 省晋创投资、晋信资本")
    )
    size = models.DecimalField(
        _("规模"),
        max_digits=16,
        decimal_places=2,
        validators=NOT_NEGATIVE,
        null=True,
        blank=True,
        help_text=_("未定可不填"),
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=FundStatus.choices, default=FundStatus.PLANNED
    )
    planned_on = models.DateField(_("谋划日期"), null=True, blank=True)
    established_on = models.DateField(_("设立日期"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Fund"].as_manager()

    class Meta:
        verbose_name = _("科技基金")
        verbose_name_plural = _("科技基金")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=FundStatus.ESTABLISHED) | Q(established_on__isnull=False),
                name="finance_fund_established_has_date",
                violation_error_message=_("已设立的基金须填写设立日期"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.status == FundStatus.ESTABLISHED and self.established_on is None:
            raise ValidationError({"established_on": _("已设立的基金须填写设立日期")})


class FundInvestment(models.Model):
    """A fund's investment in a firm."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("基金"), on_delete=models.CASCADE, related_name="investments"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="fund_investments"
    )
    amount = models.DecimalField(
        _("投资金额"), max_digits=16, decimal_places=2, validators=[MinValueValidator(CENT)]
    )
    invested_on = models.DateField(_("投资日期"), validators=[validate_not_future])
    note = models.CharField(_("备注"), max_length=200, blank=True)

    fund__name = ByPath(lambda value, instance: Fund.objects.filter(name=value).first())

    history = HistoricalRecords()
    objects = RestrictedQuerySet["FundInvestment"].as_manager()

    class Meta:
        verbose_name = _("基金投资")
        verbose_name_plural = _("基金投资")
        ordering = ["-invested_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "enterprise", "invested_on"], name="finance_investment_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="finance_investment_amount_positive",
                violation_error_message=_("投资金额须大于零"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} → {self.enterprise}" if self.fund_id and self.enterprise_id else ""

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        _refuse_unknown_names(self, errors)
        _raise(errors)
