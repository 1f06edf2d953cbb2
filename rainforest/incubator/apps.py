from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncubatorConfig(AppConfig):
    name = "rainforest.incubator"
    label = "incubator"
    verbose_name = _("孵化载体")
