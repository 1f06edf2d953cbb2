from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TechmarketConfig(AppConfig):
    name = "rainforest.techmarket"
    label = "techmarket"
    verbose_name = _("技术市场")
