from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "rainforest.matching"
    label = "matching"
    verbose_name = _("成果与需求对接")
