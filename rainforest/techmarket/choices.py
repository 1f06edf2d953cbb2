"""Choices of the techmarket app: contract categories and sub-types (民法典 合同编 第二十章), statuses,
parties and seller classes."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    DEVELOPMENT = "development", _("技术开发")
    TRANSFER = "transfer", _("技术转让")
    LICENSING = "licensing", _("技术许可")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", _("技术服务")


class SubType(models.TextChoices):
    COMMISSIONED = "commissioned", _("委托开发")
    COOPERATIVE = "cooperative", _("合作开发")
    PATENT_TRANSFER = "patent_transfer", _("专利权转让")
    APPLICATION_TRANSFER = "application_transfer", _("专利申请权转让")
    SECRET_TRANSFER = "secret_transfer", _("技术秘密转让")
    OTHER_TRANSFER = "other_transfer", _("其他技术转让")
    PATENT_LICENCE = "patent_licence", _("专利实施许可")
    SECRET_LICENCE = "secret_licence", _("技术秘密使用许可")
    OTHER_LICENCE = "other_licence", _("其他技术许可")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", _("技术服务")
    TRAINING = "training", _("技术培训")
    BROKERAGE = "brokerage", _("技术中介")


SUB_TYPES: dict[str, tuple[str, ...]] = {
    Category.DEVELOPMENT: (SubType.COMMISSIONED, SubType.COOPERATIVE),
    Category.TRANSFER: (
        SubType.PATENT_TRANSFER,
        SubType.APPLICATION_TRANSFER,
        SubType.SECRET_TRANSFER,
        SubType.OTHER_TRANSFER,
    ),
    Category.LICENSING: (SubType.PATENT_LICENCE, SubType.SECRET_LICENCE, SubType.OTHER_LICENCE),
    Category.CONSULTING: (SubType.CONSULTING,),
    Category.SERVICE: (SubType.SERVICE, SubType.TRAINING, SubType.BROKERAGE),
}
CATEGORY_OF_SUB_TYPE: dict[str, str] = {sub: category for category, subs in SUB_TYPES.items() for sub in subs}

# Until the new registration rules took effect (2026-01-23) the registries counted licences as transfers:
# statistics count a licence registered before this date under 技术转让 (settings may move or clear it:
# RAINFOREST_LICENSING_AS_TRANSFER_UNTIL = None counts licences as their own category throughout).
LICENSING_AS_TRANSFER_UNTIL = date(2026, 1, 23)


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待登记")
    REGISTERED = "registered", _("已登记")
    RETURNED = "returned", _("已退回")


class Transition(models.TextChoices):
    SUBMIT = "submit", _("提交")
    REGISTER = "register", _("登记")
    RETURN = "return", _("退回")
    RESUBMIT = "resubmit", _("重新提交")


class PartyKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("登记在册企业")
    ORGANISATION = "organisation", _("高校院所")
    OUTSIDE = "outside", _("外部单位")


class SellerClass(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    UNIVERSITY = "university", _("高等院校")
    INSTITUTE = "institute", _("科研机构")
    OTHER = "other", _("其他")


# An organisation of kind 高校院所 whose name ends so is a research institute, otherwise a university.
INSTITUTE_SUFFIXES = ("研究所", "研究院", "研究中心", "科学院", "实验室")
