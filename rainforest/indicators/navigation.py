"""This app's menu: the 技术市场 section (declared here and by the techmarket app; the first wins)."""

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation
from rainforest.indicators.models import Briefing

navigation.section("techmarket", _("技术市场"), 70)

# The cockpit (rainforest.indicators.cockpit): beside the forest it draws, for those who may read briefings
# (city and district officers); a section of its own would not fit the header's one line.
navigation.add(
    navigation.Entry(
        "forest",
        "cockpit:index",
        _("数据驾驶舱"),
        order=110,
        namespace="cockpit",
        model=Briefing,
    )
)
