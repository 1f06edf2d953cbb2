"""Kinds and states of the finance app's records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductKind(models.TextChoices):
    TECH_LOAN = "tech_loan", _("科技贷")
    IP_PLEDGE = "ip_pledge", _("知识产权质押贷")
    CREDIT_LOAN = "credit_loan", _("信用贷")
    TALENT_LOAN = "talent_loan", _("人才贷")
    EQUITY_PLEDGE = "equity_pledge", _("股权质押贷")
    OTHER = "other", _("其他")


class GuaranteeKind(models.TextChoices):
    CREDIT = "credit", _("信用")
    IP_PLEDGE = "ip_pledge", _("知识产权质押")
    GUARANTOR = "guarantor", _("融资担保")
    COLLATERAL = "collateral", _("抵押")
    EQUITY_PLEDGE = "equity_pledge", _("股权质押")
    OTHER = "other", _("其他")


class DemandStatus(models.TextChoices):
    OPEN = "open", _("待对接")
    MATCHING = "matching", _("对接中")
    FINANCED = "financed", _("已获融资")
    CLOSED = "closed", _("已关闭")


class SubsidyStatus(models.TextChoices):
    APPLIED = "applied", _("申请")
    REVIEWING = "reviewing", _("审核中")
    APPROVED = "approved", _("批准")
    REJECTED = "rejected", _("驳回")


class InsuranceKind(models.TextChoices):
    RD_LOSS = "rd_loss", _("研发费用损失保险")
    FIRST_SET = "first_set", _("首台（套）重大技术装备保险")
    IP = "ip", _("知识产权保险")
    KEY_STAFF = "key_staff", _("关键研发人员保险")
    PRODUCT_LIABILITY = "product_liability", _("产品责任保险")
    OTHER = "other", _("其他")


class FundStatus(models.TextChoices):
    PLANNED = "planned", _("拟设立")
    ESTABLISHED = "established", _("已设立")
