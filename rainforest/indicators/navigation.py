"""This app's menu: the 技术市场 section (declared here and by the techmarket app; the first wins)."""

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation

navigation.section("techmarket", _("技术市场"), 70)
