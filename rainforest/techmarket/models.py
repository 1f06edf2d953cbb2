"""Technology contracts (技术合同) and their registration log.

A contract has a seller and a buyer, each exactly one of: an enterprise of the registry, an organisation
(a university or institute), or an outside party (name, place and province). From the parties follow,
in `clean()`, the district each is in (`seller_district`, `buyer_district`: what district officers see and
what output/absorption statistics count), whether each is in the province, and the seller's class
(enterprise, university, research institute, other). Registration is a workflow: submitted → registered
(numbered, dated) or returned (with the reason) → resubmitted; every step is a `ContractEvent`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rainforest.core.choices import OrganisationKind, TechField
from rainforest.core.models import Organisation, Region, today
from rainforest.core.policy import RestrictedQuerySet
from rainforest.enterprises.models import Enterprise
from rainforest.techmarket.choices import (
    CATEGORY_OF_SUB_TYPE,
    INSTITUTE_SUFFIXES,
    SUB_TYPES,
    Category,
    SellerClass,
    Status,
    SubType,
    Transition,
)

HOME_PROVINCE = "山西省"


def validate_not_future(value: date) -> None:
    if value > today():
        raise ValidationError(_("日期不能晚于今天"), code="future")


def _one_party(side: str) -> Q:
    """Exactly one kind of party on `side`: an enterprise, an organisation, or an outside name."""
    enterprise = Q(**{f"{side}_enterprise__isnull": False})
    organisation = Q(**{f"{side}_organisation__isnull": False})
    named = ~Q(**{f"{side}_name": ""})
    return (
        (enterprise & ~organisation & ~named)
        | (~enterprise & organisation & ~named)
        | (~enterprise & ~organisation & named)
    )


def _sub_type_fits() -> Q:
    condition = Q(pk__in=[])
    for category, subs in SUB_TYPES.items():
        condition |= Q(category=category, sub_type__in=sorted(subs))
    return condition


def party_class(enterprise: Enterprise | None, organisation: Organisation | None) -> str:
    """The class of a registry party: an enterprise; an organisation of kind 高校院所 is a research
    institute when its name says so (研究所, 研究院…), else a university; other organisations: other."""
    if enterprise is not None:
        return SellerClass.ENTERPRISE
    if organisation is not None:
        if organisation.kind == OrganisationKind.UNIVERSITY:
            if organisation.name.endswith(INSTITUTE_SUFFIXES):
                return SellerClass.INSTITUTE
            return SellerClass.UNIVERSITY
        if organisation.kind == OrganisationKind.ENTERPRISE:
            return SellerClass.ENTERPRISE
        return SellerClass.OTHER
    return ""


class Contract(models.Model):
    """A technology contract registered (or submitted for registration) with the city's registry."""

    number = models.CharField(_("合同编号"), max_length=40, unique=True)
    title = models.CharField(_("合同名称"), max_length=200)
    category = models.CharField(_("合同类别"), max_length=20, choices=Category.choices)
    sub_type = models.CharField(_("合同子类"), max_length=30, choices=SubType.choices)

    seller_enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("卖方企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts_sold",
    )
    seller_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("卖方高校院所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts_sold",
    )
    seller_name = models.CharField(_("卖方外部单位"), max_length=120, blank=True)
    seller_place = models.CharField(
        _("卖方所在地"), max_length=60, blank=True, help_text=_("外部单位填写，如 北京市海淀区")
    )
    seller_province = models.CharField(_("卖方所在省份"), max_length=20, blank=True)
    seller_class = models.CharField(_("卖方类型"), max_length=20, choices=SellerClass.choices, blank=True)
    seller_district = models.ForeignKey(
        Region,
        verbose_name=_("卖方所在县区"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    seller_in_province = models.BooleanField(_("卖方在省内"), default=True, editable=False)

    buyer_enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("买方企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts_bought",
    )
    buyer_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("买方高校院所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts_bought",
    )
    buyer_name = models.CharField(_("买方外部单位"), max_length=120, blank=True)
    buyer_place = models.CharField(
        _("买方所在地"), max_length=60, blank=True, help_text=_("外部单位填写，如 北京市海淀区")
    )
    buyer_province = models.CharField(_("买方所在省份"), max_length=20, blank=True)
    buyer_district = models.ForeignKey(
        Region,
        verbose_name=_("买方所在县区"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    buyer_in_province = models.BooleanField(_("买方在省内"), default=True, editable=False)

    contract_amount = models.DecimalField(_("合同成交额"), max_digits=16, decimal_places=2)
    tech_transaction_amount = models.DecimalField(_("技术交易额"), max_digits=16, decimal_places=2)
    signed_on = models.DateField(_("签订日期"), validators=[validate_not_future])
    submitted_on = models.DateField(_("提交日期"), default=today, validators=[validate_not_future])
    registered_on = models.DateField(_("登记日期"), null=True, blank=True, validators=[validate_not_future])
    field = models.CharField(_("技术领域"), max_length=30, choices=TechField.choices, blank=True)

    achievement = models.ForeignKey(
        "matching.Achievement",
        verbose_name=_("关联科技成果"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    tech_manager = models.ForeignKey(
        "talent.TechManager",
        verbose_name=_("技术经理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )

    status = models.CharField(_("登记状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    registration_number = models.CharField(_("登记号"), max_length=30, blank=True, editable=False)
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = RestrictedQuerySet["Contract"].as_manager()

    class Meta:
        verbose_name = _("技术合同")
        verbose_name_plural = _("技术合同")
        ordering = ["-registered_on", "-signed_on", "number"]
        indexes = [
            models.Index(fields=["status", "registered_on"], name="contract_status_registered"),
            models.Index(fields=["seller_district", "registered_on"], name="contract_seller_district"),
            models.Index(fields=["buyer_district", "registered_on"], name="contract_buyer_district"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="contract_one_per_registration_number",
                violation_error_message=_("登记号已被使用"),
            ),
            models.CheckConstraint(
                condition=Q(contract_amount__gte=0) & Q(tech_transaction_amount__gte=0),
                name="contract_amounts_not_negative",
                violation_error_message=_("金额不能为负"),
            ),
            models.CheckConstraint(
                condition=Q(tech_transaction_amount__lte=F("contract_amount")),
                name="contract_tech_amount_within_turnover",
                violation_error_message=_("技术交易额不能高于合同成交额"),
            ),
            models.CheckConstraint(
                condition=Q(registered_on__isnull=True) | Q(registered_on__gte=F("signed_on")),
                name="contract_registered_after_signed",
                violation_error_message=_("登记日期不能早于签订日期"),
            ),
            models.CheckConstraint(
                condition=_one_party("seller"),
                name="contract_one_seller",
                violation_error_message=_("卖方须为企业、高校院所或外部单位中的一个"),
            ),
            models.CheckConstraint(
                condition=_one_party("buyer"),
                name="contract_one_buyer",
                violation_error_message=_("买方须为企业、高校院所或外部单位中的一个"),
            ),
            models.CheckConstraint(
                condition=~Q(seller_enterprise=F("buyer_enterprise"))
                & ~Q(seller_organisation=F("buyer_organisation"))
                & (Q(seller_name="") | ~Q(seller_name=F("buyer_name"))),
                name="contract_seller_not_buyer",
                violation_error_message=_("卖方和买方不能是同一单位"),
            ),
            models.CheckConstraint(
                condition=_sub_type_fits(),
                name="contract_sub_type_fits_category",
                violation_error_message=_("合同子类与合同类别不符"),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.REGISTERED)
                | (Q(registered_on__isnull=False) & ~Q(registration_number="")),
                name="contract_registered_is_numbered",
                violation_error_message=_("已登记的合同须有登记号和登记日期"),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.REGISTERED)
                | (Q(registered_on__isnull=True) & Q(registration_number="")),
                name="contract_unregistered_has_no_number",
                violation_error_message=_("未登记的合同不能有登记号或登记日期"),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETURNED) | ~Q(return_reason=""),
                name="contract_returned_has_reason",
                violation_error_message=_("退回须说明原因"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    # --- the parties ----------------------------------------------------------------------------------------

    def party_label(self, side: str) -> str:
        enterprise = getattr(self, f"{side}_enterprise")
        organisation = getattr(self, f"{side}_organisation")
        if enterprise is not None:
            return str(enterprise.name)
        if organisation is not None:
            return str(organisation.name)
        name = getattr(self, f"{side}_name")
        place = getattr(self, f"{side}_place")
        return f"{name}（{place}）" if place else str(name)

    @property
    def district_id(self) -> int | None:
        """The district a district officer's import is judged by: the seller's, else the buyer's."""
        return self.seller_district_id or self.buyer_district_id

    @property
    def development_zone_id(self) -> int | None:
        for side in ("seller", "buyer"):
            if getattr(self, f"{side}_enterprise_id"):
                return getattr(self, f"{side}_enterprise").development_zone_id  # type: ignore[no-any-return]
        return None

    @property
    def seller(self) -> str:
        return self.party_label("seller")

    @property
    def buyer(self) -> str:
        return self.party_label("buyer")

    def _derive_party(self, side: str, errors: dict[str, list[Any]]) -> None:
        enterprise = getattr(self, f"{side}_enterprise") if getattr(self, f"{side}_enterprise_id") else None
        organisation = (
            getattr(self, f"{side}_organisation") if getattr(self, f"{side}_organisation_id") else None
        )
        name = (getattr(self, f"{side}_name") or "").strip()
        setattr(self, f"{side}_name", name)
        word = _("卖方") if side == "seller" else _("买方")
        kinds = sum(1 for present in (enterprise, organisation, name) if present)
        if kinds != 1:
            message = (
                _("%(side)s须填写：企业、高校院所或外部单位名称，三者选一")
                if kinds == 0
                else _("%(side)s只能是企业、高校院所或外部单位中的一个")
            )
            errors.setdefault(f"{side}_name", []).append(message % {"side": word})
            return
        if enterprise is not None:
            setattr(self, f"{side}_district_id", enterprise.district_id)
            setattr(self, f"{side}_in_province", True)
            setattr(self, f"{side}_place", "")
            setattr(self, f"{side}_province", "")
        elif organisation is not None:
            setattr(self, f"{side}_district_id", organisation.region_id)
            setattr(self, f"{side}_in_province", True)
            setattr(self, f"{side}_place", "")
            setattr(self, f"{side}_province", "")
        else:
            province = (getattr(self, f"{side}_province") or "").strip()
            place = (getattr(self, f"{side}_place") or "").strip()
            if not province:
                errors.setdefault(f"{side}_province", []).append(
                    _("%(side)s为外部单位时须填写所在省份") % {"side": word}
                )
            setattr(self, f"{side}_district_id", None)
            setattr(self, f"{side}_province", province)
            setattr(self, f"{side}_place", place)
            setattr(self, f"{side}_in_province", province == HOME_PROVINCE)
        if side == "seller":
            derived = party_class(enterprise, organisation)
            if derived:
                self.seller_class = derived
            elif not self.seller_class:
                self.seller_class = SellerClass.OTHER

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        # An imported row of an already registered contract gives its date and number: it is registered.
        if self.status == Status.SUBMITTED and self.registered_on and self.registration_number:
            self.status = Status.REGISTERED
        if self.status == Status.REGISTERED:
            if not self.registered_on:
                errors.setdefault("registered_on", []).append(_("已登记的合同须填写登记日期"))
            if not self.registration_number:
                errors.setdefault("registration_number", []).append(_("已登记的合同须填写登记号"))
        elif self.registered_on or self.registration_number:
            errors.setdefault("registered_on", []).append(_("未登记的合同不能有登记日期或登记号"))
        self._derive_party("seller", errors)
        self._derive_party("buyer", errors)
        if not errors:
            same = (
                (self.seller_enterprise_id and self.seller_enterprise_id == self.buyer_enterprise_id)
                or (self.seller_organisation_id and self.seller_organisation_id == self.buyer_organisation_id)
                or (self.seller_name and self.seller_name == self.buyer_name)
            )
            if same:
                errors.setdefault("buyer_name", []).append(_("卖方和买方不能是同一单位"))
        if self.sub_type and not self.category:
            self.category = CATEGORY_OF_SUB_TYPE.get(self.sub_type, "")
        if self.category and self.sub_type and CATEGORY_OF_SUB_TYPE.get(self.sub_type) != self.category:
            errors.setdefault("sub_type", []).append(
                _("合同子类“%(sub)s”不属于合同类别“%(category)s”")
                % {"sub": self.get_sub_type_display(), "category": self.get_category_display()}
            )
        if self.contract_amount is not None and self.contract_amount < 0:
            errors.setdefault("contract_amount", []).append(_("合同成交额不能为负"))
        if self.tech_transaction_amount is not None and self.tech_transaction_amount < 0:
            errors.setdefault("tech_transaction_amount", []).append(_("技术交易额不能为负"))
        if (
            self.contract_amount is not None
            and self.tech_transaction_amount is not None
            and self.tech_transaction_amount > self.contract_amount
        ):
            errors.setdefault("tech_transaction_amount", []).append(_("技术交易额不能高于合同成交额"))
        if self.signed_on and self.registered_on and self.registered_on < self.signed_on:
            errors.setdefault("registered_on", []).append(_("登记日期不能早于签订日期"))
        if self.signed_on and self.submitted_on and self.submitted_on < self.signed_on:
            errors.setdefault("submitted_on", []).append(_("提交日期不能早于签订日期"))
        if errors:
            raise ValidationError(errors)


class ContractEvent(models.Model):
    """One step of a contract's registration: who did what, when, from which status to which, and why."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("技术合同"), on_delete=models.CASCADE, related_name="events"
    )
    transition = models.CharField(_("操作"), max_length=20, choices=Transition.choices)
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    comment = models.CharField(_("说明"), max_length=300, blank=True)

    objects = RestrictedQuerySet["ContractEvent"].as_manager()

    class Meta:
        verbose_name = _("合同登记记录")
        verbose_name_plural = _("合同登记记录")
        ordering = ["contract", "at", "id"]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.get_transition_display()}"


def amount_in_wan(value: Decimal) -> Decimal:
    return value / Decimal(10_000)
