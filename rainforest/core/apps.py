from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rainforest.core"
    label = "core"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        from rainforest.core import signals  # noqa: F401  (login/logout records)
