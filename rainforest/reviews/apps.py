from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "rainforest.reviews"
    label = "reviews"
    verbose_name = _("评审与立项")

    def ready(self) -> None:
        from rainforest.reviews import pending  # noqa: F401  (registers the expert's sheets as pending)
