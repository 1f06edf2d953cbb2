from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rainforest.core"
    label = "core"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        # Each app adds its menu entries in its navigation.py (rainforest.core.navigation) and declares its
        # record types in its records.py (rainforest.core.records).
        autodiscover_modules("navigation", "records")
