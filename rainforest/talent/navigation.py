"""This app's menu: the census summary in the 平台载体 section (its name `talent` is an alias of it), the
technology managers in the 技术市场 section (its record types add their own
entries from their declarations in records.py)."""

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation
from rainforest.talent.models import ResearchTeam, TechManager

navigation.add(
    navigation.Entry(
        "talent",
        "talent:census",
        _("高校院所普查"),
        order=1,
        namespace="talent",
        url_name_prefix="census",
        model=ResearchTeam,
    )
)

navigation.add(
    navigation.Entry(
        "techmarket",
        "talent:managers",
        _("技术经理人"),
        order=10,
        namespace="talent",
        url_name_prefix="manager",
        model=TechManager,
    )
)
