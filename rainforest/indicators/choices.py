"""Choices of the indicators app: the indicators peer figures are published for, and their units."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    """What a published figure measures. Codes are `<area>.<measure>`; adding one is adding a line here
        (and its English): the stored codes never change meaning. The codes are those of the indicator
    definitions (`definitions.py`) where they mean the same figure (migration 0004 renamed the older ones:
    contracts.tech_amount → contracts.transaction, services.* → sci_service.*, enterprises.hnte → hnte.count,
    enterprises.tech_sme → tech_sme.count)."""

    CONTRACT_TURNOVER = "contracts.turnover", _("技术合同成交额（输出）")
    CONTRACT_COUNT = "contracts.count", _("技术合同登记数（输出）")
    CONTRACT_TECH_AMOUNT = "contracts.transaction", _("技术交易额（输出）")
    ABSORBED_TURNOVER = "contracts.absorbed_turnover", _("吸纳技术合同成交额")
    ABSORBED_COUNT = "contracts.absorbed_count", _("吸纳技术合同数")
    SERVICE_REVENUE = "sci_service.revenue", _("科技服务业营业收入")
    SERVICE_FIRMS = "sci_service.enterprises", _("科技服务业企业数")
    HNTE_COUNT = "hnte.count", _("高新技术企业数")
    TECH_SME_COUNT = "tech_sme.count", _("科技型中小企业数")
    SUBSIDY_APPLICANTS = "finance.subsidy_applicants", _("申请贷款贴息的企业数")


class Unit(models.TextChoices):
    YUAN = "元", _("元")
    WAN = "万元", _("万元")
    YI = "亿元", _("亿元")
    ITEMS = "项", _("项")
    FIRMS = "家", _("家")
    COUNT = "个", _("个")
    PERCENT = "%", _("%")


# A value times its unit's factor is in the indicator's base unit (yuan for money, one for counts): ranks
# compare figures published in different units this way.
UNIT_FACTORS: dict[str, Decimal] = {
    Unit.YUAN: Decimal(1),
    Unit.WAN: Decimal(10_000),
    Unit.YI: Decimal(100_000_000),
    Unit.ITEMS: Decimal(1),
    Unit.FIRMS: Decimal(1),
    Unit.COUNT: Decimal(1),
    Unit.PERCENT: Decimal(1),
}
MONEY_UNITS = frozenset({Unit.YUAN, Unit.WAN, Unit.YI})

# The province a figure's city is in unless told otherwise.
DEFAULT_PROVINCE = "山西省"
# The city field of a province's own total (a table's 合计 row).
PROVINCE_TOTAL = ""
