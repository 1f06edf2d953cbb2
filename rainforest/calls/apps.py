from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "rainforest.calls"
    label = "calls"
    verbose_name = _("申报")

    def ready(self) -> None:
        # the notice's and the projects' pending items (registered after the applications' own)
        from rainforest.calls import outcome_selectors  # noqa: F401
