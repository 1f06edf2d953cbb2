from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForestConfig(AppConfig):
    name = "rainforest.forest"
    label = "forest"
    verbose_name = _("创新雨林")

    def ready(self) -> None:
        from rainforest.core import changes
        from rainforest.forest.services import refresh_after_change

        changes.listen(refresh_after_change)
