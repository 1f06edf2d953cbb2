"""This app's menu: the 技术市场 section and the statistics page (the contract list's entry follows from
its declaration in records.py)."""

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation
from rainforest.techmarket.models import Contract

navigation.section("techmarket", _("技术市场"), 70)

navigation.add(
    navigation.Entry(
        "techmarket",
        "techmarket:statistics",
        _("技术合同统计"),
        order=12,
        model=Contract,
    )
)

navigation.add(
    navigation.Entry(
        "techmarket",
        "techmarket:queue",
        _("待办登记"),
        order=14,
        model=Contract,
    )
)
