"""This app's section of the header menu and its pages that are not one record type (the record types'
entries come from their declarations in records.py)."""

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation
from rainforest.platforms.models import Platform, PlatformPlan

navigation.section("platforms", _("创新平台"), 35)

navigation.add(
    navigation.Entry(
        "platforms", "platforms:summary", _("平台概览"), order=1, namespace="platforms", model=Platform
    )
)
navigation.add(
    navigation.Entry(
        "platforms", "platforms:scorecards", _("平台绩效评价"), order=2, namespace="platforms", model=Platform
    )
)
navigation.add(
    navigation.Entry(
        "platforms",
        "platforms:plan",
        _("年度计划完成情况"),
        order=3,
        namespace="platforms",
        model=PlatformPlan,
    )
)
