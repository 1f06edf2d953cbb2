from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "rainforest.talent"
    label = "talent"
    verbose_name = _("人才与高校院所")
